"""Rating commands: record a member's yearly rating, or correct it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.registry.commands.ratings import RecordRating
from services.registry.domain import ratings
from services.registry.readmodel.directory_queries import member_agency
from shared.application import business_time
from shared.application.commands import Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.envelope import EventPayload
from shared.eventstore import AppendContext
from shared.vietnam_time import today_in_vietnam


def rating_stream(member_id: str, year: int) -> str:
    return f"rating-{member_id}-{year}"


def rating_resource(member_id: str, year: int) -> str:
    """The rating's address under /v1/ratings."""
    return f"{member_id}/{year}"


async def record_rating(
    runner: CommandRunner,
    directory: AsyncEngine,
    command: RecordRating,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> Outcome:
    """Record (or, with ``expected_version``, correct) the member's rating for the year."""
    async with directory.connect() as connection:
        agency = await member_agency(connection, command.member_id)
    today = today_in_vietnam()

    def decide(history: Sequence[EventPayload]) -> list[EventPayload]:
        return ratings.decide_record(ratings.fold(history), command, agency, today)

    return await runner.run(
        Command(
            stream_id=rating_stream(command.member_id, command.year),
            resource_id=rating_resource(command.member_id, command.year),
            decide=decide,
            context=context,
            # Ratings are given at the year-end review: they count for the year they rate.
            occurred_at=business_time(date(command.year, 12, 31)),
            expected_version=command.expected_version,
            idempotency=idempotency,
        )
    )
