"""The side-by-side table: each figure, its raw anchor from the same run, the ratio, the target.

A rate is shown as a share of its anchor's rate (``47 %``: the service reaches 47 % of what
the raw client does); a time as a multiple of its anchor's time (``×12.0``: twelve times the
raw client's latency; ``1/1,000``: a thousandth of the raw GROUP BY's time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HEADER = ("Figure", "value", "raw anchor (same run)", "ratio", "target")


@dataclass(frozen=True)
class Anchor:
    """A raw client's figure: what the engine underneath does without our code."""

    name: str
    value: float
    unit: str


@dataclass(frozen=True)
class Figure:
    """One measured figure, with the anchor it is judged against and its target."""

    name: str
    value: float
    unit: str
    target: str = "—"
    anchor: Anchor | None = None


def format_value(value: float, unit: str) -> str:
    """``1,234 /s``, ``12.3 ms``, ``250 MB``, ``0.22 s``."""
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:,.2f} s"
    return f"{value:,.0f} {unit}"


def ratio_text(figure: Figure) -> str:
    """The figure as a share (rates) or a multiple (times) of its anchor; ``—`` without one."""
    anchor = figure.anchor
    if anchor is None or anchor.value <= 0 or figure.value <= 0:
        return "—"
    ratio = figure.value / anchor.value
    if anchor.unit.endswith("/s"):
        return f"{ratio * 100:,.0f} %" if ratio < 10 else f"{ratio:,.1f}×"
    return f"×{ratio:,.1f}" if ratio >= 1 else f"1/{1 / ratio:,.0f}"


def anchor_lines(anchors: Sequence[Anchor]) -> list[str]:
    """One line per raw anchor: ``name: value``."""
    return [f"{anchor.name}: {format_value(anchor.value, anchor.unit)}" for anchor in anchors]


def _anchor_text(anchor: Anchor | None) -> str:
    return "—" if anchor is None else anchor_lines([anchor])[0]


def table_rows(figures: Sequence[Figure]) -> list[tuple[str, str, str, str, str]]:
    return [
        (f.name, format_value(f.value, f.unit), _anchor_text(f.anchor), ratio_text(f), f.target)
        for f in figures
    ]


def render_text(figures: Sequence[Figure]) -> list[str]:
    """Aligned columns for the terminal (values and ratios right-aligned)."""
    rows = [HEADER, *table_rows(figures)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = []
    for number, row in enumerate(rows):
        cells = zip(row, widths, strict=True)
        lines.append(
            "  ".join(
                cell.rjust(width) if column in (1, 3) else cell.ljust(width)
                for column, (cell, width) in enumerate(cells)
            ).rstrip()
        )
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


def render_markdown(figures: Sequence[Figure]) -> list[str]:
    """The same table in Markdown, for ``benchmarks/README.md``."""
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---:|---|---:|---|"]
    lines += [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
        for row in table_rows(figures)
    ]
    return lines
