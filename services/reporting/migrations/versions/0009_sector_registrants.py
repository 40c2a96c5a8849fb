"""sector_registrants: the sector's registrants each counted once, for the dashboard's coverage

Revision 0009. ``sector_registrants`` sums a registrant's live registrations of a year over
agencies and titles, ``sector_registrant_counts`` counts the registrants above zero
(projections/sector_registrants.py). Both are filled here from ``registrants_by_year``, which
holds everything they are derived from, so no ``tdkt rebuild`` is needed after upgrading;
the live projection keeps them from now on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILL_REGISTRANTS = """
INSERT INTO sector_registrants (year, registrant_kind, registrant_id, registrations)
SELECT year, registrant_kind, registrant_id, sum(registrations)
FROM registrants_by_year
GROUP BY year, registrant_kind, registrant_id
HAVING sum(registrations) <> 0
"""

_FILL_COUNTS = """
INSERT INTO sector_registrant_counts (year, registrant_kind, registrants)
SELECT year, registrant_kind, count(*)
FROM sector_registrants
WHERE registrations > 0
GROUP BY year, registrant_kind
"""


def upgrade() -> None:
    op.create_table(
        "sector_registrants",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("registrant_kind", sa.String(length=16), nullable=False),
        sa.Column("registrant_id", sa.String(length=128), nullable=False),
        sa.Column(
            "registrations",
            sa.Integer(),
            nullable=False,
            comment="registrants_by_year summed over agencies and titles; registered while > 0.",
        ),
        sa.PrimaryKeyConstraint("year", "registrant_kind", "registrant_id"),
    )
    op.create_table(
        "sector_registrant_counts",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("registrant_kind", sa.String(length=16), nullable=False),
        sa.Column("registrants", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", "registrant_kind"),
        comment=(
            "Registrants with a live registration in any agency, each counted once: the rows "
            "of sector_registrants above zero (projections/sector_registrants.py)."
        ),
    )
    op.execute(_FILL_REGISTRANTS)
    op.execute(_FILL_COUNTS)


def downgrade() -> None:
    op.drop_table("sector_registrant_counts")
    op.drop_table("sector_registrants")
