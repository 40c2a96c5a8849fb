"""How each agency tightens the national rules (:class:`AgencyPolicy`): stored configuration.

A policy is configuration of this service, not a business fact: no event is published for it
(the catalogue has none, and no other service needs it). Each change bumps a version, kept
with who made it and when; changing an existing policy needs that version (``If-Match``), so
two officers cannot silently overwrite each other. Without a row the national rules apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.awards.domain.eligibility import NO_TIGHTENING, AgencyPolicy
from services.awards.localview.tables import agency_policies
from shared.database import write_transaction
from shared.database.engine import connection_for_reads
from shared.domain_errors import IllegalTransition


@dataclass(frozen=True, slots=True)
class PolicyRecord:
    """An agency's policy as stored; version 0 (never set) is the national rules."""

    agency: str
    policy: AgencyPolicy
    version: int
    updated_at: datetime | None = None
    updated_by: str | None = None


async def policy_record(connection: AsyncConnection, agency: str) -> PolicyRecord:
    """The agency's stored policy, or the national rules at version 0."""
    query = select(agency_policies).where(agency_policies.c.agency == agency)
    row = (await connection.execute(query)).first()
    if row is None:
        return PolicyRecord(agency, NO_TIGHTENING, 0)
    share = None if row.cstdcs_cap_share is None else Decimal(row.cstdcs_cap_share)
    policy = AgencyPolicy(cstdcs_cap_share=share, require_prior_award=row.require_prior_award)
    return PolicyRecord(agency, policy, row.version, row.updated_at, row.updated_by)


async def agency_policy(connection: AsyncConnection, agency: str) -> AgencyPolicy:
    """The policy the eligibility engine applies for ``agency`` (default: no tightening)."""
    return (await policy_record(connection, agency)).policy


async def set_policy(
    engine: AsyncEngine,
    agency: str,
    policy: AgencyPolicy,
    *,
    expected_version: int | None,
    actor: str,
) -> PolicyRecord:
    """Store the agency's policy; asking again for the policy in force changes nothing.

    Raises :class:`IllegalTransition` (409, with the current version) when a policy exists and
    ``expected_version`` is missing or is not its version.
    """
    try:
        async with write_transaction(engine) as connection:
            current = await policy_record(connection, agency)
            if current.policy == policy:
                return current
            _check_version(current, expected_version)
            stored = PolicyRecord(agency, policy, current.version + 1, datetime.now(UTC), actor)
            if not await _write(connection, stored):
                raise _conflict(await policy_record(connection, agency))
            return stored
    except IntegrityError:  # a concurrent first write of the same agency's policy won
        async with connection_for_reads(engine) as connection:
            raise _conflict(await policy_record(connection, agency)) from None


def _check_version(current: PolicyRecord, expected_version: int | None) -> None:
    if current.version == 0 and expected_version in (None, 0):
        return
    if expected_version != current.version:
        raise _conflict(current)


def _conflict(current: PolicyRecord) -> IllegalTransition:
    return IllegalTransition(
        f"the policy of agency {current.agency} is at version {current.version}: "
        "read it and send If-Match with that version to change it",
        version=current.version,
    )


async def _write(connection: AsyncConnection, record: PolicyRecord) -> bool:
    values = {
        "cstdcs_cap_share": _text(record.policy.cstdcs_cap_share),
        "require_prior_award": record.policy.require_prior_award,
        "version": record.version,
        "updated_at": record.updated_at,
        "updated_by": record.updated_by,
    }
    if record.version == 1:
        await connection.execute(insert(agency_policies).values(agency=record.agency, **values))
        return True
    result = await connection.execute(
        update(agency_policies)
        .where(
            agency_policies.c.agency == record.agency,
            agency_policies.c.version == record.version - 1,
        )
        .values(**values)
    )
    return result.rowcount == 1


def _text(share: Decimal | None) -> str | None:
    return None if share is None else f"{share.normalize():f}"
