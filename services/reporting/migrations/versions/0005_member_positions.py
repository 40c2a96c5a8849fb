"""member_positions: every position group a member took, for the group an award records

Revision 0005. An award now records the group its member held when it was granted
(``services/reporting/projections/position_history.py``), in the live projection and in a
rebuild alike. The history starts with each member's present group, dated before any grant,
so the awards projected so far keep their groups; ``tdkt rebuild`` replaces it with the
history the registry's events tell, and re-derives every award's group from it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = """
INSERT INTO member_positions (member_id, event_id, occurred_at, stream_version, position_group)
SELECT member_id, gen_random_uuid(), TIMESTAMPTZ '0001-01-01 00:00:00+00', 0, position_group
FROM members WHERE position_group IS NOT NULL
"""


def upgrade() -> None:
    op.create_table(
        "member_positions",
        sa.Column("member_id", sa.String(length=128), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False, comment="The MemberAdded or MemberMoved."),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stream_version", sa.Integer(), nullable=False),
        sa.Column("position_group", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("member_id", "event_id"),
        comment="Every position group a member took (projections/position_history.py).",
    )
    op.execute(_BACKFILL)


def downgrade() -> None:
    op.drop_table("member_positions")
