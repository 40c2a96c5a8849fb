"""The relay loop: lease → read committed batch → publish → wait for acks → checkpoint."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from shared.outbox.lease import LeaseLost, RelayLease
from shared.outbox.publisher import Publisher
from shared.outbox.reader import read_committed_batch

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RelayConfig:
    """Where to publish and how the relay paces itself."""

    topic: str
    relay_name: str = "events"
    owner: str = field(default_factory=lambda: f"relay-{uuid.uuid4()}")
    batch_size: int = 5000
    idle_poll_s: float = 0.5
    lease_ttl: timedelta = timedelta(seconds=15)
    max_backoff_s: float = 10.0


class OutboxRelay:
    """Publishes the store's committed events to one topic, in order, at least once.

    The checkpoint moves only after the broker acknowledged a whole batch; a crash between
    publishing and checkpointing publishes that batch again (consumers deduplicate).
    """

    def __init__(self, engine: AsyncEngine, publisher: Publisher, config: RelayConfig) -> None:
        self._engine = engine
        self._publisher = publisher
        self._config = config
        self._lease = RelayLease(engine, config.relay_name, config.owner, config.lease_ttl)
        self._wake = asyncio.Event()
        self._checkpoint: int | None = None
        self.published_total = 0

    def wake(self) -> None:
        """Called after an append so the relay need not wait for its next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set; transient failures are logged and retried."""
        failures = 0
        while not stop.is_set():
            try:
                published = await self.relay_once()
                failures = 0
            except LeaseLost as lost:
                log.warning("%s", lost)
                self._checkpoint, published = None, 0
            except Exception:
                failures += 1
                log.exception(
                    "relay %s: batch failed (attempt %d)", self._config.relay_name, failures
                )
                self._checkpoint, published = None, 0
                await _wait(stop, min(self._config.max_backoff_s, 0.2 * 2**failures))
                continue
            if published < self._config.batch_size:
                await self._idle(stop)
        await self._release()

    async def relay_once(self) -> int:
        """Publish one batch if this instance holds the lease; the number of events sent."""
        if self._checkpoint is None:
            self._checkpoint = await self._lease.try_acquire()
            if self._checkpoint is None:
                return 0
        batch = await read_committed_batch(self._engine, self._checkpoint, self._config.batch_size)
        if not batch:
            await self._lease.advance(self._checkpoint)  # renews the lease while idle
            return 0
        await self._publisher.publish(self._config.topic, [message for _, message in batch])
        self._checkpoint = batch[-1][0]
        await self._lease.advance(self._checkpoint)
        self.published_total += len(batch)
        return len(batch)

    async def _idle(self, stop: asyncio.Event) -> None:
        self._wake.clear()
        stop_waiter = asyncio.ensure_future(stop.wait())
        wake_waiter = asyncio.ensure_future(self._wake.wait())
        await asyncio.wait(
            {stop_waiter, wake_waiter},
            timeout=self._config.idle_poll_s,
            return_when=asyncio.FIRST_COMPLETED,
        )
        stop_waiter.cancel()
        wake_waiter.cancel()

    async def _release(self) -> None:
        try:
            await self._lease.release()
        except Exception:
            log.exception("relay %s: could not release its lease", self._config.relay_name)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
