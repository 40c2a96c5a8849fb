"""Latency arithmetic of the load benchmarks: percentiles, summaries, open-loop send times.

An open loop offers requests at fixed times whatever the server does; each latency runs from
the request's *scheduled* send time, so a stalled server (or a stalled client) is charged for
every request that should have gone out meanwhile (no coordinated omission).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile (0 < ``p`` ≤ 100): the smallest value that at
    least ``p`` % of ``values`` do not exceed."""
    if not values:
        raise ValueError("no values")
    if not 0 < p <= 100:
        raise ValueError(f"percentile {p} is not in (0, 100]")
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]


@dataclass(frozen=True)
class LoadSummary:
    """What a load run did: requests answered and refused, in how long, how fast."""

    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    items_per_request: int = 1
    first_error: str = ""

    @property
    def rate(self) -> float:
        """Answered requests per second of the run."""
        return (self.requests - self.errors) / self.seconds

    @property
    def item_rate(self) -> float:
        """Rows (or items) per second: ``rate`` × rows per request."""
        return self.rate * self.items_per_request


def summarise(
    latencies_s: Sequence[float], errors: int, seconds: float, items_per_request: int = 1
) -> LoadSummary:
    """A summary of a run from each request's latency in seconds (failed ones included)."""
    return LoadSummary(
        requests=len(latencies_s),
        errors=errors,
        seconds=seconds,
        p50_ms=percentile(latencies_s, 50) * 1000,
        p99_ms=percentile(latencies_s, 99) * 1000,
        items_per_request=items_per_request,
    )


def open_loop_schedule(rate: float, count: int, start: float) -> list[float]:
    """When each of ``count`` requests offered at ``rate`` per second is due, from ``start``."""
    if rate <= 0:
        raise ValueError("the offered rate must be positive")
    return [start + index / rate for index in range(count)]
