"""Idempotency keys: a repeated command with the same key returns the first outcome.

The key is stored in the same transaction as the command's events, so a command either took
effect together with its key, or not at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy import JSON, Column, PrimaryKeyConstraint, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.database.types import UtcDateTime
from shared.eventstore.tables import metadata

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("agency", String(64), nullable=False),
    Column("key", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("outcome", JSON, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("agency", "key", name="pk_idempotency_keys"),
)


@dataclass(frozen=True)
class IdempotencyRequest:
    """The client's ``Idempotency-Key`` and a fingerprint of what it asked for."""

    agency: str
    key: str
    fingerprint: str

    @staticmethod
    def fingerprint_of(*parts: object) -> str:
        return hashlib.sha256(orjson.dumps(parts, default=str)).hexdigest()


class IdempotencyKeyReused(Exception):
    """The key was used before for a different request."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Idempotency-Key {key!r} was already used for a different request")
        self.key = key


async def recorded_outcome(
    connection: AsyncConnection, request: IdempotencyRequest
) -> dict[str, object] | None:
    """The outcome stored for this key, if any; raise if the key served another request."""
    query = select(idempotency_keys.c.fingerprint, idempotency_keys.c.outcome).where(
        idempotency_keys.c.agency == request.agency, idempotency_keys.c.key == request.key
    )
    row = (await connection.execute(query)).first()
    if row is None:
        return None
    if row.fingerprint != request.fingerprint:
        raise IdempotencyKeyReused(request.key)
    outcome: dict[str, object] = row.outcome
    return outcome


async def remember_outcome(
    connection: AsyncConnection, request: IdempotencyRequest, outcome: dict[str, object]
) -> None:
    """Store the key with the outcome to answer its repeats, in the caller's transaction
    (the one that writes the command's events). A concurrent request that stored the same
    key first makes this raise ``IntegrityError``."""
    await connection.execute(
        insert(idempotency_keys).values(
            agency=request.agency,
            key=request.key,
            fingerprint=request.fingerprint,
            outcome=outcome,
            recorded_at=datetime.now(UTC),
        )
    )
