"""Seed 003 (Sở Công Thương Bắc Kạn, 2015–2020) through the public APIs, after the demo
loader: the Giấy khen of the conference of 14/5/2020, the initiatives, pacts and campaigns."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.seeds.conftest import SeedApi, figures_differ, settled
from tooling.demo.seed_records import BAC_KAN_CAMPAIGNS, BAC_KAN_INITIATIVES, HCM_STUDY

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

BAC_KAN = "06"
CONFERENCE = (
    "Hội nghị đã tặng giấy khen nhằm biểu dương, khen thưởng 03 tập thể và 12 cá nhân điển "
    "hình, tiên tiến xuất sắc trong phong trào thi đua giai đoạn 2015-2020 và tặng giấy khen cho "
    "01 tập thể, 02 cá nhân tiêu biểu, điển hình trong học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh năm 2020"
)


def giay_khen(stats: dict[str, Any]) -> list[tuple[str, object, object]]:
    """The conference's Giấy khen, counted by decision date (2016–2020) and by kind."""
    award = next((a for a in stats["awards"] if a["award_code"] == "GIAY_KHEN"), None)
    assert award is not None, "no Giấy khen decided in 2016–2020 yet"
    kinds = {
        (row["recipient_kind"], row["commendation_kind"]): row["awards"]
        for row in stats["award_breakdown"]
        if row["award_code"] == "GIAY_KHEN"
    }
    return [
        (CONFERENCE, (award["collective"], award["individual"]), (3 + 1, 12 + 2)),
        (
            "… 01 tập thể, 02 cá nhân tiêu biểu … trong học tập và làm theo tư tưởng, đạo đức, "
            "phong cách Hồ Chí Minh năm 2020 (theo chuyên đề)",
            (kinds.get(("unit", "thematic")), kinds.get(("member", "thematic"))),
            (1, 2),
        ),
        (
            "… 03 tập thể và 12 cá nhân … giai đoạn 2015-2020 (công trạng)",
            (kinds.get(("unit", "regular")), kinds.get(("member", "regular"))),
            (3, 12),
        ),
    ]


def initiatives(stats: dict[str, Any]) -> list[tuple[str, object, object]]:
    found = stats["initiatives"]
    return [
        (
            "Nhiều sáng kiến, cải tiến được áp dụng trong thực tế … như: (8 named)",
            (found["registered"], found["recognised"], found["recognised_by_level"]),
            (8, 8, {"grassroots": 8}),
        )
    ]


async def test_seed_003_every_figure_through_the_api(seed_api: SeedApi) -> None:
    await seed_api.load(BAC_KAN)
    by_decision = {"from": 2016, "to": 2020, "year_basis": "decision"}

    async def reporting_tells_the_article() -> None:
        path = f"/v1/agencies/{BAC_KAN}/stats"
        decided = await seed_api.get("reporting", path, BAC_KAN, **by_decision)
        period = await seed_api.get("reporting", path, BAC_KAN, **{"from": 2015, "to": 2020})
        wrong = figures_differ([*giay_khen(decided), *initiatives(period)])
        assert not wrong, "\n".join(wrong)

    await settled(reporting_tells_the_article)
    await the_conference_signed_them_on_its_day(seed_api)
    await the_named_initiatives_campaigns_and_pacts(seed_api)
    await reporting_measures_registration_as_the_registry_does(seed_api)


async def reporting_measures_registration_as_the_registry_does(seed_api: SeedApi) -> None:
    """ "Phấn đấu hàng năm có 100% tập thể và cá nhân đăng ký thi đua": the coverage of 2020 in
    reporting (directory as of that year) is the registry's (every unit but the office, every
    member). The members are the demo's 10 and the 12 + 2 individuals of the conference's
    Giấy khen (``tooling/demo/seed_people.py``), who register too: the article's figure is a
    share, 100 %."""
    registry = await seed_api.get(
        "registry", "/v1/registrations/coverage", BAC_KAN, agency=BAC_KAN, year=2020
    )
    assert (registry["units"]["share_percent"], registry["members"]["share_percent"]) == (75, 100)
    stats = await seed_api.get(
        "reporting", f"/v1/agencies/{BAC_KAN}/stats", BAC_KAN, **{"from": 2020, "to": 2020}
    )
    [year] = stats["registrations"]
    told = (year["registered_units"], year["units_in_directory"], year["unit_coverage"])
    assert told == (3, 4, 0.75)
    told = (year["registered_members"], year["members_in_directory"], year["member_coverage"])
    assert told == (10 + 12 + 2, 10 + 12 + 2, 1.0)


async def the_conference_signed_them_on_its_day(seed_api: SeedApi) -> None:
    """ "Ngày 14/5/2020, Sở Công Thương đã tổ chức Hội nghị điển hình tiên tiến …"."""
    decisions = await seed_api.items("awards", "/v1/decisions", BAC_KAN, year=2020)
    assert sorted((d["award_count"], d["commendation_kind"]) for d in decisions) == [
        (1, "thematic"),
        (2, "thematic"),
        (3, "regular"),
        (12, "regular"),
    ]
    assert {d["signed_on"] for d in decisions} == {"2020-05-14"}


async def the_named_initiatives_campaigns_and_pacts(seed_api: SeedApi) -> None:
    """The 8 initiatives named, word for word; the campaigns named, among them the thematic
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"; "ký giao ước thi đua trong
    đơn vị": one pact a year."""
    found = await seed_api.items("registry", "/v1/initiatives", BAC_KAN)
    assert sorted(i["title"] for i in found) == sorted(i.title for i in BAC_KAN_INITIATIVES)
    assert len(found) == 8
    assert "Vận dụng Microsoft Office Excel sáng tạo, linh hoạt vào công tác tổng hợp" in {
        i["title"] for i in found
    }

    campaigns = {c["title"]: c for c in await seed_api.items("registry", "/v1/campaigns", BAC_KAN)}
    assert {c.title for c in BAC_KAN_CAMPAIGNS} <= set(campaigns)
    assert "Bắc Kạn chung sức xây dựng nông thôn mới" in campaigns
    assert campaigns[HCM_STUDY]["form"] == "thematic"

    blocs = {b["name"]: b for b in await seed_api.items("registry", "/v1/blocs", BAC_KAN)}
    province = blocs["Khối thi đua Kinh tế – Kỹ thuật tỉnh Bắc Kạn"]
    assert (province["kind"], province["member_ids"]) == ("agencies", [BAC_KAN])
    assert len(province["outside_members"]) == 4  # the article names none: plausible ones
    for bloc in blocs.values():  # "ký giao ước thi đua trong đơn vị và Khối thi đua …"
        assert [p["year"] for p in bloc["pacts"]] == [2016, 2017, 2018, 2019, 2020]
    assert len(blocs) == 2
