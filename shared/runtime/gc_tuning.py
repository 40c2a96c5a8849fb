"""The cyclic garbage collector, tuned for processes that hold batches of parsed events."""

from __future__ import annotations

import gc

YOUNG_GENERATION_THRESHOLD = 100_000


def tune_gc_for_batches() -> None:
    """Freeze what start-up allocated and run the young-generation pass far less often.

    A batch of thousands of pydantic models triggers the default pass (every 700 allocations)
    over and over, each one walking the whole batch: about 3× the parsing cost
    (PLATFORM-NOTES §4). The models hold no reference cycles, so nothing waits longer to be
    freed; only cycles are collected later.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 50, 100)
