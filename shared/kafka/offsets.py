"""Asking the broker how far a consumer group is, on connections of its own.

The group's own consumer could answer (``end_offsets``, ``committed``), but its requests share
the connection its fetches use: each queues behind a long-poll fetch that the broker holds for
up to ``fetch_max_wait_ms`` (500 ms), and a lag needs three of them — ``/v1/freshness`` took
about a second. :class:`OffsetProbe` keeps a group-less consumer (end and beginning offsets)
and an admin client (the group's committed offsets) of its own, started on first use. It
remembers each group's coordinator: asked every time, it cost a round trip before the
offsets could be asked (aiokafka asks for it unless told), and it changes only when the
broker holding it does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import OffsetAndMetadata

from shared.kafka.security import KafkaCredentials, aiokafka_options


@dataclass(frozen=True)
class PartitionOffsets:
    """Where a partition begins and ends, and the group's committed offset (None: none yet)."""

    topic: str
    partition: int
    beginning: int
    end: int
    committed: int | None


class OffsetProbe:
    """Partitions' offsets and a group's checkpoints, asked on the probe's own connections."""

    def __init__(self, bootstrap_servers: str, credentials: KafkaCredentials | None) -> None:
        self._bootstrap_servers = bootstrap_servers
        self._options = aiokafka_options(credentials)
        self._clients: tuple[AIOKafkaConsumer, AIOKafkaAdminClient] | None = None
        self._lock = asyncio.Lock()
        self._coordinators: dict[str, int] = {}

    async def offsets(
        self, group: str, partitions: Sequence[TopicPartition]
    ) -> list[PartitionOffsets]:
        """The offsets of ``partitions`` and ``group``'s checkpoint on each."""
        if not partitions:
            return []
        consumer, admin = await self._started()
        wanted = list(partitions)
        ends, starts, committed = await asyncio.gather(
            consumer.end_offsets(wanted),
            consumer.beginning_offsets(wanted),
            self._committed(admin, group, wanted),
        )
        return [
            PartitionOffsets(
                tp.topic, tp.partition, starts[tp], ends[tp], _checkpoint(committed.get(tp))
            )
            for tp in wanted
        ]

    async def _committed(
        self, admin: AIOKafkaAdminClient, group: str, partitions: list[TopicPartition]
    ) -> dict[TopicPartition, OffsetAndMetadata]:
        """``group``'s committed offsets, asked of the coordinator found before; found again
        and asked once more if that one fails or leaves a partition out (a broker that no
        longer coordinates the group)."""
        try:
            found = await self._ask_coordinator(admin, group, partitions)
        except KafkaError:
            found = {}
        if all(tp in found for tp in partitions):
            return found
        self._coordinators.pop(group, None)
        return await self._ask_coordinator(admin, group, partitions)

    async def _ask_coordinator(
        self, admin: AIOKafkaAdminClient, group: str, partitions: list[TopicPartition]
    ) -> dict[TopicPartition, OffsetAndMetadata]:
        coordinator = self._coordinators.get(group)
        if coordinator is None:
            coordinator = self._coordinators[group] = await admin.find_coordinator(group)
        found: dict[TopicPartition, OffsetAndMetadata] = await admin.list_consumer_group_offsets(
            group, coordinator, partitions
        )
        return found

    async def stop(self) -> None:
        async with self._lock:
            clients, self._clients = self._clients, None
        if clients is not None:
            consumer, admin = clients
            await consumer.stop()
            await admin.close()

    async def _started(self) -> tuple[AIOKafkaConsumer, AIOKafkaAdminClient]:
        async with self._lock:
            if self._clients is None:
                self._clients = await self._start_clients()
            return self._clients

    async def _start_clients(self) -> tuple[AIOKafkaConsumer, AIOKafkaAdminClient]:
        common = {"bootstrap_servers": self._bootstrap_servers, "client_id": "tdkt-offset-probe"}
        consumer = AIOKafkaConsumer(**common, **self._options)
        admin = AIOKafkaAdminClient(**common, **self._options)
        await consumer.start()
        try:
            await admin.start()
        except BaseException:
            await consumer.stop()
            raise
        return consumer, admin


def _checkpoint(committed: object) -> int | None:
    offset = getattr(committed, "offset", None)
    return None if offset is None or offset < 0 else int(offset)
