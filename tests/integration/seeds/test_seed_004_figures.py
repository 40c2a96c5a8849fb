"""Seed 004 (Sở Công Thương Hà Tĩnh, 2016–2020) through the public APIs, after the demo
loader: the order and the flag decided within the period, the director's title and the
collectives and individuals commended at the conference."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.seeds.conftest import (
    SeedApi,
    figures_differ,
    individuals_by_position,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

HA_TINH = "42"
PERIOD = {"from": 2016, "to": 2020}
NARRATIVE = (
    "Giai đoạn 2016 – 2020, Sở Công Thương Hà Tĩnh đã có nhiều tập thể, cá nhân được khen "
    "thưởng: Sở được tặng Huân chương Lao động hạng Nhất năm 2018 và Cờ thi đua của UBND tỉnh "
    "năm 2019; 01 cá nhân đạt danh hiệu Chiến sĩ thi đua cấp tỉnh; 02 tập thể và 06 cá nhân "
    "được tặng Giấy khen."
)


EXEMPLARY = (
    "Sở Công thương đã biểu dương 2 tập thể... ...và 6 cá nhân điển hình trong phong trào thi "
    "đua yêu nước giai đoạn 2016 - 2020"
)


def told(stats: dict[str, Any]) -> list[tuple[str, object, object]]:
    code = {a["award_code"]: a for a in stats["awards"]}

    def of(c: str, field: str) -> object:
        return code[c][field] if c in code else None

    return [
        (
            "Trong 5 năm qua, ngành đã được … tặng … Huân chương Lao động hạng Nhất",
            of("HCLD1", "agency_itself"),
            1,
        ),
        ("… Cờ thi đua xuất sắc", of("CO_THI_DUA_TINH", "agency_itself"), 1),
        (
            "trao bằng khen danh hiệu chiến sỹ thi đua của UBND tỉnh cho ông Hoàng Văn Quảng - "
            "Giám đốc Sở … giai đoạn 2017 - 2019",
            of("CSTD_TINH", "individual"),
            1,
        ),
        (EXEMPLARY, (of("GIAY_KHEN", "collective"), of("GIAY_KHEN", "individual")), (2, 6)),
    ]


async def test_seed_004_every_figure_through_the_api(seed_api: SeedApi) -> None:
    await seed_api.load(HA_TINH)
    path = f"/v1/agencies/{HA_TINH}/stats"

    async def decided_within_the_period() -> None:
        stats = await seed_api.get("reporting", path, HA_TINH, **PERIOD, year_basis="decision")
        wrong = figures_differ(told(stats))
        assert not wrong, "\n".join(wrong)

    await settled(decided_within_the_period)
    achieved = await seed_api.get("reporting", path, HA_TINH, **PERIOD)
    commended = next(a for a in achieved["awards"] if a["award_code"] == "GIAY_KHEN")
    distinct = (commended["recipients_collective"], commended["recipients_individual"])
    assert distinct == (2, 6), EXEMPLARY
    after = await seed_api.get(
        "reporting", path, HA_TINH, **{"from": 2021, "to": 2021}, year_basis="decision"
    )
    assert {"HCLD1", "CO_THI_DUA_TINH"}.isdisjoint(a["award_code"] for a in after["awards"])
    narrative = await seed_api.get(
        "reporting", f"/v1/agencies/{HA_TINH}/narrative", HA_TINH, **PERIOD
    )
    assert narrative["paragraphs"][0] == NARRATIVE
    await the_director_counts_among_the_departments_leaders(seed_api)


async def the_director_counts_among_the_departments_leaders(seed_api: SeedApi) -> None:
    """Form 0603.N puts the director's title in "Lãnh đạo cấp vụ, sở, ngành và tương đương"
    (the Giấy khen of the conference are on neither 0602.N nor 0603.N)."""
    forms = range(2016, 2021)
    ministry_province = await individuals_by_position(seed_api, "0603", HA_TINH, forms)
    assert ministry_province == (1, (0, 1, 0, 0, 0)), (
        "trao bằng khen danh hiệu chiến sỹ thi đua của UBND tỉnh cho ông Hoàng Văn Quảng - "
        "Giám đốc Sở Công thương"
    )
    assert await individuals_by_position(seed_api, "0602", HA_TINH, forms) == (0, (0,) * 5)
    [director] = [
        m
        for m in await seed_api.items("registry", "/v1/members", HA_TINH)
        if m.get("full_name") == "Hoàng Văn Quảng"
    ]
    assert director["position_group"] == "department_head"
