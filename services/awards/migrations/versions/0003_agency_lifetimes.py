"""agency_lifetimes: when each agency ceased and who continues it

Revision 0003. The shared lifetimes table (:mod:`shared.lifetimes`), kept from the registry's
AgencyRegistered, AgencyContinued and AgencyCeased by the registry-facts consumer: decisions
and proposals dated after their agency's end are refused. The agencies registered before this
revision are filled in from the local view (their names, which the refusal's message shows);
the lineage events come after it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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
    op.execute(
        "INSERT INTO agency_lifetimes (agency, name) "
        "SELECT DISTINCT ON (agency) agency, event -> 'payload' ->> 'name' "
        "FROM eligibility_facts WHERE event_type = 'AgencyRegistered' "
        "ORDER BY agency, stream_id, stream_version"
    )


def downgrade() -> None:
    op.drop_table("agency_lifetimes")
