"""What forms 0602.N and 0603.N share: the columns, rows grouped from the awards catalogue,
and the read of ``award_counts``.

Columns: Tổng số; by recipient (Tập thể — units and the agency itself —, Hộ gia đình, Cá nhân),
adding up to Tổng số; the individuals by position group (Lãnh đạo, quản lý; Cán bộ, công chức,
viên chức; Công nhân, nông dân, người lao động; Khác; Chưa xác định — a member the directory
has not placed yet), adding up to Cá nhân; by kind of commendation (Art 8), adding up to Tổng số.
Rows: Tổng số, then one row per group of the catalogue (Huân chương, Bằng khen…), itemised by
award where the group holds several. Counts are award instances (lượt), revoked ones left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.forms.model import (
    FormColumn,
    FormHeader,
    RowSpec,
    StatisticalForm,
    assemble,
)
from services.reporting.projections.dimensions import LevelClass, level_class
from services.reporting.projections.tables import award_counts
from services.reporting.queries.models import YearBasis
from shared.events.vocabulary import CommendationKind, PositionGroup, RecipientKind
from shared.reference.awards import AWARDS, AwardCategory, AwardDefinition

TOTAL = "total"
INDIVIDUAL = "individual"
UNKNOWN_GROUP = "unknown"

RECIPIENTS = {"collective": "Tập thể", "household": "Hộ gia đình", INDIVIDUAL: "Cá nhân"}
RECIPIENT_COLUMN: dict[str, str] = {
    RecipientKind.UNIT: "collective",
    RecipientKind.AGENCY: "collective",
    RecipientKind.HOUSEHOLD: "household",
    RecipientKind.MEMBER: INDIVIDUAL,
}
POSITIONS = {
    PositionGroup.LEADER: "Lãnh đạo, quản lý",
    PositionGroup.OFFICIAL: "Cán bộ, công chức, viên chức",
    PositionGroup.WORKER: "Công nhân, nông dân, người lao động",
    PositionGroup.OTHER: "Khác",
    UNKNOWN_GROUP: "Chưa xác định",
}
KINDS = {
    CommendationKind.REGULAR: "Thường xuyên (công trạng)",
    CommendationKind.THEMATIC: "Theo đợt, chuyên đề",
    CommendationKind.AD_HOC: "Đột xuất",
    CommendationKind.FOREIGN: "Đối ngoại",
    CommendationKind.LONG_SERVICE: "Quá trình cống hiến",
    CommendationKind.SENIORITY: "Niên hạn",
}

AwardCount = tuple[str, str, str, str, int]
"""(award code, recipient kind, position group, commendation kind, awards)."""


@dataclass(frozen=True)
class RowGroup:
    """A row of the form: the catalogue's awards it counts, itemised or not."""

    label: str
    holds: Callable[[AwardDefinition], bool]
    itemised: bool


@dataclass(frozen=True)
class AwardFormSpec:
    """Which awards a form counts and how it groups them into rows."""

    form: str
    title: str
    level: LevelClass
    groups: Sequence[RowGroup]


def columns() -> list[FormColumn]:
    """Tổng số; by recipient; individuals by position group; by kind of commendation."""
    found = [FormColumn(key=TOTAL, label="Tổng số", group=None, part_of=None)]
    found += [
        FormColumn(key=key, label=label, group="Chia theo đối tượng", part_of=TOTAL)
        for key, label in RECIPIENTS.items()
    ]
    found += [
        FormColumn(
            key=f"position.{key}",
            label=label,
            group="Cá nhân chia theo chức vụ",
            part_of=INDIVIDUAL,
        )
        for key, label in POSITIONS.items()
    ]
    found += [
        FormColumn(
            key=f"kind.{key}", label=label, group="Chia theo loại hình khen thưởng", part_of=TOTAL
        )
        for key, label in KINDS.items()
    ]
    return found


def of_category(category: AwardCategory) -> Callable[[AwardDefinition], bool]:
    """A group holding the awards of ``category``."""
    return lambda award: award.category is category


def of_codes(*codes: str) -> Callable[[AwardDefinition], bool]:
    """A group holding the awards ``codes``."""
    return lambda award: award.code in codes


OTHERS = RowGroup("Hình thức khác", lambda _: True, itemised=True)
"""Codes of the level no group holds, and codes counted but not in the catalogue."""


def row_specs(spec: AwardFormSpec, counted: Iterable[str]) -> list[RowSpec]:
    """01 Tổng số, then each group that holds an award (02, 03…), items under it (02.1…)."""
    codes = [code for code in AWARDS if level_class(code) is spec.level]
    codes += [code for code in dict.fromkeys(counted) if code not in codes]
    specs = [RowSpec("01", "Tổng số", None)]
    number = 1
    for group in (*spec.groups, OTHERS):
        held = [code for code in codes if _holds(group, code)]
        codes = [code for code in codes if code not in held]
        if held:
            number += 1
            specs += _group_rows(f"{number:02d}", group, held)
    return specs


def _holds(group: RowGroup, code: str) -> bool:
    return group is OTHERS or (code in AWARDS and group.holds(AWARDS[code]))


def _group_rows(code: str, group: RowGroup, held: Sequence[str]) -> list[RowSpec]:
    if not group.itemised:
        return [RowSpec(code, group.label, "01", tuple(held))]
    items = [
        RowSpec(f"{code}.{index}", _name(award_code), code, (award_code,))
        for index, award_code in enumerate(held, start=1)
    ]
    return [RowSpec(code, group.label, "01"), *items]


def _name(code: str) -> str:
    award = AWARDS.get(code)
    return award.name_vi if award else code


def award_form(
    spec: AwardFormSpec, header: FormHeader, counts: Sequence[AwardCount]
) -> StatisticalForm:
    """Form ``spec.form`` from award counts (pure)."""
    specs = row_specs(spec, (code for code, *_ in counts))
    row_of = {code: s.code for s in specs for code in s.award_codes}
    leaves: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for code, recipient_kind, position_group, kind, n in counts:
        recipient = RECIPIENT_COLUMN.get(recipient_kind, "collective")
        leaf = leaves[row_of[code]]
        leaf.update({TOTAL: n, recipient: n, f"kind.{kind}": n})
        if recipient == INDIVIDUAL:
            group = position_group if position_group in POSITIONS else UNKNOWN_GROUP
            leaf[f"position.{group}"] += n
    return StatisticalForm(
        form=spec.form,
        title=spec.title,
        reporting_unit=header.reporting_unit,
        agency=header.agency,
        year_from=header.year_from,
        year_to=header.year_to,
        year_basis=header.year_basis,
        unit="Lượt",
        columns=columns(),
        rows=assemble(columns(), specs, leaves),
    )


async def award_counts_of(
    connection: AsyncConnection, level: LevelClass, header: FormHeader
) -> list[AwardCount]:
    """Live awards of ``level`` in the header's years (of its agency, or of every agency)."""
    t = award_counts
    year = t.c.year if header.year_basis is YearBasis.ACHIEVEMENT else t.c.decision_year
    keys = (t.c.award_code, t.c.recipient_kind, t.c.position_group, t.c.commendation_kind)
    query = select(*keys, func.sum(t.c.awards)).where(
        t.c.level_class == level.value, year.between(header.year_from, header.year_to)
    )
    if header.agency is not None:
        query = query.where(t.c.agency == header.agency.agency_code)
    rows = (await connection.execute(query.group_by(*keys))).all()
    return [
        (code, kind, group, commendation, int(n))
        for code, kind, group, commendation, n in rows
        if n
    ]


async def award_form_of(
    connection: AsyncConnection, spec: AwardFormSpec, header: FormHeader
) -> StatisticalForm:
    """Form ``spec.form`` of the header's agency (or the sector) and years."""
    return award_form(spec, header, await award_counts_of(connection, spec.level, header))
