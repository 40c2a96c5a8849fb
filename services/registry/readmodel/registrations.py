"""Read model of registrations: one row per registration and one per code it registers for.

A resubmission (a new RegistrationSubmitted on the same stream) rewrites the row and its
codes. The unique key (registrant, year, campaign) holds one registration per registrant and
campaign even when two requests race: the second transaction fails as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.readmodel.appliers import Appliers, BulkAppliers
from services.registry.readmodel.metadata import metadata
from shared.database.row_inserts import insert_rows
from shared.envelope import EventPayload
from shared.events import RegistrationApproved, RegistrationReturned, RegistrationSubmitted
from shared.eventstore import RecordedEvent
from shared.vietnam_time import business_date

NO_CAMPAIGN = ""
"""``campaign_key`` of a registration for the yearly titles (no campaign)."""

registrations = Table(
    "registrations",
    metadata,
    Column("registration_id", String(128), primary_key=True),
    Column("agency", String(64), nullable=False),
    Column("registrant_kind", String(16), nullable=False),
    Column("registrant_id", String(128), nullable=False),
    Column("year", Integer, nullable=False),
    Column("campaign_id", String(128), nullable=True),
    Column("campaign_key", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("return_reason", Text, nullable=True),
    Column("submitted_on", Date, nullable=False),
    Column("decided_on", Date, nullable=True),
    Column("version", Integer, nullable=False),
    UniqueConstraint(
        "registrant_kind", "registrant_id", "year", "campaign_key", name="uq_registrations_key"
    ),
    Index("ix_registrations_agency_year", "agency", "year", "status"),
)

registration_award_codes = Table(
    "registration_award_codes",
    metadata,
    Column("registration_id", String(128), primary_key=True),
    Column("award_code", String(64), primary_key=True),
    Index("ix_registration_award_codes_code", "award_code"),
)


def campaign_key(campaign_id: str | None) -> str:
    return NO_CAMPAIGN if campaign_id is None else campaign_id


async def _submitted(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    await _submitted_many(connection, [(event, p)])


async def _submitted_many(
    connection: AsyncConnection, submitted: Sequence[tuple[RecordedEvent, EventPayload]]
) -> None:
    """Submissions in a row (a bulk import's thousand): the first submissions of their
    registrations inserted in two statements; resubmissions one by one."""
    first = [(e, p) for e, p in submitted if e.stream_version == 1]
    if first:
        await insert_rows(connection, registrations, [_new_row(e, p) for e, p in first])
        codes = [_code_rows(p) for _, p in first]
        await insert_rows(connection, registration_award_codes, [r for c in codes for r in c])
    for event, p in submitted:
        if event.stream_version > 1:
            assert isinstance(p, RegistrationSubmitted)
            await _set(connection, p.registration_id, **_submission_values(event))
            await _replace_codes(connection, p.registration_id, p.award_codes)


def _submission_values(event: RecordedEvent) -> dict[str, object]:
    return {
        "status": "submitted",
        "return_reason": None,
        "submitted_on": business_date(event.occurred_at),
        "decided_on": None,
        "version": event.stream_version,
    }


def _new_row(event: RecordedEvent, p: EventPayload) -> dict[str, object]:
    assert isinstance(p, RegistrationSubmitted)
    return {
        "registration_id": p.registration_id,
        "agency": event.agency,
        "registrant_kind": p.registrant_kind.value,
        "registrant_id": p.registrant_id,
        "year": p.year,
        "campaign_id": p.campaign_id,
        "campaign_key": campaign_key(p.campaign_id),
        **_submission_values(event),
    }


def _code_rows(p: EventPayload) -> list[dict[str, str]]:
    assert isinstance(p, RegistrationSubmitted)
    return [{"registration_id": p.registration_id, "award_code": code} for code in p.award_codes]


async def _replace_codes(
    connection: AsyncConnection, registration_id: str, codes: list[str]
) -> None:
    await connection.execute(
        delete(registration_award_codes).where(
            registration_award_codes.c.registration_id == registration_id
        )
    )
    rows = [{"registration_id": registration_id, "award_code": code} for code in codes]
    await insert_rows(connection, registration_award_codes, rows)


async def _approved(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, RegistrationApproved)
    await _set(
        connection,
        p.registration_id,
        status="approved",
        decided_on=business_date(event.occurred_at),
        version=event.stream_version,
    )


async def _returned(connection: AsyncConnection, event: RecordedEvent, p: EventPayload) -> None:
    assert isinstance(p, RegistrationReturned)
    await _set(
        connection,
        p.registration_id,
        status="returned",
        return_reason=p.reason,
        decided_on=business_date(event.occurred_at),
        version=event.stream_version,
    )


async def _set(connection: AsyncConnection, registration_id: str, **values: object) -> None:
    await connection.execute(
        update(registrations)
        .where(registrations.c.registration_id == registration_id)
        .values(**values)
    )


BULK_APPLIERS: BulkAppliers = {"RegistrationSubmitted": _submitted_many}

APPLIERS: Appliers = {
    "RegistrationSubmitted": _submitted,
    "RegistrationApproved": _approved,
    "RegistrationReturned": _returned,
}


async def registration_agency(connection: AsyncConnection, registration_id: str) -> str | None:
    """The agency of the registration, or None if there is no such registration."""
    query = select(registrations.c.agency).where(registrations.c.registration_id == registration_id)
    agency = await connection.scalar(query)
    return None if agency is None else str(agency)
