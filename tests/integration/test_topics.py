"""Topic provisioning and broker reachability, against the session's broker."""

from __future__ import annotations

import asyncio
import socket
from typing import Any, cast

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import TopicAuthorizationFailedError
from aiokafka.protocol.metadata import MetadataRequest_v5, MetadataResponse_v5

from shared.kafka.metadata import metadata_client, partitions_of
from shared.kafka.security import KafkaCredentials, aiokafka_options
from shared.kafka.topics import BrokerUnavailable, TopicNames, ensure_topics, wait_for_kafka
from tests.harness.infra import KafkaHarness

pytestmark = pytest.mark.integration

Admin = KafkaCredentials | None


async def describe(bootstrap: str, topic: str, credentials: Admin) -> tuple[int, dict[str, str]]:
    """Partition count and configuration of an existing topic."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **aiokafka_options(credentials))
    await admin.start()
    try:
        [metadata] = await admin.describe_topics([topic])
        # All configs: Tansu 0.6 cannot parse a DescribeConfigs that names the keys it wants.
        [response] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    finally:
        await admin.close()
    entries = response.resources[0][4]
    return len(metadata["partitions"]), {entry[0]: entry[1] for entry in entries}


async def test_ensure_topics_creates_the_missing_ones_once(
    kafka_bootstrap: str, kafka_admin: Admin, unique_prefix: str
) -> None:
    names = TopicNames(prefix=unique_prefix)
    wanted = [names.registry_events, names.awards_events]

    first = await ensure_topics(kafka_bootstrap, wanted, partitions=3, credentials=kafka_admin)
    second = await ensure_topics(
        kafka_bootstrap, [*wanted, names.dead_letter("g")], 3, credentials=kafka_admin
    )

    assert first == wanted
    assert second == [names.dead_letter("g")]


async def test_topics_get_the_partitions_and_unlimited_retention(
    kafka_bootstrap: str, kafka_admin: Admin, unique_prefix: str
) -> None:
    topic = TopicNames(prefix=unique_prefix).registry_events

    await ensure_topics(kafka_bootstrap, [topic], partitions=5, credentials=kafka_admin)

    partitions, config = await describe(kafka_bootstrap, topic, kafka_admin)
    assert partitions == 5
    assert config["retention.ms"] == "-1"


async def test_single_partition_topics_are_created_in_the_same_call(
    kafka_bootstrap: str, kafka_admin: Admin, unique_prefix: str
) -> None:
    names = TopicNames(prefix=unique_prefix)

    created = await ensure_topics(
        kafka_bootstrap,
        [names.registry_events],
        partitions=3,
        single_partition=[names.ownership_events],
        credentials=kafka_admin,
    )

    assert created == [names.registry_events, names.ownership_events]
    assert (await describe(kafka_bootstrap, names.registry_events, kafka_admin))[0] == 3
    partitions, config = await describe(kafka_bootstrap, names.ownership_events, kafka_admin)
    assert (partitions, config["retention.ms"]) == (1, "-1")


async def test_services_racing_to_create_a_topic_all_succeed(
    kafka_bootstrap: str, kafka_admin: Admin, unique_prefix: str
) -> None:
    topic = TopicNames(prefix=unique_prefix).awards_events

    results = await asyncio.gather(
        *(ensure_topics(kafka_bootstrap, [topic], credentials=kafka_admin) for _ in range(4))
    )

    assert sum(len(created) for created in results) >= 1


async def test_a_service_finds_its_topics_but_creates_none(
    kafka_harness: KafkaHarness, unique_prefix: str
) -> None:
    """Services may not create topics (the setup does): a missing one is named clearly."""
    plan = await kafka_harness.grant(kafka_harness.plan(unique_prefix))
    registry = kafka_harness.credentials(plan.users.registry)
    topics = plan.topics

    created = await ensure_topics(
        kafka_harness.bootstrap, [topics.registry_events], credentials=registry
    )
    assert created == []
    with pytest.raises(TopicAuthorizationFailedError, match="may not create it"):
        await ensure_topics(
            kafka_harness.bootstrap, [f"{unique_prefix}.registry.other"], credentials=registry
        )


async def test_wait_for_kafka_returns_when_the_broker_answers(
    kafka_bootstrap: str, kafka_admin: Admin
) -> None:
    await wait_for_kafka(kafka_bootstrap, timeout_s=5, credentials=kafka_admin)


async def test_wait_for_kafka_names_the_address_it_gave_up_on() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{sock.getsockname()[1]}"

    with pytest.raises(BrokerUnavailable, match=address):
        await wait_for_kafka(address, timeout_s=0.5, interval_s=0.1)


async def test_partitions_are_asked_of_the_named_topics_only_and_nothing_is_created(
    kafka_bootstrap: str, kafka_admin: Admin, unique_prefix: str
) -> None:
    names = TopicNames(prefix=unique_prefix)
    await ensure_topics(kafka_bootstrap, [names.registry_events], 2, credentials=kafka_admin)

    async with metadata_client(kafka_bootstrap, timeout_s=10, credentials=kafka_admin) as client:
        found = await partitions_of(client, [names.registry_events, names.awards_events])
        again = await partitions_of(client, [names.awards_events])

    assert found == {names.registry_events: [0, 1], names.awards_events: []}
    assert again == {names.awards_events: []}


def test_the_metadata_request_forbids_creating_a_topic() -> None:
    """Brokers with ``auto.create.topics.enable`` (Kafka's default; not the test broker)
    would otherwise create a named topic they lack, with their default partitions."""
    sent: list[Any] = []

    class Recording:
        def get_random_node(self) -> int:
            return 1

        async def send(self, node: int, request: Any) -> Any:
            sent.append(request.build(MetadataRequest_v5))
            return MetadataResponse_v5(
                throttle_time_ms=0, brokers=[], cluster_id=None, controller_id=1, topics=[]
            )

    asyncio.run(partitions_of(cast(AIOKafkaClient, Recording()), ["t.registry.events"]))

    assert [request.allow_auto_topic_creation for request in sent] == [False]
    assert [request.topics for request in sent] == [["t.registry.events"]]
