"""Many instances over the registry's API (issue 18): the ministry assigns an agency to a
province's instance on the national registry; each instance refuses what it does not serve.

Both registries run on one broker and one topic prefix, each on its own database: the
national one (``registry_api``) and Hà Nội's own instance ``sct-01`` serving agency 01.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from services.registry.api.app import create_app
from services.registry.settings import RegistrySettings
from shared.auth import Role
from shared.events import AgencyOwnershipAssignedEvent, parse_event
from tests.harness.event_store import count_events
from tests.harness.kafka_reader import read_topic
from tests.harness.registry_api import SECRET, RegistryApi
from tests.harness.service_api import serving

ADMIN: tuple[Role, ...] = ("admin",)
HA_NOI, HO_CHI_MINH, BAC_KAN = "01", "79", "06"
BASIS = "Quyết định 1234/QĐ-BCT"
PROVINCE = "sct-01"


@pytest.fixture
async def province_api(
    make_migrated_database: Any, kafka_bootstrap: str, unique_prefix: str
) -> AsyncIterator[RegistryApi]:
    """Hà Nội's own registry (instance sct-01, serving 01) on the national registry's prefix."""
    settings = RegistrySettings(
        database_url=await make_migrated_database("registry"),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=unique_prefix,
        jwt_secret=SecretStr(SECRET),
        instance=PROVINCE,
        agencies=(HA_NOI,),
    )
    app = create_app(settings)
    async with serving(app, "registry-sct-01") as client:
        yield RegistryApi(client, app, f"{unique_prefix}.{PROVINCE}.registry.events", SECRET)


async def as_admin(api: RegistryApi, path: str, body: dict[str, Any]) -> httpx.Response:
    return await api.client.post(path, json=body, headers=api.headers("BCT", ADMIN))


async def assign(api: RegistryApi, agency: str, instance: str) -> httpx.Response:
    body = {"instance": instance, "legal_basis": BASIS}
    return await as_admin(api, f"/v1/agencies/{agency}/ownership", body)


async def register(api: RegistryApi, code: str, name: str) -> httpx.Response:
    body = {"agency_code": code, "name": name, "kind": "provincial_department"}
    body |= {"province_code": code, "established_on": "2008-08-01"}
    return await as_admin(api, "/v1/agencies", body)


async def instance_of(api: RegistryApi) -> dict[str, Any]:
    response = await api.client.get("/v1/instance", headers=api.headers(HA_NOI, ("analyst",)))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def until_served(api: RegistryApi, agency: str, timeout_s: float = 20.0) -> None:
    """Wait until ``api``'s instance learnt, from the ownership topic, that it serves ``agency``."""
    deadline = time.monotonic() + timeout_s
    while agency not in (await instance_of(api))["served"]:
        assert time.monotonic() < deadline, f"{agency} never reached {await instance_of(api)}"
        await asyncio.sleep(0.2)


def refused_as_served_by(response: httpx.Response, owner: str) -> dict[str, Any]:
    """The 409 problem naming the instance that serves the agency; its body."""
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["current"]["served_by"] == owner
    return problem


# A province's instance.


async def test_a_province_instance_refuses_work_of_an_agency_it_does_not_serve(
    province_api: RegistryApi,
) -> None:
    unit = {"agency": HO_CHI_MINH, "name": "Văn phòng Sở", "added_on": "2016-01-01"}

    refused = await province_api.client.post(
        "/v1/units", json=unit, headers=province_api.headers(HO_CHI_MINH)
    )

    problem = refused_as_served_by(refused, "national")
    assert problem["current"]["agency"] == HO_CHI_MINH
    assert "hệ thống quốc gia của Bộ" in problem["detail"]
    assert "(sct-01) không ghi nhận việc của cơ quan đó" in problem["detail"]
    assert await count_events(province_api.registry.engine) == 0


async def test_a_province_instance_registers_its_agency_once_the_ministry_assigned_it(
    registry_api: RegistryApi, province_api: RegistryApi
) -> None:
    before = await register(province_api, HA_NOI, "Sở Công Thương Hà Nội")
    refused_as_served_by(before, "national")

    assigned = await assign(registry_api, HA_NOI, PROVINCE)
    assert assigned.status_code == 201, assigned.text
    await until_served(province_api, HA_NOI)
    after = await register(province_api, HA_NOI, "Sở Công Thương Hà Nội")

    assert after.status_code == 201, after.text
    assert (await instance_of(province_api))["agencies"] == [HA_NOI]


async def test_a_province_instance_records_no_assignment(province_api: RegistryApi) -> None:
    refused = await assign(province_api, HA_NOI, "national")

    assert refused.status_code == 409, refused.text
    assert refused.json()["current"]["current_state"] == "province_instance"
    assert "chỉ được ghi nhận trên hệ thống quốc gia của Bộ" in refused.json()["detail"]
    assert await count_events(province_api.registry.engine) == 0


# The national instance.


async def test_the_national_instance_refuses_an_agency_at_once_once_it_is_assigned(
    registry_api: RegistryApi,
) -> None:
    assigned = await assign(registry_api, HA_NOI, PROVINCE)
    assert assigned.status_code == 201, assigned.text

    # No waiting for the ownership topic: this process learnt its own assignment.
    refused = await register(registry_api, HA_NOI, "Sở Công Thương Hà Nội")

    problem = refused_as_served_by(refused, PROVINCE)
    assert "do hệ thống sct-01 quản lý" in problem["detail"]
    assert (await register(registry_api, BAC_KAN, "Sở Công Thương Bắc Kạn")).status_code == 201


async def test_only_the_ministry_admin_assigns_an_agency(registry_api: RegistryApi) -> None:
    body = {"instance": PROVINCE, "legal_basis": BASIS}
    path = f"/v1/agencies/{HA_NOI}/ownership"

    answers = [
        (await registry_api.client.post(path, json=body, headers=registry_api.headers(*who)))
        for who in ((HA_NOI, ("officer",)), ("BCT", ("officer",)), (HA_NOI, ("integrator",)))
    ]

    assert [answer.status_code for answer in answers] == [403, 403, 403]
    assert await count_events(registry_api.registry.engine) == 0
    assert (await assign(registry_api, HA_NOI, PROVINCE)).status_code == 201


async def test_an_assignment_to_the_instance_serving_the_agency_is_refused(
    registry_api: RegistryApi,
) -> None:
    to_national = await assign(registry_api, HO_CHI_MINH, "national")
    first = await assign(registry_api, HO_CHI_MINH, "sct-79")
    again = await assign(registry_api, HO_CHI_MINH, "sct-79")

    assert first.status_code == 201, first.text
    for refused in (to_national, again):
        assert refused.status_code == 422, refused.text
        assert [error["field"] for error in refused.json()["errors"]] == ["body.instance"]
        assert "không cần giao lại" in refused.json()["detail"]
    assert "hệ thống quốc gia của Bộ" in to_national.json()["detail"]
    assert await count_events(registry_api.registry.engine) == 1


async def test_an_agency_whose_events_the_national_store_holds_stays_national(
    registry_api: RegistryApi,
) -> None:
    assert (await register(registry_api, BAC_KAN, "Sở Công Thương Bắc Kạn")).status_code == 201

    refused = await assign(registry_api, BAC_KAN, "sct-06")

    assert refused.status_code == 409, refused.text
    assert "chuyển dữ liệu giữa các hệ thống chưa được hỗ trợ" in refused.json()["detail"]
    assert refused.json()["current"]["current_state"] == "national_holds_events"
    assert await count_events(registry_api.registry.engine) == 1


async def test_assignments_are_numbered_and_travel_only_on_the_ownership_topic(
    registry_api: RegistryApi, kafka_bootstrap: str, unique_prefix: str
) -> None:
    assert (await assign(registry_api, HO_CHI_MINH, "sct-79")).status_code == 201
    back = await assign(registry_api, HO_CHI_MINH, "national")
    assert (await register(registry_api, BAC_KAN, "Sở Công Thương Bắc Kạn")).status_code == 201

    assert (back.json()["agency_code"], back.json()["version"]) == (HO_CHI_MINH, 2)
    records = await read_topic(kafka_bootstrap, f"{unique_prefix}.ownership.events", at_least=2)
    published = [parse_event(record.value) for record in records]
    assert all(isinstance(event, AgencyOwnershipAssignedEvent) for event in published)
    assert [
        (e.payload.sequence, e.payload.previous_instance, e.payload.instance, e.agency)
        for e in published
        if isinstance(e, AgencyOwnershipAssignedEvent)
    ] == [(1, "national", "sct-79", HO_CHI_MINH), (2, "sct-79", "national", HO_CHI_MINH)]
    registry_topic = await read_topic(kafka_bootstrap, registry_api.topic, at_least=1)
    assert [dict(r.headers)["event_type"] for r in registry_topic] == [b"AgencyRegistered"]
    view = await instance_of(registry_api)
    assert (view["instance"], view["agencies"], view["served"]) == ("national", [], [HO_CHI_MINH])
    assert [(a["sequence"], a["instance"]) for a in view["assignments"]] == [
        (1, "sct-79"),
        (2, "national"),
    ]
