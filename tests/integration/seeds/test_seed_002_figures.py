"""Seed 002 (Cục Công Thương địa phương, 2013–2019) through the public APIs, after the demo
loader: every title and flag of the agency itself, by year, and the narrative that tells them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.seeds.conftest import SeedApi, figures_differ, settled

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

CUC = "BCT-CTDP"
PERIOD = {"from": 2013, "to": 2019}
ARTICLE = [
    (
        "5 lần đạt danh hiệu thi đua Tập thể lao động xuất sắc (năm 2013, 2015, 2016, 2017,2018)",
        "TTLDXS",
        [2013, 2015, 2016, 2017, 2018],
    ),
    (
        "4 lần nhận Cờ Thi đua của Bộ Công Thương (năm 2013, 2014, 2016, 2018)",
        "CO_THI_DUA_BO",
        [2013, 2014, 2016, 2018],
    ),
    (
        "4 lần nhận Bằng khen của Thủ tướng Chính phủ (năm 2013, 2015, 2017, 2019)",
        "BK_TTG",
        [2013, 2015, 2017, 2019],
    ),
    ("Cờ Thi đua của Chính phủ (2015)", "CO_THI_DUA_CP", [2015]),
]
NARRATIVE = (
    "Giai đoạn 2013 – 2019, Cục Công Thương địa phương đã có nhiều tập thể, cá nhân được khen "
    "thưởng: Cục được tặng Cờ thi đua của Chính phủ năm 2015, Bằng khen của Thủ tướng Chính "
    "phủ 04 năm (2013, 2015, 2017, 2019), Cờ thi đua cấp bộ 04 năm (2013, 2014, 2016, 2018) và "
    "đạt danh hiệu Tập thể lao động xuất sắc 05 năm (2013, 2015, 2016, 2017, 2018)."
)


def years_of_the_agency(stats: dict[str, Any], code: str) -> list[int]:
    award = next((a for a in stats["awards"] if a["award_code"] == code), None)
    if award is None or award["agency_itself"] != award["awards"]:
        return []
    return [y["year"] for y in award["by_year"] for _ in range(y["count"])]


async def test_seed_002_every_figure_through_the_api(seed_api: SeedApi) -> None:
    await seed_api.load(CUC)

    async def reporting_tells_the_article() -> None:
        stats = await seed_api.get("reporting", f"/v1/agencies/{CUC}/stats", CUC, **PERIOD)
        told = [(s, years_of_the_agency(stats, code), years) for s, code, years in ARTICLE]
        wrong = figures_differ(told)
        assert not wrong, "\n".join(wrong)

    await settled(reporting_tells_the_article)
    told = await seed_api.get("reporting", f"/v1/agencies/{CUC}/narrative", CUC, **PERIOD)
    assert told["paragraphs"][0] == NARRATIVE
