"""Many instances over the awards service's API (issue 18): a proposal is recorded only by the
awards service of the instance that serves its agency.

On one broker and one topic prefix: the national registry (which records the ministry's
assignments), the national awards service and Hà Nội's own awards service ``sct-01``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from services.awards.api.app import create_app
from services.awards.settings import AwardsSettings
from shared.events import AgencyRegistered
from tests.api.awards.test_proposals_api import proposal
from tests.harness.awards_api import SECRET, AwardsApi
from tests.harness.event_store import count_events
from tests.harness.registry_api import RegistryApi
from tests.harness.registry_feed import feed
from tests.harness.service_api import serving

HA_NOI, HO_CHI_MINH = "01", "79"
PROVINCE = "sct-01"


@pytest.fixture
async def province_awards(
    make_migrated_database: Any, kafka_bootstrap: str, unique_prefix: str
) -> AsyncIterator[AwardsApi]:
    """Hà Nội's own awards service (instance sct-01, serving 01)."""
    settings = AwardsSettings(
        database_url=await make_migrated_database("awards"),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=unique_prefix,
        jwt_secret=SecretStr(SECRET),
        instance=PROVINCE,
        agencies=(HA_NOI,),
    )
    app = create_app(settings)
    async with serving(app, "awards-sct-01") as client:
        yield AwardsApi(client, app, f"{unique_prefix}.{PROVINCE}.awards.events", SECRET)


async def propose(api: AwardsApi, agency: str) -> httpx.Response:
    body = proposal(agency=agency)
    return await api.client.post("/v1/proposals", json=body, headers=api.headers(agency))


def refused_as_served_by(response: httpx.Response, owner: str) -> str:
    """The 409 problem naming the instance that serves the agency; its detail."""
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["current"]["served_by"] == owner
    detail: str = response.json()["detail"]
    return detail


async def until_owned(api: AwardsApi, agency: str, owner: str, timeout_s: float = 20.0) -> None:
    """Wait until ``api`` learnt from the ownership topic that ``owner`` serves ``agency``."""
    deadline = time.monotonic() + timeout_s
    while api.awards.ownership.ledger.owner_now(agency) != owner:
        assert time.monotonic() < deadline, f"{agency} never reached {owner}"
        await asyncio.sleep(0.2)


async def test_a_province_awards_service_refuses_a_proposal_of_an_agency_it_does_not_serve(
    province_awards: AwardsApi,
) -> None:
    refused = await propose(province_awards, HO_CHI_MINH)

    detail = refused_as_served_by(refused, "national")
    assert "Dữ liệu của cơ quan 79 do hệ thống quốc gia của Bộ quản lý" in detail
    assert await count_events(province_awards.awards.engine) == 0


async def test_a_proposal_is_recorded_by_the_instance_the_ministry_assigned_its_agency_to(
    registry_api: RegistryApi, awards_api: AwardsApi, province_awards: AwardsApi
) -> None:
    before = await propose(province_awards, HA_NOI)
    refused_as_served_by(before, "national")

    body = {"instance": PROVINCE, "legal_basis": "Quyết định 1234/QĐ-BCT"}
    assigned = await registry_api.client.post(
        f"/v1/agencies/{HA_NOI}/ownership",
        json=body,
        headers=registry_api.headers("BCT", ["admin"]),
    )
    assert assigned.status_code == 201, assigned.text
    await until_owned(awards_api, HA_NOI, PROVINCE)
    national = await propose(awards_api, HA_NOI)
    province = await propose(province_awards, HA_NOI)

    assert "do hệ thống sct-01 quản lý" in refused_as_served_by(national, PROVINCE)
    assert await count_events(awards_api.awards.engine) == 0
    assert province.status_code == 201, province.text


def department(code: str) -> AgencyRegistered:
    return AgencyRegistered(
        agency_code=code,
        name=f"Sở Công Thương {code}",
        kind="provincial_department",
        province_code=code,
        province_list="63",
    )


async def test_a_province_awards_service_refuses_facts_its_registry_could_not_have_written(
    registry_api: RegistryApi, province_awards: AwardsApi
) -> None:
    """On the province's own registry topic: 79's facts never count, 01's only once the
    ministry assigned 01 to the province (the consumer catches up with the ownership topic)."""
    consumer = province_awards.awards.consumer
    await feed(province_awards, HO_CHI_MINH, department(HO_CHI_MINH))
    await feed(province_awards, HA_NOI, department(HA_NOI))
    assert (consumer.applied_total, consumer.dead_lettered_total) == (0, 2)

    body = {"instance": PROVINCE, "legal_basis": "Quyết định 1234/QĐ-BCT"}
    assigned = await registry_api.client.post(
        f"/v1/agencies/{HA_NOI}/ownership",
        json=body,
        headers=registry_api.headers("BCT", ["admin"]),
    )
    assert assigned.status_code == 201, assigned.text
    await until_owned(province_awards, HA_NOI, PROVINCE)
    await feed(province_awards, HA_NOI, department(HA_NOI))

    assert (consumer.applied_total, consumer.dead_lettered_total) == (1, 2)
