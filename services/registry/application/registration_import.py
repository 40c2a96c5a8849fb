"""Bulk registrations (a JSON batch or a spreadsheet): every item is written, or none.

Every item is validated first — parsing, the domain's rules, repeats inside the request —
and the refusals of all items are reported together (``BulkRejected``). Only when no item is
refused are all registrations written, in one transaction (``CommandRunner.run_batch``).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.registry.application.registrations import (
    SUBMIT_REGISTRATION,
    new_registration,
    registration_stream,
    submission_facts,
    today,
)
from services.registry.commands.registrations import SubmitRegistration
from services.registry.domain import registrations
from services.registry.imports.columns import Columns, locate_columns
from services.registry.imports.report import BulkRejected, ItemError
from services.registry.imports.rows import RowValues, parse_row
from services.registry.imports.spreadsheet import read_upload
from shared.application import business_time
from shared.application.commands import BatchRejected, Command, CommandRunner, Outcome
from shared.application.idempotency import IdempotencyRequest
from shared.application.transitions import CommandTerms, retry_once_on_race
from shared.database.engine import connection_for_reads
from shared.domain_errors import DomainError
from shared.envelope import EventPayload
from shared.eventstore import AppendContext

MAX_ITEMS = 1000
"""Most registrations one batch or file may hold."""


@dataclass(frozen=True)
class BatchItem:
    """One item of a bulk request: the registration it asks for, or why it cannot."""

    position: int
    command: SubmitRegistration | None
    errors: list[ItemError] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Labels:
    """How the report names an item: ``("dòng", "row")`` or ``("mục", "item")``."""

    vietnamese: str
    english: str


class _ItemRefused(DomainError):
    def __init__(self, errors: list[ItemError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


async def register_all(
    runner: CommandRunner,
    engine: AsyncEngine,
    items: Sequence[BatchItem],
    context: AppendContext,
    idempotency: IdempotencyRequest | None,
    labels: Labels,
) -> list[tuple[int, Outcome]]:
    """Write every item's registration in one transaction, or raise ``BulkRejected``."""

    async def attempt() -> list[tuple[int, Outcome]]:
        async with connection_for_reads(engine) as connection:
            commands = await _commands(connection, items, context, labels)
        try:
            outcomes = await runner.run_batch(commands, idempotency)
        except BatchRejected as rejected:
            raise BulkRejected(_refusals(rejected, items)) from None
        return [(item.position, outcome) for item, outcome in zip(items, outcomes, strict=True)]

    return await retry_once_on_race(attempt)


async def _commands(
    connection: AsyncConnection,
    items: Sequence[BatchItem],
    context: AppendContext,
    labels: Labels,
) -> list[Command]:
    """A command per item; a refused item's command refuses when the batch is prepared."""
    first_of: dict[tuple[object, ...], int] = {}
    submitted = [item.command for item in items if item.command is not None]
    facts_of = iter(await submission_facts(connection, submitted))
    commands = []
    for item in items:
        errors = list(item.errors)
        if item.command is not None:
            facts = next(facts_of)
            refusals = registrations.submission_refusals(item.command, facts)
            errors += [_from_refusal(item.position, refusal) for refusal in refusals]
            errors += _repeat(item, first_of, labels)
            if not errors:
                terms = CommandTerms(context)
                commands.append(SUBMIT_REGISTRATION.command(item.command, facts, terms))
                continue
        commands.append(_refusing(errors, context))
    return commands


def _repeat(
    item: BatchItem, first_of: dict[tuple[object, ...], int], labels: Labels
) -> list[ItemError]:
    assert item.command is not None
    command = item.command
    key = (command.registrant_kind, command.registrant_id, command.year, command.campaign_id)
    first = first_of.setdefault(key, item.position)
    if first == item.position:
        return []
    msg = f"same registrant, year and campaign as {labels.english} {first}"
    details = {"other": f"{labels.vietnamese} {first}"}
    return [ItemError(item.position, "registrant_id", "duplicate_in_batch", msg, details)]


def _from_refusal(position: int, refusal: registrations.Refusal) -> ItemError:
    return ItemError(position, refusal.field, refusal.code, refusal.message, refusal.details)


def _refusing(errors: list[ItemError], context: AppendContext) -> Command:
    def decide(_history: Sequence[EventPayload]) -> list[EventPayload]:
        raise _ItemRefused(errors)

    registration_id = str(uuid.uuid4())
    return Command(
        stream_id=registration_stream(registration_id),
        resource_id=registration_id,
        decide=decide,
        context=context,
        occurred_at=business_time(today()),
    )


def _refusals(rejected: BatchRejected, items: Sequence[BatchItem]) -> list[ItemError]:
    errors: list[ItemError] = []
    for index, error in rejected.errors:
        if isinstance(error, _ItemRefused):
            errors += error.errors
        else:  # e.g. a stream that exists already: not expected for new registrations
            errors.append(ItemError(items[index].position, None, "refused", error.message))
    return errors


async def register_batch(
    runner: CommandRunner,
    engine: AsyncEngine,
    commands: Sequence[SubmitRegistration],
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> list[tuple[int, Outcome]]:
    """Register every submission of a JSON batch: all, or none. Items are named by index."""
    items = [BatchItem(index, command) for index, command in enumerate(commands)]
    return await register_all(runner, engine, items, context, idempotency, Labels("mục", "item"))


def _too_many(count: int) -> BulkRejected:
    details = {"rows": count, "limit": MAX_ITEMS}
    msg = f"{count} data rows, more than the limit of {MAX_ITEMS}"
    return BulkRejected([ItemError(None, None, "too_many_rows", msg, details)])


async def import_registrations(
    runner: CommandRunner,
    engine: AsyncEngine,
    agency: str,
    content: bytes,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> list[tuple[int, Outcome]]:
    """Register every data row of a CSV or XLSX file for ``agency``: all rows, or none.

    Returns (row number, outcome) per row; ``BulkRejected`` lists each refused row's errors
    with the row number and column as the officer sees them.
    """
    sheet = await read_upload(content)  # off the event loop, within the file limits
    columns = locate_columns(sheet.header)
    if len(sheet.rows) > MAX_ITEMS:
        raise _too_many(len(sheet.rows))
    items = []
    for row in sheet.rows:
        parsed = parse_row(row, columns)
        command = None if parsed.values is None else _row_command(agency, parsed.values)
        items.append(BatchItem(parsed.number, command, parsed.errors))
    try:
        return await register_all(
            runner, engine, items, context, idempotency, Labels("dòng", "row")
        )
    except BulkRejected as rejected:
        raise BulkRejected([_in_column(error, columns) for error in rejected.errors]) from None


def _row_command(agency: str, values: RowValues) -> SubmitRegistration:
    return new_registration(agency, **dataclasses.asdict(values))


def _in_column(error: ItemError, columns: Columns) -> ItemError:
    if error.column is not None or error.field is None:
        return error
    return dataclasses.replace(error, column=columns.name(error.field))
