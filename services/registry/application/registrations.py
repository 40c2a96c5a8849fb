"""Registration transitions: submit, approve, return, resubmit.

The application looks up what the domain cannot know from the registration's own stream
(the registrant's agency on the day of the submission, the campaign, an earlier
registration) and hands it in as facts.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

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
from services.registry.readmodel.directory_queries import Moves, agencies_of, agency_on, moves_of
from services.registry.readmodel.registrations import registration_agency
from shared.application.transitions import Transition, no_facts
from shared.database.engine import connection_for_reads
from shared.events.vocabulary import SubjectKind
from shared.vietnam_time import business_time, today_in_vietnam


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
    """The registration's agency, None if there is none (own short connection)."""
    async with connection_for_reads(engine) as connection:
        return await registration_agency(connection, registration_id)


async def campaign_facts(connection: AsyncConnection, campaign_id: str) -> CampaignFacts | None:
    found = await campaign_queries.get_campaign(connection, campaign_id)
    if found is None:
        return None
    return CampaignFacts(status=found.status, start_date=found.start_date, end_date=found.end_date)


async def submission_facts(
    connection: AsyncConnection, commands: Sequence[SubmitRegistration]
) -> list[Facts]:
    """What the domain needs to decide on each of ``commands``, from the read model: a query
    for the registrants, one for their registrations and one per distinct campaign, however
    many the commands (a batch of a thousand costs what one costs)."""
    unit_ids = {c.registrant_id for c in commands if c.registrant_kind is SubjectKind.UNIT}
    member_ids = {c.registrant_id for c in commands if c.registrant_kind is SubjectKind.MEMBER}
    registrants = await agencies_of(connection, unit_ids, member_ids)
    moves = await moves_of(connection, unit_ids, member_ids)
    existing = await registration_queries.find_registrations(
        connection, {_registrant_year(c) for c in commands}
    )
    campaign_ids = {c.campaign_id for c in commands if c.campaign_id is not None}
    campaigns = {c: await campaign_facts(connection, c) for c in sorted(campaign_ids)}
    return [
        _facts(c, _agency_then(c, registrants, moves), campaigns, existing.get(_registrant_year(c)))
        for c in commands
    ]


def _agency_then(
    command: SubmitRegistration,
    registrants: dict[tuple[str, str], str],
    moves: dict[tuple[str, str], Moves],
) -> str | None:
    """The registrant's agency on the day of the submission (transfers counted)."""
    key = (command.registrant_kind.value, command.registrant_id)
    return agency_on(registrants.get(key), moves.get(key, []), command.submitted_on)


def _registrant_year(command: SubmitRegistration) -> registration_queries.RegistrantYear:
    kind = command.registrant_kind.value
    return (kind, command.registrant_id, command.year, command.campaign_id)


def _facts(
    command: SubmitRegistration,
    registrant_agency: str | None,
    campaigns: dict[str, CampaignFacts | None],
    existing: tuple[str, str] | None,
) -> Facts:
    return Facts(
        registrant_agency=registrant_agency,
        campaign=None if command.campaign_id is None else campaigns[command.campaign_id],
        existing=None
        if existing is None
        else ExistingRegistration(registration_id=existing[0], status=existing[1]),
    )


async def _submission_facts(engine: AsyncEngine, command: SubmitRegistration) -> Facts:
    async with connection_for_reads(engine) as connection:
        return (await submission_facts(connection, [command]))[0]


async def _campaign_of_registration(
    engine: AsyncEngine, command: ResubmitRegistration
) -> CampaignFacts | None:
    """The registration's campaign, if it has one."""
    async with connection_for_reads(engine) as connection:
        found = await registration_queries.get_registration(connection, command.registration_id)
        campaign_id = None if found is None else found.campaign_id
        return None if campaign_id is None else await campaign_facts(connection, campaign_id)


SUBMIT_REGISTRATION = Transition(
    SubmitRegistration,
    stream=lambda c: registration_stream(c.registration_id),
    resource=lambda c: c.registration_id,
    occurred_at=lambda c: business_time(c.submitted_on),
    look_up=_submission_facts,
    decide=lambda history, c, facts: registrations.decide_submit(
        registrations.fold(history), c, facts
    ),
    # A concurrent submission of the same registrant broke the read model's unique key: the
    # second attempt sees it and refuses with the existing registration.
    retries_on_race=True,
)

APPROVE_REGISTRATION = Transition(
    ApproveRegistration,
    stream=lambda c: registration_stream(c.registration_id),
    resource=lambda c: c.registration_id,
    occurred_at=lambda c: business_time(c.approved_on),
    look_up=no_facts,
    decide=lambda history, c, _: registrations.decide_approve(registrations.fold(history), c),
)

RETURN_REGISTRATION = Transition(
    ReturnRegistration,
    stream=lambda c: registration_stream(c.registration_id),
    resource=lambda c: c.registration_id,
    occurred_at=lambda c: business_time(c.returned_on),
    look_up=no_facts,
    decide=lambda history, c, _: registrations.decide_return(registrations.fold(history), c),
)

RESUBMIT_REGISTRATION = Transition(
    ResubmitRegistration,
    stream=lambda c: registration_stream(c.registration_id),
    resource=lambda c: c.registration_id,
    occurred_at=lambda c: business_time(c.submitted_on),
    # Its campaign, if any, must not have closed.
    look_up=_campaign_of_registration,
    decide=lambda history, c, campaign: registrations.decide_resubmit(
        registrations.fold(history), c, campaign
    ),
)
