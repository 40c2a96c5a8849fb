"""Credentials per instance on the broker (issue 18): a province's instance writes only its own
topics; the national registry alone writes the ministry's assignments; everyone reads those."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import TopicAuthorizationFailedError
from pydantic import SecretStr

from shared.instances.kafka_source import KafkaOwnershipSource
from shared.kafka.access import AccessPlan, InstanceUsers
from shared.kafka.metadata import topic_partitions
from shared.kafka.security import KafkaCredentials, aiokafka_options
from shared.kafka.setup import KafkaSetupSettings, add_instance, revoke
from shared.outbox import KafkaEventPublisher, OutgoingMessage
from tests.harness.infra import KafkaHarness
from tests.harness.ownership import assignment_envelope

pytestmark = pytest.mark.integration

PROVINCE = "sct-01"
T0 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)


@pytest.fixture
async def plan(kafka_harness: KafkaHarness, unique_prefix: str) -> AccessPlan:
    return await kafka_harness.grant(
        kafka_harness.plan(
            unique_prefix,
            awards_group=f"{unique_prefix}-awards",
            reporting_group=f"{unique_prefix}-reporting",
        )
    )


@pytest.fixture
async def province(kafka_harness: KafkaHarness, plan: AccessPlan) -> InstanceUsers:
    return await kafka_harness.grant_instance(plan, PROVINCE)


async def test_a_province_writes_its_own_topics_and_nothing_else(
    kafka_harness: KafkaHarness, plan: AccessPlan, province: InstanceUsers
) -> None:
    bootstrap, topics = kafka_harness.bootstrap, plan.topics
    registry = kafka_harness.credentials(province.registry)
    awards = kafka_harness.credentials(province.awards)

    await publish(bootstrap, registry, topics.registry_events_of(PROVINCE))
    await publish(bootstrap, awards, topics.awards_events_of(PROVINCE))
    await publish(bootstrap, awards, topics.dead_letter(plan.instance_group(PROVINCE)))
    for forged in (topics.registry_events, topics.ownership_events, topics.awards_events_of("x")):
        with pytest.raises(TopicAuthorizationFailedError):
            await send(bootstrap, registry, forged)
    for forged in (topics.awards_events, topics.registry_events_of(PROVINCE)):
        with pytest.raises(TopicAuthorizationFailedError):
            await send(bootstrap, awards, forged)
    # Its awards service judges its members with its own registry's facts, as its own group.
    group = plan.instance_group(PROVINCE)
    assert await read(bootstrap, awards, topics.registry_events_of(PROVINCE), group) == 1


async def test_only_the_national_registry_writes_assignments_and_everyone_reads_them(
    kafka_harness: KafkaHarness, plan: AccessPlan, province: InstanceUsers
) -> None:
    bootstrap, topics = kafka_harness.bootstrap, plan.topics
    ownership = topics.ownership_events
    assert (await topic_partitions(bootstrap, [ownership]))[ownership] == [0]  # not 3

    national = kafka_harness.credentials(plan.users.registry)
    await publish(
        bootstrap, national, ownership, assignment_envelope("01", PROVINCE, 1, T0).to_json()
    )
    for outsider in (province.registry, province.awards, plan.users.awards):
        with pytest.raises(TopicAuthorizationFailedError):
            await send(bootstrap, kafka_harness.credentials(outsider), ownership)

    readers = [*plan.usernames, province.registry, province.awards]
    for username in readers:
        source = KafkaOwnershipSource(
            bootstrap, ownership, credentials=kafka_harness.credentials(username)
        )
        await source.start(timeout_s=30)
        try:
            assert source.ledger.owner_now("01") == PROVINCE, username
        finally:
            await source.stop()


async def test_reporting_reads_every_instance_s_topics(
    kafka_harness: KafkaHarness, plan: AccessPlan, province: InstanceUsers
) -> None:
    bootstrap, topics = kafka_harness.bootstrap, plan.topics
    reporting = kafka_harness.credentials(plan.users.reporting)
    await publish(
        bootstrap, kafka_harness.credentials(province.registry), topics.registry_events_of(PROVINCE)
    )
    await publish(
        bootstrap, kafka_harness.credentials(province.awards), topics.awards_events_of(PROVINCE)
    )

    for topic in (topics.registry_events_of(PROVINCE), topics.awards_events_of(PROVINCE)):
        assert await read(bootstrap, reporting, topic, plan.reporting_group) == 1
        assert await read(bootstrap, reporting, topic) == 1  # the rebuild, without a group
    integrator = kafka_harness.credentials(kafka_harness.integrator)
    assert await read(bootstrap, integrator, topics.awards_events_of(PROVINCE)) == 1
    # The national awards service reads no province's registry.
    with pytest.raises(TopicAuthorizationFailedError):
        await read(
            bootstrap,
            kafka_harness.credentials(plan.users.awards),
            topics.registry_events_of(PROVINCE),
        )


async def test_the_setup_command_adds_an_instance_with_new_passwords(
    kafka_harness: KafkaHarness, plan: AccessPlan
) -> None:
    admin = kafka_harness.require_admin()
    settings = KafkaSetupSettings(
        bootstrap_servers=kafka_harness.bootstrap,
        admin_username=admin.username,
        admin_password=admin.password,
        sasl_mechanism=admin.mechanism,
        security_protocol=admin.security_protocol,
        topic_prefix=plan.topics.prefix,
        awards_consumer_group=plan.awards_group,
        reporting_consumer_group=plan.reporting_group,
        registry_password=SecretStr("unused"),
        _env_file=None,
    )
    instance = f"sct-{kafka_harness.session[1:7]}"
    try:
        users = await add_instance(settings, instance)
        assert users["registry"].username == f"{instance}-registry"
        await publish(
            kafka_harness.bootstrap, users["registry"], plan.topics.registry_events_of(instance)
        )
        with pytest.raises(TopicAuthorizationFailedError):
            await send(kafka_harness.bootstrap, users["awards"], plan.topics.awards_events)
    finally:
        for username in (f"{instance}-registry", f"{instance}-awards"):
            await revoke(settings, username)


# --- helpers ----------------------------------------------------------------------------------


async def publish(
    bootstrap: str, credentials: KafkaCredentials, topic: str, value: bytes = b"{}"
) -> None:
    """One record through the relays' idempotent publisher."""
    publisher = KafkaEventPublisher(
        bootstrap, client_id="instance-access-test", publish_timeout_s=15, credentials=credentials
    )
    await publisher.start()
    try:
        await publisher.publish(topic, [OutgoingMessage(b"k", value, [])])
    finally:
        await publisher.stop()


async def send(bootstrap: str, credentials: KafkaCredentials, topic: str) -> None:
    """One record from a plain producer (a forger need not be idempotent)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, request_timeout_ms=10_000, **aiokafka_options(credentials)
    )
    try:
        await producer.start()
        await asyncio.wait_for(producer.send_and_wait(topic, b"forged"), 15)
    finally:
        await producer.stop()


async def read(
    bootstrap: str, credentials: KafkaCredentials, topic: str, group: str | None = None
) -> int:
    """Records read from the beginning (as ``group``), waiting for at least one."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        request_timeout_ms=10_000,
        **aiokafka_options(credentials),
    )
    try:
        await consumer.start()
        records = 0
        async with asyncio.timeout(20):
            while not records:
                batches = await consumer.getmany(timeout_ms=500)
                records += sum(len(batch) for batch in batches.values())
        return records
    finally:
        await consumer.stop()
