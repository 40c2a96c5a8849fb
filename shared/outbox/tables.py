"""The relay's state: who holds the publishing lease, and how far it has published."""

from sqlalchemy import BigInteger, Column, String, Table

from shared.database.types import UtcDateTime
from shared.eventstore.tables import metadata

relay_state = Table(
    "relay_state",
    metadata,
    Column("relay_name", String(100), primary_key=True),
    Column("owner", String(200), nullable=True),
    Column("lease_until", UtcDateTime(), nullable=True),
    Column("checkpoint_position", BigInteger, nullable=False, default=0),
)
