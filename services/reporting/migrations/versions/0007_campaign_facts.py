"""campaign_facts: every launched campaign with its dates and launcher

Revision 0007. Form 0601.N counts the campaigns started within its reporting period
(1 December to 30 November, Circular 02/2023/TT-BNV) and buckets them by their dates, and it
places a campaign by who launched it; ``campaign_counts`` keeps only the start year. The table
starts empty: ``tdkt rebuild`` fills it from the registry's events, as the live projection
does from now on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign_facts",
        sa.Column("campaign_id", sa.String(length=128), nullable=False),
        sa.Column(
            "agency", sa.String(length=64), nullable=False, comment="The agency that recorded it."
        ),
        sa.Column("launching_agency", sa.Text(), nullable=False),
        sa.Column("launching_level", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("form", sa.String(length=32), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id"),
        comment="Every launched campaign with its dates: form 0601.N counts by reporting period.",
    )
    op.create_index("ix_campaign_facts_agency_start", "campaign_facts", ["agency", "start_date"])


def downgrade() -> None:
    op.drop_index("ix_campaign_facts_agency_start", table_name="campaign_facts")
    op.drop_table("campaign_facts")
