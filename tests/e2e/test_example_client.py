"""The integrator's example client (examples/province_client.py) against the real system.

Registry and reporting run as separate processes on PostgreSQL and the test broker, as in
the walking skeleton; the example's own functions launch a campaign over HTTP, follow the
registry's topic as their own consumer group (authenticated as a read-only integrator user),
and wait for reporting to count the campaign.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from examples import province_client as example
from shared.kafka.security import KafkaCredentials, aiokafka_options
from tests.harness.infra import KafkaHarness, unique_hex
from tests.harness.processes import ServiceProcess

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

SECRET = "e2e-secret-of-at-least-thirty-two-bytes"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "province_client.py"


class System:
    """Registry and reporting processes sharing one broker and topic prefix."""

    def __init__(
        self,
        registry: ServiceProcess,
        reporting: ServiceProcess,
        prefix: str,
        integrator: KafkaCredentials,
    ) -> None:
        self.registry = registry
        self.reporting = reporting
        self.topic = f"{prefix}.registry.events"
        #: The read-only user an integrator is given (groups ``<username>-…``).
        self.integrator = integrator

    def group(self, name: str) -> str:
        return f"{self.integrator.username}-{name}-{unique_hex()}"


@pytest.fixture(scope="module")
async def system(kafka_harness: KafkaHarness, make_postgres_database: Any) -> AsyncIterator[System]:
    prefix = f"t{unique_hex()}"
    plan = await kafka_harness.grant(
        kafka_harness.plan(prefix, reporting_group=f"{prefix}-reporting")
    )
    common = {
        "kafka_bootstrap_servers": kafka_harness.bootstrap,
        "topic_prefix": prefix,
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
        await register_agencies(registry.url)
    except BaseException:
        registry.stop()
        reporting.stop()
        raise
    yield System(registry, reporting, prefix, kafka_harness.credentials(kafka_harness.integrator))
    stopped = {service.name: service.stop() for service in (registry, reporting)}
    assert stopped == {"registry": True, "reporting": True}, (
        registry.log_tail() + reporting.log_tail()
    )


DEPARTMENTS = (
    ("01", "Sở Công Thương Hà Nội"),
    ("06", "Sở Công Thương Bắc Kạn"),
    ("42", "Sở Công Thương Hà Tĩnh"),
)


async def register_agencies(registry_url: str) -> None:
    """Hà Nội's, Bắc Kạn's and Hà Tĩnh's departments, as the ministry registers them first."""
    admin = example.mint_dev_token(SECRET, "BCT", roles=("admin",))
    async with example.api_client(admin) as client:
        for code, name in DEPARTMENTS:
            body = {"agency_code": code, "name": name, "kind": "provincial_department"}
            body |= {"province_code": code, "province_list": "63"}
            response = await client.post(f"{registry_url}/v1/agencies", json=body)
            assert response.status_code == 201, response.text


async def committed_offset(
    bootstrap: str, group: str, partition: TopicPartition, credentials: KafkaCredentials
) -> int | None:
    """The offset ``group`` committed on ``partition``, asked of the broker."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, **aiokafka_options(credentials)
    )
    await consumer.start()
    try:
        offset: int | None = await consumer.committed(partition)
        return offset
    finally:
        await consumer.stop()


async def test_the_example_launches_follows_and_reads_back(
    system: System, kafka_bootstrap: str
) -> None:
    registry, reporting = system.registry.url, system.reporting.url
    title = "Phong trào thi đua chuyển đổi số ngành Công Thương Hà Nội"
    start = date(2024, 3, 1)
    key = str(uuid.uuid4())
    async with (
        example.api_client(example.mint_dev_token(SECRET, "01")) as ha_noi,
        example.api_client(example.mint_dev_token(SECRET, "06")) as bac_kan,
    ):
        assert await example.campaigns_counted(ha_noi, reporting, "01", 2024, 2024) == 0

        launched = await example.launch_campaign(
            ha_noi, registry, agency="01", title=title, start_date=start, idempotency_key=key
        )
        retried = await example.launch_campaign(
            ha_noi, registry, agency="01", title=title, start_date=start, idempotency_key=key
        )
        assert retried == launched  # the first outcome, not a second campaign
        assert launched.version == 1
        assert launched.etag == '"1"'
        assert len(launched.event_ids) == 1
        # Another agency's campaign on the same topic: the follower must skip it.
        await example.launch_campaign(
            bac_kan,
            registry,
            agency="06",
            title="Phong trào thi đua của Sở Công Thương Bắc Kạn",
            start_date=start,
            idempotency_key=str(uuid.uuid4()),
        )

        campaign, etag = await example.read_campaign(ha_noi, registry, launched.campaign_id)
        assert (campaign["agency"], campaign["title"], campaign["status"]) == (
            "01",
            title,
            "launched",
        )
        assert etag == launched.etag

        counted = await example.wait_until_counted(
            ha_noi, reporting, "01", 2024, 2024, at_least=1, timeout_s=60
        )
        await asyncio.sleep(1)  # a second campaign from the retry would be counted by now
        assert counted == 1
        assert await example.campaigns_counted(ha_noi, reporting, "01", 2024, 2024) == 1
        assert await example.campaigns_counted(ha_noi, reporting, "01", 2025, 2025) == 0

        with pytest.raises(example.ApiProblem) as foreign:
            await example.launch_campaign(
                ha_noi, registry, agency="06", title=title, start_date=start, idempotency_key=key
            )
        assert foreign.value.status == 403
        with pytest.raises(example.ApiProblem) as invalid:
            await example.launch_campaign(
                ha_noi,
                registry,
                agency="01",
                title=" ",
                start_date=start,
                idempotency_key=str(uuid.uuid4()),
            )
        assert invalid.value.status == 422
        assert [error["field"] for error in invalid.value.errors] == ["body.title"]

    group = system.group("province-01")
    printed: list[example.ReceivedEvent] = []
    ours = set(launched.event_ids)
    integrator = system.integrator
    events = await example.follow_events(
        kafka_bootstrap,
        system.topic,
        group,
        agency="01",
        until=lambda event: event.event_id in ours,
        handle=printed.append,
        timeout_s=60,
        security=example.kafka_security(
            integrator.username, integrator.password.get_secret_value()
        ),
    )
    assert printed == events
    # The department's registration is on another partition (keyed by its own stream): it
    # may come before the campaign or not at all before the follower stops.
    assert {event.event_type for event in events[:-1]} <= {"AgencyRegistered"}
    assert [events[-1].event_id] == list(launched.event_ids)
    event = events[-1]
    assert (event.event_type, event.schema_version, event.agency) == ("CampaignLaunched", 1, "01")
    assert event.stream_id == event.key == launched.stream_id
    assert event.stream_version == 1
    assert event.payload["campaign_id"] == launched.campaign_id
    assert event.payload["title"] == title
    assert event.headers["event_id"] == event.event_id
    assert event.headers["event_type"] == "CampaignLaunched"
    assert event.headers["agency"] == "01"

    # Offsets are committed after processing, up to the last record processed and no further:
    # a restarted follower of this group resumes right after the campaign's event.
    partition = TopicPartition(system.topic, event.partition)
    assert await committed_offset(kafka_bootstrap, group, partition, integrator) == event.offset + 1


async def test_the_example_script_runs_from_the_command_line(
    system: System, kafka_bootstrap: str
) -> None:
    prefix = system.topic.removesuffix(".registry.events")
    command = [
        sys.executable,
        str(EXAMPLE),
        *("--registry", system.registry.url, "--reporting", system.reporting.url),
        *("--bootstrap", kafka_bootstrap, "--topic-prefix", prefix),
        *("--agency", "42", "--jwt-secret", SECRET, "--start-date", "2023-02-01"),
        *("--group", system.group("province-42"), "--timeout", "60"),
        f"--kafka-username={system.integrator.username}",
        f"--kafka-password={system.integrator.password.get_secret_value()}",  # may start with -
    ]
    finished = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=180, check=False
    )
    output = finished.stdout
    assert finished.returncode == 0, output + finished.stderr
    assert "reporting counts 0 campaign(s) of 42 in 2023" in output
    assert "reporting now counts 1 campaign(s) of 42 in 2023" in output
    launched = next(line for line in output.splitlines() if line.startswith("launched campaign"))
    campaign_id = launched.split()[2]
    assert f"the retry with the same Idempotency-Key answered {campaign_id}" in output
    assert f"CampaignLaunched v1 agency=42 stream_id=campaign-{campaign_id} #1" in output
    assert "agency=01" not in output  # other agencies' events are skipped
