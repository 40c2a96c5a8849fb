"""How many records a topic holds: what the relay and the rebuild compare with the store.

A partition's *end offset* is the offset its next record will get, so the sum of a topic's end
offsets counts every record ever appended to it. Retention and compaction never lower it;
only a broker that lost its log, or a topic deleted and created again, does. The rebuild reads
what is still there, from the beginning offsets to the end offsets (the same number under the
topics' unlimited retention).

Partitions are found with a metadata request naming the topics
(:mod:`shared.kafka.metadata`): aiokafka's consumer asks the broker for no topic at all when it
starts, so its ``partitions_for_topic`` knows none until a later metadata refresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.kafka.metadata import topic_partitions
from shared.kafka.security import KafkaCredentials, aiokafka_options

DEFAULT_TIMEOUT_S = 10.0
_RETRY_BACKOFF_MS = 5


class TopicMissing(RuntimeError):
    """The broker has no such topic (yet)."""


@dataclass(frozen=True)
class TopicExtent:
    """The beginning and end offset of every partition of one topic (none if it is missing)."""

    topic: str
    beginning: dict[int, int] = field(default_factory=dict)
    end: dict[int, int] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return bool(self.end)

    @property
    def appended(self) -> int:
        """Records ever appended: the sum of the end offsets."""
        return sum(self.end.values())

    @property
    def records(self) -> int:
        """Records a reader from offset zero finds: end minus beginning, summed."""
        return sum(end - self.beginning.get(partition, 0) for partition, end in self.end.items())


async def topic_extents(
    bootstrap_servers: str,
    topics: Sequence[str],
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    credentials: KafkaCredentials | None = None,
) -> dict[str, TopicExtent]:
    """Each topic's beginning and end offsets, asked of the broker now."""
    partitions = await topic_partitions(
        bootstrap_servers, topics, timeout_s=timeout_s, credentials=credentials
    )
    wanted = [TopicPartition(t, p) for t, numbers in partitions.items() for p in numbers]
    if not wanted:
        return {topic: TopicExtent(topic) for topic in topics}
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        client_id="tdkt-topic-log",
        request_timeout_ms=max(int(timeout_s * 1000), 1),
        # Its first offsets request finds no leader (the consumer started knowing no topic),
        # asks for the topics' metadata and waits this long before asking again.
        retry_backoff_ms=_RETRY_BACKOFF_MS,
        **aiokafka_options(credentials),
    )
    try:
        async with asyncio.timeout(timeout_s):
            await consumer.start()
            ends = await consumer.end_offsets(wanted)
            beginnings = await consumer.beginning_offsets(wanted)
    finally:
        await consumer.stop()
    return {
        topic: TopicExtent(
            topic,
            beginning={tp.partition: beginnings[tp] for tp in wanted if tp.topic == topic},
            end={tp.partition: ends[tp] for tp in wanted if tp.topic == topic},
        )
        for topic in topics
    }
