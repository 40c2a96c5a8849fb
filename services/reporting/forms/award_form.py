"""What forms 0602.N and 0603.N share: the rows, the columns by award, and the count.

Rows (the circular's breakdowns of 01 Tổng số): by recipient (Tập thể — units, the agency
itself and enterprises —, "trong đó Doanh nghiệp", Hộ gia đình, Cá nhân), the individuals by
the form's position groups (a "trong đó" breakdown: an individual the directory has not placed
counts in Cá nhân only, and a note says how many), and by the way of commendation (Thường xuyên …
Kháng chiến), which adds up to 01. Form 0602.N starts with the breakdown by the unit that sent
the Prime Minister the proposal (Bộ, ngành / Tỉnh, thành phố), read from the agency's kind.
Columns: Tổng số, then the form's award columns (:class:`AwardColumn`), which add up to it.

Counts are award instances (lượt) whose decision was signed within the reporting period
(:mod:`~services.reporting.forms.period`), revoked ones left out. An enterprise is a recipient
of its own kind (named by its tax code), counted in Tập thể and in "trong đó Doanh nghiệp".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.forms.model import (
    TOTAL,
    FormColumn,
    FormHeader,
    Layout,
    RowSpec,
    StatisticalForm,
    fill,
    heading,
    tally,
)
from services.reporting.forms.period import reporting_period
from services.reporting.queries.form_facts import AwardFact, awards_signed_within
from shared.events.vocabulary import AgencyKind, CommendationKind, PositionGroup, RecipientKind
from shared.reference.awards import AWARDS, RecipientScope

COLLECTIVE, HOUSEHOLD, INDIVIDUAL = "collective", "household", "individual"
RECIPIENT_CLASS: dict[str, str] = {
    RecipientKind.UNIT: COLLECTIVE,
    RecipientKind.AGENCY: COLLECTIVE,
    RecipientKind.ENTERPRISE: COLLECTIVE,
    RecipientKind.HOUSEHOLD: HOUSEHOLD,
    RecipientKind.MEMBER: INDIVIDUAL,
}
SUBCOLUMNS = {COLLECTIVE: "Tập thể", HOUSEHOLD: "Hộ gia đình", INDIVIDUAL: "Cá nhân"}
RECIPIENT_ROW = {COLLECTIVE: 0, HOUSEHOLD: 2, INDIVIDUAL: 3}
"""A recipient's row, counted from the form's first recipient row (1 is its enterprises)."""
ENTERPRISES, POSITIONS_FROM, KINDS_FROM = 1, 4, 9
"""Where the other rows start, counted from the form's first recipient row."""
SCOPE_CLASSES = {
    RecipientScope.COLLECTIVE: (COLLECTIVE,),
    RecipientScope.INDIVIDUAL: (INDIVIDUAL,),
    RecipientScope.BOTH: (COLLECTIVE, INDIVIDUAL),
}
DIRECT_WORKERS = (
    "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
    "(công nhân, nông dân,...)"
)
POSITION_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", (PositionGroup.MINISTRY_LEADER,)),
    ("Lãnh đạo cấp vụ, sở, ngành và tương đương", (PositionGroup.DEPARTMENT_HEAD,)),
    ("Doanh nhân", (PositionGroup.ENTREPRENEUR,)),
    ("Các cấp lãnh đạo khác từ phó phòng trở lên", (PositionGroup.LEADER,)),
    (DIRECT_WORKERS, (PositionGroup.OFFICIAL, PositionGroup.WORKER, PositionGroup.OTHER)),
)
KIND_ROWS = (
    ("Thường xuyên", CommendationKind.REGULAR),
    ("Chuyên đề", CommendationKind.THEMATIC),
    ("Đột xuất", CommendationKind.AD_HOC),
    ("Đối ngoại", CommendationKind.FOREIGN),
    ("Cống hiến", CommendationKind.LONG_SERVICE),
    ("Niên hạn", CommendationKind.SENIORITY),
    ("Kháng chiến", "resistance"),
)
"""Kháng chiến: commendation for the resistance wars, a kind no award here records yet."""
ISSUERS = (
    ("Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành", AgencyKind.MINISTRY_UNIT),
    ("Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP", AgencyKind.PROVINCIAL_DEPARTMENT),
)


@dataclass(frozen=True)
class AwardColumn:
    """A column of the form: the awards it counts, split by recipient (0602.N) or not."""

    key: str
    label: str
    number: str
    codes: tuple[str, ...]
    headings: tuple[str, ...] = ()
    split: bool = False


@dataclass(frozen=True)
class AwardFormSpec:
    """A form's title, rows and award columns; ``others`` holds the level's codes no column
    names (None: they are left out, with a note)."""

    form: str
    title: str
    level: str
    columns: Sequence[AwardColumn]
    first_rows: Sequence[RowSpec]
    first_code: int
    others: str | None = None


def row_specs(spec: AwardFormSpec) -> list[RowSpec]:
    """01 Tổng số, the form's first rows, then the recipients and the ways of commendation."""
    n = spec.first_code
    code = [f"{i:02d}" for i in range(n, n + KINDS_FROM + len(KIND_ROWS))]
    individuals = code[RECIPIENT_ROW[INDIVIDUAL]]
    positions = [
        RowSpec(code[POSITIONS_FROM + i], label, individuals, "Người", adds_up=False)
        for i, (label, _) in enumerate(POSITION_ROWS)
    ]
    return [
        RowSpec("01", "Tổng số", None),
        *spec.first_rows,
        heading(f"{2 if spec.first_rows else 1}. Chia theo đối tượng khen thưởng"),
        RowSpec(code[0], "Tập thể", unit="Tập thể"),
        RowSpec(code[ENTERPRISES], "Trong đó: Doanh nghiệp", code[0], "Doanh nghiệp", False),
        RowSpec(code[RECIPIENT_ROW[HOUSEHOLD]], "Hộ gia đình", unit="Hộ"),
        RowSpec(individuals, "Cá nhân", unit="Người"),
        *positions,
        heading(f"{3 if spec.first_rows else 2}. Chia theo phương thức khen thưởng"),
        *(RowSpec(code[KINDS_FROM + i], label) for i, (label, _) in enumerate(KIND_ROWS)),
    ]


def columns(spec: AwardFormSpec, facts: Iterable[AwardFact]) -> list[FormColumn]:
    """Tổng số, then each award column (split: a sub-column per recipient the awards may go to,
    and per recipient they went to)."""
    got = {(column_of(spec, f.award_code), _recipient(f)) for f in facts}
    found = [
        FormColumn(
            key=TOTAL, label="Tổng số", headings=[], number="1", part_of=None, award_codes=[]
        )
    ]
    for column in spec.columns:
        if not column.split:
            found.append(_column(column, column.key, column.label, list(column.headings)))
            continue
        above = ["Chia ra", *column.headings, column.label]
        for recipient in SUBCOLUMNS:
            if recipient in _classes(column) or (column.key, recipient) in got:
                key = f"{column.key}.{recipient}"
                found.append(_column(column, key, SUBCOLUMNS[recipient], above))
    return found


def _column(column: AwardColumn, key: str, label: str, headings: list[str]) -> FormColumn:
    return FormColumn(
        key=key,
        label=label,
        headings=headings,
        number=column.number,
        part_of=TOTAL,
        award_codes=list(column.codes),
    )


def _classes(column: AwardColumn) -> set[str]:
    if not column.codes:
        return {COLLECTIVE, INDIVIDUAL}
    return {
        c for code in column.codes if code in AWARDS for c in SCOPE_CLASSES[AWARDS[code].recipient]
    }


def column_of(spec: AwardFormSpec, award_code: str) -> str | None:
    """The key of the column counting ``award_code`` (None: no column of the form)."""
    for column in spec.columns:
        if award_code in column.codes:
            return column.key
    return spec.others


def _recipient(fact: AwardFact) -> str:
    return RECIPIENT_CLASS.get(fact.recipient_kind, COLLECTIVE)


def rows_of(spec: AwardFormSpec, fact: AwardFact) -> list[str]:
    """The codes of the rows ``fact`` counts in (besides 01)."""
    n = spec.first_code
    recipient = _recipient(fact)
    codes = [f"{n + RECIPIENT_ROW[recipient]:02d}"]
    if fact.recipient_kind == RecipientKind.ENTERPRISE:
        codes.append(f"{n + ENTERPRISES:02d}")
    if recipient == INDIVIDUAL:
        codes += [
            f"{n + POSITIONS_FROM + i:02d}"
            for i, (_, groups) in enumerate(POSITION_ROWS)
            if fact.position_group in groups
        ]
    codes += [
        f"{n + KINDS_FROM + i:02d}"
        for i, (_, kind) in enumerate(KIND_ROWS)
        if fact.commendation_kind == kind
    ]
    codes += [
        f"{2 + i:02d}"
        for i, (_, _, kind) in enumerate(ISSUERS)
        if spec.first_rows and fact.agency_kind == kind
    ]
    return codes


def award_form(
    spec: AwardFormSpec, header: FormHeader, facts: Sequence[AwardFact]
) -> StatisticalForm:
    """Form ``spec.form`` from the awards signed within the header's period (pure)."""
    counted = [f for f in facts if column_of(spec, f.award_code) is not None]
    cells = [(rows_of(spec, f), _leaf(spec, f)) for f in counted]
    layout = Layout(
        spec.form,
        spec.title,
        "Lượt khen thưởng có quyết định ký trong thời kỳ báo cáo",
        None,
        columns(spec, counted),
        row_specs(spec),
    )
    return fill(layout, header, tally(cells), notes(spec, facts, counted))


def _leaf(spec: AwardFormSpec, fact: AwardFact) -> str:
    key = column_of(spec, fact.award_code)
    split = next((c.split for c in spec.columns if c.key == key), True)
    return f"{key}.{_recipient(fact)}" if split else str(key)


def notes(
    spec: AwardFormSpec, facts: Sequence[AwardFact], counted: Sequence[AwardFact]
) -> list[str]:
    """What the numbers leave out, in words."""
    found = []
    left_out = Counter(f.award_code for f in facts if column_of(spec, f.award_code) is None)
    for code, n in sorted(left_out.items()):
        name = AWARDS[code].name_vi if code in AWARDS else code
        found.append(f"{n} lượt {name} không thuộc cột nào của biểu nên không được tính.")
    grouped = {g for _, groups in POSITION_ROWS for g in groups}
    unplaced = sum(
        1 for f in counted if _recipient(f) == INDIVIDUAL and f.position_group not in grouped
    )
    if unplaced:
        found.append(
            f"{unplaced} lượt cá nhân chưa xác định nhóm chức vụ: chỉ tính ở dòng Cá nhân."
        )
    if spec.first_rows and (unknown := sum(1 for f in counted if f.agency_kind is None)):
        found.append(
            f"{unknown} lượt của cơ quan chưa đăng ký loại hình: chưa chia theo đơn vị trình."
        )
    return found


async def award_form_of(
    connection: AsyncConnection, spec: AwardFormSpec, header: FormHeader
) -> StatisticalForm:
    """Form ``spec.form`` of the header's agency (or the sector) and years."""
    period = reporting_period(header.year_from, header.year_to)
    facts = await awards_signed_within(
        connection, spec.level, period.first_day, period.last_day, header.agencies_counted
    )
    return award_form(spec, header, facts)
