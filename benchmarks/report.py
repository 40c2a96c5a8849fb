"""The printed report: one row per figure (median of the runs, min–max), then remarks."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from benchmarks.common import Result

_HEADER = ("Figure", "events/run", "median ev/s", "min–max ev/s", "client CPU", "target")


_STARTED = time.monotonic()


def progress(message: str) -> None:
    """A progress line on stderr (seconds since the start), so that stdout holds only the
    report."""
    print(f"... {time.monotonic() - _STARTED:6.1f} s  {message}", file=sys.stderr, flush=True)


def print_report(title: Sequence[str], results: Sequence[Result]) -> None:
    rows = [_HEADER, *(_row(result) for result in results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADER))]
    print()
    for line in title:
        print(line)
    print()
    for number, row in enumerate(rows):
        print(_line(row, widths))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    _print_notes(results)


def _row(result: Result) -> tuple[str, str, str, str, str, str]:
    rates = result.rates
    return (
        result.name,
        f"{result.runs[0].events:,}",
        f"{result.median:,.0f}",
        f"{min(rates):,.0f}–{max(rates):,.0f}",
        f"{result.median_cpu_percent:.0f} %",
        result.target,
    )


def _line(row: Sequence[str], widths: Sequence[int]) -> str:
    cells = zip(row, widths, strict=True)
    return "  ".join(_align(cell, width, column) for column, (cell, width) in enumerate(cells))


def _align(cell: str, width: int, column: int) -> str:
    return cell.ljust(width) if column in (0, len(_HEADER) - 1) else cell.rjust(width)


def _print_notes(results: Sequence[Result]) -> None:
    print()
    for result in results:
        runs = ", ".join(f"{rate:,.0f}" for rate in result.rates)
        print(f"* {result.name}: runs {runs} ev/s")
        for note in result.notes:
            print(f"    {note}")
