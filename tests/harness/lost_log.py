"""Simulating a broker that lost its log: a topic deleted (and created again, empty)."""

from __future__ import annotations

import asyncio
import time

from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka.security import KafkaCredentials, aiokafka_options
from shared.kafka.topics import ensure_topics
from shared.outbox.topic_log import topic_extents


async def delete_topic(
    bootstrap: str,
    topic: str,
    timeout_s: float = 10.0,
    *,
    credentials: KafkaCredentials | None = None,
) -> None:
    """Delete ``topic``; return once the broker no longer lists it (``credentials``: a
    principal allowed to, e.g. the super user)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **aiokafka_options(credentials))
    await admin.start()
    try:
        await admin.delete_topics([topic])
        deadline = time.monotonic() + timeout_s
        while topic in await admin.list_topics():
            assert time.monotonic() < deadline, f"{topic} was not deleted"
            await asyncio.sleep(0.05)
    finally:
        await admin.close()


async def create_topic(
    bootstrap: str,
    topic: str,
    partitions: int = 3,
    timeout_s: float = 10.0,
    *,
    credentials: KafkaCredentials | None = None,
) -> None:
    """Create ``topic``; return once it answers offset requests."""
    deadline = time.monotonic() + timeout_s
    while not (await topic_extents(bootstrap, [topic], credentials=credentials))[topic].exists:
        assert time.monotonic() < deadline, f"{topic} was not created"
        await ensure_topics(bootstrap, [topic], partitions=partitions, credentials=credentials)
        await asyncio.sleep(0.05)


async def recreate_topic(
    bootstrap: str,
    topic: str,
    partitions: int = 3,
    *,
    credentials: KafkaCredentials | None = None,
) -> None:
    """Delete ``topic`` and create it again, empty."""
    await delete_topic(bootstrap, topic, credentials=credentials)
    await create_topic(bootstrap, topic, partitions, credentials=credentials)
