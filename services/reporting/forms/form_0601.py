"""Form 0601.N: campaigns launched, read from ``campaign_counts``.

Rows: the launching level (Tổng số; Trung ương; bộ, ngành, tỉnh; cơ sở). Columns: Tổng số,
then three groups that each add up to it: by scope (toàn quốc; ngành, địa phương; cụm, khối;
đơn vị), by duration (dưới 1 năm … từ 5 năm trở lên, plus campaigns launched without an end
date) and by form (theo chuyên đề; thường xuyên hằng năm). A campaign counts in the year of its
start date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reporting.forms.model import (
    FormColumn,
    FormHeader,
    RowSpec,
    StatisticalForm,
    assemble,
)
from services.reporting.projections.dimensions import Duration
from services.reporting.projections.tables import campaign_counts
from services.reporting.queries.common import YearRange
from shared.events.vocabulary import CampaignForm, CampaignScope, LaunchingLevel

TITLE = "Số phong trào thi đua được phát động"
TOTAL = "total"

LAUNCHING_LEVELS: dict[str, str] = {
    LaunchingLevel.CENTRAL: "Hội đồng Thi đua – Khen thưởng Trung ương phát động",
    LaunchingLevel.MINISTRY_PROVINCE: "Bộ, ban, ngành, tỉnh phát động",
    LaunchingLevel.UNIT: "Cơ sở phát động",
}
ROW_CODES: dict[str, str] = {
    LaunchingLevel.CENTRAL: "02",
    LaunchingLevel.MINISTRY_PROVINCE: "03",
    LaunchingLevel.UNIT: "04",
}
SCOPES: dict[str, str] = {
    CampaignScope.NATIONAL: "Toàn quốc",
    CampaignScope.SECTOR_LOCAL: "Ngành, địa phương",
    CampaignScope.BLOC: "Cụm, khối thi đua",
    CampaignScope.UNIT: "Đơn vị",
}
DURATIONS: dict[str, str] = {
    Duration.UNDER_1Y: "Dưới 1 năm",
    Duration.ONE_YEAR: "1 năm",
    Duration.FROM_1_TO_3Y: "Từ 1 đến dưới 3 năm",
    Duration.FROM_3_TO_5Y: "Từ 3 đến dưới 5 năm",
    Duration.FIVE_YEARS_PLUS: "Từ 5 năm trở lên",
    Duration.OPEN_ENDED: "Không xác định thời hạn",
}
FORMS: dict[str, str] = {
    CampaignForm.THEMATIC: "Theo chuyên đề",
    CampaignForm.REGULAR: "Thường xuyên hằng năm",
}
GROUPS = (
    ("scope", "Chia theo phạm vi", SCOPES),
    ("duration", "Chia theo thời gian", DURATIONS),
    ("form", "Chia theo hình thức", FORMS),
)

CampaignCount = tuple[str, str, str, str, int]
"""(launching level, scope, form, duration, campaigns)."""


def columns() -> list[FormColumn]:
    """Tổng số, then the scope, duration and form groups."""
    found = [FormColumn(key=TOTAL, label="Tổng số", group=None, part_of=None)]
    for dimension, heading, labels in GROUPS:
        found += [
            FormColumn(key=f"{dimension}.{key}", label=label, group=heading, part_of=TOTAL)
            for key, label in labels.items()
        ]
    return found


def row_specs() -> list[RowSpec]:
    """01 Tổng số, then one row per launching level."""
    rows = [RowSpec(ROW_CODES[level], label, "01") for level, label in LAUNCHING_LEVELS.items()]
    return [RowSpec("01", "Tổng số phong trào thi đua", None), *rows]


def campaign_form(header: FormHeader, counts: Iterable[CampaignCount]) -> StatisticalForm:
    """Form 0601.N from campaign counts (pure)."""
    leaves: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for level, scope, form, duration, n in counts:
        leaf = leaves[ROW_CODES[level]]
        leaf[TOTAL] += n
        leaf.update({f"scope.{scope}": n, f"duration.{duration}": n, f"form.{form}": n})
    return StatisticalForm(
        form="0601.N",
        title=TITLE,
        reporting_unit=header.reporting_unit,
        agency=header.agency,
        year_from=header.year_from,
        year_to=header.year_to,
        year_basis=header.year_basis,
        unit="Phong trào",
        columns=columns(),
        rows=assemble(columns(), row_specs(), leaves),
    )


async def campaign_counts_of(
    connection: AsyncConnection, agency: str | None, years: YearRange
) -> list[CampaignCount]:
    """Campaigns started in ``years`` (of ``agency``, or of every agency)."""
    t = campaign_counts
    keys = (t.c.launching_level, t.c.scope, t.c.form, t.c.duration)
    query = select(*keys, func.sum(t.c.campaigns)).where(
        t.c.year.between(years.year_from, years.year_to)
    )
    if agency is not None:
        query = query.where(t.c.agency == agency)
    rows = (await connection.execute(query.group_by(*keys))).all()
    return [(level, scope, form, duration, int(n)) for level, scope, form, duration, n in rows if n]


async def form_0601(connection: AsyncConnection, header: FormHeader) -> StatisticalForm:
    """Form 0601.N of the header's agency (or the sector) and years."""
    agency = header.agency.agency_code if header.agency else None
    years = YearRange(header.year_from, header.year_to)
    return campaign_form(header, await campaign_counts_of(connection, agency, years))
