"""Topic names, topic provisioning and broker reachability.

Only the metadata and CreateTopics requests of the Kafka protocol are used; only
:func:`list_topics` asks for every topic.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Iterable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import (
    ClusterAuthorizationFailedError,
    TopicAlreadyExistsError,
    TopicAuthorizationFailedError,
    for_code,
)
from pydantic import BaseModel, ConfigDict, Field

from shared.instances.names import NATIONAL, check_instance_name
from shared.kafka.metadata import metadata_client, partitions_of
from shared.kafka.security import KafkaCredentials, aiokafka_options

log = logging.getLogger(__name__)

#: Projections are rebuilt from the topics, so nothing may ever expire from them.
UNLIMITED_RETENTION: dict[str, str] = {"retention.ms": "-1"}

_LEGAL_TOPIC = re.compile(r"^[A-Za-z0-9._-]{1,249}$")


class BrokerUnavailable(RuntimeError):
    """Kafka did not answer at ``bootstrap_servers`` before the deadline."""

    def __init__(self, bootstrap_servers: str, timeout_s: float, last_error: str) -> None:
        super().__init__(
            f"Kafka at {bootstrap_servers} did not answer within {timeout_s:g} s "
            f"(last error: {last_error})"
        )
        self.bootstrap_servers = bootstrap_servers


class TopicNames(BaseModel):
    """The topic names of one deployment, all derived from one prefix (default ``tdkt``)."""

    model_config = ConfigDict(frozen=True)

    prefix: str = Field(default="tdkt", pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$")

    @property
    def registry_events(self) -> str:
        """The topic the registry service publishes its events to."""
        return f"{self.prefix}.registry.events"

    @property
    def awards_events(self) -> str:
        """The topic the awards service publishes its events to."""
        return f"{self.prefix}.awards.events"

    @property
    def ownership_events(self) -> str:
        """The topic of the ministry's assignments of agencies to instances (one partition)."""
        return f"{self.prefix}.ownership.events"

    def registry_events_of(self, instance: str) -> str:
        """The registry topic of ``instance`` (the national one is :attr:`registry_events`)."""
        return self._of(instance, "registry")

    def awards_events_of(self, instance: str) -> str:
        """The awards topic of ``instance`` (the national one is :attr:`awards_events`)."""
        return self._of(instance, "awards")

    def instance_of(self, topic: str) -> str | None:
        """The instance whose registry or awards service publishes ``topic`` (None: neither)."""
        if topic in (self.registry_events, self.awards_events):
            return NATIONAL
        parts = topic.removeprefix(f"{self.prefix}.").split(".")
        if not topic.startswith(f"{self.prefix}.") or len(parts) != 3:
            return None
        instance, service, suffix = parts
        if suffix != "events" or service not in ("registry", "awards") or instance == NATIONAL:
            return None
        try:
            return check_instance_name(instance)
        except ValueError:
            return None

    def _of(self, instance: str, service: str) -> str:
        if instance == NATIONAL:
            return f"{self.prefix}.{service}.events"
        return legal_topic_name(f"{self.prefix}.{check_instance_name(instance)}.{service}.events")

    def dead_letter(self, consumer_group: str) -> str:
        """The dead-letter topic of one consumer group."""
        return legal_topic_name(f"{self.prefix}.{consumer_group}.dlq")


def legal_topic_name(name: str) -> str:
    """Return ``name`` unchanged, or raise ``ValueError`` if Kafka would refuse it."""
    if not _LEGAL_TOPIC.fullmatch(name) or name in {".", ".."}:
        raise ValueError(f"{name!r} is not a legal Kafka topic name")
    return name


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    partitions: int = 3,
    *,
    single_partition: Iterable[str] = (),
    replication_factor: int = 1,
    credentials: KafkaCredentials | None = None,
) -> list[str]:
    """Create the topics that do not exist yet (unlimited retention); return those created.

    ``topics`` get ``partitions`` each; ``single_partition`` topics one (one order for all
    their records, as the ownership topic needs). Idempotent and safe when several services
    race to create the same topic. Existing topics are left as they are (their partition count
    is not changed). A service's principal may not create topics (the setup's admin does,
    :mod:`shared.kafka.access`): for it this only checks that its topics exist, and names the
    missing one otherwise.
    """
    layout = dict.fromkeys(topics, partitions) | dict.fromkeys(single_partition, 1)
    wanted = [legal_topic_name(name) for name in layout]
    async with metadata_client(
        bootstrap_servers, timeout_s=_REQUEST_TIMEOUT_S, credentials=credentials
    ) as client:
        try:
            found = await partitions_of(client, wanted)
        except TopicAuthorizationFailedError as error:
            raise TopicAuthorizationFailedError(_MAY_NOT_USE) from error
    missing = [name for name in wanted if not found[name]]
    if missing:
        new = [_new_topic(name, layout[name], replication_factor) for name in missing]
        await _create(bootstrap_servers, new, credentials)
        log.info("created topics %s on %s", missing, bootstrap_servers)
    return missing


async def _create(
    bootstrap_servers: str, new: list[NewTopic], credentials: KafkaCredentials | None
) -> None:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers, **aiokafka_options(credentials)
    )
    await admin.start()
    try:
        _raise_topic_errors(await admin.create_topics(new))
    finally:
        await admin.close()


def _new_topic(name: str, partitions: int, replication_factor: int) -> NewTopic:
    return NewTopic(name, partitions, replication_factor, topic_configs=UNLIMITED_RETENTION)


def _raise_topic_errors(response: Any) -> None:
    """aiokafka returns per-topic error codes instead of raising: turn them into errors."""
    for topic, code, message in response.topic_errors:
        if code in _NOT_ALLOWED:
            raise for_code(code)(f"topic {topic!r}: {_MAY_NOT_USE}")
        if code and code != TopicAlreadyExistsError.errno:
            raise for_code(code)(f"could not create topic {topic!r}: {message}")


_NOT_ALLOWED = {TopicAuthorizationFailedError.errno, ClusterAuthorizationFailedError.errno}
_MAY_NOT_USE = (
    "the topic does not exist (or this principal may not see it), and this principal may not "
    "create it: topics are created by the Kafka setup (python -m shared.kafka.setup)"
)
#: How long one metadata exchange of :func:`ensure_topics` may take (aiokafka's default).
_REQUEST_TIMEOUT_S = 40.0


async def reach_broker(
    bootstrap_servers: str,
    timeout_s: float = 5.0,
    *,
    credentials: KafkaCredentials | None = None,
) -> None:
    """Connect, authenticate and have one metadata request answered (naming no topic, so
    its cost does not grow with the cluster); raise if that fails or takes longer than
    ``timeout_s``."""
    async with metadata_client(bootstrap_servers, timeout_s=timeout_s, credentials=credentials):
        pass


async def list_topics(
    bootstrap_servers: str,
    timeout_s: float = 5.0,
    *,
    credentials: KafkaCredentials | None = None,
) -> list[str]:
    """Connect to the broker and list its topics; fail if that takes longer than ``timeout_s``.

    The broker lists only the topics the principal may describe.
    """
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers,
        request_timeout_ms=max(int(timeout_s * 1000), 1),
        **aiokafka_options(credentials),
    )
    try:
        async with asyncio.timeout(timeout_s):
            await admin.start()
            topics: list[str] = await admin.list_topics()
            return topics
    finally:
        await admin.close()


async def wait_for_kafka(
    bootstrap_servers: str,
    timeout_s: float,
    *,
    interval_s: float = 1.0,
    credentials: KafkaCredentials | None = None,
) -> None:
    """Wait until Kafka answers a metadata request; raise ``BrokerUnavailable`` at the deadline.

    Logs one line per failed attempt, so a service waiting for its broker says so.
    """
    deadline = time.monotonic() + timeout_s
    attempt = 0
    while True:
        attempt += 1
        remaining = deadline - time.monotonic()
        try:
            await reach_broker(
                bootstrap_servers,
                timeout_s=max(min(remaining, 5.0), 0.1),
                credentials=credentials,
            )
            return
        except Exception as error:  # any failure to connect means "not yet"
            last_error = f"{type(error).__name__}: {error}"
        if time.monotonic() + interval_s > deadline:
            raise BrokerUnavailable(bootstrap_servers, timeout_s, last_error)
        log.warning(
            "Kafka at %s not reachable (attempt %d: %s); retrying in %g s",
            bootstrap_servers,
            attempt,
            last_error,
            interval_s,
        )
        await asyncio.sleep(interval_s)
