"""Form 0601.N "Số phong trào thi đua", as Circular 02/2023/TT-BNV lays it out.

Columns: 1 Tổng số = 2 + 3 + 4, the campaigns by the level that launched them ("Số phong trào
thi đua chia theo cấp chủ trì phát động thi đua"): 2 Cấp Trung ương (Hội đồng Thi đua – Khen
thưởng Trung ương); 3 Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung
ương; 4 Cơ quan, tổ chức, đơn vị. Rows: 01 Tổng số, then three breakdowns that each add up to
it: 1. by scope (02 Toàn quốc; 03 Bộ, ban, ngành, đoàn thể, địa phương; 04 Cụm, khối thi đua;
05 Cơ quan, tổ chức, đơn vị); 2. by duration (06 Dưới 1 năm … 10 Từ 5 năm trở lên); 3. by way
of organising (11 Thi đua theo chuyên đề; 12 Thi đua thường xuyên hằng năm).

A campaign counts in the form of the reporting period its start date falls in
(:mod:`~services.reporting.forms.period`). A department of a province (Sở) is a "cơ quan, tổ
chức, đơn vị", not the province: the campaigns it launches itself count in column 4, and, but
for a bloc's, in row 05, whatever level and scope they were recorded with.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

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
from services.reporting.queries.form_facts import CampaignFact, campaigns_started_within
from shared.events.vocabulary import AgencyKind, CampaignForm, CampaignScope, LaunchingLevel

LEVELS: dict[str, tuple[str, str]] = {
    LaunchingLevel.CENTRAL: ("2", "Cấp Trung ương (Hội đồng Thi đua – Khen thưởng Trung ương)"),
    LaunchingLevel.MINISTRY_PROVINCE: (
        "3",
        "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
    ),
    LaunchingLevel.UNIT: ("4", "Cơ quan, tổ chức, đơn vị"),
}
SCOPE_ROWS = {
    CampaignScope.NATIONAL: ("02", "Toàn quốc"),
    CampaignScope.SECTOR_LOCAL: ("03", "Bộ, ban, ngành, đoàn thể, địa phương"),
    CampaignScope.BLOC: (
        "04",
        "Cụm, khối thi đua do Hội đồng Thi đua – Khen thưởng các cấp tổ chức",
    ),
    CampaignScope.UNIT: ("05", "Cơ quan, tổ chức, đơn vị"),
}
DURATION_ROWS = {
    "06": "Dưới 1 năm",
    "07": "1 năm",
    "08": "Từ 1 năm đến dưới 3 năm",
    "09": "Từ 3 năm đến dưới 5 năm",
    "10": "Từ 5 năm trở lên",
}
FORM_ROWS = {
    CampaignForm.THEMATIC: ("11", "Thi đua theo chuyên đề"),
    CampaignForm.REGULAR: ("12", "Thi đua thường xuyên hằng năm"),
}


def _columns() -> list[FormColumn]:
    total = FormColumn(
        key=TOTAL, label="Tổng số", headings=[], number="1=(2+3+4)", part_of=None, award_codes=[]
    )
    above = ["Số phong trào thi đua chia theo cấp chủ trì phát động thi đua"]
    return [
        total,
        *(
            FormColumn(
                key=f"level.{level}",
                label=label,
                headings=above,
                number=number,
                part_of=TOTAL,
                award_codes=[],
            )
            for level, (number, label) in LEVELS.items()
        ),
    ]


def _rows() -> list[RowSpec]:
    return [
        RowSpec("01", "Tổng số", None),
        heading("1. Chia theo phạm vi tổ chức thi đua"),
        *(RowSpec(code, label) for code, label in SCOPE_ROWS.values()),
        heading("2. Chia theo thời hạn thi đua"),
        *(RowSpec(code, label) for code, label in DURATION_ROWS.items()),
        heading("3. Chia theo phương thức tổ chức phong trào thi đua"),
        *(RowSpec(code, label) for code, label in FORM_ROWS.values()),
    ]


LAYOUT = Layout(
    form="0601.N",
    title="SỐ PHONG TRÀO THI ĐUA",
    basis="Phong trào thi đua bắt đầu trong thời kỳ báo cáo",
    unit="Phong trào",
    columns=_columns(),
    rows=_rows(),
)


def duration_row(start: date, end: date | None) -> str:
    """The duration row of a campaign from ``start`` to ``end``, by the calendar months it
    runs in: 15/01–31/12 runs in twelve months and is a yearly campaign ("1 năm"); a
    campaign without an end date is renewed year by year, so it is yearly too."""
    if end is None:
        return "07"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months < 12:
        return "06"
    if months == 12:
        return "07"
    if months < 36:
        return "08"
    return "09" if months < 60 else "10"


def placed(fact: CampaignFact) -> tuple[str, str]:
    """(launching level, scope) as the form counts them: a Sở's own campaign is a unit's."""
    if fact.launcher_kind == AgencyKind.PROVINCIAL_DEPARTMENT:
        scope = CampaignScope.BLOC if fact.scope == CampaignScope.BLOC else CampaignScope.UNIT
        return LaunchingLevel.UNIT, scope
    return fact.launching_level, fact.scope


def campaign_form(header: FormHeader, facts: Iterable[CampaignFact]) -> StatisticalForm:
    """Form 0601.N from the campaigns started in the header's period (pure)."""
    cells = []
    for fact in facts:
        level, scope = placed(fact)
        rows = (
            SCOPE_ROWS[CampaignScope(scope)][0],
            duration_row(fact.start_date, fact.end_date),
            FORM_ROWS[CampaignForm(fact.form)][0],
        )
        cells.append((rows, f"level.{level}"))
    return fill(LAYOUT, header, tally(cells))


async def form_0601(connection: AsyncConnection, header: FormHeader) -> StatisticalForm:
    """Form 0601.N of the header's agency (or the sector) and years."""
    period = reporting_period(header.year_from, header.year_to)
    facts = await campaigns_started_within(
        connection, period.first_day, period.last_day, header.agencies_counted
    )
    return campaign_form(header, facts)
