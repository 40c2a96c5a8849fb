"""processed_events.content_hash: what each applied event's record held

Revision 0006. The consumer records a hash of each applied record's value beside its id, so
that a record arriving later under the same id with other content is dead-lettered instead
of being dropped as a redelivery. Rows recorded before stay NULL (not compared).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "processed_events",
        sa.Column(
            "content_hash",
            sa.LargeBinary(),
            nullable=True,
            comment="BLAKE2b-128 of the record's value (NULL: recorded before it was kept).",
        ),
    )


def downgrade() -> None:
    op.drop_column("processed_events", "content_hash")
