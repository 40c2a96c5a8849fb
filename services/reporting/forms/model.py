"""A statistical form of Circular 02/2023/TT-BNV as the circular lays it out, and the check
that its totals add up.

A form has a header block (Biểu số …/BNV-TĐKT, the circular, the day it is received, the
reporting and receiving units), a title and its year, a grid and a signature block (Người lập
biểu, Thủ trưởng đơn vị). The grid's columns carry the column-numbering row (A, B, C for the
label, code and unit columns, then 1, 2, …) and the headings above them (outermost first);
every column but the total is ``part_of`` the total. Its rows are the breakdowns of row 01
"Tổng số": each section ("1. Chia theo …", a heading row without values) holds rows that add
up to the row they are ``part_of``; the rows of a "trong đó" breakdown (``adds_up`` false) may
add up to less. A value is None where the data to count it is not recorded (an empty cell).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from services.reporting.forms.period import CIRCULAR, RECEIVED_ON, reporting_period
from services.reporting.lineage_words import scope_sentence
from services.reporting.queries.common import AgencyScope
from services.reporting.queries.models import AgencyInfo

SECTOR = "Toàn ngành Công Thương"
"""The reporting unit of a form over every agency."""
TOTAL = "total"
TOTAL_ROW = "01"


class FormCode(StrEnum):
    """The forms of Circular 02/2023/TT-BNV the service fills in."""

    CAMPAIGNS = "0601"
    """0601.N: campaigns launched."""
    STATE_AWARDS = "0602"
    """0602.N: state-level awards."""
    MINISTRY_PROVINCE_AWARDS = "0603"
    """0603.N: ministry- and province-level awards."""


class FormColumn(BaseModel):
    """One column of numbers."""

    key: str = Field(description="Stable key, e.g. total, level.unit, BK_TTG.individual.")
    label: str = Field(description="Its own heading, e.g. Cá nhân.")
    headings: list[str] = Field(
        description="Headings above it, outermost first, e.g. [Chia ra, Bằng khen của Thủ "
        "tướng Chính phủ]; neighbours with the same heading share one merged cell."
    )
    number: str = Field(description="Its cell in the column-numbering row, e.g. 1=(2+3+4).")
    part_of: str | None = Field(description="Key of the column it adds up into (null: total).")
    award_codes: list[str] = Field(description="Award codes it counts (0602.N, 0603.N).")


class FormRow(BaseModel):
    """One row (chỉ tiêu), or the heading of a section of rows (no code, no values)."""

    code: str | None = Field(description="Row code (mã số), e.g. 02; null for a heading.")
    label: str = Field(description="Vietnamese label, as the circular words it.")
    unit: str | None = Field(description="Đơn vị tính of the row (0602.N, 0603.N).")
    part_of: str | None = Field(description="Code of the row it breaks down.")
    adds_up: bool = Field(
        description="Whether its section adds up to that row (false: a 'trong đó' breakdown)."
    )
    indent: int = Field(description="0 for 01 and headings, 1 under 01, 2 under those.")
    values: dict[str, int | None] = Field(
        description="Column key → count, in column order; null where it is not recorded."
    )


class FormSignature(BaseModel):
    """One signature of the block under the grid."""

    role: str = Field(description="E.g. Người lập biểu.")
    note: str = Field(description="E.g. (Ký, họ tên).")


SIGNATURES = [
    FormSignature(role="Người lập biểu", note="(Ký, họ tên)"),
    FormSignature(role="Thủ trưởng đơn vị", note="(Ký, đóng dấu, họ tên)"),
]


class StatisticalForm(BaseModel):
    """One filled-in form of Circular 02/2023/TT-BNV for an agency (or the sector) and a year."""

    form: str = Field(description="Form number, e.g. 0602.N.")
    form_code: str = Field(description="The header's form code, e.g. Biểu số: 0602.N/BNV-TĐKT.")
    legal_basis: str = Field(description="Ban hành theo Thông tư số 02/2023/TT-BNV …")
    received_on: str = Field(description="Ngày nhận báo cáo, as the circular sets it.")
    title: str = Field(description="Vietnamese title, in capitals as printed.")
    reporting_unit: str = Field(description="Đơn vị báo cáo: the agency, or the whole sector.")
    receiving_unit: str = Field(description="Đơn vị nhận báo cáo.")
    agency: AgencyInfo | None = Field(description="The agency; null for the whole sector.")
    agencies_counted: list[str] | None = Field(
        default=None,
        description="Codes of the agencies whose history is counted (the agency, then its "
        "predecessors with include_predecessors); null for the whole sector.",
    )
    year_from: int = Field(description="First year of the report.")
    year_to: int = Field(description="Last year of the report (the form's year).")
    period_from: date = Field(description="First day counted: 1 December of the year before.")
    period_to: date = Field(description="Last day counted: 30 November of the form's year.")
    basis: str = Field(description="What is counted within the period, in words.")
    unit: str | None = Field(description="Đơn vị tính of the whole form (0601.N), else null.")
    columns: list[FormColumn]
    rows: list[FormRow]
    notes: list[str] = Field(description="What the officer should know about the numbers.")
    signatures: list[FormSignature]

    def row(self, code: str) -> FormRow:
        """The row of ``code`` (KeyError if there is none)."""
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def column(self, key: str) -> FormColumn:
        """The column of ``key`` (KeyError if there is none)."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class FormHeader:
    """Whose form and which years; the receiving unit when the caller names one."""

    agency: AgencyInfo | None
    year_from: int
    year_to: int
    receiving_unit: str | None = None
    scope: AgencyScope | None = None
    """Whose history the agency's form counts (by default the agency alone)."""

    @property
    def agencies_counted(self) -> list[str] | None:
        """The agencies whose history is counted; None for the whole sector."""
        if self.agency is None:
            return None
        return list(self.scope.codes if self.scope else (self.agency.agency_code,))

    @property
    def scope_note(self) -> str | None:
        """The sentence saying whether the predecessors' history is counted."""
        return scope_sentence(self.scope) if self.scope else None

    @property
    def reporting_unit(self) -> str:
        if self.agency is None:
            return SECTOR
        return self.agency.name or f"Cơ quan {self.agency.agency_code}"

    @property
    def receiver(self) -> str:
        """The agency's forms go to the ministry; the sector's to the central council."""
        if self.receiving_unit:
            return self.receiving_unit
        if self.agency is None:
            return "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)"
        return "Bộ Công Thương (Vụ Thi đua – Khen thưởng)"


@dataclass(frozen=True)
class RowSpec:
    """A row to be filled in; a heading when ``code`` is None."""

    code: str | None
    label: str
    part_of: str | None = TOTAL_ROW
    unit: str | None = None
    adds_up: bool = True
    recorded: bool = True
    """False: the data the row counts is not recorded, so its values are empty."""


@dataclass(frozen=True)
class Layout:
    """What a form is besides its numbers."""

    form: str
    title: str
    basis: str
    unit: str | None
    columns: Sequence[FormColumn]
    rows: Sequence[RowSpec]


def heading(label: str) -> RowSpec:
    return RowSpec(None, label, None)


def tally(cells: Iterable[tuple[Iterable[str], str]]) -> dict[str, Counter[str]]:
    """Row code → column key → count, from each counted thing's rows and leaf column; every
    thing counts in row 01 and in the total column too."""
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for rows, column in cells:
        for row in (TOTAL_ROW, *rows):
            counts[row].update((TOTAL, column))
    return counts


def fill(
    layout: Layout,
    header: FormHeader,
    counts: Mapping[str, Counter[str]],
    notes: Sequence[str] = (),
) -> StatisticalForm:
    """The form of ``layout`` with ``counts`` (row code → column key → n)."""
    period = reporting_period(header.year_from, header.year_to)
    return StatisticalForm(
        form=layout.form,
        form_code=f"Biểu số: {layout.form}/BNV-TĐKT",
        legal_basis=f"Ban hành theo {CIRCULAR}",
        received_on=RECEIVED_ON,
        title=layout.title,
        reporting_unit=header.reporting_unit,
        receiving_unit=header.receiver,
        agency=header.agency,
        agencies_counted=header.agencies_counted,
        year_from=header.year_from,
        year_to=header.year_to,
        period_from=period.first_day,
        period_to=period.last_day,
        basis=layout.basis,
        unit=layout.unit,
        columns=list(layout.columns),
        rows=[_row(spec, layout.columns, counts) for spec in layout.rows],
        notes=[*notes, *filter(None, [header.scope_note])],
        signatures=SIGNATURES,
    )


def _row(
    spec: RowSpec, columns: Sequence[FormColumn], counts: Mapping[str, Counter[str]]
) -> FormRow:
    found = counts.get(spec.code or "", Counter())
    values: dict[str, int | None] = {}
    if spec.code is not None:
        values = {c.key: found[c.key] if spec.recorded else None for c in columns}
    return FormRow(
        code=spec.code,
        label=spec.label,
        unit=spec.unit,
        part_of=spec.part_of,
        adds_up=spec.adds_up,
        indent=0 if spec.part_of is None else 1 if spec.part_of == TOTAL_ROW else 2,
        values=values,
    )


def inconsistencies(form: StatisticalForm) -> list[str]:
    """Every total that does not add up, in words (empty when the form is consistent)."""
    problems = [
        problem for row in form.rows if row.code is not None for problem in _row_problems(form, row)
    ]
    for parent, adds_up, kids in _sections(form):
        whole = form.row(parent)
        for key, total in whole.values.items():
            parts = [kid.values[key] for kid in kids]
            if total is None or None in parts:
                continue
            found = sum(part or 0 for part in parts)
            if found > total or (adds_up and found != total):
                codes = ", ".join(str(kid.code) for kid in kids)
                problems.append(
                    f"column {key}: rows {codes} add up to {found}, {parent} is {total}"
                )
    return problems


def _row_problems(form: StatisticalForm, row: FormRow) -> list[str]:
    problems = []
    for whole in form.columns:
        parts = [row.values[c.key] for c in form.columns if c.part_of == whole.key]
        total = row.values[whole.key]
        if not parts or total is None or None in parts:
            continue
        found = sum(part or 0 for part in parts)
        if found != total:
            problems.append(f"row {row.code}: columns add up to {found}, {whole.key} is {total}")
    return problems


def _sections(form: StatisticalForm) -> list[tuple[str, bool, list[FormRow]]]:
    """The groups of rows that break a row down: (that row, whether they add up to it, the
    rows); a heading row starts a new section."""
    sections: defaultdict[tuple[str, bool, int], list[FormRow]] = defaultdict(list)
    section = 0
    for row in form.rows:
        if row.code is None:
            section += 1
        elif row.part_of is not None:
            sections[row.part_of, row.adds_up, section].append(row)
    return [(parent, adds_up, rows) for (parent, adds_up, _), rows in sections.items()]
