"""What the awards projection remembers of each award, and what an award adds to the counters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.projections.deltas import Contribution, Counters
from services.reporting.projections.dimensions import NOT_APPLICABLE, UNKNOWN, level_class
from services.reporting.projections.tables import (
    award_counts,
    award_facts,
    award_recipients_by_year,
    award_totals,
)
from services.reporting.projections.upsert import put_rows
from shared.database.rows_by_key import rows_where_in
from shared.events import AwardGranted, RecipientKind

AWARDS = Counters(award_counts, "awards")
RECIPIENTS = Counters(award_recipients_by_year, "awards")
TOTALS = Counters(award_totals, "awards")


@dataclass(frozen=True)
class Grant:
    """The dimensions an ``AwardGranted`` gave the award."""

    agency: str
    decision_id: str
    recipient_kind: str
    recipient_id: str
    award_code: str
    year_from: int
    year: int
    signed_on: date
    commendation_kind: str
    granting_level: str
    level_class: str
    position_group: str

    def counted_as(self) -> tuple[str | int, ...]:
        """Its key in ``award_counts``."""
        return (
            self.agency,
            self.year,
            self.signed_on.year,
            self.award_code,
            self.recipient_kind,
            self.position_group,
            self.commendation_kind,
            self.granting_level,
            self.level_class,
        )

    def totalled_as(self) -> tuple[str | int, ...]:
        """Its key in ``award_totals``."""
        return (self.agency, self.year, self.award_code, self.recipient_kind)

    def recipient_year(self) -> tuple[str | int, ...]:
        """Its key in ``award_recipients_by_year``."""
        return (self.agency, self.award_code, self.recipient_kind, self.recipient_id, self.year)

    def with_position_group(self, group: str) -> Grant:
        return replace(self, position_group=group)


_GRANT_FIELDS = tuple(field.name for field in fields(Grant))
_NO_GRANT: dict[str, Any] = dict.fromkeys(_GRANT_FIELDS)
_MEMBER = RecipientKind.MEMBER.value


def grant_of(agency: str, payload: AwardGranted) -> Grant:
    """The grant's dimensions; a member's position group is ``unknown`` until
    :mod:`~services.reporting.projections.position_history` gives it."""
    kind: str = payload.recipient_kind._value_
    code = payload.award_code
    code_class = _LEVEL_CLASSES.get(code)
    if code_class is None:
        code_class = _LEVEL_CLASSES[code] = level_class(code).value
    return Grant(
        agency=agency,
        decision_id=payload.decision_id,
        recipient_kind=kind,
        recipient_id=payload.recipient_id,
        award_code=code,
        year_from=payload.achievement_year_from,
        year=payload.achievement_year_to,
        signed_on=payload.decision_signed_on,
        commendation_kind=payload.commendation_kind._value_,
        granting_level=payload.granting_level._value_,
        level_class=code_class,
        position_group=UNKNOWN if kind == _MEMBER else NOT_APPLICABLE,
    )


_LEVEL_CLASSES: dict[str, str] = {}
"""Each award code's level class, as computed once (the catalogue does not change)."""


@dataclass(frozen=True)
class AwardFact:
    """One award: its grant (once seen) and whether it was revoked (possibly before)."""

    award_id: str
    revoked: bool = False
    grant: Grant | None = None

    def contribution(self) -> Contribution:
        """+1 lượt (in full detail and in the totals) and +1 for the recipient's year while the
        award is granted and live."""
        if self.grant is None or self.revoked:
            return []
        return [
            (AWARDS, self.grant.counted_as()),
            (TOTALS, self.grant.totalled_as()),
            (RECIPIENTS, self.grant.recipient_year()),
        ]

    def member_grant(self) -> Grant | None:
        """Its grant, if it went to a member (whose position group it records)."""
        grant = self.grant
        return grant if grant is not None and grant.recipient_kind == _MEMBER else None

    def to_row(self) -> dict[str, Any]:
        grant = self.grant
        row = {"award_id": self.award_id, "granted": grant is not None, "revoked": self.revoked}
        # A frozen dataclass's __dict__ holds exactly its fields: one copy, no getattr per field.
        row.update(vars(grant) if grant is not None else _NO_GRANT)
        return row

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> AwardFact:
        grant = Grant(**{name: row[name] for name in _GRANT_FIELDS}) if row["granted"] else None
        return cls(award_id=row["award_id"], revoked=bool(row["revoked"]), grant=grant)


async def load_facts(
    connection: AsyncConnection, award_ids: Iterable[str], members_placed: Iterable[str]
) -> dict[str, AwardFact]:
    """Facts of ``award_ids``, plus the awards of ``members_placed`` (members whose position
    history grew: the group each award records may change)."""
    rows = await rows_where_in(connection, award_facts, "award_id", award_ids)
    rows += await rows_where_in(
        connection,
        award_facts,
        "recipient_id",
        members_placed,
        award_facts.c.recipient_kind == RecipientKind.MEMBER.value,
    )
    return {row.award_id: AwardFact.from_row(row._mapping) for row in rows}


async def save_facts(connection: AsyncConnection, facts: Iterable[AwardFact]) -> None:
    await put_rows(connection, award_facts, [fact.to_row() for fact in facts])
