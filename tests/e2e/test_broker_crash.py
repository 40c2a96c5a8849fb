"""The broker killed with ``kill -9`` during a load of commands, then restarted: the system
loses no event and counts none twice.

Registry and reporting run as processes on a broker of this test's own (Apache Kafka, its log
in the test's directory, a fixed port so that the services find it again after the restart),
each as its own Kafka user: users and ACLs live in the metadata log and survive the crash too.
"""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from shared.kafka.apache import ApacheKafka
from tests.e2e.test_walking_skeleton import (
    SECRET,
    campaign,
    campaigns_counted,
    register_departments,
    token,
)
from tests.harness.infra import KafkaHarness, eventually, short_lived_kafka
from tests.harness.kafka_reader import read_topic
from tests.harness.processes import ServiceProcess, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(420)]

COMMANDS = 60
KILLED_AFTER = 20


def port_outside_the_ephemeral_range() -> int:
    """A free port below the kernel's ephemeral range (32768–60999 here).

    While the broker is down, the services keep reconnecting to its port; on loopback a
    connect from an ephemeral port can land on itself (TCP self-connect) and hold the port,
    and the restarted broker then cannot listen on it.
    """
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(20000, min(low, 32768)), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return free_port()


@pytest.fixture
async def own_kafka(tmp_path: Path) -> AsyncIterator[ApacheKafka]:
    kafka = short_lived_kafka(data_dir=tmp_path / "kafka", port=port_outside_the_ephemeral_range())
    await kafka.start()
    try:
        yield kafka
    finally:
        await kafka.stop()


async def test_a_broker_killed_mid_load_loses_nothing_and_doubles_nothing(
    own_kafka: ApacheKafka, make_postgres_database: Any, unique_prefix: str
) -> None:
    bootstrap = own_kafka.bootstrap_servers
    kafka = KafkaHarness(bootstrap, own_kafka.admin_credentials)
    await kafka.create_users()
    plan = await kafka.grant(
        kafka.plan(unique_prefix, reporting_group=f"{unique_prefix}-reporting")
    )
    common = {"kafka_bootstrap_servers": bootstrap, "topic_prefix": unique_prefix}
    common |= {"jwt_secret": SECRET, "startup_timeout_s": "120"}
    registry = ServiceProcess(
        "registry",
        {
            **common,
            **kafka.service_settings(plan.users.registry),
            "database_url": await make_postgres_database(),
        },
    )
    reporting_settings = {**common, "database_url": await make_postgres_database()}
    reporting_settings |= kafka.service_settings(plan.users.reporting)
    reporting_settings["consumer_group"] = plan.reporting_group
    reporting = ServiceProcess("reporting", reporting_settings)
    try:
        await registry.start()
        await reporting.start()
        async with httpx.AsyncClient(timeout=30) as client:
            await register_departments(client, registry.url, "01")
            await eventually(  # the department is known before the load and the crash
                lambda: campaigns_counted(client, reporting.url, "01", 0),
                timeout=120,
                interval=0.5,
                message="reporting knows the department",
            )
            launched = []
            for number in range(COMMANDS):
                if number == KILLED_AFTER:
                    own_kafka.kill()  # SIGKILL: no controlled shutdown, no flush
                body = campaign("01", f"Phong trào thi đua số {number}", "2018-03-01")
                response = await client.post(
                    f"{registry.url}/v1/campaigns", json=body, headers=token("01")
                )
                launched.append(response.status_code)
            assert launched == [201] * COMMANDS

            await own_kafka.start()  # same log directory, same port

            async def all_counted() -> bool:
                response = await client.get(
                    f"{reporting.url}/v1/stats",
                    params={"agency": "01", "from": 2016, "to": 2020},
                    headers=token("01"),
                )
                assert response.status_code == 200, response.text
                counted = response.json()["campaigns"]
                assert counted == COMMANDS, f"{counted} of {COMMANDS} counted"
                return True

            # The services reconnect with backoff and the group rejoins once its session
            # expires: on a busy machine (the whole suite) that takes minutes, not seconds.
            try:
                await eventually(
                    all_counted,
                    timeout=240,
                    interval=0.5,
                    message=f"reporting counts all {COMMANDS} campaigns",
                )
            except AssertionError as error:
                raise AssertionError(
                    f"{error}\nregistry:\n{registry.log_tail()}\nreporting:\n{reporting.log_tail()}"
                ) from error
            await asyncio.sleep(3)  # anything redelivered after the restart has arrived by now
            assert await campaigns_counted(client, reporting.url, "01", COMMANDS)

        records = await read_topic(
            bootstrap,
            f"{unique_prefix}.registry.events",
            at_least=COMMANDS + 1,
            credentials=own_kafka.admin_credentials,
        )
        event_ids = {orjson.loads(record.value)["event_id"] for record in records}
        assert len(event_ids) == COMMANDS + 1  # the campaigns and the department's registration
    finally:
        stopped = {service.name: service.stop() for service in (registry, reporting)}
    assert stopped == {"registry": True, "reporting": True}, (
        registry.log_tail() + reporting.log_tail()
    )
