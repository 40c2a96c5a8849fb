"""Which anchor and target each figure of a run is judged against; the README section."""

from __future__ import annotations

from dataclasses import replace

import pytest

from benchmarks.anchors import Anchors, better_of
from benchmarks.common import Result, Run
from benchmarks.figures import Anchor, Figure
from benchmarks.http import Measured
from benchmarks.latency import summarise
from benchmarks.side_by_side import (
    README_END,
    README_START,
    Collected,
    all_figures,
    http_figures,
    load_detail,
    memory_figures,
    readme_section,
    replace_readme_section,
    result_figures,
)


def anchor(name: str, value: float, unit: str) -> Anchor:
    return Anchor(name, value, unit)


ANCHORS = Anchors(
    tx_1=anchor("tx 1", 1_000.0, "tx/s"),
    tx_8=anchor("tx 8", 2_000.0, "tx/s"),
    tx_p50=anchor("tx p50", 1.0, "ms"),
    tx_p99=anchor("tx p99", 3.0, "ms"),
    executemany=anchor("executemany", 40_000.0, "rows/s"),
    copy=anchor("copy", 100_000.0, "rows/s"),
    python_loop=anchor("loop", 0.22, "s"),
    producer=anchor("producer", 50_000.0, "msg/s"),
    consumer=anchor("consumer", 200_000.0, "msg/s"),
)
RAW = anchor("raw GROUP BY", 400.0, "ms")


def result(name: str, target: str = "") -> Result:
    return Result(name, target, runs=[Run(1_000, 1.0, 0.5)])


def test_store_figures_are_judged_against_the_raw_client_doing_the_same_work() -> None:
    results = [
        result("append: 1 event/tx, 1 writer"),
        result("append: 1 event/tx, 8 writers"),
        result("append: 1,000 events/call"),
        result("relay: store → broker, batch 5,000", "≥ 70 % of the raw producer"),
        result("consumer: first batch → last commit"),
        result("reporting rebuild: offset zero → switched", "≥ 100,000 ev/s"),
    ]

    figures = result_figures(results, ANCHORS)

    assert [f.anchor.name if f.anchor else None for f in figures] == [
        "tx 1",
        "tx 8",
        "executemany",
        "producer",
        "consumer",
        "consumer",
    ]
    assert figures[3].target == "≥ 70 % of the raw producer"
    assert figures[0].target == "—"


def measured(kind: str, cpu: dict[str, float] | None = None) -> Measured:
    summary = summarise([0.004, 0.006, 0.030], errors=0, seconds=0.5, items_per_request=100)
    return Measured(kind, f"load {kind}", "8 clients", summary, cpu or {})


def test_a_command_load_gives_its_rate_against_eight_connections_and_its_cpu_per_request() -> None:
    figures = http_figures(
        [measured("command", {"registry": 0.03, "postgres": 0.006})], ANCHORS, RAW
    )

    rate, p50, p99, cpu = figures
    assert (rate.value, rate.anchor, rate.target) == (6.0, ANCHORS.tx_8, "≥ 1,000/s and ≥ 45 %")
    assert (p50.anchor, p99.anchor) == (ANCHORS.tx_p50, ANCHORS.tx_p99)
    assert cpu.value == 10.0  # 30 ms of CPU over 3 requests
    assert cpu.anchor is not None
    assert cpu.anchor.value == 2.0  # PostgreSQL's, per request


def test_each_kind_of_load_carries_the_issues_target() -> None:
    kinds = ["offered", "decision", "import", "stats", "stats_computed", "freshness", "national"]
    figures = {kind: http_figures([measured(kind)], ANCHORS, RAW) for kind in kinds}

    assert [f.target for f in figures["offered"]] == ["—", "p99 ≤ 50 ms"]
    assert figures["decision"][0].target == "p50 ≤ 25 ms"
    assert figures["import"][0].value == 600.0  # 6 files/s × 100 rows
    assert figures["import"][0].anchor == ANCHORS.executemany
    assert figures["stats"][1].anchor == RAW
    assert [(f.target, f.anchor) for f in figures["stats_computed"]] == [
        ("—", ANCHORS.tx_p50),
        ("—", RAW),
    ]
    assert figures["freshness"][0].target == "p99 ≤ 20 ms"
    assert [f.target for f in figures["national"]] == ["—", "—"]


def test_memory_is_judged_per_service() -> None:
    figures = memory_figures({"registry": 150.0, "postgres": 900.0, "reporting": 210.0})

    assert [(f.name, f.value, f.target) for f in figures] == [
        ("registry peak resident memory", 150.0, "≤ 500 MB"),
        ("reporting peak resident memory", 210.0, "≤ 500 MB"),
    ]


def test_the_load_detail_names_each_process_and_the_first_error() -> None:
    load = measured("command", {"registry": 1.25, "client": 0.5})
    summary = replace(summarise([1.0], 1, 1.0), first_error="RuntimeError: 422")
    failing = Measured("import", "import", "1 client", summary, {})

    lines = load_detail([load, failing])

    assert lines[0].endswith("CPU s: client / registry")
    assert lines[1].endswith("| 0.5 / 1.2")
    assert lines[3] == "    first error: RuntimeError: 422"


def test_the_readme_section_is_replaced_between_its_markers() -> None:
    text = f"# Benchmarks\n\n{README_START}\nold table\n{README_END}\n\n## Method\n"

    updated = replace_readme_section(text, ["new table"])

    assert updated == f"# Benchmarks\n\n{README_START}\nnew table\n{README_END}\n\n## Method\n"


def test_a_readme_without_markers_gets_the_section_at_its_end() -> None:
    updated = replace_readme_section("# Benchmarks\n", ["table"])

    assert updated == f"# Benchmarks\n\n{README_START}\ntable\n{README_END}\n"


def test_a_run_lists_its_figures_in_the_reports_order_with_the_cores_speed_last() -> None:
    found = Collected(
        results=[result("append: 1 event/tx, 1 writer")],
        loads=[measured("freshness")],
        peak_rss_mb={"awards": 130.0},
        anchors=ANCHORS,
    )

    names = [figure.name for figure in all_figures(found)]

    assert names == [
        "append: 1 event/tx, 1 writer",
        "load freshness (8 clients) p99",
        "awards peak resident memory",
        "Python loop, 10M additions (the cores' speed)",
    ]


def test_a_run_without_anchors_cannot_be_judged() -> None:
    with pytest.raises(ValueError, match="anchors"):
        all_figures(Collected())


def test_the_readme_section_gives_the_date_the_cores_the_table_and_the_anchors() -> None:
    figures = [Figure("registry peak resident memory", 120.0, "MB", "≤ 500 MB")]

    section = readme_section(
        "2026-12-03 16:40 UTC", 2, ["load average (1 min): 3.1"], figures, ["tx: 1 tx/s"], []
    )

    assert section[0].startswith("Latest run: 2026-12-03 16:40 UTC, 2 cores")
    assert "- load average (1 min): 3.1" in section
    assert "| registry peak resident memory | 120 MB | — | — | ≤ 500 MB |" in section
    assert section[-1] == "- tx: 1 tx/s"


def test_each_anchor_is_the_better_of_the_runs_start_and_end() -> None:
    slower = replace(
        ANCHORS,
        tx_8=anchor("tx 8", 900.0, "tx/s"),
        tx_p99=anchor("tx p99", 40.0, "ms"),
        producer=None,
    )
    faster = replace(ANCHORS, copy=anchor("copy", 50_000.0, "rows/s"))

    best = better_of(slower, faster)

    assert best.tx_8.value == 2_000.0  # the higher rate
    assert best.tx_p99.value == 3.0  # the shorter time
    assert best.copy.value == 100_000.0
    assert best.producer == ANCHORS.producer  # measured once only
