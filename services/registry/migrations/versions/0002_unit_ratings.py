"""unit_ratings: a unit's own yearly rating

Revision 0002. Units are rated for the year as members are (Law 06/2022/QH15 Art 27, 28 point
a): one row per unit-year, as last recorded. Existing streams are untouched; a rebuild fills
the table from the UnitRatingRecorded events.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unit_ratings",
        sa.Column("unit_id", sa.String(length=128), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("rating", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "year"),
    )
    with op.batch_alter_table("unit_ratings", schema=None) as batch_op:
        batch_op.create_index("ix_unit_ratings_agency_year", ["agency", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("unit_ratings", schema=None) as batch_op:
        batch_op.drop_index("ix_unit_ratings_agency_year")
    op.drop_table("unit_ratings")
