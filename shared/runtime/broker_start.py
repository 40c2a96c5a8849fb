"""Starting a FastStream broker without holding up the service's start.

``KafkaBroker.start()`` returns only once its consumer groups are joined, which a broker may
answer seconds later (a group's first rebalance). The service's HTTP API does not need
the consumer to be running, so the broker starts in the background; ``/readyz`` and the lag
metrics tell when consumption is under way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from faststream.kafka import KafkaBroker

log = logging.getLogger(__name__)


class BackgroundBrokerStart:
    """Owns the task that starts ``broker``; ``stop`` waits for it, then stops the broker."""

    def __init__(self, broker: KafkaBroker) -> None:
        self._broker = broker
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._start(), name="broker-start")

    async def _start(self) -> None:
        try:
            await self._broker.start()
        except Exception:
            log.exception("the Kafka consumer could not start; events are not being consumed")
            raise

    async def stop(self) -> None:
        """Stop the broker; a start still joining its group is cancelled (nothing in flight)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self._broker.stop()
