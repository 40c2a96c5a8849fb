"""agencies across the 2025 reorganisation: lifecycle and lineage, and transfers out by day

Revision 0008. ``agencies`` gains the dates and links the registry's AgencyRegistered,
AgencyContinued, AgencyMerged and AgencyCeased give (the province a continued agency moved to
is kept beside the one it was registered with); ``directory_departures`` counts the units and
members transferred out of an agency, by day. Both start empty of these facts: ``tdkt
rebuild`` fills them from the registry's events, as the live projection does from now on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AGENCY_COLUMNS = (
    ("established_on", sa.Date(), None),
    ("continued_on", sa.Date(), "From AgencyContinued."),
    ("continued_province_code", sa.String(length=2), None),
    ("continued_province_list", sa.String(length=2), None),
    ("merged_on", sa.Date(), "From AgencyMerged: its first day."),
    ("predecessor_codes", sa.Text(), "Space-separated, AgencyMerged."),
    ("ceased_on", sa.Date(), "From AgencyCeased: its last day."),
    ("successor_code", sa.String(length=64), None),
)


def upgrade() -> None:
    for name, type_, comment in _AGENCY_COLUMNS:
        op.add_column("agencies", sa.Column(name, type_, nullable=True, comment=comment))
    for name in ("province_code", "province_list"):
        op.alter_column(
            "agencies", name, existing_type=sa.String(length=2), comment="As registered."
        )
    op.alter_column(
        "directory_counts",
        "year",
        existing_type=sa.Integer(),
        comment="Year the unit or member was added or moved in.",
    )
    op.create_table(
        "directory_departures",
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column(
            "left_on", sa.Date(), nullable=False, comment="First day in the receiving agency."
        ),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("departed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("agency", "left_on", "subject_kind"),
        comment=(
            "Units and members transferred out of an agency, by day: a ceased agency's "
            "directory is measured on its last day (queries/directory_sizes.py)."
        ),
    )


def downgrade() -> None:
    op.drop_table("directory_departures")
    op.alter_column(
        "directory_counts",
        "year",
        existing_type=sa.Integer(),
        comment="Year the unit or member was added.",
    )
    for name in ("province_code", "province_list"):
        op.alter_column("agencies", name, existing_type=sa.String(length=2), comment=None)
    for name, _, _ in reversed(_AGENCY_COLUMNS):
        op.drop_column("agencies", name)
