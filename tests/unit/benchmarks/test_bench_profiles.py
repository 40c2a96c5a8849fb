"""Summing up a py-spy recording: self time, and time under the project's nearest function."""

from __future__ import annotations

import pytest

from benchmarks.profiles import (
    NO_PROJECT_FRAME,
    busy,
    nearest_project_frame,
    parse_collapsed,
    self_time,
    summary_lines,
)

RAW = [
    "run (uvicorn/server.py:60);issue (services/awards/api/decisions.py:130);"
    "validate (pydantic/main.py:600) 30",
    "run (uvicorn/server.py:60);issue (services/awards/api/decisions.py:130);"
    "append (shared/eventstore/sql.py:80);execute (asyncpg/connection.py:300) 50",
    "<module> (services/awards/__main__.py:9);_run (shared/runtime/serve.py:38);"
    "run (uvicorn/server.py:60);dumps (json/encoder.py:200) 20",
    "run (threading.py:1000);get (queue.py:171);Condition.wait (threading.py:327) 600",
    "<module> (services/awards/__main__.py:9);Runner.run (asyncio/runners.py:118) 300",
    "not a stack line",
]


def test_raw_lines_become_samples_per_stack() -> None:
    stacks = parse_collapsed(RAW)

    assert sum(stacks.values()) == 1000
    waiting = ("run (threading.py:1000)", "get (queue.py:171)", "Condition.wait (threading.py:327)")
    assert stacks[waiting] == 600


def test_waiting_threads_and_an_idle_event_loop_are_not_busy() -> None:
    assert sum(busy(parse_collapsed(RAW)).values()) == 100


def test_self_time_is_the_innermost_frames_share() -> None:
    assert self_time(busy(parse_collapsed(RAW)), top=2) == [
        ("execute (asyncpg/connection.py:300)", 0.5),
        ("validate (pydantic/main.py:600)", 0.3),
    ]


def test_library_time_is_charged_to_the_nearest_project_function() -> None:
    shares = dict(nearest_project_frame(busy(parse_collapsed(RAW)), top=5))

    assert shares == {
        "append (shared/eventstore/sql.py:80)": pytest.approx(0.5),
        "issue (services/awards/api/decisions.py:130)": pytest.approx(0.3),
        NO_PROJECT_FRAME: pytest.approx(0.2),  # the server's start is never the nearest
    }


def test_the_summary_names_the_recording_and_both_views() -> None:
    lines = summary_lines("POST /v1/decisions — awards", parse_collapsed(RAW), top=1)

    assert lines == [
        "POST /v1/decisions — awards: 100 busy samples of 1,000",
        "  self time:",
        "     50.0%  execute (asyncpg/connection.py:300)",
        "  under the project's nearest function:",
        "     50.0%  append (shared/eventstore/sql.py:80)",
    ]
