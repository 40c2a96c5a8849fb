"""Importing past decisions from a spreadsheet: every row is recorded, or none.

One row is one award; rows with the same issuing authority and number form one decision.
Ids derive from the agency, authority and number (the decision) and from the recipient, code
and years (each award), so the same file always means the same ids. A decision already
recorded with the same content is reported "already recorded" and left alone (re-importing
a file changes nothing); one recorded with other content is an error of its rows.

History is fact: the eligibility engine's findings come back as warnings per row, never as
refusals. Errors — unreadable cells, unknown codes, awards beyond the authority's power,
rows of one decision that disagree, recipients of another agency (``domain.tenancy``: an
agency records its own history, a ministry-level one also the sector's at ministry level or
above) — are reported for every row, and then nothing is written. A file of an agency that
ceased is refused whole (409, naming its successor) if it holds a decision signed after the
agency's end.

With an ``Idempotency-Key``, the import's whole result is stored with the key, in the
transaction that writes its decisions (or alone, when the file held nothing new): a repeat
with the same key returns that first result — rows recorded, ids, warnings — and writes
nothing, however the data changed meanwhile.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.awards.application.decisions import ISSUE_DECISION, assess, indexed_violations
from services.awards.domain.decisions import IssueFacts, foreign_recipients
from services.awards.domain.eligibility import AgencyPolicy, Facts, GrantedAward, Violation
from services.awards.domain.tenancy import MESSAGES_VI, Directory, Named
from services.awards.imports.columns import Columns, locate_columns
from services.awards.imports.grouping import Group, group_rows
from services.awards.imports.report import BulkRejected, ItemError, RowNote
from services.awards.imports.rows import parse_row
from services.awards.imports.spreadsheet import read_upload
from services.awards.localview.directory import directory_of
from services.awards.localview.facts_loader import load_facts_of
from services.awards.localview.policies import agency_policy
from services.awards.localview.tables import lifetimes
from services.awards.readmodel import decision_queries
from services.awards.readmodel.decision_views import DecisionPublic
from shared.application.commands import BatchRejected, Command, CommandRunner, SideWrite
from shared.application.idempotency import (
    IdempotencyRequest,
    recorded_outcome,
    remember_outcome,
)
from shared.application.transitions import CommandTerms
from shared.database.engine import connection_for_reads, write_transaction
from shared.events.vocabulary import RecipientKind
from shared.eventstore import AppendContext, ConcurrencyConflict
from shared.lifetimes import LifetimeGuard
from shared.reference.awards import get_award
from shared.spreadsheets import Messages

MAX_ROWS = 5000
"""Most data rows one file may hold."""

LIFETIMES = LifetimeGuard(lifetimes)
"""A file of an agency that ceased may hold its past only (the runner checks again as it
writes)."""

STORED_RESULT = "decision_import"
"""The member of an idempotency key's stored outcome that holds the import's result."""


@dataclass(frozen=True)
class ImportedRow:
    """What became of one data row."""

    row: int
    status: Literal["recorded", "already_recorded"]
    decision_id: str
    award_id: str
    warnings: tuple[RowNote, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """The rows, in file order, and what the import wrote."""

    rows: list[ImportedRow]
    decisions_recorded: int
    decisions_already_recorded: int
    awards_recorded: int

    def to_json(self) -> dict[str, object]:
        """The result as stored with an idempotency key."""
        return {
            "rows": [
                {
                    "row": row.row,
                    "status": row.status,
                    "decision_id": row.decision_id,
                    "award_id": row.award_id,
                    "warnings": [
                        {"code": n.code, "details": dict(n.details)} for n in row.warnings
                    ],
                }
                for row in self.rows
            ],
            "decisions_recorded": self.decisions_recorded,
            "decisions_already_recorded": self.decisions_already_recorded,
            "awards_recorded": self.awards_recorded,
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> ImportResult:
        """The result stored by :meth:`to_json`."""
        rows = [
            ImportedRow(
                row=int(row["row"]),
                status="recorded" if row["status"] == "recorded" else "already_recorded",
                decision_id=str(row["decision_id"]),
                award_id=str(row["award_id"]),
                warnings=tuple(
                    RowNote(str(n["code"]), dict(n["details"])) for n in row["warnings"]
                ),
            )
            for row in data["rows"]
        ]
        return ImportResult(
            rows=rows,
            decisions_recorded=int(data["decisions_recorded"]),
            decisions_already_recorded=int(data["decisions_already_recorded"]),
            awards_recorded=int(data["awards_recorded"]),
        )


async def import_decisions(
    runner: CommandRunner,
    engine: AsyncEngine,
    agency: str,
    content: bytes,
    context: AppendContext,
    idempotency: IdempotencyRequest | None = None,
) -> ImportResult:
    """Record every decision of a CSV or XLSX file for ``agency``, or raise ``BulkRejected``
    listing each error with the row and column as the officer sees them."""
    sheet = await read_upload(content)  # off the event loop, within the file limits
    columns = locate_columns(sheet.header)
    if len(sheet.rows) > MAX_ROWS:
        details = {"rows": len(sheet.rows), "limit": MAX_ROWS}
        msg = f"{len(sheet.rows)} data rows, more than the limit of {MAX_ROWS}"
        raise BulkRejected([ItemError(None, None, "too_many_rows", msg, details)])
    parsed = [parse_row(row, columns) for row in sheet.rows]
    groups, errors = group_rows(agency, parsed)
    try:
        try:
            return await _attempt(runner, engine, groups, errors, context, idempotency)
        except (IntegrityError, ConcurrencyConflict, BatchRejected):
            # A concurrent writer recorded some of these decisions first: look again.
            return await _attempt(runner, engine, groups, errors, context, idempotency, last=True)
    except BulkRejected as rejected:
        raise BulkRejected(_in_columns(rejected.errors, columns)) from None


async def _attempt(
    runner: CommandRunner,
    engine: AsyncEngine,
    groups: Sequence[Group],
    errors: list[ItemError],
    context: AppendContext,
    idempotency: IdempotencyRequest | None,
    *,
    last: bool = False,
) -> ImportResult:
    async with connection_for_reads(engine) as connection:
        # The first outcome of this key, if any (a key reused for another file raises).
        first = None if idempotency is None else await recorded_outcome(connection, idempotency)
        if first is not None and STORED_RESULT in first:
            stored = first[STORED_RESULT]
            assert isinstance(stored, dict)
            return ImportResult.from_json(stored)  # a repeat: the first answer, nothing written
        recorded, errors = await _recorded_before(connection, groups, errors)
        new = sorted((g for g in groups if g.key not in recorded), key=lambda g: g.sort_key)
        if new:  # a ceased agency's refusal first: its recipients are another agency's now
            await LIFETIMES.check(connection, context.agency, new[-1].command.signed_on)
        directory = await directory_of(connection, context.agency, _named(new))
        errors += _foreign_rows(new, directory)
        agencies = {context.agency, *directory.agencies_of(_named(new))}
        facts = await load_facts_of(connection, agencies)
        policy = await agency_policy(connection, context.agency)
    if errors:
        raise BulkRejected(sorted(errors, key=lambda e: e.position or 0))
    notes = _warnings(new, facts, policy, context.agency)
    facts_of = {
        key: IssueFacts(violations=found, directory=directory) for key, (_, found) in notes.items()
    }
    terms = CommandTerms(context)
    commands = [ISSUE_DECISION.command(g.command, facts_of[g.key], terms) for g in new]
    rows = [row for g in new for row in _rows(g, notes[g.key][0])]
    rows += [row for before in recorded.values() for row in before]
    awards = sum(len(g.command.awards) for g in new)
    result = ImportResult(sorted(rows, key=lambda r: r.row), len(new), len(recorded), awards)
    # A key stored by an earlier version (batch outcomes only, no result): that import took
    # effect then, so this one writes nothing and reports what is on record now.
    if first is None:
        await _write(runner, engine, new, commands, _remembering(idempotency, result), last=last)
    return result


def _remembering(idempotency: IdempotencyRequest | None, result: ImportResult) -> SideWrite | None:
    """Storing the key with the result, the answer to every repeat of the request."""
    if idempotency is None:
        return None
    outcome: dict[str, object] = {STORED_RESULT: result.to_json()}

    async def remember(connection: AsyncConnection) -> None:
        await remember_outcome(connection, idempotency, outcome)

    return remember


async def _write(
    runner: CommandRunner,
    engine: AsyncEngine,
    groups: Sequence[Group],
    commands: Sequence[Command],
    remember: SideWrite | None,
    *,
    last: bool,
) -> None:
    """The new decisions and the key (with the result) in one transaction, or the key alone
    when the file held nothing new. A concurrent request that stored the same key first, or
    recorded one of the decisions, makes this raise: the caller looks again."""
    if not commands:
        if remember is not None:
            async with write_transaction(engine) as connection:
                await remember(connection)
        return
    if remember is not None:
        commands = [*commands[:-1], _then(commands[-1], remember)]
    try:
        await runner.run_batch(commands)
    except BatchRejected as rejected:
        if not last:
            raise
        raise BulkRejected(
            [
                ItemError(row, None, "refused", error.message)
                for index, error in rejected.errors
                for row in groups[index].rows
            ]
        ) from None


def _then(command: Command, write: SideWrite) -> Command:
    """``command`` writing ``write`` too, after its own side write, in its transaction."""
    before = command.side_write

    async def both(connection: AsyncConnection) -> None:
        if before is not None:
            await before(connection)
        await write(connection)

    return dataclasses.replace(command, side_write=both)


async def _recorded_before(
    connection: AsyncConnection, groups: Sequence[Group], errors: list[ItemError]
) -> tuple[dict[str, list[ImportedRow]], list[ItemError]]:
    """The groups already recorded with the same content (their rows), and the errors of
    those recorded with other content."""
    recorded: dict[str, list[ImportedRow]] = {}
    errors = list(errors)
    numbered = await decision_queries.decisions_with_numbers(connection, [g.key for g in groups])
    for group in groups:
        found = numbered.get(group.key)
        if found is None:
            continue
        decision = await decision_queries.get_decision(connection, found)
        assert decision is not None
        same = _same_content(group, decision)
        if same is None:
            errors += _differs(group, decision)
        else:
            recorded[group.key] = [
                ImportedRow(row, "already_recorded", decision.decision_id, award_id)
                for row, award_id in same
            ]
    return recorded, errors


class ForeignRowError(ItemError):
    """A row whose recipient belongs to another agency (the message says whose)."""

    messages = Messages(MESSAGES_VI)


def _named(groups: Sequence[Group]) -> list[Named]:
    """Every recipient the groups name."""
    return [(line.recipient_kind, line.recipient_id) for g in groups for line in g.command.awards]


def _foreign_rows(groups: Sequence[Group], directory: Directory) -> list[ItemError]:
    """An error for each row whose recipient the importing agency may not record awards of."""
    return [
        ForeignRowError(group.rows[ref.index], "recipient_id", ref.code, ref.msg, ref.details)
        for group in groups
        for ref in foreign_recipients(group.command, directory)
        if ref.index is not None
    ]


Notes = dict[int, list[RowNote]]


def _warnings(
    groups: Sequence[Group], facts: Facts, policy: AgencyPolicy, agency: str
) -> dict[str, tuple[Notes, tuple[Violation, ...]]]:
    """Per group: the warnings of each row, and the engine's violations. Each decision is
    judged with the file's earlier decisions counted (history builds on itself)."""
    found: dict[str, tuple[Notes, tuple[Violation, ...]]] = {}
    # One copy of the awards, grown group by group (``Facts.with_awards`` per group would
    # copy them all each time): each group's facts are used up before the next one grows it.
    awards = dict(facts.awards)
    facts = dataclasses.replace(facts, awards=MappingProxyType(awards))
    # The decisions those awards belong to, grown alike: ``assess`` then leaves a new
    # decision's facts as they are instead of looking through every award for its own.
    held_by = {award.decision_id for held in awards.values() for award in held}
    for group in groups:
        violations = assess(group.command, facts, policy, held_by=held_by)
        found[group.key] = (_row_notes(group, facts, violations), violations)
        for award in _granted(group, agency):
            recipient = (award.recipient_kind, award.recipient_id)
            awards[recipient] = (*awards.get(recipient, ()), award)
            held_by.add(award.decision_id)
    return found


def _row_notes(group: Group, facts: Facts, violations: Sequence[Violation]) -> Notes:
    notes: Notes = {row: [] for row in group.rows}
    command = group.command
    for row, line in zip(group.rows, command.awards, strict=True):
        recipient = (line.recipient_kind, line.recipient_id)
        known = facts.agency_of(recipient) is not None or line.recipient_id == command.agency
        outside = line.recipient_kind is RecipientKind.ENTERPRISE
        if not (known or outside) and line.recipient_id not in facts.agency_kinds:
            notes[row].append(RowNote("recipient_unknown", {"value": line.recipient_id}))
    for index, violation in indexed_violations(command, violations):
        award = f"{get_award(violation.award.award_code).name_vi} {_span(violation)}"
        reasons = "; ".join(check.reason_vi for check in violation.reasons)
        details = {"award": award, "reasons": reasons}
        notes[group.rows[index]].append(RowNote(violation.kind.value, details))
    return notes


def _span(violation: Violation) -> str:
    first, last = violation.award.year_from, violation.award.year_to
    return str(last) if first == last else f"{first}–{last}"


def _content(kind: str, recipient_id: str, code: str, first: int, last: int) -> str:
    return f"{kind}|{recipient_id}|{code}|{first}|{last}"


def _same_content(group: Group, decision: DecisionPublic) -> list[tuple[int, str]] | None:
    """Each row with the recorded award it matches, if the recorded decision is the file's
    (same date, level, kind and awards); None if it differs."""
    command = group.command
    header = (command.signed_on, command.authority_level, command.commendation_kind)
    if header != (decision.signed_on, decision.authority_level, decision.commendation_kind):
        return None
    recorded = {
        _content(a.recipient_kind.value, a.recipient_id, a.award_code, a.year_from, a.year_to): a
        for a in decision.awards
    }
    wanted = [
        _content(
            line.recipient_kind.value,
            line.recipient_id,
            line.award_code,
            line.year_from,
            line.year_to,
        )
        for line in command.awards
    ]
    if sorted(wanted) != sorted(recorded) or len(decision.awards) != len(recorded):
        return None
    return [(row, recorded[key].award_id) for row, key in zip(group.rows, wanted, strict=True)]


def _differs(group: Group, decision: DecisionPublic) -> list[ItemError]:
    details = {
        "number": decision.number,
        "authority": decision.issuing_authority,
        "decision_id": decision.decision_id,
    }
    msg = f"decision {decision.number} is recorded with other content ({decision.decision_id})"
    return [ItemError(row, "number", "decision_differs", msg, details) for row in group.rows]


def _granted(group: Group, agency: str) -> list[GrantedAward]:
    command = group.command
    return [
        GrantedAward(
            award_id=line.award_id,
            decision_id=command.decision_id,
            recipient_kind=line.recipient_kind,
            recipient_id=line.recipient_id,
            code=line.award_code,
            year_from=line.year_from,
            year_to=line.year_to,
            kind=command.commendation_kind,
            agency=agency,
            decision_number=command.number,
            signed_on=command.signed_on,
        )
        for line in command.awards
    ]


def _rows(group: Group, notes: Notes) -> list[ImportedRow]:
    return [
        ImportedRow(row, "recorded", group.command.decision_id, line.award_id, tuple(notes[row]))
        for row, line in zip(group.rows, group.command.awards, strict=True)
    ]


def _in_columns(errors: Sequence[ItemError], columns: Columns) -> list[ItemError]:
    return [
        error
        if error.column is not None or error.field is None
        else dataclasses.replace(error, column=columns.name(error.field))
        for error in errors
    ]
