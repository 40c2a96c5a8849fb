"""Forms 0602.N and 0603.N: the live awards whose decision was signed within the reporting
period (1/12 – 30/11), by award column and by the circular's rows (the unit that sent the
proposal, the recipient, the position group, the way of commendation)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.forms import build_form
from services.reporting.forms.award_form import award_form
from services.reporting.forms.form_0602 import SPEC as SPEC_0602
from services.reporting.forms.form_0603 import SPEC as SPEC_0603
from services.reporting.forms.model import FormCode, FormHeader, StatisticalForm, inconsistencies
from services.reporting.queries.common import find_agency
from services.reporting.queries.form_facts import AwardFact
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

AGENCY = "CTDP"
"""The ministry's Local Industry and Trade Agency (Cục Công Thương địa phương)."""
ENTERPRISE, BRANCH = "0100109106", "0100109106-001"
"""An enterprise and one of its branches, named by their tax codes."""


def test_the_state_form_is_laid_out_as_the_circular() -> None:
    form = award_form(SPEC_0602, FormHeader(None, 2020, 2020), [])

    assert (form.form, form.title) == ("0602.N", "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC")
    assert [(row.code, row.label, row.unit) for row in form.rows] == [
        ("01", "Tổng số", None),
        (None, "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", None),
        ("02", "Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành"),
        ("03", "Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP"),
        (None, "2. Chia theo đối tượng khen thưởng", None),
        ("06", "Tập thể", "Tập thể"),
        ("07", "Trong đó: Doanh nghiệp", "Doanh nghiệp"),
        ("08", "Hộ gia đình", "Hộ"),
        ("09", "Cá nhân", "Người"),
        ("10", "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "Người"),
        ("11", "Lãnh đạo cấp vụ, sở, ngành và tương đương", "Người"),
        ("12", "Doanh nhân", "Người"),
        ("13", "Các cấp lãnh đạo khác từ phó phòng trở lên", "Người"),
        (
            "14",
            "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
            "(công nhân, nông dân,...)",
            "Người",
        ),
        (None, "3. Chia theo phương thức khen thưởng", None),
        ("15", "Thường xuyên", None),
        ("16", "Chuyên đề", None),
        ("17", "Đột xuất", None),
        ("18", "Đối ngoại", None),
        ("19", "Cống hiến", None),
        ("20", "Niên hạn", None),
        ("21", "Kháng chiến", None),
    ]
    numbers = {column.number: column.headings[:2] for column in form.columns}
    assert numbers["2"][1].startswith("Các loại huân chương, huy chương")
    assert numbers["5"][1].startswith("Danh hiệu vinh dự Nhà nước")
    assert list(numbers) == [str(n) for n in range(1, 10)]
    assert [c.key for c in form.columns if c.number == "7"] == [
        "BK_TTG.collective",
        "BK_TTG.individual",
    ]
    assert form.column("HCLD3.collective").headings[-1] == "Huân chương Lao động hạng Ba"


def test_the_ministry_and_province_form_has_four_columns_and_no_ttldxs() -> None:
    facts = [
        AwardFact("TTLDXS", "unit", None, "regular", "ministry_unit"),
        AwardFact("CSTD_BO", "member", "official", "regular", "ministry_unit"),
    ]

    form = award_form(SPEC_0603, FormHeader(None, 2018, 2018), facts)

    assert [(c.number, c.label) for c in form.columns] == [
        ("1", "Tổng số"),
        ("2", "Bằng khen"),
        ("3", "Chiến sĩ thi đua cấp bộ, cấp tỉnh"),
        (
            "4",
            "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc "
            "Trung ương",
        ),
        (
            "5",
            "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành "
            "phố trực thuộc Trung ương",
        ),
    ]
    assert [row.code for row in form.rows if row.code] == [f"{n:02d}" for n in range(1, 18)]
    assert form.row("17").label == "Kháng chiến"
    assert form.row("01").values["total"] == 1
    assert form.notes[0] == (
        "1 lượt Tập thể lao động xuất sắc không thuộc cột nào của biểu nên không được tính."
    )


def test_an_enterprise_counts_among_collectives_and_in_its_own_row() -> None:
    facts = [
        AwardFact("BK_BO", "enterprise", None, "regular", "provincial_department"),
        AwardFact("CO_THI_DUA_BO", "enterprise", None, "regular", "provincial_department"),
        AwardFact("BK_BO", "unit", None, "regular", "provincial_department"),
        AwardFact("BK_BO", "member", "worker", "regular", "provincial_department"),
    ]

    form = award_form(SPEC_0603, FormHeader(None, 2020, 2020), facts)

    totals = {str(row.code): row.values["total"] for row in form.rows if row.code}
    assert (totals["01"], totals["02"], totals["03"], totals["05"]) == (4, 3, 2, 1)
    assert form.row("03").values["flag"] == 1
    assert not [note for note in form.notes if "Doanh nghiệp" in note]
    assert inconsistencies(form) == []


def history() -> list[EventEnvelope]:
    """Hà Nội (a province's department) and the ministry's agency around 2020's period."""
    revoked = award("HCLD3", "m-2", 2019, signed_on=date(2020, 2, 1), commendation_kind="seniority")
    return [
        agency_registered(),
        agency_registered(AGENCY, "Cục Công Thương địa phương", None),
        member_added("m-1", "department_head"),
        member_added("m-2", "leader"),
        member_added("m-3", "worker"),
        member_added("m-4", "entrepreneur", agency=AGENCY),
        member_added("m-5", "ministry_leader", agency=AGENCY),
        # 0602.N
        award("HCLD3", "u-1", 2019, kind="unit", signed_on=date(2020, 5, 14)),  # a1
        award("HCLD3", "m-1", 2019),  # a2: signed 20/01/2020
        award("BK_TTG", "m-3", 2019, signed_on=date(2019, 12, 1), commendation_kind="thematic"),
        award(
            "BK_TTG",
            "h-1",
            2020,
            kind="household",
            signed_on=date(2020, 11, 30),
            commendation_kind="ad_hoc",
        ),  # a4
        award("CSTDTQ", "m-9", 2019, signed_on=date(2020, 3, 1)),  # a5: m-9 is not placed
        award("CO_THI_DUA_CP", "01", 2019, kind="agency", signed_on=date(2020, 4, 1)),  # a6
        award(
            "AHLD",
            "m-5",
            2019,
            agency=AGENCY,
            signed_on=date(2020, 6, 1),
            commendation_kind="long_service",
        ),  # a7
        award(
            "BK_TTG",
            "m-4",
            2019,
            agency=AGENCY,
            signed_on=date(2020, 7, 1),
            commendation_kind="foreign",
        ),  # a8
        revoked,
        award_revoked(award_id_of(revoked)),
        award("BK_TTG", "m-1", 2018, signed_on=date(2019, 11, 30)),  # the 2019 form's
        award("BK_TTG", "m-1", 2020, signed_on=date(2020, 12, 1)),  # the 2021 form's
        award("BK_TTG", ENTERPRISE, 2019, kind="enterprise", signed_on=date(2020, 9, 1)),  # a9
        # 0603.N
        award("BK_BO", "u-1", 2019, kind="unit"),  # b1
        award("BK_TINH", "m-1", 2019, signed_on=date(2020, 2, 1), commendation_kind="thematic"),
        award("CSTD_TINH", "m-3", 2019, signed_on=date(2020, 3, 1)),  # b3
        award("CO_THI_DUA_TINH", "01", 2019, kind="agency"),  # b4
        award("KNC", "m-2", 2020, signed_on=date(2020, 6, 1), commendation_kind="long_service"),
        award("TTLDXS", "u-2", 2019, kind="unit"),  # no column of 0603.N
        award(
            "BK_BO",
            "h-2",
            2020,
            kind="household",
            signed_on=date(2020, 8, 1),
            commendation_kind="ad_hoc",
        ),  # b7
        award("BK_BO", "u-1", 2018, kind="unit", signed_on=date(2019, 11, 29)),  # 2019's
        award("CO_THI_DUA_BO", ENTERPRISE, 2019, kind="enterprise"),  # b8: signed 20/01/2020
        award(
            "BK_BO",
            BRANCH,
            2020,
            kind="enterprise",
            signed_on=date(2020, 10, 1),
            commendation_kind="ad_hoc",
        ),  # b9
    ]


async def form_of(
    engine: AsyncEngine, form: FormCode, agency: str | None = "01", year: int = 2020
) -> StatisticalForm:
    async with engine.connect() as connection:
        info = await find_agency(connection, agency) if agency else None
        return await build_form(connection, form, FormHeader(info, year, year))


def cells(form: StatisticalForm) -> dict[tuple[str, str], int]:
    """(row, column) → count, of the cells that are not zero or empty."""
    return {(str(row.code), key): n for row in form.rows for key, n in row.values.items() if n}


def rows_of(form: StatisticalForm, column: str) -> list[str]:
    return [str(row.code) for row in form.rows if row.values.get(column)]


async def test_the_state_form_of_a_hand_computed_history(reporting_db: AsyncEngine) -> None:
    await feed(reporting_consumer(reporting_db), history())

    form = await form_of(reporting_db, FormCode.STATE_AWARDS)

    assert {key: n for (row, key), n in cells(form).items() if row == "01"} == {
        "total": 7,
        "HCLD3.collective": 1,  # a1
        "HCLD3.individual": 1,  # a2
        "BK_TTG.collective": 1,  # a9: the enterprise
        "BK_TTG.household": 1,  # a4: a sub-column for the household it went to
        "BK_TTG.individual": 1,  # a3
        "CSTDTQ.individual": 1,  # a5
        "CO_THI_DUA_CP.collective": 1,  # a6
    }
    assert {row: n for (row, key), n in cells(form).items() if key == "total"} == {
        "01": 7,
        "03": 7,  # a Sở's proposals go up through its province
        "06": 3,  # a1, a6, a9
        "07": 1,  # a9: Trong đó: Doanh nghiệp
        "08": 1,  # a4
        "09": 3,  # a2, a3, a5
        "11": 1,  # a2: Lãnh đạo cấp vụ, sở
        "14": 1,  # a3: a worker
        "15": 5,  # a1, a2, a5, a6, a9
        "16": 1,  # a3
        "17": 1,  # a4
    }
    assert rows_of(form, "HCLD3.individual") == ["01", "03", "09", "11", "15"]
    assert rows_of(form, "BK_TTG.collective") == ["01", "03", "06", "07", "15"]
    assert "1 lượt cá nhân chưa xác định nhóm chức vụ: chỉ tính ở dòng Cá nhân." in form.notes
    assert not [note for note in form.notes if "Doanh nghiệp" in note]
    assert inconsistencies(form) == []


async def test_the_sectors_state_form_splits_by_the_unit_that_proposed(
    reporting_db: AsyncEngine,
) -> None:
    await feed(reporting_consumer(reporting_db), history())

    form = await form_of(reporting_db, FormCode.STATE_AWARDS, agency=None)

    totals = {row: n for (row, key), n in cells(form).items() if key == "total"}
    assert (totals["01"], totals["02"], totals["03"]) == (9, 2, 7)  # a7, a8 by the ministry
    assert (totals["09"], totals["10"], totals["12"]) == (5, 1, 1)  # a7; a8: Doanh nhân
    assert (totals["18"], totals["19"]) == (1, 1)  # a8 Đối ngoại, a7 Cống hiến
    assert rows_of(form, "AHLD.individual") == ["01", "02", "09", "10", "19"]
    assert inconsistencies(form) == []


async def test_the_ministry_and_province_form_of_a_hand_computed_history(
    reporting_db: AsyncEngine,
) -> None:
    await feed(reporting_consumer(reporting_db), history())

    form = await form_of(reporting_db, FormCode.MINISTRY_PROVINCE_AWARDS)

    columns = ["total", "certificate", "emulation_fighter", "flag", "commemorative_medal"]
    grid = {row.code: [row.values[c] for c in columns] for row in form.rows if row.code}
    assert grid == {
        "01": [8, 4, 1, 2, 1],  # b1–b5, b7–b9; not TTLĐXS
        "02": [4, 2, 0, 2, 0],  # b1, b4 (to the department itself), b8, b9
        "03": [2, 1, 0, 1, 0],  # Trong đó: Doanh nghiệp: b8, b9 (a branch)
        "04": [1, 1, 0, 0, 0],  # b7
        "05": [3, 1, 1, 0, 1],  # b2, b3, b5
        "06": [0] * 5,
        "07": [1, 1, 0, 0, 0],  # b2: Lãnh đạo cấp vụ, sở
        "08": [0] * 5,
        "09": [1, 0, 0, 0, 1],  # b5: lãnh đạo từ phó phòng trở lên
        "10": [1, 0, 1, 0, 0],  # b3
        "11": [4, 1, 1, 2, 0],  # b1, b3, b4, b8
        "12": [1, 1, 0, 0, 0],  # b2
        "13": [2, 2, 0, 0, 0],  # b7, b9
        "14": [0] * 5,
        "15": [1, 0, 0, 0, 1],  # b5
        "16": [0] * 5,
        "17": [0] * 5,
    }
    assert form.receiving_unit == "Bộ Công Thương (Vụ Thi đua – Khen thưởng)"
    assert inconsistencies(form) == []


async def test_a_decision_counts_in_the_form_of_the_period_it_was_signed_in(
    reporting_db: AsyncEngine,
) -> None:
    await feed(reporting_consumer(reporting_db), history())

    years = (2019, 2020, 2021)
    state = [await form_of(reporting_db, FormCode.STATE_AWARDS, year=y) for y in years]
    ministry = [
        await form_of(reporting_db, FormCode.MINISTRY_PROVINCE_AWARDS, year=y) for y in years
    ]

    assert totals(state) == [1, 7, 1]
    assert totals(ministry) == [1, 8, 0]


def totals(forms: Sequence[StatisticalForm]) -> list[int | None]:
    return [form.row("01").values["total"] for form in forms]
