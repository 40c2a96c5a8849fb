"""Running an outbox relay as a background task of a service."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.security import KafkaCredentials
from shared.outbox import KafkaEventPublisher, OutboxRelay, RelayConfig, StoreHead
from shared.outbox.append_signal import AppendSignal


class RelayRunner:
    """Owns the relay's producer and task; ``stop`` lets the current batch finish. The store
    calls :meth:`appended` after each append (this process's or, through the database, another
    process's wakes the relay: :mod:`shared.outbox.append_signal`).

    The producer is also the relay's view of the topic (its end offsets), with which the relay
    notices a broker that lost records it had acknowledged (see :mod:`shared.outbox.relay`).
    """

    def __init__(
        self,
        engine: AsyncEngine,
        bootstrap_servers: str,
        config: RelayConfig,
        *,
        credentials: KafkaCredentials | None = None,
    ) -> None:
        self.publisher = KafkaEventPublisher(
            bootstrap_servers, client_id=config.relay_name, credentials=credentials
        )
        self.relay = OutboxRelay(engine, self.publisher, config)
        self.signal = AppendSignal(engine, [self.relay])
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.publisher.start()
        self._task = asyncio.create_task(self.relay.run(self._stop), name="outbox-relay")
        await self.signal.start()

    def appended(self) -> None:
        """After an append committed in this process."""
        self.signal.appended()

    async def stop(self, timeout_s: float = 15.0) -> None:
        await self.signal.stop()
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._task), timeout=timeout_s)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.publisher.stop()

    async def head(self) -> StoreHead:
        """The head of the service's event store (``GET /v1/events/head``)."""
        return await self.relay.head()
