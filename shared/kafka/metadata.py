"""Asking a broker about the topics one names, never about all of them, never creating one.

aiokafka's admin client answers ``describe_topics`` with a metadata request that lets a broker
with ``auto.create.topics.enable`` (Kafka's default) create a topic it does not have, with the
broker's default partitions and retention; its ``list_topics`` asks for every topic, which on a
shared cluster is thousands of them on every start of every service. The metadata request
below names its topics and says ``allow_auto_topic_creation=false`` (Kafka's Metadata API,
version 4 and later).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from aiokafka.client import AIOKafkaClient
from aiokafka.errors import KafkaConnectionError, UnknownTopicOrPartitionError, for_code
from aiokafka.protocol.metadata import MetadataRequest

from shared.kafka.security import KafkaCredentials, aiokafka_options


@asynccontextmanager
async def metadata_client(
    bootstrap_servers: str,
    *,
    timeout_s: float,
    credentials: KafkaCredentials | None = None,
    client_id: str = "tdkt-metadata",
) -> AsyncIterator[AIOKafkaClient]:
    """A client connected to the cluster within ``timeout_s``: it has authenticated and had
    one metadata request answered (naming no topic), so the broker is known to answer."""
    client = AIOKafkaClient(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        request_timeout_ms=max(int(timeout_s * 1000), 1),
        **aiokafka_options(credentials),
    )
    try:
        async with asyncio.timeout(timeout_s):
            await client.bootstrap()
        yield client
    finally:
        await client.close()


async def partitions_of(client: AIOKafkaClient, topics: Sequence[str]) -> dict[str, list[int]]:
    """The sorted partitions of each of ``topics`` (an empty list: the broker has no such
    topic). Creates nothing. Any other error of a topic is raised as aiokafka's error for its
    code: ``TopicAuthorizationFailedError`` if this principal may not describe it."""
    found: dict[str, list[int]] = {topic: [] for topic in topics}
    if not found:
        return found
    node = client.get_random_node()
    if node is None:
        raise KafkaConnectionError("the cluster named no broker to ask")
    request = MetadataRequest(list(found), allow_auto_topic_creation=False)
    response = await client.send(node, request)
    for entry in response.to_object()["topics"]:
        code = entry["error_code"]
        if code == UnknownTopicOrPartitionError.errno:
            continue
        if code:
            raise for_code(code)(f"topic {entry['topic']!r}: metadata error {code}")
        found[entry["topic"]] = sorted(int(p["partition"]) for p in entry["partitions"])
    return found


async def topic_partitions(
    bootstrap_servers: str,
    topics: Sequence[str],
    *,
    timeout_s: float = 10.0,
    credentials: KafkaCredentials | None = None,
) -> dict[str, list[int]]:
    """:func:`partitions_of` on a client of its own, all within ``timeout_s``."""
    async with (
        asyncio.timeout(timeout_s),
        metadata_client(bootstrap_servers, timeout_s=timeout_s, credentials=credentials) as client,
    ):
        return await partitions_of(client, topics)
