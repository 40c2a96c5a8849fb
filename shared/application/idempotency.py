"""Idempotency keys: a repeated command with the same key returns the first outcome.

The key is stored in the same transaction as the command's events, so a command either took
effect together with its key, or not at all.

A key is stored with a fingerprint of the request it served, to tell a repeat from another
request under the same key. Requests carry personal data (a member's name, a discipline
note), so the fingerprint must not let anyone confirm a guessed request once that data is
erased: it is keyed with a server secret (:class:`FingerprintKey`, HMAC-SHA-256), and the
erasure of a member forgets the fingerprints of the requests about them
(:func:`forget_requests`), whose keys then answer no repeat.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import SecretStr
from sqlalchemy import (
    JSON,
    Column,
    PrimaryKeyConstraint,
    String,
    Table,
    and_,
    bindparam,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.database.types import UtcDateTime
from shared.eventstore.sql import Lookup
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


FORGOTTEN = "forgotten"
"""The fingerprint of a request whose personal data was erased: it matches no request."""


def _request_bytes(parts: tuple[object, ...]) -> bytes:
    return orjson.dumps(parts, default=str)


@dataclass(frozen=True)
class FingerprintKey:
    """The server secret request fingerprints are keyed with (HMAC-SHA-256, 64 hex digits):
    ``ServiceSettings.fingerprint_secret``. Without it, a stored fingerprint confirms nothing
    about a guessed request."""

    secret: SecretStr

    def fingerprint(self, *parts: object) -> str:
        """The keyed fingerprint of a request (its operation name, then what identifies it)."""
        raw = self.secret.get_secret_value().encode()
        return hmac.new(raw, _request_bytes(parts), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class IdempotencyRequest:
    """The client's ``Idempotency-Key`` and a fingerprint of what it asked for."""

    agency: str
    key: str
    fingerprint: str


class IdempotencyKeyReused(Exception):
    """The key was used before for a different request."""

    def __init__(self, key: str, message: str | None = None) -> None:
        super().__init__(
            message or f"Idempotency-Key {key!r} was already used for a different request"
        )
        self.key = key


class IdempotencyKeyForgotten(IdempotencyKeyReused):
    """The key served a request whose personal data was erased since: no request matches it
    any more (answered like a reused key)."""

    def __init__(self, key: str) -> None:
        super().__init__(
            key,
            f"Idempotency-Key {key!r} served a request about personal data erased since; "
            "it answers no repeat: send a new key",
        )


async def recorded_outcome(
    connection: AsyncConnection, request: IdempotencyRequest
) -> dict[str, object] | None:
    """The outcome stored for this key, if any; raise if the key served another request."""
    query = select(idempotency_keys.c.fingerprint, idempotency_keys.c.outcome).where(_THE_KEY)
    row = (await connection.execute(query, _key_values(request))).first()
    return None if row is None else _judged(request, row.fingerprint, row.outcome)


def recorded_lookups(request: IdempotencyRequest) -> dict[str, Lookup]:
    """What :func:`recorded_outcome` reads, as one-value queries a command asks together with
    its stream (:func:`judged_lookups` judges the answers)."""
    values = _key_values(request)
    return {name: Lookup(query, values) for name, query in _RECORDED.items()}


def judged_lookups(
    request: IdempotencyRequest, looked_up: Mapping[str, Any]
) -> dict[str, object] | None:
    """:func:`recorded_outcome`, given what :func:`recorded_lookups` answered."""
    fingerprint = looked_up[_FINGERPRINT]
    return None if fingerprint is None else _judged(request, fingerprint, looked_up[_OUTCOME])


_FINGERPRINT, _OUTCOME = "idempotency_fingerprint", "idempotency_outcome"
_KEY_AGENCY, _KEY = "idempotency_agency", "idempotency_key"


_THE_KEY = and_(
    idempotency_keys.c.agency == bindparam(_KEY_AGENCY, type_=idempotency_keys.c.agency.type),
    idempotency_keys.c.key == bindparam(_KEY, type_=idempotency_keys.c.key.type),
)
"""The request's key, its values given by :func:`_key_values` when the query runs."""

_RECORDED = {
    name: select(column).where(_THE_KEY).scalar_subquery()
    for name, column in {
        _FINGERPRINT: idempotency_keys.c.fingerprint,
        _OUTCOME: idempotency_keys.c.outcome,
    }.items()
}


def _key_values(request: IdempotencyRequest) -> dict[str, str]:
    return {_KEY_AGENCY: request.agency, _KEY: request.key}


def _judged(
    request: IdempotencyRequest, fingerprint: str, outcome: dict[str, object]
) -> dict[str, object]:
    if fingerprint == FORGOTTEN:
        raise IdempotencyKeyForgotten(request.key)
    if not hmac.compare_digest(fingerprint, request.fingerprint):
        raise IdempotencyKeyReused(request.key)
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


async def forget_requests(
    connection: AsyncConnection, agency: str, resource_ids: Collection[str]
) -> int:
    """Forget the fingerprints of the agency's keys whose command wrote one of
    ``resource_ids`` (the outcome's resource), in the caller's transaction: the requests
    carried personal data now erased, and nothing derived from them may stay. Their keys
    answer no repeat (:class:`IdempotencyKeyForgotten`). Returns how many were forgotten."""
    if not resource_ids:
        return 0
    resource = idempotency_keys.c.outcome["resource_id"].as_string()
    statement = (
        update(idempotency_keys)
        .where(idempotency_keys.c.agency == agency, resource.in_(sorted(resource_ids)))
        .values(fingerprint=FORGOTTEN)
    )
    result = await connection.execute(statement)
    return int(result.rowcount)
