"""blocs.outside_members: a bloc's members outside the product, by name

Revision 0003. A province's Khối thi đua Kinh tế – Kỹ thuật gathers departments of several
sectors; the ones the product does not hold are named on the bloc. Existing blocs have none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "blocs",
        sa.Column("outside_members", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.alter_column("blocs", "outside_members", server_default=None)


def downgrade() -> None:
    op.drop_column("blocs", "outside_members")
