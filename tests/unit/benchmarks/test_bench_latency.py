"""The load benchmark's arithmetic: percentiles, summaries and open-loop send times."""

from __future__ import annotations

import pytest

from benchmarks.latency import open_loop_schedule, percentile, summarise


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(n) for n in range(100, 0, -1)]  # 100 … 1, unsorted on purpose

    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0


def test_the_99th_percentile_of_few_values_is_the_largest() -> None:
    assert percentile([0.010, 0.500, 0.012], 99) == 0.500
    assert percentile([0.010, 0.500, 0.012], 50) == 0.012


@pytest.mark.parametrize("p", [0, 101])
def test_a_percentile_outside_0_to_100_is_refused(p: float) -> None:
    with pytest.raises(ValueError, match="percentile"):
        percentile([1.0], p)


def test_no_values_have_no_percentile() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)


def test_a_summary_counts_answered_requests_and_their_rows() -> None:
    summary = summarise([0.010] * 8 + [0.020, 0.100], errors=2, seconds=2.0, items_per_request=50)

    assert (summary.requests, summary.errors) == (10, 2)
    assert summary.rate == 4.0  # 8 answered in 2 s
    assert summary.item_rate == 200.0
    assert summary.p50_ms == pytest.approx(10.0)
    assert summary.p99_ms == pytest.approx(100.0)


def test_an_open_loop_schedule_spaces_requests_evenly_from_its_start() -> None:
    assert open_loop_schedule(4.0, 3, start=10.0) == [10.0, 10.25, 10.5]


def test_an_open_loop_needs_a_positive_rate() -> None:
    with pytest.raises(ValueError, match="positive"):
        open_loop_schedule(0.0, 3, start=0.0)
