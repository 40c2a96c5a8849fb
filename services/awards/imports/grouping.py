"""Rows into decisions: the rows of one authority's number form one decision.

The rows of a decision must agree on its date, kind and (where given) level; the level left
blank everywhere is the highest level among the decision's awards. The same award twice in
one decision is an error of the later row. Ids derive from the rows' content, so the same
file always means the same decisions and awards.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.awards.commands.decisions import AwardLine, IssueDecision
from services.awards.domain.decisions import InvalidDecision, line_refusals, number_key
from services.awards.imports.messages import LEVELS_VI
from services.awards.imports.report import ItemError
from services.awards.imports.rows import ParsedRow, RowValues
from shared.events.vocabulary import GrantingLevel
from shared.reference.awards import get_award

_NAMESPACE = uuid.UUID("6c1f1d0e-54a8-4c59-9d8e-2f8f1f0b7a31")
_LEVELS = tuple(GrantingLevel)  # lowest first


@dataclass(frozen=True)
class Group:
    """One decision of the file: its number key, its rows (in file order) and the command
    recording it (one award per row, same order)."""

    key: str
    rows: tuple[int, ...]
    command: IssueDecision

    @property
    def sort_key(self) -> tuple[date, int]:
        return self.command.signed_on, self.rows[0]


def decision_id_of(key: str) -> str:
    """The decision id of a number key: the same authority's number, the same id."""
    return str(uuid.uuid5(_NAMESPACE, key))


def award_id_of(decision_id: str, values: RowValues) -> str:
    """The award id of a row: same decision, recipient, code and years, the same id."""
    parts = (decision_id, values.recipient_kind.value, values.recipient_id, values.award_code)
    return str(
        uuid.uuid5(_NAMESPACE, "|".join((*parts, str(values.year_from), str(values.year_to))))
    )


def group_rows(agency: str, parsed: Sequence[ParsedRow]) -> tuple[list[Group], list[ItemError]]:
    """The file's decisions, and every error: the rows' own, disagreements within a decision,
    repeated awards, and awards that do not fit the catalogue or the authority."""
    errors = [error for row in parsed for error in row.errors]
    by_key: dict[str, list[tuple[int, RowValues]]] = {}
    for row in parsed:
        if row.values is not None:
            key = number_key(agency, row.values.issuing_authority, row.values.number)
            by_key.setdefault(key, []).append((row.number, row.values))
    groups = []
    for key, rows in by_key.items():
        errors += _disagreements(rows)
        kept, repeated = _distinct(key, rows)
        errors += repeated
        group = Group(key, tuple(n for n, _ in kept), _command(agency, key, kept))
        errors += [_line_error(group, refusal) for refusal in line_refusals(group.command)]
        groups.append(group)
    return groups, errors


def _disagreements(rows: list[tuple[int, RowValues]]) -> list[ItemError]:
    first_row, first = rows[0]
    level_row, level = next(
        ((n, v.authority_level) for n, v in rows if v.authority_level is not None), (0, None)
    )
    errors = []
    for number, values in rows[1:]:
        if values.signed_on != first.signed_on:
            errors.append(_differs(number, "signed_on", first_row))
        if values.commendation_kind is not first.commendation_kind:
            errors.append(_differs(number, "commendation_kind", first_row))
        if values.authority_level is not None and values.authority_level is not level:
            errors.append(_differs(number, "authority_level", level_row))
    return errors


def _differs(row: int, field: str, other: int) -> ItemError:
    msg = f"same decision as row {other} but a different {field}"
    return ItemError(row, field, "decision_fields_differ", msg, {"other": f"dòng {other}"})


def _distinct(
    key: str, rows: list[tuple[int, RowValues]]
) -> tuple[list[tuple[int, RowValues]], list[ItemError]]:
    decision_id = decision_id_of(key)
    seen: dict[str, int] = {}
    kept, errors = [], []
    for number, values in rows:
        award_id = award_id_of(decision_id, values)
        if award_id in seen:
            msg = f"the same award as row {seen[award_id]} of the same decision"
            details = {"other": f"dòng {seen[award_id]}"}
            errors.append(ItemError(number, "recipient_id", "duplicate_in_file", msg, details))
            continue
        seen[award_id] = number
        kept.append((number, values))
    return kept, errors


def _command(agency: str, key: str, rows: list[tuple[int, RowValues]]) -> IssueDecision:
    first = rows[0][1]
    decision_id = decision_id_of(key)
    lines = tuple(
        AwardLine(
            award_id=award_id_of(decision_id, values),
            recipient_kind=values.recipient_kind,
            recipient_id=values.recipient_id,
            award_code=values.award_code,
            year_from=values.year_from,
            year_to=values.year_to,
        )
        for _, values in rows
    )
    return IssueDecision(
        decision_id=decision_id,
        agency=agency,
        number=first.number,
        signed_on=first.signed_on,
        issuing_authority=first.issuing_authority,
        authority_level=_level([values for _, values in rows]),
        commendation_kind=first.commendation_kind,
        awards=lines,
        imported=True,
    )


def _level(rows: list[RowValues]) -> GrantingLevel:
    """The first level a row gives, else the highest level among the awards."""
    given = next((v.authority_level for v in rows if v.authority_level is not None), None)
    if given is not None:
        return given
    return max((get_award(v.award_code).granting_level for v in rows), key=_LEVELS.index)


def _line_error(group: Group, refusal: InvalidDecision) -> ItemError:
    assert refusal.index is not None
    line = group.command.awards[refusal.index]
    details = {
        "award_code": line.award_code,
        "authority_level_vi": LEVELS_VI.get(str(refusal.details.get("authority_level")), "?"),
        "granting_level_vi": LEVELS_VI.get(str(refusal.details.get("granting_level")), "?"),
    }
    field = "achievement_year" if refusal.item_field == "years" else refusal.item_field
    return ItemError(group.rows[refusal.index], field, refusal.code, refusal.message, details)
