"""award_recipients_by_year keyed by recipient, then year; its second index dropped

Revision 0004. The primary key becomes (agency, award_code, recipient_kind, recipient_id,
year): the order in which the projection looks up a recipient's years and the streaks read
them, so ``ix_award_recipients_streaks`` is no longer needed and every write maintains one
index instead of two. The table is copied into its new shape (no rebuild of the projections).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLE = "award_recipients_by_year"
_COPY = f"{_TABLE}_0004"
_COLUMNS = "agency, year, award_code, recipient_kind, recipient_id, awards"
_BY_RECIPIENT = ("agency", "award_code", "recipient_kind", "recipient_id", "year")
_BY_YEAR = ("agency", "year", "award_code", "recipient_kind", "recipient_id")


def upgrade() -> None:
    _reshape(_BY_RECIPIENT)


def downgrade() -> None:
    _reshape(_BY_YEAR)
    with op.batch_alter_table(_TABLE, schema=None) as batch_op:
        batch_op.create_index(
            "ix_award_recipients_streaks", ["agency", "award_code", "recipient_id", "year"]
        )


def _reshape(primary_key: Sequence[str]) -> None:
    """Copy the table into one with ``primary_key`` (and no other index), under its name."""
    op.create_table(
        _COPY,
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("award_code", sa.String(length=64), nullable=False),
        sa.Column("recipient_kind", sa.String(length=16), nullable=False),
        sa.Column("recipient_id", sa.String(length=128), nullable=False),
        sa.Column(
            "awards",
            sa.Integer(),
            nullable=False,
            comment="Live awards; the recipient counts if > 0.",
        ),
        sa.PrimaryKeyConstraint(*primary_key),
    )
    op.execute(f"INSERT INTO {_COPY} ({_COLUMNS}) SELECT {_COLUMNS} FROM {_TABLE}")
    op.drop_table(_TABLE)
    op.rename_table(_COPY, _TABLE)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {_TABLE} RENAME CONSTRAINT {_COPY}_pkey TO {_TABLE}_pkey")
