"""Every figure of a run beside its raw anchor and its target (issue 13's table), and the
README section that keeps the latest full table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.anchors import Anchors
from benchmarks.common import Result
from benchmarks.figures import Anchor, Figure, render_markdown
from benchmarks.http import Measured
from benchmarks.reporting import QueryFigure

README_START = "<!-- latest-run:start -->"
README_END = "<!-- latest-run:end -->"
MEMORY_TARGET = "≤ 500 MB"
SERVICES = ("registry", "awards", "reporting")

_RESULT_ANCHORS = (
    ("append: 1 event/tx, 1 writer", "tx_1"),
    ("append: 1 event/tx, 8 writers", "tx_8"),
    ("append: ", "executemany"),
    ("relay", "producer"),
    ("consumer", "consumer"),
    ("reporting", "consumer"),
)
"""Which anchor judges a store figure, by the start of its name (the first match)."""


@dataclass
class Collected:
    """What a run measured, stage by stage."""

    results: list[Result] = field(default_factory=list)
    queries: list[QueryFigure] = field(default_factory=list)
    loads: list[Measured] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    raw_group_by: Anchor | None = None
    anchors: Anchors | None = None


def all_figures(found: Collected) -> list[Figure]:
    """Every figure of a run, in the report's order, the cores' speed last."""
    anchors = found.anchors
    if anchors is None:
        raise ValueError("a run without anchors has nothing to be judged against")
    loop = anchors.python_loop
    return [
        *result_figures(found.results, anchors),
        *query_figures(found.queries, found.raw_group_by),
        *http_figures(found.loads, anchors, found.raw_group_by),
        *memory_figures(found.peak_rss_mb),
        Figure("Python loop, 10M additions (the cores' speed)", loop.value, "s", "≈ 0.22 s"),
    ]


def result_figures(results: Sequence[Result], anchors: Anchors) -> list[Figure]:
    """The store, relay, consumer and reporting figures (medians, events per second)."""
    return [
        Figure(r.name, r.median, "ev/s", r.target or "—", _anchor_of(r.name, anchors))
        for r in results
    ]


def _anchor_of(name: str, anchors: Anchors) -> Anchor | None:
    for start, attribute in _RESULT_ANCHORS:
        if name.startswith(start):
            found: Anchor | None = getattr(anchors, attribute)
            return found
    return None


def query_figures(queries: Sequence[QueryFigure], raw: Anchor | None) -> list[Figure]:
    """The SQL of the agency-period query, judged against the raw GROUP BY."""
    return [Figure(f"{q.name} (SQL, no HTTP), p99", q.p99_ms, "ms", "—", raw) for q in queries[:1]]


def http_figures(
    measured: Sequence[Measured], anchors: Anchors, raw_group_by: Anchor | None
) -> list[Figure]:
    """Each HTTP load's figures with the anchors and targets of issue 13."""
    figures: list[Figure] = []
    for load in measured:
        figures += _load_figures(load, anchors, raw_group_by)
    return figures


def _load_figures(load: Measured, anchors: Anchors, raw: Anchor | None) -> list[Figure]:
    s, name = load.summary, f"{load.name} ({load.clients})"
    p50 = Figure(f"{name} p50", s.p50_ms, "ms", "—", anchors.tx_p50)
    p99 = Figure(f"{name} p99", s.p99_ms, "ms", "—", anchors.tx_p99)
    if load.kind == "command":
        rate = Figure(name, s.rate, "cmd/s", "≥ 1,000/s and ≥ 45 %", anchors.tx_8)
        return [rate, p50, p99, _cpu_per_request(load, "registry")]
    if load.kind == "offered":
        return [p50, _target(p99, "p99 ≤ 50 ms")]
    if load.kind == "decision":
        return [_target(p50, "p50 ≤ 25 ms"), p99, _cpu_per_request(load, "awards")]
    if load.kind == "import":
        return [Figure(name, s.item_rate, "rows/s", "≥ 5,000 rows/s", anchors.executemany)]
    if load.kind == "stats":
        judged = Figure(f"{name} p99", s.p99_ms, "ms", "p99 ≤ 10 ms, ≤ 1/1,000", raw)
        return [_target(p50, "—"), judged]
    if load.kind == "stats_computed":
        return [_target(p50, "—"), Figure(f"{name} p99", s.p99_ms, "ms", "—", raw)]
    if load.kind == "freshness":
        return [_target(p99, "p99 ≤ 20 ms")]
    return [p50, p99]


def _target(figure: Figure, target: str) -> Figure:
    return Figure(figure.name, figure.value, figure.unit, target, figure.anchor)


def _cpu_per_request(load: Measured, service: str) -> Figure:
    """The service's CPU per request, beside PostgreSQL's for the same requests."""
    answered = max(load.summary.requests - load.summary.errors, 1)
    postgres = load.cpu_s.get("postgres")
    anchor = (
        None if postgres is None else Anchor("PostgreSQL CPU", 1000 * postgres / answered, "ms")
    )
    value = 1000 * load.cpu_s.get(service, 0.0) / answered
    return Figure(f"{service} CPU per request ({load.name})", value, "ms", "—", anchor)


def memory_figures(peak_rss_mb: dict[str, float]) -> list[Figure]:
    """Each service's resident memory at its peak over the whole HTTP load."""
    return [
        Figure(f"{name} peak resident memory", peak_rss_mb[name], "MB", MEMORY_TARGET)
        for name in SERVICES
        if name in peak_rss_mb
    ]


def load_detail(measured: Sequence[Measured]) -> list[str]:
    """One line per HTTP load: requests, errors, rates, latencies, each process's CPU."""
    header = "load | requests | errors | /s | rows/s | p50 ms | p99 ms | CPU s: "
    processes = sorted({name for load in measured for name in load.cpu_s})
    lines = [header + " / ".join(processes)]
    for load in measured:
        s = load.summary
        cpu = " / ".join(f"{load.cpu_s.get(name, 0.0):.1f}" for name in processes)
        lines.append(
            f"{load.name} ({load.clients}) | {s.requests:,} | {s.errors:,} | {s.rate:,.1f} | "
            f"{s.item_rate:,.0f} | {s.p50_ms:,.1f} | {s.p99_ms:,.1f} | {cpu}"
        )
        if s.first_error:
            lines.append(f"    first error: {s.first_error}")
    return lines


def readme_section(
    when: str,
    cores: int,
    title: Sequence[str],
    figures: Sequence[Figure],
    anchors: Sequence[str],
    detail: Sequence[str],
) -> list[str]:
    """The README's latest-run section: when, on how many cores, the table, the anchors."""
    section = [
        f"Latest run: {when}, {cores} cores (`uv run python -m benchmarks --write-readme`).",
        "",
        *(f"- {line}" for line in title),
        "",
        *render_markdown(figures),
        "",
        "Raw anchors of the same run:",
        "",
        *(f"- {line}" for line in anchors),
    ]
    if detail:
        section += ["", "HTTP loads in detail:", "", "```", *detail, "```"]
    return section


def replace_readme_section(text: str, section: Sequence[str]) -> str:
    """``text`` with the lines between the README markers replaced by ``section`` (the
    markers appended at the end when missing)."""
    block = "\n".join([README_START, *section, README_END])
    if README_START not in text or README_END not in text:
        return text.rstrip("\n") + "\n\n" + block + "\n"
    head, rest = text.split(README_START, 1)
    return head + block + rest.split(README_END, 1)[1]
