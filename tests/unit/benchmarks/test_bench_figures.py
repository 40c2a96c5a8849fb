"""The side-by-side table: values, anchors, ratios and targets, for the terminal and the README."""

from __future__ import annotations

from benchmarks.figures import (
    Anchor,
    Figure,
    format_value,
    ratio_text,
    render_markdown,
    render_text,
)

TX_8 = Anchor("asyncpg 1-row tx, 8 conns", 2_000.0, "tx/s")
TX_P99 = Anchor("asyncpg 1-row tx p99", 2.0, "ms")
RAW = Anchor("raw GROUP BY, 1,000,000 events", 500.0, "ms")


def test_a_rate_is_a_share_of_its_anchors_rate() -> None:
    assert ratio_text(Figure("POST /v1/campaigns", 940.0, "cmd/s", anchor=TX_8)) == "47 %"


def test_a_rate_ten_times_its_anchor_is_a_multiple() -> None:
    assert ratio_text(Figure("rebuild", 25_000.0, "ev/s", anchor=TX_8)) == "12.5×"


def test_a_slower_time_is_a_multiple_of_its_anchors() -> None:
    assert ratio_text(Figure("p99", 24.0, "ms", anchor=TX_P99)) == "×12.0"


def test_a_faster_time_is_a_fraction_of_its_anchors() -> None:
    assert ratio_text(Figure("stats p99", 0.5, "ms", anchor=RAW)) == "1/1,000"


def test_without_an_anchor_or_a_value_there_is_no_ratio() -> None:
    assert ratio_text(Figure("memory", 120.0, "MB")) == "—"
    assert ratio_text(Figure("p99", 0.0, "ms", anchor=TX_P99)) == "—"
    assert ratio_text(Figure("p99", 3.0, "ms", anchor=Anchor("none", 0.0, "ms"))) == "—"


def test_values_carry_their_units() -> None:
    assert format_value(1234.4, "cmd/s") == "1,234 cmd/s"
    assert format_value(12.34, "ms") == "12.3 ms"
    assert format_value(527.0, "ms") == "527 ms"
    assert format_value(0.224, "s") == "0.22 s"


def test_the_text_table_puts_each_figure_beside_its_anchor_ratio_and_target() -> None:
    figures = [
        Figure("POST /v1/campaigns (8 clients)", 940.0, "cmd/s", "≥ 1,000/s and ≥ 45 %", TX_8),
        Figure("registry peak resident memory", 180.0, "MB", "≤ 500 MB"),
    ]

    lines = render_text(figures)

    assert lines[0].split() == [
        "Figure",
        "value",
        "raw",
        "anchor",
        "(same",
        "run)",
        "ratio",
        "target",
    ]
    assert set(lines[1]) <= {"-", " "}
    assert "940 cmd/s" in lines[2]
    assert "asyncpg 1-row tx, 8 conns: 2,000 tx/s" in lines[2]
    assert lines[2].index("47 %") < lines[2].index("≥ 1,000/s")
    assert lines[3].endswith("≤ 500 MB")
    assert lines[0].index("ratio") + 5 == lines[2].index("47 %") + 4  # right-aligned ratios


def test_the_markdown_table_has_a_row_per_figure_and_escapes_pipes() -> None:
    lines = render_markdown([Figure("a | b", 1.0, "ms", "p99 ≤ 10 ms", RAW)])

    assert lines[0] == "| Figure | value | raw anchor (same run) | ratio | target |"
    assert lines[2] == (
        "| a \\| b | 1.0 ms | raw GROUP BY, 1,000,000 events: 500 ms | 1/500 | p99 ≤ 10 ms |"
    )
