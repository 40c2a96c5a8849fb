"""Prometheus metrics of a running service.

FastStream's Kafka middleware records message counts and durations into the service's
registry as messages flow; our own figures (``tdkt_*``) are computed from the running service
at scrape time: :meth:`ServiceMetrics.refresh` before the registry is rendered.

Consumer lag is this instance's view: the partitions assigned to it, end offset minus the
group's committed offset. Sum over instances for the group's lag.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.kafka.subscriber.usecase import LogicSubscriber
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.consumer.idempotent import IdempotentConsumer
from shared.eventstore.tables import events
from shared.kafka.offsets import OffsetProbe
from shared.outbox.tables import relay_state
from shared.runtime.relay_runner import RelayRunner

log = logging.getLogger(__name__)

PartT = TypeVar("PartT")

RELAY_LAG = "tdkt_relay_lag_events"
RELAY_PUBLISHED = "tdkt_relay_published"  # exposed as tdkt_relay_published_total
RELAY_REPUBLISH = "tdkt_relay_republish"  # exposed as tdkt_relay_republish_total
EVENT_STORE_HEAD = "tdkt_event_store_head"
CONSUMER_LAG = "tdkt_consumer_lag_messages"
CONSUMER_APPLIED = "tdkt_consumer_applied"  # exposed as tdkt_consumer_applied_total
CONSUMER_DEAD_LETTERS = "tdkt_consumer_dead_letters"  # tdkt_consumer_dead_letters_total
CHECKPOINT_AGE = "tdkt_projection_checkpoint_age_seconds"
DEFAULT_TIMEOUT_S = 2.0


def broker_middlewares(
    registry: CollectorRegistry | None, app_name: str
) -> tuple[KafkaPrometheusMiddleware, ...]:
    """FastStream's Kafka Prometheus middleware recording into ``registry`` (none without)."""
    if registry is None:
        return ()
    return (KafkaPrometheusMiddleware(registry=registry, app_name=app_name),)


@dataclass(frozen=True)
class PartitionLag:
    """How many records of one assigned partition the group has not committed yet.

    ``committed`` is the group's committed offset (its checkpoint; None before the first
    commit, when the lag counts from the partition's beginning), ``end`` the partition's end.
    """

    group: str
    topic: str
    partition: int
    messages: int
    committed: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ConsumerFigures:
    """The idempotent consumer's counters since the process started."""

    name: str
    applied: int
    dead_letters: Mapping[str, int]
    """Records dead-lettered, by the error that sent them (e.g. ``RefusedEvent``)."""
    checkpoint_age_s: float | None


@dataclass(frozen=True)
class Snapshot:
    """Our figures at one scrape; absent parts are left out of the exposition."""

    relay_lag: dict[str, int] | None = None
    relay_published: int | None = None
    relay_republished: dict[str, int] | None = None
    store_head: dict[str, int] | None = None
    consumer: ConsumerFigures | None = None
    partition_lags: tuple[PartitionLag, ...] | None = None
    own: tuple[Metric, ...] = ()
    """The figures only this service has (its ``own_metrics``)."""


OwnMetrics = Callable[[], Awaitable[Sequence[Metric]]]
"""A service object's ``own_metrics``: figures of its own, measured at each scrape."""


@dataclass(eq=False)  # registered in a registry, so hashed by identity
class ServiceMetrics(Collector):
    """The ``tdkt_*`` metrics of the service ``current_service()`` returns (read per scrape)."""

    current_service: Callable[[], object]
    timeout_s: float = DEFAULT_TIMEOUT_S
    snapshot: Snapshot = field(default_factory=Snapshot)

    async def refresh(self) -> None:
        """Measure the service now (database and broker queries, each bounded by the timeout)."""
        self.snapshot = await measure(self.current_service(), self.timeout_s)

    def collect(self) -> Iterator[Metric]:
        return families(self.snapshot)


async def render(registry: CollectorRegistry, metrics: ServiceMetrics) -> bytes:
    """The Prometheus text exposition of ``registry`` after refreshing ``metrics``."""
    await metrics.refresh()
    return generate_latest(registry)


async def measure(service: object, timeout_s: float = DEFAULT_TIMEOUT_S) -> Snapshot:
    """Our figures for a running service (its relay, consumer and broker, where it has them)."""
    engine = _part(service, "engine", AsyncEngine)
    relay = _part(service, "relay", RelayRunner)
    consumer = _part(service, "consumer", IdempotentConsumer)
    broker = _part(service, "broker", KafkaBroker)
    probe = _part(service, "offset_probe", OffsetProbe)
    return Snapshot(
        relay_lag=await relay_lag(engine, timeout_s) if relay and engine else None,
        relay_published=relay.relay.published_total if relay else None,
        relay_republished=(
            {relay.relay.config.relay_name: relay.relay.republished_total} if relay else None
        ),
        store_head=await event_store_head(relay, timeout_s) if relay else None,
        consumer=consumer_figures(consumer) if consumer else None,
        partition_lags=await consumer_lags(broker, probe, timeout_s) if broker and probe else None,
        own=await own_metrics(getattr(service, "own_metrics", None), timeout_s),
    )


async def own_metrics(measure: OwnMetrics | None, timeout_s: float) -> tuple[Metric, ...]:
    """What a service's ``own_metrics`` measures (() without one, or on failure)."""
    if measure is None:
        return ()
    try:
        async with asyncio.timeout(timeout_s):
            return tuple(await measure())
    except Exception as error:
        log.warning("metrics: own figures unavailable: %s: %s", type(error).__name__, error)
        return ()


async def relay_lag(engine: AsyncEngine, timeout_s: float = DEFAULT_TIMEOUT_S) -> dict[str, int]:
    """Per relay: the number of stored events after its checkpoint ({} if unmeasurable)."""
    behind = (
        select(func.count())
        .select_from(events)
        .where(events.c.position > relay_state.c.checkpoint_position)
        .scalar_subquery()
    )
    query = select(relay_state.c.relay_name, behind)
    try:
        async with asyncio.timeout(timeout_s), engine.connect() as connection:
            rows = (await connection.execute(query)).all()
    except Exception as error:
        log.warning("metrics: relay lag unavailable: %s: %s", type(error).__name__, error)
        return {}
    return {str(name): int(count) for name, count in rows}


async def event_store_head(
    relay: RelayRunner, timeout_s: float = DEFAULT_TIMEOUT_S
) -> dict[str, int]:
    """Per topic: the events the store of the service publishing to it holds ({} on failure)."""
    try:
        async with asyncio.timeout(timeout_s):
            head = await relay.head()
    except Exception as error:
        log.warning("metrics: event store head unavailable: %s: %s", type(error).__name__, error)
        return {}
    return {head.topic: head.events}


def consumer_figures(consumer: IdempotentConsumer[Any]) -> ConsumerFigures:
    """The consumer's counters, and the seconds since it last applied a batch."""
    last = consumer.last_applied_at
    age = None if last is None else (datetime.now(UTC) - last).total_seconds()
    by_error = dict(consumer.dead_lettered_by_error)
    return ConsumerFigures(consumer.name, consumer.applied_total, by_error, age)


async def consumer_lags(
    broker: KafkaBroker, probe: OffsetProbe, timeout_s: float = DEFAULT_TIMEOUT_S
) -> tuple[PartitionLag, ...]:
    """The lag of every partition assigned to the broker's group subscribers (() on failure)."""
    try:
        return await assigned_partition_lags(broker, probe, timeout_s)
    except Exception as error:
        log.warning("metrics: consumer lag unavailable: %s: %s", type(error).__name__, error)
        return ()


async def assigned_partition_lags(
    broker: KafkaBroker, probe: OffsetProbe, timeout_s: float = DEFAULT_TIMEOUT_S
) -> tuple[PartitionLag, ...]:
    """As :func:`consumer_lags`, but raising when the broker cannot be asked in time. The
    assignment is the subscribers' own; the offsets are asked through ``probe``."""
    lags: list[PartitionLag] = []
    async with asyncio.timeout(timeout_s):
        for subscriber in broker.subscribers:
            if isinstance(subscriber, LogicSubscriber) and subscriber.group_id:
                lags += await _subscriber_lags(subscriber.consumer, subscriber.group_id, probe)
    return tuple(lags)


async def _subscriber_lags(client: Any, group: str, probe: OffsetProbe) -> list[PartitionLag]:
    """End offsets minus committed offsets (the beginning where nothing was committed)."""
    if client is None:
        return []
    partitions = sorted(client.assignment())
    lags = []
    for found in await probe.offsets(group, partitions):
        done = found.committed
        behind = found.end - (found.beginning if done is None else done)
        lags.append(
            PartitionLag(group, found.topic, found.partition, max(behind, 0), done, found.end)
        )
    return lags


def families(snapshot: Snapshot) -> Iterator[Metric]:
    """The exposition of one snapshot."""
    if snapshot.relay_lag is not None:
        yield _relay_lag_family(snapshot.relay_lag)
    if snapshot.relay_published is not None:
        yield CounterMetricFamily(
            RELAY_PUBLISHED,
            "Events of the outbox relay the broker acknowledged since the process started.",
            value=snapshot.relay_published,
        )
    if snapshot.relay_republished is not None:
        yield _labelled(
            CounterMetricFamily,
            RELAY_REPUBLISH,
            "Times the relay found its topic holding fewer records than it had published, and "
            "published every event again.",
            "relay",
            snapshot.relay_republished,
        )
    if snapshot.store_head is not None:
        yield _labelled(
            GaugeMetricFamily,
            EVENT_STORE_HEAD,
            "Events the service's store holds, by the topic its relay publishes them to.",
            "topic",
            snapshot.store_head,
        )
    if snapshot.consumer is not None:
        yield from _consumer_families(snapshot.consumer)
    if snapshot.partition_lags is not None:
        yield _partition_lag_family(snapshot.partition_lags)
    yield from snapshot.own


def _labelled(
    kind: type[CounterMetricFamily] | type[GaugeMetricFamily],
    name: str,
    documentation: str,
    label: str,
    values: dict[str, int],
) -> Metric:
    family = kind(name, documentation, labels=[label])
    for key, value in sorted(values.items()):
        family.add_metric([key], value)
    return family


def _relay_lag_family(lag: dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        RELAY_LAG, "Stored events the outbox relay has not published yet.", labels=["relay"]
    )
    for relay, behind in sorted(lag.items()):
        family.add_metric([relay], behind)
    return family


def _consumer_families(figures: ConsumerFigures) -> Iterator[Metric]:
    labels = ["consumer"]
    applied = CounterMetricFamily(
        CONSUMER_APPLIED, "Events applied since the process started.", labels=labels
    )
    applied.add_metric([figures.name], figures.applied)
    dead = CounterMetricFamily(
        CONSUMER_DEAD_LETTERS,
        "Records dead-lettered since the process started, by the error that sent them.",
        labels=[*labels, "error_type"],
    )
    for error_type, count in sorted(figures.dead_letters.items()):
        dead.add_metric([figures.name, error_type], count)
    age = GaugeMetricFamily(
        CHECKPOINT_AGE,
        "Seconds since the consumer last applied events (absent until it has).",
        labels=labels,
    )
    if figures.checkpoint_age_s is not None:
        age.add_metric([figures.name], figures.checkpoint_age_s)
    yield from (applied, dead, age)


def _partition_lag_family(lags: tuple[PartitionLag, ...]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        CONSUMER_LAG,
        "Records of an assigned partition not yet committed by the consumer group.",
        labels=["group", "topic", "partition"],
    )
    for lag in lags:
        family.add_metric([lag.group, lag.topic, str(lag.partition)], lag.messages)
    return family


def _part(service: object, name: str, kind: type[PartT]) -> PartT | None:
    """The service's attribute ``name`` if it is a ``kind``, else None."""
    value = getattr(service, name, None)
    return value if isinstance(value, kind) else None
