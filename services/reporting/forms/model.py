"""A statistical form as titled rows × columns with Vietnamese labels, and the check that its
totals add up.

A form has one grid: every row (mã số, chỉ tiêu) has a value in every column. Columns come in
groups ("Chia theo đối tượng": Tập thể, Hộ gia đình, Cá nhân) whose members add up to the
column they are ``part_of`` ("Tổng số"); rows are ``part_of`` the row they add up into (the
orders of each class into "Huân chương", the groups into "Tổng số"). Builders fill the leaf
rows from the projections and roll the parents up with :func:`assemble`;
:func:`inconsistencies` checks both directions independently of how the values were made.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field

from services.reporting.queries.models import AgencyInfo, YearBasis

SECTOR = "Toàn ngành Công Thương"
"""The reporting unit of a form over every agency."""


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

    key: str = Field(description="Stable key, e.g. total, collective, position.leader.")
    label: str = Field(description="Vietnamese heading, e.g. Tập thể.")
    group: str | None = Field(description="Heading of its group, e.g. Chia theo đối tượng.")
    part_of: str | None = Field(
        description="Key of the column its group adds up to (null for the total)."
    )


class FormRow(BaseModel):
    """One row (chỉ tiêu): its code, label and a number per column."""

    code: str = Field(description="Row code (mã số), e.g. 02 or 02.1.")
    label: str = Field(description="Vietnamese label.")
    part_of: str | None = Field(description="Code of the row it adds up into with its siblings.")
    award_codes: list[str] = Field(description="Award codes counted in the row (0602/0603).")
    values: dict[str, int] = Field(description="Column key → count, in column order.")


class StatisticalForm(BaseModel):
    """One filled-in form of Circular 02/2023/TT-BNV for an agency (or the sector) and a year."""

    form: str = Field(description="Form number, e.g. 0602.N.")
    title: str = Field(description="Vietnamese title of the form.")
    legal_basis: str = "Thông tư 02/2023/TT-BNV"
    reporting_unit: str = Field(description="Agency name, or the whole sector.")
    agency: AgencyInfo | None = Field(description="The agency; null for the whole sector.")
    year_from: int = Field(description="First year counted (the form's year).")
    year_to: int = Field(description="Last year counted (the form's year).")
    year_basis: YearBasis = Field(description="Awards by achievement or decision year.")
    unit: str = Field(description="Đơn vị tính: what the numbers count.")
    columns: list[FormColumn]
    rows: list[FormRow]

    def row(self, code: str) -> FormRow:
        """The row of ``code`` (KeyError if there is none)."""
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def rows_of(self, award_code: str) -> list[FormRow]:
        """The rows counting ``award_code`` (its item row and the rows above it)."""
        return [row for row in self.rows if award_code in row.award_codes]


@dataclass(frozen=True)
class FormHeader:
    """What a form says about itself besides its numbers."""

    agency: AgencyInfo | None
    year_from: int
    year_to: int
    year_basis: YearBasis = YearBasis.ACHIEVEMENT

    @property
    def reporting_unit(self) -> str:
        if self.agency is None:
            return SECTOR
        return self.agency.name or f"Cơ quan {self.agency.agency_code}"


@dataclass(frozen=True)
class RowSpec:
    """A row to be filled: leaves get counted values, parents the sum of their children."""

    code: str
    label: str
    part_of: str | None
    award_codes: tuple[str, ...] = field(default=())


def assemble(
    columns: Sequence[FormColumn], specs: Sequence[RowSpec], leaves: Mapping[str, Counter[str]]
) -> list[FormRow]:
    """Rows of ``specs``: leaf values from ``leaves`` (row code → column key → n), parents
    summed from their children (a parent is listed before its children)."""
    children: defaultdict[str, list[str]] = defaultdict(list)
    for spec in specs:
        if spec.part_of is not None:
            children[spec.part_of].append(spec.code)
    values: dict[str, Counter[str]] = {}
    for spec in reversed(specs):
        kids = children.get(spec.code)
        values[spec.code] = (
            sum((values[kid] for kid in kids), Counter())
            if kids
            else leaves.get(spec.code, Counter())
        )
    return [
        FormRow(
            code=spec.code,
            label=spec.label,
            part_of=spec.part_of,
            award_codes=list(_codes_under(spec, specs)),
            values={column.key: values[spec.code][column.key] for column in columns},
        )
        for spec in specs
    ]


def _codes_under(spec: RowSpec, specs: Sequence[RowSpec]) -> Iterable[str]:
    yield from spec.award_codes
    for child in specs:
        if child.part_of == spec.code:
            yield from _codes_under(child, specs)


def inconsistencies(form: StatisticalForm) -> list[str]:
    """Every total that does not add up, in words (empty when the form is consistent)."""
    problems: list[str] = []
    groups: defaultdict[tuple[str, str | None], list[str]] = defaultdict(list)
    for column in form.columns:
        if column.part_of is not None:
            groups[column.part_of, column.group].append(column.key)
    for row in form.rows:
        for (whole, group), parts in groups.items():
            total = sum(row.values[key] for key in parts)
            if total != row.values[whole]:
                problems.append(
                    f"row {row.code}: {group} adds up to {total}, {whole} is {row.values[whole]}"
                )
    for parent in form.rows:
        kids = [row for row in form.rows if row.part_of == parent.code]
        for key in parent.values if kids else ():
            total = sum(kid.values[key] for kid in kids)
            if total != parent.values[key]:
                problems.append(
                    f"column {key}: rows under {parent.code} add up to {total}, "
                    f"row {parent.code} has {parent.values[key]}"
                )
    return problems
