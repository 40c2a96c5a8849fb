"""Closed-loop and open-loop load: how requests are sent, timed and counted.

``send(index)`` makes request number ``index`` and raises if it was not answered as expected;
a raised request counts as an error, its latency is kept all the same.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from benchmarks.latency import LoadSummary, open_loop_schedule, summarise

Send = Callable[[int], Awaitable[None]]
Clock = Callable[[], float]


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def attempt(self, send: Send, index: int, since: float, clock: Clock) -> None:
        try:
            await send(index)
        except Exception as error:  # a refused request is a figure, not a crash of the run
            self.errors.append(f"{type(error).__name__}: {error}"[:300])
        self.latencies.append(clock() - since)

    def summary(self, seconds: float, items_per_request: int) -> LoadSummary:
        found = summarise(self.latencies, len(self.errors), seconds, items_per_request)
        return replace(found, first_error=self.errors[0]) if self.errors else found


async def closed_loop(
    send: Send,
    clients: int,
    requests: int,
    items_per_request: int = 1,
    clock: Clock = time.perf_counter,
) -> LoadSummary:
    """``clients`` tasks, each sending its next request as soon as its last one is answered,
    until ``requests`` were sent; latency from each request's send."""
    tally, indices = _Tally(), itertools.count()

    async def client() -> None:
        while (index := next(indices)) < requests:
            await tally.attempt(send, index, clock(), clock)

    start = clock()
    await asyncio.gather(*(client() for _ in range(clients)))
    return tally.summary(clock() - start, items_per_request)


async def open_loop(
    send: Send,
    rate: float,
    requests: int,
    in_flight: int = 16,
    clock: Clock = time.perf_counter,
) -> LoadSummary:
    """``requests`` requests offered at ``rate`` per second, each due at its scheduled time
    whatever the earlier ones are doing; latency from the scheduled time, so a stall is
    charged to every request it delays.

    At most ``in_flight`` requests are on the wire, twice the closed loop's clients: enough to
    keep a service busy; the others wait their turn in this process, their clock running. An
    HTTP client's pool spends CPU per request in proportion to the requests and connections
    it holds (httpx with 64 busy connections: about 7 ms a request, more than the services
    it measures on this machine).
    """
    tally, start, gate = _Tally(), clock(), asyncio.Semaphore(in_flight)

    async def gated(index: int) -> None:
        async with gate:
            await send(index)

    pending = []
    for index, due in enumerate(open_loop_schedule(rate, requests, start)):
        delay = due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        pending.append(asyncio.create_task(tally.attempt(gated, index, due, clock)))
    await asyncio.gather(*pending)
    return tally.summary(clock() - start, 1)
