"""Records of a rebuild's first read turned into staging rows: a pure function, run in a
worker process so that validating the events (most of the read's Python time) uses the other
core while the main process reads the topics and writes to PostgreSQL.

Each event is parsed once: the records' ``event_type`` header routes the other events to the
main process unparsed (its consumer validates them); only award events, and records with no
header or one that names an award, are parsed here.

The rows leave the worker as the text of ``COPY … FROM STDIN`` (one line per row, tab
between columns, ``\\N`` for NULL): one bytes object crosses the processes, and the main
process sends it as it is, where tuples would cost a pickling on each side and asyncpg's
encoding in the main process.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from services.reporting.projections.dimensions import level_class
from shared.consumer import IncomingRecord, Screen
from shared.consumer.idempotent import content_hash
from shared.events import AnyEvent, AwardGranted, AwardRevoked, DecisionRevoked, parse_event
from shared.events.errors import EventContractError

AWARD_PAYLOADS: frozenset[type] = frozenset({AwardGranted, AwardRevoked, DecisionRevoked})
"""The payload types staged; every other event goes through the projections."""
_AWARD_TYPES = frozenset(
    payload.event_type for payload in (AwardGranted, AwardRevoked, DecisionRevoked)
)

RawRecord = tuple[str, bytes | None, tuple[tuple[str, bytes], ...]]
"""A record's topic, value and headers."""

STAGED_COLUMNS = (
    "seq",
    "event_id",
    "content_hash",
    "award_id",
    "revokes",
    "agency",
    "decision_id",
    "recipient_kind",
    "recipient_id",
    "award_code",
    "year_from",
    "year",
    "signed_on",
    "commendation_kind",
    "granting_level",
    "level_class",
)


@dataclass
class ParsedBatch:
    """What one batch of records holds, in plain values that cross processes cheaply."""

    copy_data: bytes = b""
    """Staging rows of its award events (columns :data:`STAGED_COLUMNS`) as ``COPY`` text,
    in arrival order."""
    others: list[int] = field(default_factory=list)
    """Positions of its other records (the caller applies them through its consumer)."""
    agencies: set[str] = field(default_factory=set)
    """Agencies its award events name."""
    unusable: list[tuple[int, str]] = field(default_factory=list)
    """Positions of records that can never be applied, and why (tombstones: no reason)."""


def parse_batch(
    records: Sequence[RawRecord], first_seq: int, screen: Screen[AnyEvent]
) -> ParsedBatch:
    """Parse the award events of ``records`` (in order), the first of them record
    ``first_seq`` of the read, and refuse what ``screen`` refuses (in a worker process: a
    :meth:`~services.reporting.screening.ReportingScreen.snapshot`, which pickle can send).
    A staging row's ``seq`` is its record's place in the read
    (the rows of a ``DecisionRevoked`` share it), so the first grant of an award is the one
    with the least.

    Consecutive numbers, where numbers far apart would do as well for ordering: PostgreSQL
    hashes a bigint by folding its halves together, and numbers that differ only in both
    halves at once pile into a few hash buckets (a join of 500,000 rows took 11 s).
    """
    parsed = ParsedBatch()
    lines: list[str] = []
    for position, (topic, value, headers) in enumerate(records):
        if value is None:
            parsed.unusable.append((position, ""))
            continue
        event_type = _header(headers, "event_type")
        if event_type is not None and event_type not in _AWARD_TYPES:
            parsed.others.append(position)
            continue
        try:
            event = parse_event(value)
            reason = screen(event, IncomingRecord(topic, 0, position, None, value, headers))
        except EventContractError as error:
            parsed.unusable.append((position, str(error)))
            continue
        if reason is not None:
            parsed.unusable.append((position, reason))
            continue
        payload = event.payload
        if type(payload) not in AWARD_PAYLOADS:
            parsed.others.append(position)
            continue
        parsed.agencies.add(event.agency)
        digest = "\\x" + content_hash(value).hex()
        for row in _rows(str(event.event_id), event.agency, payload):
            lines.append(_copy_line((first_seq + position, row[0], digest, *row[1:])))
    parsed.copy_data = "".join(lines).encode()
    return parsed


def _header(headers: tuple[tuple[str, bytes], ...], name: str) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode(errors="replace")
    return None


def _copy_line(row: tuple[Any, ...]) -> str:
    return "\t".join(_copy_field(value) for value in row) + "\n"


def _copy_field(value: object) -> str:
    """A value as ``COPY`` text. Ids have no whitespace (``EntityId``), so only a backslash
    needs escaping."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    text = str(value)  # dates print as ISO, StrEnums as their value
    return text.replace("\\", "\\\\") if "\\" in text else text


def _rows(event_id: str, agency: str, payload: object) -> Iterator[tuple[Any, ...]]:
    """The staging rows of one award event, without their ``seq``."""
    if isinstance(payload, AwardGranted):
        yield (
            event_id,
            payload.award_id,
            False,
            agency,
            payload.decision_id,
            payload.recipient_kind.value,
            payload.recipient_id,
            payload.award_code,
            payload.achievement_year_from,
            payload.achievement_year_to,
            payload.decision_signed_on,
            payload.commendation_kind.value,
            payload.granting_level.value,
            _level_class(payload.award_code),
        )
    elif isinstance(payload, AwardRevoked):
        yield _revoked(event_id, payload.award_id)
    elif isinstance(payload, DecisionRevoked):
        for award_id in payload.award_ids:
            yield _revoked(event_id, award_id)


def _revoked(event_id: str, award_id: str) -> tuple[Any, ...]:
    return (event_id, award_id, True, *(None,) * 11)


@cache
def _level_class(award_code: str) -> str:
    return level_class(award_code).value
