"""eligibility_facts (event_type, agency): the few rows of one type, without the others

Revision 0004. A decision looks up its agency's mergers, transfers in and registration in
the local view, and every merger the view knows: each is a handful of rows of one event type,
but without this index each read every row of the agency (the mergers every row of the
view), its history growing with every decision.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_eligibility_facts_type_agency", "eligibility_facts", ["event_type", "agency"]
    )


def downgrade() -> None:
    op.drop_index("ix_eligibility_facts_type_agency", table_name="eligibility_facts")
