"""Forms 0602.N and 0603.N over the award projection: award × recipient, position
group and kind of commendation; totals that add up; revoked and other-level awards left out."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.forms import build_form
from services.reporting.forms.award_form import award_form
from services.reporting.forms.form_0602 import SPEC as SPEC_0602
from services.reporting.forms.model import FormCode, FormHeader, StatisticalForm, inconsistencies
from services.reporting.queries.agency_awards import agency_awards
from services.reporting.queries.common import YearRange, find_agency
from services.reporting.queries.models import YearBasis
from shared.envelope import EventEnvelope
from tests.harness.reporting_events import (
    agency_registered,
    award,
    award_id_of,
    award_revoked,
    feed,
    member_added,
    reporting_consumer,
)


def state_awards() -> list[EventEnvelope]:
    revoked = award("HCLD3", "m-3", 2019)
    return [
        agency_registered(),
        member_added("m-1", "leader"),
        member_added("m-2", "worker"),
        award("HCLD3", "u-1", 2019, kind="unit", year_from=2015),
        award("HCLD3", "m-1", 2019),
        revoked,
        award_revoked(award_id_of(revoked)),
        award("BK_TTG", "h-1", 2019, kind="household", commendation_kind="ad_hoc"),
        award("BK_TTG", "m-2", 2019, commendation_kind="thematic"),
        award("CSTDTQ", "m-9", 2019),
        award("CO_THI_DUA_CP", "01", 2019, kind="agency"),
        award("AHLD", "m-1", 2019, commendation_kind="long_service"),
        award("LDTT", "m-1", 2019),
        award("BK_BO", "m-1", 2019),
        award("BK_TTG", "m-2", 2018),
        award("BK_TTG", "m-2", 2019, agency="06"),
    ]


def ministry_awards() -> list[EventEnvelope]:
    return [
        agency_registered(),
        award("BK_BO", "u-1", 2019, kind="unit"),
        award("BK_BO", "m-1", 2019),
        award("BK_TINH", "m-2", 2019, commendation_kind="thematic"),
        award("CSTD_TINH", "m-3", 2019),
        award("CO_THI_DUA_BO", "01", 2019, kind="agency"),
        award("CO_THI_DUA_TINH", "u-2", 2019, kind="unit"),
        award("KNC", "m-4", 2019, commendation_kind="long_service"),
        award("TTLDXS", "u-1", 2019, kind="unit"),
        award("HCLD3", "m-1", 2019),
    ]


async def form_of(
    engine: AsyncEngine,
    form: FormCode,
    agency: str | None = "01",
    year: int = 2019,
    basis: YearBasis = YearBasis.ACHIEVEMENT,
) -> StatisticalForm:
    async with engine.connect() as connection:
        info = await find_agency(connection, agency) if agency else None
        return await build_form(connection, form, FormHeader(info, year, year, basis))


def values(form: StatisticalForm, code: str, *columns: str) -> tuple[int, ...]:
    row = form.row(code)
    return tuple(row.values[column] for column in columns)


async def test_state_awards_by_award_recipient_and_position(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), state_awards())

    form = await form_of(reporting_db, FormCode.STATE_AWARDS)

    assert (form.form, form.unit) == ("0602.N", "Lượt")
    assert values(form, "01", "total", "collective", "household", "individual") == (7, 2, 1, 4)
    assert values(form, "02", "total", "collective", "individual") == (2, 1, 1)
    assert form.row("02.8").label == "Huân chương Lao động hạng Ba"
    assert values(form, "02.8", "position.leader", "position.unknown") == (1, 0)
    assert values(form, "04.1", "individual", "kind.long_service") == (1, 1)
    assert values(form, "06", "collective") == (1,)
    assert values(form, "07", "household", "kind.ad_hoc", "kind.thematic") == (1, 1, 1)
    assert values(form, "07", "position.worker") == (1,)
    assert values(form, "08", "position.unknown", "kind.regular") == (1, 1)
    assert inconsistencies(form) == []


async def test_the_state_form_rows(reporting_db: AsyncEngine) -> None:
    form = await form_of(reporting_db, FormCode.STATE_AWARDS, agency=None)

    groups = [(row.code, row.label) for row in form.rows if "." not in row.code]
    assert groups == [
        ("01", "Tổng số"),
        ("02", "Huân chương"),
        ("03", "Huy chương"),
        ("04", "Danh hiệu vinh dự Nhà nước"),
        ("05", "Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước"),
        ("06", "Cờ thi đua của Chính phủ"),
        ("07", "Bằng khen của Thủ tướng Chính phủ"),
        ("08", "Chiến sĩ thi đua toàn quốc"),
    ]
    assert [row.code for row in form.rows if row.part_of == "02"] == [
        f"02.{i}" for i in range(1, 9)
    ]
    assert form.row("02").award_codes[0] == "HCSV"


async def test_ministry_and_province_awards(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), ministry_awards())

    form = await form_of(reporting_db, FormCode.MINISTRY_PROVINCE_AWARDS)

    labels = [(row.code, row.label) for row in form.rows if row.part_of in (None, "01")]
    assert labels == [
        ("01", "Tổng số"),
        ("02", "Bằng khen"),
        ("03", "Chiến sĩ thi đua cấp bộ, tỉnh"),
        ("04", "Cờ thi đua cấp bộ, tỉnh"),
        ("05", "Kỷ niệm chương"),
        ("06", "Tập thể lao động xuất sắc"),
    ]
    assert values(form, "02", "total", "collective", "individual", "kind.thematic") == (3, 1, 2, 1)
    assert (form.row("02.1").award_codes, form.row("02.2").award_codes) == (["BK_BO"], ["BK_TINH"])
    assert values(form, "03.2", "individual") == (1,)
    assert values(form, "04", "collective") == (2,)
    assert values(form, "05", "kind.long_service") == (1,)
    assert values(form, "01", "total") == (8,)
    assert inconsistencies(form) == []


async def test_the_forms_agree_with_the_agency_statistics(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), state_awards(), ministry_awards()[1:])

    state = await form_of(reporting_db, FormCode.STATE_AWARDS)
    ministry = await form_of(reporting_db, FormCode.MINISTRY_PROVINCE_AWARDS)
    async with reporting_db.connect() as connection:
        stats = await agency_awards(connection, "01", YearRange(2019, 2019), YearBasis.ACHIEVEMENT)

    assert state.row("01").values["total"] == stats.by_level_class["state"]
    assert ministry.row("01").values["total"] == stats.by_level_class["ministry_province"]
    for summary in stats.summaries:
        form = {"state": state, "ministry_province": ministry}.get(summary.level_class)
        if form is not None:
            [item, *_] = form.rows_of(summary.award_code)[::-1]
            counted = (item.values["collective"], item.values["individual"])
            assert counted == (summary.collective, summary.individual), summary.award_code


async def test_by_decision_year_an_award_moves_to_the_year_it_was_signed(
    reporting_db: AsyncEngine,
) -> None:
    signed_next_year = award("BK_TTG", "u-1", 2019, kind="unit", signed_on=date(2020, 2, 1))
    await feed(reporting_consumer(reporting_db), [agency_registered(), signed_next_year])

    by_achievement = await form_of(reporting_db, FormCode.STATE_AWARDS, year=2020)
    by_decision = await form_of(
        reporting_db, FormCode.STATE_AWARDS, year=2020, basis=YearBasis.DECISION
    )

    assert by_achievement.row("07").values["total"] == 0
    assert by_decision.row("07").values["total"] == 1
    assert by_decision.year_basis is YearBasis.DECISION


def test_an_award_the_catalogue_does_not_place_lands_under_other_forms() -> None:
    counts = [("HUAN_CHUONG_MOI", "member", "worker", "regular", 2)]

    form = award_form(SPEC_0602, FormHeader(None, 2019, 2019), counts)

    [other] = [row for row in form.rows if row.label == "Hình thức khác"]
    assert other.code == "09"
    assert form.row("09.1").values["position.worker"] == 2
    assert form.row("01").values["total"] == 2
    assert inconsistencies(form) == []
