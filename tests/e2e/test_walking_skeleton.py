"""The walking skeleton: registry → store → relay → Kafka → reporting projection → HTTP.

Each service runs as in production: its own process, its own PostgreSQL database, the real
broker (authenticating each service as its own Kafka user, with the ACLs the setup grants),
configured only by environment variables.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
from pydantic import SecretStr

from shared.auth import mint_token
from tests.harness.infra import KafkaHarness, eventually
from tests.harness.kafka_reader import read_topic
from tests.harness.processes import ServiceProcess

pytestmark = pytest.mark.e2e

SECRET = "e2e-secret-of-at-least-thirty-two-bytes"


def token(agency: str, *roles: str) -> dict[str, str]:
    signed = mint_token(
        SecretStr(SECRET),
        subject=f"officer-{agency}",
        agency=agency,
        roles=list(roles) or ["officer"],
        issuer="tdkt",
        ttl=timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {signed}"}


@pytest.fixture
async def services(
    kafka_harness: KafkaHarness, make_postgres_database: Any, unique_prefix: str
) -> AsyncIterator[tuple[ServiceProcess, ServiceProcess]]:
    plan = await kafka_harness.grant(
        kafka_harness.plan(unique_prefix, reporting_group=f"{unique_prefix}-reporting")
    )
    common = {
        "kafka_bootstrap_servers": kafka_harness.bootstrap,
        "topic_prefix": unique_prefix,
        "jwt_secret": SECRET,
    }
    registry = ServiceProcess(
        "registry",
        {
            **common,
            **kafka_harness.service_settings(plan.users.registry),
            "database_url": await make_postgres_database(),
        },
    )
    reporting = ServiceProcess(
        "reporting",
        {
            **common,
            **kafka_harness.service_settings(plan.users.reporting),
            "database_url": await make_postgres_database(),
            "consumer_group": plan.reporting_group,
        },
    )
    try:
        await registry.start()
        await reporting.start()
    except BaseException:
        registry.stop()
        reporting.stop()
        raise
    yield registry, reporting
    stopped = {service.name: service.stop() for service in (registry, reporting)}
    assert stopped == {"registry": True, "reporting": True}, (
        registry.log_tail() + reporting.log_tail()
    )


def campaign(agency: str, title: str, start: str) -> dict[str, Any]:
    return {
        "agency": agency,
        "title": title,
        "form": "thematic",
        "scope": "sector_local",
        "launching_level": "ministry_province",
        "start_date": start,
    }


DEPARTMENTS = {"01": "Sở Công Thương Hà Nội", "06": "Sở Công Thương Bắc Kạn"}


async def register_departments(client: httpx.AsyncClient, registry_url: str, *codes: str) -> None:
    """The ministry registers the departments (reporting counts registered agencies only)."""
    for code in codes:
        body = {"agency_code": code, "name": DEPARTMENTS[code], "kind": "provincial_department"}
        body |= {"province_code": code, "province_list": "63"}
        response = await client.post(
            f"{registry_url}/v1/agencies", json=body, headers=token("BCT", "admin")
        )
        assert response.status_code == 201, response.text


async def campaigns_counted(client: httpx.AsyncClient, url: str, agency: str, n: int) -> bool:
    response = await client.get(
        f"{url}/v1/stats",
        params={"agency": agency, "from": 2016, "to": 2020},
        headers=token(agency),
    )
    assert response.status_code == 200, response.text
    return bool(response.json()["campaigns"] == n)


async def test_a_campaign_launched_over_http_is_counted_by_reporting(
    services: tuple[ServiceProcess, ServiceProcess], kafka_harness: KafkaHarness, unique_prefix: str
) -> None:
    registry, reporting = services
    correlation = str(uuid.uuid4())
    async with httpx.AsyncClient(timeout=10) as client:
        await register_departments(client, registry.url, "01", "06")
        launched = [
            await client.post(
                f"{registry.url}/v1/campaigns",
                json=body,
                headers=token(body["agency"]) | {"X-Correlation-ID": correlation},
            )
            for body in (
                campaign("01", "Thi đua thực hiện thắng lợi kế hoạch 5 năm", "2016-02-01"),
                campaign("01", "Thi đua chào mừng Đại hội Đảng bộ", "2020-03-01"),
                campaign("01", "Thi đua năm 2021", "2021-01-05"),
                campaign("06", "Phong trào thi đua của Sở Công Thương Bắc Kạn", "2019-01-10"),
            )
        ]
        assert [r.status_code for r in launched] == [201, 201, 201, 201]

        await eventually(lambda: campaigns_counted(client, reporting.url, "01", 2), timeout=30)
        await eventually(lambda: campaigns_counted(client, reporting.url, "06", 1), timeout=30)

    records = await read_topic(
        kafka_harness.bootstrap,
        f"{unique_prefix}.registry.events",
        at_least=6,  # the two departments' registrations, then the four campaigns
        credentials=kafka_harness.credentials(kafka_harness.integrator),
    )
    launches = [r for r in records if dict(r.headers)["event_type"] == b"CampaignLaunched"]
    assert len(launches) == 4
    first = orjson.loads(launches[0].value)
    assert first["event_type"] == "CampaignLaunched"
    assert first["correlation_id"] == correlation
    assert dict(launches[0].headers)["agency"] in {b"01", b"06"}


async def test_commands_are_refused_clearly(
    services: tuple[ServiceProcess, ServiceProcess],
) -> None:
    registry, reporting = services
    async with httpx.AsyncClient(timeout=10) as client:
        unauthenticated = await client.post(f"{registry.url}/v1/campaigns", json={})
        other_agency = await client.post(
            f"{registry.url}/v1/campaigns",
            json=campaign("06", "Không được phép", "2020-01-01"),
            headers=token("01"),
        )
        invalid = await client.post(
            f"{registry.url}/v1/campaigns",
            json={**campaign("01", "", "2020-01-01"), "form": "sometimes"},
            headers=token("01"),
        )
        absurd_range = await client.get(
            f"{reporting.url}/v1/stats",
            params={"agency": "01", "from": 2020, "to": 2016},
            headers=token("01"),
        )

    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["content-type"] == "application/problem+json"
    assert other_agency.status_code == 403
    assert invalid.status_code == 422
    fields = {error["field"] for error in invalid.json()["errors"]}
    assert fields == {"body.title", "body.form"}
    assert absurd_range.status_code == 422


async def test_unreachable_database_or_broker_fails_start_with_a_clear_message(
    kafka_bootstrap: str, make_postgres_database: Any
) -> None:
    closed_port = ServiceProcess("registry", {}).port  # nothing listens there
    no_database = ServiceProcess(
        "registry",
        {
            "database_url": f"postgresql://postgres@127.0.0.1:{closed_port}/nowhere",
            "kafka_bootstrap_servers": kafka_bootstrap,
            "startup_timeout_s": "2",
        },
    )
    no_broker = ServiceProcess(
        "registry",
        {
            "database_url": await make_postgres_database(),
            "kafka_bootstrap_servers": f"127.0.0.1:{closed_port}",
            "startup_timeout_s": "2",
        },
    )

    for service, expected in (
        (no_database, "did not answer within 2s"),
        (no_broker, f"Kafka at 127.0.0.1:{closed_port} did not answer within 2 s"),
    ):
        with pytest.raises(RuntimeError, match="exited early"):
            await service.start(timeout_s=30)
        log = service.log_path.read_text()
        assert expected in log
        assert "attempt 1" in log  # it waited and retried before giving up
