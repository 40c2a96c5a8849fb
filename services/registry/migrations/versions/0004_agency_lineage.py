"""agency lineage: lifetimes, predecessors and the transfers of units and members

Revision 0004. The 2025 reorganisation (issue 15): an agency's founding day, end and successor
and the predecessors it continues (``agencies``), the shared ``agency_lifetimes`` table the
command runner's guard reads, and the transfers of units and members between agencies.
Existing agencies have neither end nor predecessors; their lifetime rows are filled with
their names, so that the guard's message names a successor registered before this revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _agency_columns()
    _lifetimes()
    op.create_table(
        "unit_transfers",
        sa.Column("unit_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, comment="The unit's stream version."),
        sa.Column("from_agency", sa.String(length=64), nullable=False),
        sa.Column("to_agency", sa.String(length=64), nullable=False),
        sa.Column("on", sa.Date(), nullable=False, comment="First day in to_agency."),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", "version"),
    )
    op.create_table(
        "member_transfers",
        sa.Column("member_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, comment="The member's stream version."),
        sa.Column("from_agency", sa.String(length=64), nullable=False),
        sa.Column("to_agency", sa.String(length=64), nullable=False),
        sa.Column("from_unit_id", sa.String(length=128), nullable=False),
        sa.Column("to_unit_id", sa.String(length=128), nullable=False),
        sa.Column("on", sa.Date(), nullable=False, comment="First day in to_agency."),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "version"),
    )


def _agency_columns() -> None:
    op.add_column("agencies", sa.Column("established_on", sa.Date(), nullable=True))
    op.add_column("agencies", sa.Column("ceased_on", sa.Date(), nullable=True))
    op.add_column("agencies", sa.Column("successor_code", sa.String(length=64), nullable=True))
    op.add_column(
        "agencies",
        sa.Column("predecessor_codes", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.alter_column("agencies", "predecessor_codes", server_default=None)


def _lifetimes() -> None:
    op.create_table(
        "agency_lifetimes",
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column(
            "name", sa.Text(), nullable=True, comment="From AgencyRegistered/AgencyContinued."
        ),
        sa.Column(
            "ceased_on", sa.Date(), nullable=True, comment="Last day it acted; NULL: active."
        ),
        sa.Column("successor_code", sa.String(length=64), nullable=True),
        sa.Column("legal_basis", sa.Text(), nullable=True, comment="Document that ended it."),
        sa.PrimaryKeyConstraint("agency"),
    )
    op.execute("INSERT INTO agency_lifetimes (agency, name) SELECT agency_code, name FROM agencies")


def downgrade() -> None:
    op.drop_table("member_transfers")
    op.drop_table("unit_transfers")
    op.drop_table("agency_lifetimes")
    for column in ("predecessor_codes", "successor_code", "ceased_on", "established_on"):
        op.drop_column("agencies", column)
