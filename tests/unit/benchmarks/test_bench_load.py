"""Closed and open loops: which requests go out, how latency is charged, how errors count.

A fake clock stands in for time, so no assertion depends on the machine's speed.
"""

from __future__ import annotations

import asyncio
import gc

import pytest

from benchmarks.common import DEFAULT_COLLECTOR_THRESHOLDS, short_collector_pauses
from benchmarks.load import closed_loop, open_loop


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_an_open_loop_charges_a_stall_to_every_request_it_delays() -> None:
    clock = FakeClock()

    async def send(index: int) -> None:
        if index == 0:
            clock.now = 1.0  # the first request stalls the server for a second

    # 100/s offered: due at 0.00, 0.01 and 0.02; the last two answer at once, at 1.0
    summary = await open_loop(send, rate=100.0, requests=3, clock=clock)

    assert summary.requests == 3
    assert summary.p50_ms == pytest.approx(990.0)  # 1.0 - 0.01, not 0: no coordinated omission
    assert summary.p99_ms == pytest.approx(1000.0)


async def test_an_open_loop_sends_requests_without_waiting_for_answers() -> None:
    started: list[int] = []
    all_started = asyncio.Event()

    async def send(index: int) -> None:
        started.append(index)
        if len(started) == 5:
            all_started.set()
        await all_started.wait()  # no answer before every request went out

    summary = await asyncio.wait_for(open_loop(send, rate=1_000_000.0, requests=5), timeout=10)

    assert started == [0, 1, 2, 3, 4]
    assert summary.errors == 0


async def test_a_closed_loop_sends_each_request_once_with_at_most_n_in_flight() -> None:
    sent: list[int] = []
    in_flight = peak = 0

    async def send(index: int) -> None:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0)
        sent.append(index)
        in_flight -= 1

    summary = await closed_loop(send, clients=4, requests=20)

    assert sorted(sent) == list(range(20))
    assert peak == 4
    assert summary.requests == 20


async def test_a_closed_loop_charges_latency_from_each_send() -> None:
    clock = FakeClock()

    async def send(index: int) -> None:
        clock.now += 0.010 if index else 0.500

    summary = await closed_loop(send, clients=1, requests=10, clock=clock)

    assert summary.p50_ms == pytest.approx(10.0)
    assert summary.p99_ms == pytest.approx(500.0)
    assert summary.seconds == pytest.approx(0.590)


async def test_refused_requests_count_as_errors_and_keep_the_first_message() -> None:
    async def send(index: int) -> None:
        if index % 2:
            raise RuntimeError(f"POST /v1/campaigns → 500 ({index})")

    summary = await closed_loop(send, clients=2, requests=6, items_per_request=100)

    assert (summary.requests, summary.errors) == (6, 3)
    assert summary.first_error.startswith("RuntimeError: POST /v1/campaigns → 500")
    assert summary.item_rate == summary.rate * 100


async def test_an_open_loop_keeps_at_most_so_many_requests_in_flight_and_the_rest_waiting() -> None:
    clock = FakeClock()
    in_flight = peak = 0

    async def send(index: int) -> None:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0)
        clock.now += 0.5  # each answer takes half a second of the fake clock
        in_flight -= 1

    summary = await open_loop(send, rate=1_000_000.0, requests=6, in_flight=2, clock=clock)

    assert peak == 2
    assert summary.errors == 0
    assert summary.p99_ms == pytest.approx(3000.0, abs=1.0)  # the last waited for five answers


def test_the_load_generator_collects_in_short_pauses_and_gives_the_tuning_back() -> None:
    tuned = (100_000, 50, 100)
    former = gc.get_threshold()
    gc.set_threshold(*tuned)
    try:
        with short_collector_pauses():
            assert gc.get_threshold() == DEFAULT_COLLECTOR_THRESHOLDS
        assert gc.get_threshold() == tuned
    finally:
        gc.set_threshold(*former)
