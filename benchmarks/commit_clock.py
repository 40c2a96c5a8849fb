"""Timing a FastStream subscriber from the outside: when each batch arrived and committed."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from faststream import BaseMiddleware

from benchmarks.common import Run
from shared.consumer import IdempotentConsumer


class CommitClock:
    """A FastStream middleware factory noting when each batch was handled and committed."""

    def __init__(self, consumer: IdempotentConsumer[Any], expected: int) -> None:
        self._consumer = consumer
        self._expected = expected
        self.done = asyncio.Event()
        self.first_received: tuple[float, float] | None = None  # (wall, cpu)
        self.last_commit = (0.0, 0.0)
        self.batches = 0
        self.slowest_batch_s = 0.0
        self.handled = 0
        self.stopped = False

    def __call__(self, msg: Any, /, *, context: Any) -> BaseMiddleware:
        return _ClockMiddleware(msg, context=context, clock=self)

    def apply_run(self) -> Run:
        """From the first batch handed to the handler to the last commit (no group join)."""
        if self.first_received is None:
            raise RuntimeError("no batch was received")
        (wall0, cpu0), (wall1, cpu1) = self.first_received, self.last_commit
        return Run(self.handled, wall1 - wall0, cpu1 - cpu0)

    def received(self) -> float:
        now = time.perf_counter()
        self.first_received = self.first_received or (now, time.process_time())
        return now

    def committed(self, received_at: float) -> None:
        if self.stopped:  # a batch finishing while the broker stops, after a timeout
            return
        self.last_commit = (time.perf_counter(), time.process_time())
        self.slowest_batch_s = max(self.slowest_batch_s, self.last_commit[0] - received_at)
        self.batches += 1
        self.handled = self._consumer.applied_total + self._consumer.dead_lettered_total
        if self.handled >= self._expected:
            self.done.set()


class _ClockMiddleware(BaseMiddleware):
    def __init__(self, msg: Any, /, *, context: Any, clock: CommitClock) -> None:
        super().__init__(msg, context=context)
        self._clock = clock

    async def consume_scope(self, call_next: Any, msg: Any) -> Any:
        received_at = self._clock.received()
        result = await call_next(msg)  # the handler commits the offsets before returning
        self._clock.committed(received_at)
        return result
