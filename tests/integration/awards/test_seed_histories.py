"""Issue 4's acceptance: the award histories of seeds 000 and 002, imported on PostgreSQL.

Hà Nội's department (agency 01) records its 2015–2020 awards and the ministry's Local
Industry and Trade Agency (Cục Công Thương địa phương, agency BCT-CTDP) its 2013–2019 record,
each from a spreadsheet as officers keep them. Every award becomes an AwardGranted event on
the awards topic (real broker), the counts are those the articles publish, re-importing the
files changes nothing, and the eligibility engine answers a member's next titles with reasons.

The spreadsheets are the demo's (``tooling.demo.seeds``): the articles give counts and years,
not decision numbers, dates or names; numbers and dates are made up in the form agencies use,
and people and collectives the articles only count get the agency's own codes (01-member-001,
01-unit-001…), as history the directory does not hold.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import orjson
import pytest

from tests.harness.awards_api import AwardsApi
from tests.harness.event_store import count_events
from tests.harness.kafka_reader import read_topic
from tooling.demo import seeds

pytestmark = pytest.mark.integration

HA_NOI, CUC = seeds.HA_NOI, seeds.CUC
# The demo's batches (tooling/demo/seeds.py), each beside the article's sentence.
HA_NOI_BATCHES, CUC_BATCHES = seeds.HA_NOI_BATCHES, seeds.CUC_BATCHES
HA_NOI_COUNTS = {
    ("HCLD3", "unit"): 1,
    ("HCLD3", "member"): 2,
    ("BK_TTG", "unit"): 2,
    ("BK_TTG", "member"): 3,
    ("CO_THI_DUA_BO", "agency"): 5,
    ("CO_THI_DUA_TINH", "agency"): 4,
    ("BK_TINH", "agency"): 1,
    ("CO_THI_DUA_TINH", "unit"): 23,
    ("BK_BO", "unit"): 19,
    ("BK_BO", "member"): 26,
    ("BK_TINH", "unit"): 16,
    ("BK_TINH", "member"): 16,
    ("TTLDTT", "unit"): 31,
    ("LDTT", "member"): 601,
    ("CSTDCS", "member"): 164,
    ("CSTD_TINH", "member"): 4,
}
CUC_YEARS = {
    "TTLDXS": [2013, 2015, 2016, 2017, 2018],
    "CO_THI_DUA_BO": [2013, 2014, 2016, 2018],
    "BK_TTG": [2013, 2015, 2017, 2019],
    "CO_THI_DUA_CP": [2015],
}


def csv(agency: str, batches: list[seeds.Batch]) -> bytes:
    return seeds.to_csv(list(seeds.seed_rows(agency, batches)))


async def upload(api: AwardsApi, agency: str, content: bytes) -> Any:
    return await api.client.post(
        "/v1/decisions/import",
        data={"agency": agency},
        files={"file": ("lich_su_khen_thuong.csv", content, "text/csv")},
        headers=api.headers(agency),
    )


async def imported(api: AwardsApi, agency: str, batches: list[seeds.Batch]) -> dict[str, Any]:
    response = await upload(api, agency, csv(agency, batches))
    assert response.status_code == 201, response.text[:2000]
    report: dict[str, Any] = response.json()
    return report


async def history(api: AwardsApi, agency: str, kind: str, recipient: str) -> dict[str, Any]:
    response = await api.client.get(
        f"/v1/recipients/{kind}/{recipient}/awards", headers=api.headers(agency)
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def granted_on_topic(records: list[Any]) -> list[dict[str, Any]]:
    events = [orjson.loads(record.value) for record in records]
    return [e for e in events if e["event_type"] == "AwardGranted"]


async def test_the_seed_histories_are_award_events_with_the_articles_counts(
    awards_api: AwardsApi, kafka_bootstrap: str
) -> None:
    api = awards_api
    ha_noi = await imported(api, HA_NOI, HA_NOI_BATCHES)
    cuc = await imported(api, CUC, CUC_BATCHES)
    stored = await count_events(api.awards.engine)

    records = await read_topic(kafka_bootstrap, api.topic, at_least=stored, timeout_s=60)
    granted = granted_on_topic(records)

    award_ids = {row["award_id"] for row in ha_noi["rows"] + cuc["rows"]}
    assert {e["payload"]["award_id"] for e in granted} == award_ids
    assert len(granted) == len(award_ids) == 918 + 14
    counts = Counter(
        (e["payload"]["award_code"], e["payload"]["recipient_kind"])
        for e in granted
        if e["agency"] == HA_NOI
    )
    assert counts == HA_NOI_COUNTS
    await check_agency_histories(api)
    await check_re_import_changes_nothing(api, stored)
    await check_next_titles(api)


async def check_agency_histories(api: AwardsApi) -> None:
    cuc = await history(api, CUC, "agency", CUC)
    assert {t["award_code"]: t["years"] for t in cuc["totals"]} == CUC_YEARS
    department = await history(api, HA_NOI, "agency", HA_NOI)
    years = {t["award_code"]: t["years"] for t in department["totals"]}
    assert years["CO_THI_DUA_BO"] == [2015, 2016, 2017, 2018, 2019]  # "5 năm liền"
    assert years["CO_THI_DUA_TINH"] == [2016, 2017, 2018, 2019]  # "4 năm liền"


async def check_re_import_changes_nothing(api: AwardsApi, stored: int) -> None:
    for agency, batches in ((HA_NOI, HA_NOI_BATCHES), (CUC, CUC_BATCHES)):
        again = await upload(api, agency, csv(agency, batches))
        assert again.status_code == 200, again.text[:2000]
        assert again.json()["decisions_recorded"] == 0
    assert await count_events(api.awards.engine) == stored


async def check_next_titles(api: AwardsApi) -> None:
    response = await api.client.get(
        f"/v1/members/{HA_NOI}-member-001/next-titles",
        params={"year": 2020, "agency": HA_NOI},
        headers=api.headers(HA_NOI),
    )
    assert response.status_code == 200, response.text
    verdicts = {v["award_code"]: v for v in response.json()["verdicts"]}
    assert all(v["reasons"] for v in verdicts.values())
    assert verdicts["LDTT"]["status"] == "unknown"  # no rating of 2020 recorded yet
    streak = verdicts["CSTD_TINH"]["reasons"][0]["reason_vi"]
    assert streak == "Chưa đủ 3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2018, 2019; thiếu 2020)"
