"""award_recipient_firsts: distinct recipients of any range of years

Revision 0002. Filled from ``award_recipients_by_year`` (each held year with the held year
before it), so a database projected before this revision needs no rebuild.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = """
INSERT INTO award_recipient_firsts
    (agency, award_code, recipient_kind, year, previous_year, recipients)
SELECT agency, award_code, recipient_kind, year, previous_year, count(*)
FROM (
    SELECT agency, award_code, recipient_kind, year,
           COALESCE(LAG(year) OVER (
               PARTITION BY agency, award_code, recipient_kind, recipient_id ORDER BY year
           ), 0) AS previous_year
    FROM award_recipients_by_year
    WHERE awards > 0
) AS held
GROUP BY agency, award_code, recipient_kind, year, previous_year
"""


def upgrade() -> None:
    op.create_table(
        "award_recipient_firsts",
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("award_code", sa.String(length=64), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column(
            "year",
            sa.Integer(),
            nullable=False,
            comment="A year the recipients held the award.",
        ),
        sa.Column(
            "previous_year",
            sa.Integer(),
            nullable=False,
            comment="The year before it they last held it (0: never).",
        ),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agency", "award_code", "recipient_kind", "year", "previous_year"),
        comment=(
            "Distinct recipients of any range [a, b]: the sum over year in [a, b] with "
            "previous_year < a (each recipient counts at its first year in the range)."
        ),
    )
    op.execute(_BACKFILL)


def downgrade() -> None:
    op.drop_table("award_recipient_firsts")
