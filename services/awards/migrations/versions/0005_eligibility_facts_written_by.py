"""eligibility_facts.written_by: the transaction that wrote each row, indexed by agency

Revision 0005. A decision grows its agency's folded facts by the rows written since the last
read. Telling which rows those are took a count of every row of the agency and a look at
each one's ``xmin`` (the heap, no index holds it): a few milliseconds per decision, growing
with the agency's history. With the writing transaction in an indexed column, the rows
written since a read are found by an index range. Rows written before this revision get 0:
they were committed before any later read began.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WRITING_TRANSACTION = "(pg_current_xact_id()::text)::bigint"


def upgrade() -> None:
    # A constant default fills the existing rows without rewriting the table; new rows then
    # get their own transaction's id.
    op.add_column(
        "eligibility_facts",
        sa.Column(
            "written_by",
            sa.BigInteger(),
            nullable=False,
            server_default="0",
            comment="The transaction that wrote the row (0: written before this was kept).",
        ),
    )
    op.alter_column("eligibility_facts", "written_by", server_default=sa.text(WRITING_TRANSACTION))
    op.create_index(
        "ix_eligibility_facts_agency_written", "eligibility_facts", ["agency", "written_by"]
    )


def downgrade() -> None:
    op.drop_index("ix_eligibility_facts_agency_written", table_name="eligibility_facts")
    op.drop_column("eligibility_facts", "written_by")
