"""Agency transitions: register a tenant."""

from __future__ import annotations

from datetime import UTC, datetime

from services.registry.commands.agencies import RegisterAgency
from services.registry.domain import agencies
from shared.application.transitions import Transition, no_facts
from shared.vietnam_time import business_time


def agency_stream(agency_code: str) -> str:
    return f"agency-{agency_code}"


def _set_up(command: RegisterAgency) -> datetime:
    """The day the agency was set up, if known; otherwise now."""
    established = command.established_on
    return datetime.now(UTC) if established is None else business_time(established)


REGISTER_AGENCY = Transition(
    RegisterAgency,
    stream=lambda c: agency_stream(c.agency_code),
    resource=lambda c: c.agency_code,
    occurred_at=_set_up,
    look_up=no_facts,
    decide=lambda history, c, _: agencies.decide_register(agencies.fold(history), c),
)
