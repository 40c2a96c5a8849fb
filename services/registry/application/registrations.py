"""Registration commands: submit, approve, return, resubmit.

The application looks up what the domain cannot know from the registration's own stream
(the registrant's agency, the campaign, an earlier registration) and hands it in as facts.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.registry.commands.registrations import (
    ApproveRegistration,
    ResubmitRegistration,
    ReturnRegistration,
    SubmitRegistration,
)
from services.registry.domain import registrations
from services.registry.domain.registrations import CampaignFacts, ExistingRegistration, Facts
from services.registry.readmodel import campaign_queries, registration_queries
from services.registry.readmodel.directory_queries import member_agency, unit_agency
from services.registry.readmodel.registrations import registration_agency
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Decide, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.events.vocabulary import SubjectKind
from shared.eventstore import AppendContext
from shared.vietnam_time import today_in_vietnam

T = TypeVar("T")


def registration_stream(registration_id: str) -> str:
    return f"registration-{registration_id}"


def today() -> date:
    """Today in Vietnam: the business date of a command that names none."""
    return today_in_vietnam()


def new_registration(
    agency: str,
    *,
    registrant_kind: SubjectKind,
    registrant_id: str,
    year: int,
    campaign_id: str | None,
    award_codes: Sequence[str],
    submitted_on: date | None,
) -> SubmitRegistration:
    """A submission with a new registration id, dated today unless a date is given."""
    return SubmitRegistration(
        registration_id=str(uuid.uuid4()),
        agency=agency,
        registrant_kind=registrant_kind,
        registrant_id=registrant_id,
        year=year,
        campaign_id=campaign_id,
        award_codes=tuple(award_codes),
        submitted_on=submitted_on or today(),
    )


async def agency_of_registration(engine: AsyncEngine, registration_id: str) -> str | None:
    """The registration's agency, None if there is none (own connection: see campaigns)."""
    async with engine.connect() as connection:
        return await registration_agency(connection, registration_id)


async def campaign_facts(connection: AsyncConnection, campaign_id: str) -> CampaignFacts | None:
    found = await campaign_queries.get_campaign(connection, campaign_id)
    if found is None:
        return None
    return CampaignFacts(status=found.status, start_date=found.start_date, end_date=found.end_date)


async def submission_facts(connection: AsyncConnection, command: SubmitRegistration) -> Facts:
    """What the domain needs to decide on ``command``, from the read model."""
    lookup = unit_agency if command.registrant_kind is SubjectKind.UNIT else member_agency
    campaign_id = command.campaign_id
    existing = await registration_queries.find_registration(
        connection,
        command.registrant_kind.value,
        command.registrant_id,
        command.year,
        campaign_id,
    )
    return Facts(
        registrant_agency=await lookup(connection, command.registrant_id),
        campaign=None if campaign_id is None else await campaign_facts(connection, campaign_id),
        existing=None
        if existing is None
        else ExistingRegistration(registration_id=existing[0], status=existing[1]),
    )


def submit_command(
    command: SubmitRegistration,
    facts: Facts,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Command:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return registrations.decide_submit(registrations.fold(history), command, facts)

    return _command(command.registration_id, decide, context, command.submitted_on, idempotency)


async def retry_once_on_race(attempt: Callable[[], Awaitable[T]]) -> T:
    """Run ``attempt``; once more if a concurrent writer broke a unique key meanwhile.

    The second attempt looks the facts up again, so the domain sees the other writer's
    registration and refuses with a proper error instead of a bare integrity error.
    """
    try:
        return await attempt()
    except IntegrityError:
        return await attempt()


async def submit_registration(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: SubmitRegistration,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    async def attempt() -> Outcome:
        async with engine.connect() as connection:
            facts = await submission_facts(connection, command)
        return await runner.run(submit_command(command, facts, context, idempotency))

    return await retry_once_on_race(attempt)


async def approve_registration(
    runner: CommandRunner,
    command: ApproveRegistration,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return registrations.decide_approve(registrations.fold(history), command)

    return await runner.run(
        _command(
            command.registration_id,
            decide,
            context,
            command.approved_on,
            idempotency,
            expected_version,
        )
    )


async def return_registration(
    runner: CommandRunner,
    command: ReturnRegistration,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return registrations.decide_return(registrations.fold(history), command)

    return await runner.run(
        _command(
            command.registration_id,
            decide,
            context,
            command.returned_on,
            idempotency,
            expected_version,
        )
    )


async def resubmit_registration(
    runner: CommandRunner,
    engine: AsyncEngine,
    command: ResubmitRegistration,
    context: AppendContext,
    expected_version: int | None = None,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Send a returned registration again; its campaign, if any, must not have closed."""
    async with engine.connect() as connection:
        found = await registration_queries.get_registration(connection, command.registration_id)
        campaign_id = None if found is None else found.campaign_id
        campaign = None if campaign_id is None else await campaign_facts(connection, campaign_id)

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return registrations.decide_resubmit(registrations.fold(history), command, campaign)

    return await runner.run(
        _command(
            command.registration_id,
            decide,
            context,
            command.submitted_on,
            idempotency,
            expected_version,
        )
    )


def _command(
    registration_id: str,
    decide: Decide,
    context: AppendContext,
    on: date,
    idempotency: IdempotencyRequest | None,
    expected_version: int | None = None,
) -> Command:
    return Command(
        stream_id=registration_stream(registration_id),
        resource_id=registration_id,
        decide=decide,
        context=context,
        occurred_at=business_time(on),
        expected_version=expected_version,
        idempotency=idempotency,
    )
