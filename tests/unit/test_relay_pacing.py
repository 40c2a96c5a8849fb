"""How the relay paces its reads: appends woken together are read together, none is missed.

Each read of the relay waits for the appends in flight and holds new ones back, so a relay
that read once per command would queue every command behind it. ``relay_once`` is replaced
by a counter here: what is tested is only when the loop calls it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from shared.outbox import OutboxRelay, RelayConfig


class CountingRelay(OutboxRelay):
    def __init__(self, config: RelayConfig) -> None:
        super().__init__(engine=Any, publisher=Any, config=config)  # type: ignore[arg-type]
        self.rounds: list[float] = []
        self.during_round: asyncio.Event | None = None

    async def relay_once(self) -> int:
        self.rounds.append(time.monotonic())
        if self.during_round is not None:
            self.during_round.set()
            self.during_round = None
            await asyncio.sleep(0.05)  # an append commits while the batch is being published
        return 0

    async def _release(self) -> None:
        return None


async def run_for(relay: CountingRelay, seconds: float, during: Any = None) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    if during is not None:
        await during()
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.wait_for(task, timeout=5)


async def test_appends_woken_together_are_read_in_one_round_after_the_gathering_window() -> None:
    relay = CountingRelay(RelayConfig(topic="t", idle_poll_s=30.0, gather_s=0.1))

    woken: list[float] = []

    async def five_appends() -> None:
        await asyncio.sleep(0.05)  # the first round has run; the relay idles
        woken.append(time.monotonic())
        for _ in range(5):
            relay.wake()
            await asyncio.sleep(0.005)

    await run_for(relay, 0.3, five_appends)

    assert len(relay.rounds) == 2  # the start, then one round for the five appends
    assert relay.rounds[1] - woken[0] >= 0.1


async def test_an_append_during_a_round_wakes_the_next_one_without_waiting_for_the_poll() -> None:
    relay = CountingRelay(RelayConfig(topic="t", idle_poll_s=30.0, gather_s=0.01))
    relay.during_round = asyncio.Event()
    during_round = relay.during_round

    async def append_during_the_first_round() -> None:
        await during_round.wait()
        relay.wake()

    await run_for(relay, 0.3, append_during_the_first_round)

    assert len(relay.rounds) == 2  # not one: the wake was not cleared away by the idling
