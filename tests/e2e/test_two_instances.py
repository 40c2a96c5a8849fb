"""Issue 18, accepted with two instances: the ministry's and Hà Nội's own, one reporting.

National registry and awards serve every agency but Hà Nội (01), which the ministry assigns to
Hà Nội's own instance ``sct-01`` (its registry and awards on their own databases, its own Kafka
users); one reporting service reads both. Each instance records a campaign, registrations and
award decisions for its agency: the national figures are the sum of both agencies', each
agency's what it recorded; neither instance records anything for the other's agency; the
broker refuses Hà Nội's registry writing the national topic; an event Hà Nội's registry
forges for Hồ Chí Minh City (79) on its own topic is dead-lettered and counts nowhere.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from shared.auth import Role
from shared.kafka.security import aiokafka_options
from tests.harness.events import campaign_launched
from tests.harness.infra import KafkaHarness, eventually
from tests.harness.instances import Deployment, Planned, deploy, start_services, stop_all
from tests.harness.kafka_reader import read_topic
from tests.harness.processes import ServiceProcess
from tests.harness.service_api import bearer
from tooling.demo import seeds

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

SECRET = "e2e-two-instances-secret-of-at-least-32-bytes"
PROVINCE = "sct-01"
HA_NOI, HCM = "01", "79"
YEAR = 2024
SERVICES = (
    Planned("registry", "registry"),
    Planned("awards", "awards"),
    Planned("sct-01 registry", "registry", PROVINCE, (HA_NOI,)),
    Planned("sct-01 awards", "awards", PROVINCE, (HA_NOI,)),
    Planned("reporting", "reporting"),
)
RECORDED = {HA_NOI: {"campaigns": 1, "registrations": 2, "awards": 2}}
RECORDED[HCM] = {"campaigns": 1, "registrations": 1, "awards": 1}
"""What each instance records for its agency in :data:`YEAR` (Hà Nội on sct-01, 79 national)."""


class Instances:
    """The running services, called by label as an officer (or ``role``) of an agency."""

    def __init__(self, deployment: Deployment, processes: dict[str, ServiceProcess]) -> None:
        self.deployment = deployment
        self.urls = {label: process.url for label, process in processes.items()}
        self.client = httpx.AsyncClient(timeout=30)

    async def post(
        self, label: str, path: str, caller: str, role: Role = "officer", **kwargs: Any
    ) -> httpx.Response:
        headers = bearer(SECRET, caller, [role]) | {"Idempotency-Key": str(uuid.uuid4())}
        return await self.client.post(self.urls[label] + path, headers=headers, **kwargs)

    async def created(self, label: str, path: str, caller: str, **kwargs: Any) -> Any:
        response = await self.post(label, path, caller, **kwargs)
        assert response.status_code in (200, 201), f"{label} {path}: {response.text}"
        return response.json()

    async def get(
        self, label: str, path: str, caller: str, role: Role = "officer", **params: Any
    ) -> Any:
        response = await self.client.get(
            self.urls[label] + path, params=params, headers=bearer(SECRET, caller, [role])
        )
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
        return response.json()


@pytest.fixture(scope="module")
async def instances(
    kafka_harness: KafkaHarness, make_postgres_database: Any
) -> AsyncIterator[Instances]:
    deployment = await deploy(kafka_harness, (PROVINCE,), SECRET)
    extra = {"reporting": {"instances": PROVINCE}}
    processes = await start_services(deployment, SERVICES, make_postgres_database, **extra)
    running = Instances(deployment, processes)
    try:
        yield running
    finally:
        await running.client.aclose()
        stop_all(processes.values())


@dataclass(frozen=True)
class Recorded:
    """Where each agency's work went: registry and awards labels of its instance."""

    registry: str
    awards: str


WHERE = {HA_NOI: Recorded("sct-01 registry", "sct-01 awards"), HCM: Recorded("registry", "awards")}


async def register(system: Instances, code: str, name: str) -> None:
    body = {"agency_code": code, "name": name, "kind": "provincial_department"}
    body |= {"province_code": code, "province_list": "63"}
    await system.created(WHERE[code].registry, "/v1/agencies", code, role="admin", json=body)


async def a_year_of_work(system: Instances, code: str, members: int) -> None:
    """A unit, ``members`` members each registered for LĐTT in the agency's campaign of
    :data:`YEAR` and granted it by a decision imported as a spreadsheet."""
    where = WHERE[code].registry
    unit = {"agency": code, "name": "Văn phòng Sở", "added_on": "2015-01-01"}
    unit_id = (await system.created(where, "/v1/units", code, json=unit))["unit_id"]
    people = []
    for _ in range(members):
        member = {"agency": code, "unit_id": unit_id, "added_on": "2015-01-01"}
        member |= {"position_group": "official", "full_name": "Nguyễn Văn An", "birth_year": 1980}
        people.append((await system.created(where, "/v1/members", code, json=member))["member_id"])
    campaign = {
        "agency": code,
        "title": f"Phong trào thi đua năm {YEAR}",
        "form": "regular",
        "launching_level": "unit",
        "scope": "unit",
        "start_date": f"{YEAR}-01-15",
        "end_date": f"{YEAR}-12-31",
        "registration_required": True,
    }
    campaign_id = (await system.created(where, "/v1/campaigns", code, json=campaign))["campaign_id"]
    items = [
        {
            "agency": code,
            "registrant_kind": "member",
            "registrant_id": person,
            "year": YEAR,
            "campaign_id": campaign_id,
            "award_codes": ["LDTT"],
            "submitted_on": f"{YEAR}-02-15",
        }
        for person in people
    ]
    await system.created(where, "/v1/registrations/batch", code, json=items)
    director = f"Giám đốc Sở Công Thương ({code})"
    signed, kind, award = f"{YEAR + 1}-01-20", "Cá nhân", "Lao động tiên tiến"
    rows = [
        (f"{10 + n}/QĐ-SCT", signed, director, kind, who, award, str(YEAR))
        for n, who in enumerate(people)
    ]
    sheet = seeds.to_csv(seeds.regular(rows))
    files = {"file": ("khen_thuong.csv", sheet, "text/csv")}
    path = "/v1/decisions/import"
    await system.created(WHERE[code].awards, path, code, data={"agency": code}, files=files)


@pytest.fixture(scope="module")
async def recorded(instances: Instances) -> Instances:
    """The ministry assigns 01 to sct-01; each instance registers its agency and records a year."""
    assignment = {"instance": PROVINCE, "legal_basis": "Quyết định số 1/QĐ-BCT"}
    path = f"/v1/agencies/{HA_NOI}/ownership"
    await instances.created("registry", path, "BCT", role="admin", json=assignment)

    async def served() -> bool:
        found = await instances.get("sct-01 registry", "/v1/instance", HA_NOI)
        return bool(found["served"] == [HA_NOI])

    await eventually(served, timeout=30, interval=0.5, message="sct-01 serves 01")
    await register(instances, HA_NOI, "Sở Công Thương Hà Nội")
    await register(instances, HCM, "Sở Công Thương Thành phố Hồ Chí Minh")
    await a_year_of_work(instances, HA_NOI, RECORDED[HA_NOI]["awards"])
    await a_year_of_work(instances, HCM, RECORDED[HCM]["awards"])
    return instances


async def national_rows(system: Instances) -> dict[str, dict[str, int]]:
    """Each agency's row and the totals of ``/v1/national`` for :data:`YEAR`, by agency."""
    params = {"from": YEAR, "to": YEAR, "group_by": "agency", "limit": 500}
    report = await system.get("reporting", "/v1/national", "BCT", "analyst", **params)
    rows = {row["key"]: row for row in report["items"]} | {"totals": report["totals"]}
    return {key: {count: rows[key][count] for count in RECORDED[HCM]} for key in rows}


def summed(*figures: dict[str, int]) -> dict[str, int]:
    return {count: sum(one[count] for one in figures) for count in RECORDED[HCM]}


async def agency_figures(system: Instances, code: str) -> dict[str, int]:
    """What ``/v1/agencies/{code}/stats`` counts for :data:`YEAR`."""
    stats = await system.get(
        "reporting", f"/v1/agencies/{code}/stats", code, **{"from": YEAR, "to": YEAR}
    )
    registrations = sum(sum(year["by_status"].values()) for year in stats["registrations"])
    return {
        "campaigns": stats["campaigns"]["total"],
        "registrations": registrations,
        "awards": stats["awards_total"],
    }


async def test_national_figures_are_the_sum_of_both_instances(recorded: Instances) -> None:
    expected = {HA_NOI: RECORDED[HA_NOI], HCM: RECORDED[HCM]}
    expected["totals"] = summed(RECORDED[HA_NOI], RECORDED[HCM])

    async def counted() -> dict[str, dict[str, int]]:
        rows = await national_rows(recorded)
        assert {key: rows.get(key) for key in expected} == expected
        return rows

    rows = await eventually(counted, timeout=90, interval=1.0, message="national figures")
    assert rows["totals"] == summed(rows[HA_NOI], rows[HCM])
    for code in (HA_NOI, HCM):
        assert await agency_figures(recorded, code) == RECORDED[code], code


def unit_of(agency: str) -> dict[str, Any]:
    return {"agency": agency, "name": "Phòng mới", "added_on": f"{YEAR}-01-01"}


def decision_of(agency: str) -> tuple[str, dict[str, Any]]:
    """A head's decision granting LĐTT (overriding the engine: only the instance may refuse)."""
    award = {"recipient_kind": "member", "recipient_id": "m-1", "award_code": "LDTT"}
    body = {
        "agency": agency,
        "number": "99/QĐ-SCT",
        "signed_on": f"{YEAR + 1}-01-20",
        "issuing_authority": "Giám đốc Sở Công Thương",
        "authority_level": "unit",
        "awards": [award | {"achievement_year": YEAR}],
        "override_justification": "Kiểm thử: hệ thống phải từ chối trước khi xét điều kiện",
    }
    return "/v1/decisions", body


@pytest.mark.parametrize(
    ("label", "agency", "served_by"),
    [
        ("sct-01 registry", HCM, "national"),
        ("sct-01 awards", HCM, "national"),
        ("registry", HA_NOI, PROVINCE),
        ("awards", HA_NOI, PROVINCE),
    ],
)
async def test_an_instance_refuses_commands_for_the_other_ones_agency(
    recorded: Instances, label: str, agency: str, served_by: str
) -> None:
    path, body = ("/v1/units", unit_of(agency)) if "registry" in label else decision_of(agency)
    refused = await recorded.post(label, path, agency, json=body)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["current"]["served_by"] == served_by, problem
    assert agency in problem["detail"]


async def test_the_broker_refuses_the_province_writing_the_national_topic(
    recorded: Instances,
) -> None:
    deployment = recorded.deployment
    user = deployment.credentials("registry", PROVINCE)
    producer = AIOKafkaProducer(
        bootstrap_servers=deployment.harness.bootstrap, **aiokafka_options(user)
    )
    await producer.start()
    try:
        forged = campaign_launched(HCM).wire()
        with pytest.raises(KafkaError) as refused:
            await producer.send_and_wait(
                deployment.plan.topics.registry_events,
                forged.value,
                key=forged.key,
                headers=list(forged.headers),
            )
        assert "Authorization" in type(refused.value).__name__, repr(refused.value)
    finally:
        await producer.stop()


async def test_an_event_forged_on_the_provinces_topic_is_dead_lettered(
    recorded: Instances,
) -> None:
    deployment = recorded.deployment
    topics = deployment.plan.topics
    await eventually(
        lambda: _figures_settled(recorded), timeout=90, interval=1.0, message="settled"
    )
    before = await national_rows(recorded)
    forged = campaign_launched(HCM, year=YEAR)
    wire = forged.wire()
    user = deployment.credentials("registry", PROVINCE)
    producer = AIOKafkaProducer(
        bootstrap_servers=deployment.harness.bootstrap, **aiokafka_options(user)
    )
    await producer.start()
    try:
        await producer.send_and_wait(
            topics.registry_events_of(PROVINCE),
            wire.value,
            key=wire.key,
            headers=list(wire.headers),
        )
    finally:
        await producer.stop()

    dead_letters = topics.dead_letter(deployment.plan.reporting_group)

    async def dead_lettered() -> dict[str, str]:
        letters = await read_topic(
            deployment.harness.bootstrap, dead_letters, at_least=1, timeout_s=5
        )
        for letter in letters:
            headers = {name: value.decode() for name, value in letter.headers}
            if headers.get("event_id") == str(forged.event_id):
                return headers
        return {}

    headers = await eventually(dead_lettered, timeout=60, interval=1.0, message="dead letter")
    assert headers["dlq.source_topic"] == topics.registry_events_of(PROVINCE)
    assert "agency 79" in headers["dlq.reason"], headers["dlq.reason"]
    assert "'national'" in headers["dlq.reason"], headers["dlq.reason"]
    assert await national_rows(recorded) == before


async def _figures_settled(system: Instances) -> bool:
    rows = await national_rows(system)
    return rows.get(HCM) == RECORDED[HCM] and rows.get(HA_NOI) == RECORDED[HA_NOI]
