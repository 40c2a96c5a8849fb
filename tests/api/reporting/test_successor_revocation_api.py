"""Reporting of what a successor did on its predecessor's records (issue 15): after Bắc Giang's
department merged into ``SCT34-24`` on 2025-07-01, the successor revokes Bắc Giang's LĐTT 2024
and decides the proposal Bắc Giang left under review. The revoked award stays Bắc Giang's and
counts nowhere (the revocation is no award of the successor); the proposal counts once, as Bắc
Giang's, decided; the national totals by agency, by the 63 and by the 34 agree every year.

The same events the awards service stored (and the registry events it consumed) are fed to
the reporting service's consumer.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared.eventstore import RecordedEvent
from shared.eventstore.tables import events
from tests.api.awards.test_reorganisation_api import BAC_GIANG, BAC_NINH_34, award, decision
from tests.api.awards.test_successor_takes_over_api import post, revocation, with_open_work
from tests.harness.awards_api import AwardsApi
from tests.harness.reporting_api import ReportingApi

PERIOD = {"from": 2022, "to": 2025}


async def stats(api: ReportingApi, agency: str, **params: Any) -> Any:
    response = await api.client.get(
        f"/v1/agencies/{agency}/stats", params=PERIOD | params, headers=api.analyst()
    )
    assert response.status_code == 200, response.text
    return response.json()


async def national(api: ReportingApi, year: int, group_by: str) -> Any:
    params: dict[str, str | int] = {"from": year, "to": year, "group_by": group_by, "limit": 500}
    response = await api.client.get("/v1/national", params=params, headers=api.analyst())
    assert response.status_code == 200, response.text
    return response.json()


async def awards_events(api: AwardsApi) -> list[RecordedEvent]:
    async with api.awards.engine.connect() as connection:
        rows = await connection.execute(select(events).order_by(events.c.position))
        return [RecordedEvent.model_validate(row._mapping) for row in rows]


async def taken_over(awards_api: AwardsApi, reporting_api: ReportingApi) -> None:
    """The successor revokes LĐTT 2024 and decides the pending proposal (LĐTT 2022)."""
    registry, decision_id, proposal_id = await with_open_work(awards_api)
    path = f"/v1/decisions/{decision_id}/revocations"
    revoked = await post(awards_api, path, revocation("2025-09-01"), BAC_NINH_34)
    assert revoked.status_code == 201, revoked.text
    vote = {"nominee_id": "m-hoa", "award_code": "LDTT", "votes_for": 7, "votes_against": 0}
    review = {"reviewed_on": "2025-07-20", "votes": [vote]}
    path = f"/v1/proposals/{proposal_id}/reviews"
    assert (await post(awards_api, path, review, BAC_NINH_34)).status_code == 201
    body = decision(
        BAC_NINH_34, "15/QĐ-SCT", "2025-07-25", award("LDTT", 2022), proposal_id=proposal_id
    )
    assert (await post(awards_api, "/v1/decisions", body, BAC_NINH_34)).status_code == 201
    await reporting_api.feed(registry.sent, await awards_events(awards_api))


async def test_a_successors_revocation_cancels_the_predecessors_award_and_adds_none(
    awards_api: AwardsApi, reporting_api: ReportingApi
) -> None:
    await taken_over(awards_api, reporting_api)

    bac_giang = await stats(reporting_api, BAC_GIANG)
    successor = await stats(reporting_api, BAC_NINH_34)
    lineage = await stats(reporting_api, BAC_NINH_34, include_predecessors="true")

    # Bắc Giang: LĐTT 2023 only (2024 revoked); the successor: the LĐTT 2022 it decided.
    assert bac_giang["awards_total"] == 1
    assert successor["awards_total"] == 1
    assert lineage["awards_total"] == 2
    assert sorted(lineage["agencies_counted"]) == [BAC_GIANG, BAC_NINH_34]


async def test_the_proposal_the_successor_decided_counts_once_as_the_predecessors(
    awards_api: AwardsApi, reporting_api: ReportingApi
) -> None:
    await taken_over(awards_api, reporting_api)

    bac_giang = await stats(reporting_api, BAC_GIANG)
    successor = await stats(reporting_api, BAC_NINH_34)
    lineage = await stats(reporting_api, BAC_NINH_34, include_predecessors="true")

    assert (bac_giang["proposals"]["submitted"], bac_giang["proposals"]["decided"]) == (1, 1)
    assert bac_giang["proposals"]["pending"] == 0
    assert successor["proposals"]["submitted"] == 0
    assert (lineage["proposals"]["submitted"], lineage["proposals"]["decided"]) == (1, 1)


async def test_national_totals_agree_by_agency_by_63_and_by_34_every_year(
    awards_api: AwardsApi, reporting_api: ReportingApi
) -> None:
    await taken_over(awards_api, reporting_api)

    found = {}
    for year in range(2022, 2026):
        by = {
            g: await national(reporting_api, year, g)
            for g in ("agency", "province63", "province34")
        }
        found[year] = {g: body["totals"]["awards"] for g, body in by.items()}

    assert found == {
        2022: {"agency": 1, "province63": 1, "province34": 1},
        2023: {"agency": 1, "province63": 1, "province34": 1},
        2024: {"agency": 0, "province63": 0, "province34": 0},
        2025: {"agency": 0, "province63": 0, "province34": 0},
    }


async def test_a_proposal_the_successor_resubmitted_counts_once_under_its_new_date(
    awards_api: AwardsApi, reporting_api: ReportingApi
) -> None:
    """Returned and resubmitted by the successor in July 2025, the proposal is counted (like
    any resubmission) at its latest submission: after the merger, so under the successor."""
    registry, _, proposal_id = await with_open_work(awards_api)
    path = f"/v1/proposals/{proposal_id}"
    reason = {"reason": "Bổ sung bản thành tích", "returned_on": "2025-07-10"}
    again = {
        "nominees": [
            {"nominee_kind": "member", "nominee_id": "m-hoa", "award_code": "LDTT"}
            | {"achievement_year": 2022}
        ],
        "commendation_kind": "regular",
        "addressed_to": "unit",
        "submitted_on": "2025-07-15",
    }
    assert (await post(awards_api, f"{path}/return", reason, BAC_NINH_34)).status_code == 200
    assert (await post(awards_api, f"{path}/resubmit", again, BAC_NINH_34)).status_code == 200
    await reporting_api.feed(registry.sent, await awards_events(awards_api))

    bac_giang = await stats(reporting_api, BAC_GIANG)
    successor = await stats(reporting_api, BAC_NINH_34)
    lineage = await stats(reporting_api, BAC_NINH_34, include_predecessors="true")

    assert bac_giang["proposals"]["submitted"] == 0
    assert (successor["proposals"]["submitted"], successor["proposals"]["open"]) == (1, 1)
    assert lineage["proposals"]["submitted"] == 1
