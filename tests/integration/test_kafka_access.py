"""Authenticated Kafka with least privilege (issue 12): the broker refuses outsiders and forgers.

The session's broker authenticates with SASL/SCRAM-SHA-512 and authorises by ACL, as every
deployment does; each test gives the session's users the production plan
(:class:`shared.kafka.access.AccessPlan`) under a prefix of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import (
    ClusterAuthorizationFailedError,
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)
from faststream.security import SASLScram512
from pydantic import SecretStr, ValidationError
from sqlalchemy import select

from services.reporting.bootstrap import bootstrap as start_reporting
from services.reporting.projections.tables import award_counts
from services.reporting.settings import ReportingSettings
from shared.database import create_engine
from shared.envelope import EventEnvelope
from shared.kafka.access import AccessPlan, AclRule, Operation, PatternType, ResourceType
from shared.kafka.security import KafkaCredentials, aiokafka_options, faststream_security
from shared.kafka.topics import TopicNames, list_topics
from shared.outbox import KafkaEventPublisher, OutgoingMessage
from shared.outbox.topic_log import topic_extents
from tests.harness.infra import KafkaHarness, anonymous_kafka_clients, eventually
from tests.harness.reporting_events import agency_registered, award

pytestmark = pytest.mark.integration


@pytest.fixture
async def plan(kafka_harness: KafkaHarness, unique_prefix: str) -> AccessPlan:
    """The production plan under this test's prefix, granted to the session's users."""
    return await kafka_harness.grant(
        kafka_harness.plan(
            unique_prefix,
            awards_group=f"{unique_prefix}-awards",
            reporting_group=f"{unique_prefix}-reporting",
        )
    )


# --- the plan ---------------------------------------------------------------------------------


def test_each_service_may_do_its_job_and_nothing_more() -> None:
    plan = AccessPlan(topics=TopicNames(prefix="tdkt"))
    rules = plan.rules()

    def of(username: str) -> set[tuple[str, str, str]]:
        return {
            (rule.resource.name, rule.name, rule.operation.name)
            for rule in rules
            if rule.principal == f"User:{username}"
        }

    ownership_read = {
        ("TOPIC", "tdkt.ownership.events", "READ"),
        ("TOPIC", "tdkt.ownership.events", "DESCRIBE"),
    }
    assert of("registry") == {
        ("TOPIC", "tdkt.registry.events", "WRITE"),
        ("TOPIC", "tdkt.registry.events", "DESCRIBE"),
        ("TOPIC", "tdkt.ownership.events", "WRITE"),
        *ownership_read,
    }
    assert of("awards") == {
        ("TOPIC", "tdkt.awards.events", "WRITE"),
        ("TOPIC", "tdkt.awards.events", "DESCRIBE"),
        ("TOPIC", "tdkt.registry.events", "READ"),
        ("TOPIC", "tdkt.registry.events", "DESCRIBE"),
        ("GROUP", "tdkt-awards", "READ"),
        ("TOPIC", "tdkt.tdkt-awards.dlq", "WRITE"),
        ("TOPIC", "tdkt.tdkt-awards.dlq", "DESCRIBE"),
        *ownership_read,
    }
    assert of("reporting") == {
        ("TOPIC", "tdkt.registry.events", "READ"),
        ("TOPIC", "tdkt.registry.events", "DESCRIBE"),
        ("TOPIC", "tdkt.awards.events", "READ"),
        ("TOPIC", "tdkt.awards.events", "DESCRIBE"),
        ("GROUP", "tdkt-reporting", "READ"),
        ("TOPIC", "tdkt.tdkt-reporting.dlq", "WRITE"),
        ("TOPIC", "tdkt.tdkt-reporting.dlq", "DESCRIBE"),
        *ownership_read,
    }
    assert of("integrator") == {
        ("TOPIC", "tdkt.registry.events", "READ"),
        ("TOPIC", "tdkt.registry.events", "DESCRIBE"),
        ("TOPIC", "tdkt.awards.events", "READ"),
        ("TOPIC", "tdkt.awards.events", "DESCRIBE"),
        ("GROUP", "integrator-", "READ"),
        *ownership_read,
    }
    # Nothing cluster-wide, nobody creates, deletes or alters; only group prefixes match more
    # than one name.
    assert {rule.resource for rule in rules} == {ResourceType.TOPIC, ResourceType.GROUP}
    assert {rule.operation for rule in rules} <= {
        Operation.READ,
        Operation.WRITE,
        Operation.DESCRIBE,
    }
    prefixed = [rule for rule in rules if rule.pattern == PatternType.PREFIXED]
    assert prefixed == [
        AclRule(
            "User:integrator",
            ResourceType.GROUP,
            "integrator-",
            Operation.READ,
            PatternType.PREFIXED,
        )
    ]
    assert set(plan.topics_to_create()) == {
        "tdkt.registry.events",
        "tdkt.awards.events",
        "tdkt.tdkt-awards.dlq",
        "tdkt.tdkt-reporting.dlq",
        "tdkt.ownership.events",
    }


def test_settings_give_every_client_the_same_credentials() -> None:
    settings = ReportingSettings(
        kafka_username="reporting", kafka_password=SecretStr("s3cret"), _env_file=None
    )
    credentials = settings.kafka_credentials
    assert credentials is not None
    assert aiokafka_options(credentials) == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "reporting",
        "sasl_plain_password": "s3cret",
    }
    security = faststream_security(credentials)
    assert isinstance(security, SASLScram512)
    assert (security.username, security.password, security.use_ssl) == (
        "reporting",
        "s3cret",
        False,
    )
    assert "s3cret" not in repr(settings)
    tls = credentials.model_copy(update={"security_protocol": "SASL_SSL"})
    assert aiokafka_options(tls)["ssl_context"] is not None
    assert ReportingSettings(_env_file=None).kafka_credentials is None  # anonymous
    with pytest.raises(ValidationError, match="set together"):
        ReportingSettings(kafka_username="reporting", _env_file=None)


# --- outsiders --------------------------------------------------------------------------------


async def test_an_anonymous_client_can_neither_produce_nor_read(
    kafka_harness: KafkaHarness, plan: AccessPlan
) -> None:
    kafka_harness.require_admin()
    with anonymous_kafka_clients():
        with pytest.raises(KafkaConnectionError):
            await _send(kafka_harness.bootstrap, None, plan.topics.awards_events, b"forged")
        with pytest.raises(KafkaConnectionError):
            await _read(kafka_harness.bootstrap, None, plan.topics.awards_events)
    assert await _records(kafka_harness, plan.topics.awards_events) == 0


@pytest.mark.parametrize("who", ["wrong password", "unknown user"])
async def test_a_client_with_wrong_credentials_can_neither_produce_nor_read(
    kafka_harness: KafkaHarness, plan: AccessPlan, who: str
) -> None:
    real = kafka_harness.credentials(plan.users.awards)
    wrong = real.model_copy(
        update={"password": SecretStr("not-the-password")}
        if who == "wrong password"
        else {"username": f"{kafka_harness.session}-nobody"}
    )
    with pytest.raises(KafkaConnectionError):
        await _send(kafka_harness.bootstrap, wrong, plan.topics.awards_events, b"forged")
    with pytest.raises(KafkaConnectionError):
        await _read(kafka_harness.bootstrap, wrong, plan.topics.awards_events)
    assert await _records(kafka_harness, plan.topics.awards_events) == 0


# --- each principal: its own topics, and no other ---------------------------------------------


async def test_the_registry_writes_its_topic_and_no_other(
    kafka_harness: KafkaHarness, plan: AccessPlan
) -> None:
    registry = kafka_harness.credentials(plan.users.registry)
    await _send(kafka_harness.bootstrap, registry, plan.topics.registry_events, b"ours")
    with pytest.raises(TopicAuthorizationFailedError):
        await _send(kafka_harness.bootstrap, registry, plan.topics.awards_events, b"forged")
    # It is not even told that the other topics exist (but the ownership topic, which the
    # national registry writes).
    visible = await list_topics(kafka_harness.bootstrap, credentials=registry)
    assert sorted(topic for topic in visible if topic.startswith(f"{plan.topics.prefix}.")) == [
        plan.topics.ownership_events,
        plan.topics.registry_events,
    ]
    assert await _records(kafka_harness, plan.topics.awards_events) == 0


async def test_the_services_do_their_jobs_as_themselves(
    kafka_harness: KafkaHarness, plan: AccessPlan
) -> None:
    bootstrap, topics = kafka_harness.bootstrap, plan.topics
    registry = kafka_harness.credentials(plan.users.registry)
    awards = kafka_harness.credentials(plan.users.awards)
    reporting = kafka_harness.credentials(plan.users.reporting)
    await _send(bootstrap, registry, topics.registry_events, b"registry fact")
    # The relays' idempotent producers, and the dead-letter publishers.
    await _publish(bootstrap, awards, topics.awards_events)
    await _publish(bootstrap, awards, topics.dead_letter(plan.awards_group))
    await _publish(bootstrap, reporting, topics.dead_letter(plan.reporting_group))
    # The consumers, each as its group; the rebuild without one.
    assert await _read(bootstrap, awards, topics.registry_events, plan.awards_group)
    assert await _read(bootstrap, reporting, topics.awards_events, plan.reporting_group)
    assert await _read(bootstrap, reporting, topics.registry_events)
    extents = await topic_extents(bootstrap, [topics.awards_events], credentials=reporting)
    assert extents[topics.awards_events].appended == 1
    # Reporting writes no event topic; awards reads no group but its own.
    with pytest.raises(TopicAuthorizationFailedError):
        await _send(bootstrap, reporting, topics.awards_events, b"forged")
    with pytest.raises(GroupAuthorizationFailedError):
        await _read(bootstrap, awards, topics.registry_events, plan.reporting_group)


async def test_the_integrator_reads_but_cannot_write(
    kafka_harness: KafkaHarness, plan: AccessPlan
) -> None:
    bootstrap, topics = kafka_harness.bootstrap, plan.topics
    integrator = kafka_harness.credentials(kafka_harness.integrator)
    await _send(
        bootstrap, kafka_harness.credentials(plan.users.registry), topics.registry_events, b"fact"
    )

    assert await _read(bootstrap, integrator, topics.registry_events, f"{integrator.username}-app")
    with pytest.raises(GroupAuthorizationFailedError):  # only groups named after it
        await _read(bootstrap, integrator, topics.registry_events, "someone-elses-group")
    with pytest.raises(TopicAuthorizationFailedError):
        await _send(bootstrap, integrator, topics.registry_events, b"forged")
    with pytest.raises(ClusterAuthorizationFailedError):  # not even an idempotent producer id
        await _publish(bootstrap, integrator, topics.registry_events)
    assert await _records(kafka_harness, topics.registry_events) == 1


async def test_a_forged_award_is_refused_by_the_broker_and_never_counted(
    kafka_harness: KafkaHarness, plan: AccessPlan, make_migrated_database: Any
) -> None:
    """The integrator produces an ``AwardGranted`` into the awards topic: refused. The real
    reporting service, reading as itself, counts only the award the awards service published."""
    bootstrap, topics = kafka_harness.bootstrap, plan.topics
    settings = ReportingSettings(
        database_url=await make_migrated_database("reporting"),
        kafka_bootstrap_servers=bootstrap,
        topic_prefix=topics.prefix,
        consumer_group=plan.reporting_group,
        jwt_secret=SecretStr("kafka-access-tests-secret-of-32-bytes-or-more"),
        **kafka_harness.service_settings(plan.users.reporting),
    )
    assert settings.kafka_credentials is not None
    async with _running_reporting(settings) as engine:
        forged = award("LDTT", "m-forged", 2020)
        with pytest.raises(ClusterAuthorizationFailedError):
            await _publish(
                bootstrap,
                kafka_harness.credentials(kafka_harness.integrator),
                topics.awards_events,
                forged,
            )
        await _publish(
            bootstrap,
            kafka_harness.credentials(plan.users.registry),
            topics.registry_events,
            agency_registered(),
        )
        await _publish(
            bootstrap,
            kafka_harness.credentials(plan.users.awards),
            topics.awards_events,
            award("LDTT", "m-1", 2020),
        )

        async def counted() -> list[Any]:
            async with engine.connect() as connection:
                rows = await connection.execute(
                    select(award_counts.c.award_code, award_counts.c.awards)
                )
                return list(rows)

        assert await eventually(counted, timeout=60) == [("LDTT", 1)]
        await asyncio.sleep(1)
        assert await counted() == [("LDTT", 1)]
    assert await _records(kafka_harness, topics.awards_events) == 1


# --- helpers ----------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _running_reporting(settings: ReportingSettings) -> AsyncIterator[Any]:
    reporting = await start_reporting(settings)
    engine = create_engine(settings.resolved_database_url())
    try:
        yield engine
    finally:
        await engine.dispose()
        await reporting.stop()


async def _send(
    bootstrap: str, credentials: KafkaCredentials | None, topic: str, value: bytes
) -> None:
    """One record from a plain (not idempotent) producer."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        request_timeout_ms=10_000,
        **aiokafka_options(credentials),
    )
    try:
        await producer.start()
        await asyncio.wait_for(producer.send_and_wait(topic, value), 15)
    finally:
        await producer.stop()


async def _publish(
    bootstrap: str,
    credentials: KafkaCredentials,
    topic: str,
    event: EventEnvelope | None = None,
) -> None:
    """One event through the relays' idempotent publisher."""
    wire = (event or agency_registered()).wire()
    publisher = KafkaEventPublisher(
        bootstrap, client_id="access-test", publish_timeout_s=15, credentials=credentials
    )
    await publisher.start()
    try:
        await publisher.publish(topic, [OutgoingMessage(wire.key, wire.value, wire.headers)])
    finally:
        await publisher.stop()


async def _read(
    bootstrap: str,
    credentials: KafkaCredentials | None,
    topic: str,
    group: str | None = None,
) -> int:
    """Records read from the beginning (as ``group``, committing), within a few seconds."""
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
        if group is not None:
            await consumer.commit()
        return records
    finally:
        await consumer.stop()


async def _records(kafka: KafkaHarness, topic: str) -> int:
    """Records in ``topic``, asked as the super user."""
    extents = await topic_extents(kafka.bootstrap, [topic], credentials=kafka.require_admin())
    return extents[topic].appended
