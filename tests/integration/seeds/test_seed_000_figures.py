"""Seed 000 (Sở Công Thương Hà Nội, 2015–2020) through the public APIs, after the demo loader:
every figure of the article, beside the sentence that states it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from tests.integration.seeds.conftest import (
    SeedApi,
    figures_differ,
    individuals_by_position,
    settled,
)
from tooling.demo.seed_records import HA_NOI_MODELS

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

HA_NOI = "01"
PERIOD = {"from": 2015, "to": 2020}


def _none_yet() -> defaultdict[str, int]:
    """An award the answer does not list yet: every count 0 (reporting may still catch up)."""
    return defaultdict(int)


def awards_told(stats: dict[str, Any]) -> list[tuple[str, object, object]]:
    """(sentence, what the API tells, the article's figure) for the awards of 2015–2020.
    Without "lượt" the article counts people and collectives: instances and distinct
    recipients are both its figure."""
    code: defaultdict[str, Any] = defaultdict(_none_yet)
    code |= {a["award_code"]: a for a in stats["awards"]}

    def units(c: str) -> tuple[int, int]:
        a = code[c]
        own = a["agency_itself"]
        return a["collective"] - own, a["recipients_collective"] - min(own, 1)

    def people(c: str) -> tuple[int, int]:
        return code[c]["individual"], code[c]["recipients_individual"]

    return [
        ("1 tập thể … được tặng Huân chương Lao động hạng Ba", units("HCLD3"), (1, 1)),
        ("… và 2 cá nhân được tặng Huân chương Lao động hạng Ba", people("HCLD3"), (2, 2)),
        ("2 tập thể … được tặng Bằng khen Chính phủ", units("BK_TTG"), (2, 2)),
        ("… và 3 cá nhân được tặng Bằng khen Chính phủ", people("BK_TTG"), (3, 3)),
        (
            "5 năm liền Sở Công Thương được tặng Cờ thi đua xuất sắc của Bộ Công Thương",
            code["CO_THI_DUA_BO"]["agency_itself"],
            5,
        ),
        (
            "4 năm liền Sở Công Thương được tặng Cờ thi đua xuất sắc của thành phố",
            code["CO_THI_DUA_TINH"]["agency_itself"],
            4,
        ),
        ("1 năm được tặng Bằng khen", code["BK_TINH"]["agency_itself"], 1),
        (
            "23 tập thể được tặng Cờ thi đua xuất sắc của thành phố",
            units("CO_THI_DUA_TINH"),
            (23, 23),
        ),
        ("19 tập thể … được tặng Bằng khen của Bộ Công Thương", units("BK_BO"), (19, 19)),
        ("… và 26 cá nhân được tặng Bằng khen của Bộ Công Thương", people("BK_BO"), (26, 26)),
        ("16 tập thể … được tặng Bằng khen của UBND thành phố", units("BK_TINH"), (16, 16)),
        ("… và 16 cá nhân được tặng Bằng khen của UBND thành phố", people("BK_TINH"), (16, 16)),
        ("31 lượt tập thể … đạt Lao động tiên tiến", code["TTLDTT"]["collective"], 31),
        ("… và 601 cá nhân đạt Lao động tiên tiến", code["LDTT"]["individual"], 601),
        (
            "164 lượt cá nhân đạt danh hiệu Chiến sỹ thi đua cơ sở",
            code["CSTDCS"]["individual"],
            164,
        ),
        ("4 cá nhân đạt danh hiệu Chiến sỹ thi đua cấp thành phố", people("CSTD_TINH"), (4, 4)),
    ]


def pending_told(stats: dict[str, Any]) -> list[tuple[str, object, object]]:
    proposals = stats["proposals"]
    nominees = proposals["pending_nominees"]
    return [
        (
            "đang được thành phố trình Chính phủ tặng Bằng khen tập thể Sở và 1 cá nhân; đề "
            "nghị thành phố, Bộ Công Thương tặng Bằng khen cho 5 tập thể nhỏ, 25 cá nhân",
            (nominees.get("agency"), nominees.get("unit"), nominees.get("member")),
            (1, 5, 1 + 25),
        ),
        ("(the three dossiers are pending)", proposals["pending"], 3),
    ]


async def test_seed_000_every_figure_through_the_api(seed_api: SeedApi) -> None:
    await seed_api.load(HA_NOI)
    stats: dict[str, Any] = {}

    async def reporting_tells_the_article() -> None:
        stats.update(
            await seed_api.get("reporting", f"/v1/agencies/{HA_NOI}/stats", HA_NOI, **PERIOD)
        )
        wrong = figures_differ([*awards_told(stats), *pending_told(stats)])
        assert not wrong, "\n".join(wrong)

    await settled(reporting_tells_the_article)
    await the_individuals_by_the_forms_position_groups(seed_api)
    await the_city_forwarded_the_pandemic_dossier(seed_api)
    await the_18_registered_models(seed_api)
    told = await seed_api.get("reporting", f"/v1/agencies/{HA_NOI}/narrative", HA_NOI, **PERIOD)
    assert told["paragraphs"][0] == NARRATIVE


NARRATIVE = (
    "Giai đoạn 2015 – 2020, Sở Công Thương Hà Nội đã có nhiều tập thể, cá nhân được khen "
    "thưởng: 01 tập thể và 02 cá nhân được tặng Huân chương Lao động hạng Ba; 02 tập thể và 03 "
    "cá nhân được tặng Bằng khen của Thủ tướng Chính phủ; Sở được tặng Cờ thi đua cấp bộ 05 năm "
    "liền (2015 – 2019), Cờ thi đua của UBND Thành phố 04 năm liền (2016 – 2019) và Bằng khen "
    "của UBND Thành phố năm 2015; 23 tập thể được tặng Cờ thi đua của UBND Thành phố; 19 tập "
    "thể và 26 cá nhân được tặng Bằng khen cấp bộ; 16 tập thể và 16 cá nhân được tặng Bằng khen "
    "của UBND Thành phố; 31 lượt tập thể (07 tập thể) đạt danh hiệu Tập thể lao động tiên "
    "tiến; 601 lượt cá nhân (121 người) đạt danh hiệu Lao động tiên tiến; 164 lượt cá nhân (33 "
    "người) đạt danh hiệu Chiến sĩ thi đua cơ sở; 04 cá nhân đạt danh hiệu Chiến sĩ thi đua cấp "
    "Thành phố."
)


async def the_city_forwarded_the_pandemic_dossier(seed_api: SeedApi) -> None:
    """ "đang được thành phố trình Chính phủ tặng Bằng khen tập thể Sở và 1 cá nhân": the city's
    council approved it and sent it to the Prime Minister, who has not decided."""
    dossiers = await seed_api.items("awards", "/v1/proposals", HA_NOI)
    at_pm = [p for p in dossiers if p["level"] == "prime_minister"]
    assert [(p["status"], p["nominee_count"]) for p in at_pm] == [("forwarded", 2)]
    assert sorted(p["nominee_count"] for p in dossiers) == [2, 2 + 10, 3 + 15]
    assert all(p["decided_on"] is None for p in dossiers)


async def the_18_registered_models(seed_api: SeedApi) -> None:
    """ "các đơn vị còn chủ động đăng ký 18 mô hình, giải pháp … như: Thi đua thực hiện các đề
    án "Thí điểm quản lý các cửa hàng kinh doanh trái cây …"": 18 thematic campaigns of the
    department's own level, the 12 the article names among them, word for word."""
    campaigns = await seed_api.items("registry", "/v1/campaigns", HA_NOI)
    titles = {c["title"]: c for c in campaigns}
    models = [titles[m.title] for m in HA_NOI_MODELS if m.title in titles]
    assert len(models) == len(HA_NOI_MODELS) == 18
    assert {(c["form"], c["launching_level"], c["scope"]) for c in models} == {
        ("thematic", "unit", "unit")
    }
    named = [t for t in titles if "“Thí điểm quản lý các cửa hàng kinh doanh trái cây" in t]
    assert named == [
        "Thi đua thực hiện đề án “Thí điểm quản lý các cửa hàng kinh doanh trái cây trên địa bàn "
        "các quận nội thành của TP. Hà Nội”"
    ]
    assert sum("(bài viết không nêu tên)" not in t for t in (m["title"] for m in models)) == 12


FORM_YEARS = range(2016, 2021)
"""The forms of 2016–2020: decisions signed from 1/12/2015 to 30/11/2020, every decision of
the article's individuals (signed 2017–2020)."""


async def the_individuals_by_the_forms_position_groups(seed_api: SeedApi) -> None:
    """Forms 0602.N and 0603.N count each individual in the position group the directory
    gives (``tooling/demo/seed_people.py``: the article names no post; 001–004 are the Ban
    Giám đốc, 005–030 heads and deputy heads of offices, the others without a post), columns
    Lãnh đạo cấp bộ/tỉnh, cấp vụ/sở, Doanh nhân, từ phó phòng trở lên, người trực tiếp…"""
    state = await individuals_by_position(seed_api, "0602", HA_NOI, FORM_YEARS)
    assert state == (2 + 3, (0, 2 + 3, 0, 0, 0)), (
        "2 cá nhân được tặng Huân chương Lao động hạng Ba; 3 cá nhân được tặng Bằng khen "
        "Chính phủ: the Ban Giám đốc (cấp vụ, sở)"
    )
    ministry_city = await individuals_by_position(seed_api, "0603", HA_NOI, FORM_YEARS)
    assert ministry_city == (4 + 26 + 16, (0, 0, 0, 4, 26 + 16)), (
        "4 cá nhân đạt danh hiệu Chiến sỹ thi đua cấp thành phố (heads of offices: từ phó "
        "phòng trở lên); 26 cá nhân … Bằng khen của Bộ Công Thương; 16 cá nhân … Bằng khen "
        "của UBND thành phố (without a post: người trực tiếp công tác)"
    )
