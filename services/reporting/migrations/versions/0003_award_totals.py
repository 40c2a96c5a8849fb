"""award_totals: live awards by agency, achievement year, code and recipient kind

Revision 0003. Filled from ``award_counts`` (summed over its other dimensions), so a database
projected before this revision needs no rebuild.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = """
INSERT INTO award_totals (agency, year, award_code, recipient_kind, awards)
SELECT agency, year, award_code, recipient_kind, sum(awards)
FROM award_counts
GROUP BY agency, year, award_code, recipient_kind
HAVING sum(awards) <> 0
"""


def upgrade() -> None:
    op.create_table(
        "award_totals",
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column(
            "year",
            sa.Integer(),
            nullable=False,
            comment="Achievement year (last of a period).",
        ),
        sa.Column("award_code", sa.String(length=64), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column(
            "awards",
            sa.Integer(),
            nullable=False,
            comment="Live award instances (lượt).",
        ),
        sa.PrimaryKeyConstraint("agency", "year", "award_code", "recipient_kind"),
        comment=(
            "award_counts summed over its other dimensions: the awards of any range of "
            "achievement years by code and recipient kind, read at the answer's grain."
        ),
    )
    op.execute(_BACKFILL)


def downgrade() -> None:
    op.drop_table("award_totals")
