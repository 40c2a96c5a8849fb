"""py-spy profiles of the services during each HTTP load (``--py-spy DIR``), and what they say.

py-spy samples a running process from outside (``record --pid``, non-blocking, idle samples
left out); each recording is kept in ``DIR`` in py-spy's "raw" format (collapsed stacks, one
``frame;frame;… count`` line per stack) and summed up two ways: the frames the samples were
in (self time), and the project's own function nearest to each sample (``services/`` or
``shared/``: the code that called the library it was in), over the samples of working
threads (threads waiting on a queue and the event loop's ``select`` left out).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

_PROJECT_FRAME = re.compile(r"\((?:.*/)?(?:services|shared)/[^)]*\)")
_ENTRY_POINT = re.compile(r"\((?:.*/)?(?:shared/runtime/serve\.py|services/\w+/__main__\.py):")
"""Project frames under which everything runs (the server's start): never the nearest."""
_IDLE = re.compile(
    r"^(Condition\.wait|Condition\._acquire_restore|EpollSelector\.select|Runner\.run) "
)
"""Innermost frames of a waiting thread or event loop, which py-spy still samples (under
uvloop the loop waits in native code below ``Runner.run``, which its own I/O shares)."""
NO_PROJECT_FRAME = "(no project function: server, event loop, libraries)"
_STOP_TIMEOUT_S = 30.0


def find_py_spy() -> str:
    """The py-spy program: on ``PATH`` or beside this Python (``uv run --with py-spy``)."""
    found = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if found is None:
        raise RuntimeError("py-spy not found: run with `uv run --with py-spy python -m benchmarks`")
    return found


def parse_collapsed(lines: Iterable[str]) -> Counter[tuple[str, ...]]:
    """Samples per stack (outermost frame first) of py-spy's raw output."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if stack and count.isdigit():
            stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def busy(stacks: Counter[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """The stacks of working threads: without those waiting (idle workers, the event loop's
    select)."""
    return Counter({stack: n for stack, n in stacks.items() if not _IDLE.match(stack[-1])})


def self_time(stacks: Counter[tuple[str, ...]], top: int) -> list[tuple[str, float]]:
    """The ``top`` innermost frames by share of the samples."""
    return _shares(((stack[-1], n) for stack, n in stacks.items()), stacks, top)


def nearest_project_frame(stacks: Counter[tuple[str, ...]], top: int) -> list[tuple[str, float]]:
    """The ``top`` project functions by share of the samples under them and above any other
    project function (library time charged to the project code that called it)."""
    pairs = ((_nearest(stack), n) for stack, n in stacks.items())
    return _shares(pairs, stacks, top)


def _nearest(stack: tuple[str, ...]) -> str:
    found = (
        frame
        for frame in reversed(stack)
        if _PROJECT_FRAME.search(frame) and not _ENTRY_POINT.search(frame)
    )
    return next(found, NO_PROJECT_FRAME)


def _shares(
    pairs: Iterable[tuple[str, int]], stacks: Counter[tuple[str, ...]], top: int
) -> list[tuple[str, float]]:
    total = sum(stacks.values()) or 1
    counted: Counter[str] = Counter()
    for frame, samples in pairs:
        counted[frame] += samples
    return [(frame, samples / total) for frame, samples in counted.most_common(top)]


def summary_lines(label: str, sampled: Counter[tuple[str, ...]], top: int = 8) -> list[str]:
    """A few lines for the report: both views of one recording's busy samples."""
    stacks, total = busy(sampled), sum(sampled.values())
    lines = [f"{label}: {sum(stacks.values()):,} busy samples of {total:,}"]
    lines += ["  self time:"]
    lines += [f"    {share:6.1%}  {frame}" for frame, share in self_time(stacks, top)]
    lines += ["  under the project's nearest function:"]
    lines += [f"    {share:6.1%}  {frame}" for frame, share in nearest_project_frame(stacks, top)]
    return lines


class Profiler:
    """Records every service during each load; keeps each recording's summary."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.program = find_py_spy()
        self.summaries: list[str] = []
        directory.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def recording(self, label: str, pids: Mapping[str, int]) -> Iterator[None]:
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        outputs = {name: self.directory / f"{slug}--{name}.txt" for name in pids}
        recorders = [self._record(pids[name], outputs[name]) for name in pids]
        try:
            yield
        finally:
            for recorder in recorders:
                recorder.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
            for recorder in recorders:
                recorder.wait(timeout=_STOP_TIMEOUT_S)
        for name, path in outputs.items():
            if path.exists():
                stacks = parse_collapsed(path.read_text(encoding="utf-8").splitlines())
                self.summaries += summary_lines(f"{label} — {name}", stacks)

    def _record(self, pid: int, output: Path) -> subprocess.Popen[bytes]:
        command = [self.program, "record", "--pid", str(pid), "--format", "raw"]
        command += ["--output", str(output), "--rate", "200", "--nonblocking"]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
