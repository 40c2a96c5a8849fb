"""A worker process that parses the rebuild's batches while this process reads and writes.

Parsing (validating every event) is most of the read's Python time. The worker takes most of
each batch; this process, which also fetches the records and sends the rows to PostgreSQL,
parses the rest (:data:`SHARE_PARSED_HERE`) while the worker is busy, so that both cores
stay busy and neither waits long for the other.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from services.reporting.rebuild.staging_rows import ParsedBatch, RawRecord, parse_batch
from shared.consumer import Screen
from shared.events import AnyEvent
from shared.runtime.gc_tuning import tune_gc_for_batches

SHARE_PARSED_HERE = 0.25
"""Of each batch, the part parsed in this process (measured: the worker then takes about as
long for the rest as this process for its part and its other work)."""


@contextmanager
def parsing_pool() -> Iterator[Executor | None]:
    """One worker process, forked so that it starts with everything already imported (a
    spawned one would spend seconds importing); None where fork is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=tune_gc_for_batches,
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


async def parse_shared(
    pool: Executor | None, records: Sequence[RawRecord], first_seq: int, screen: Screen[AnyEvent]
) -> ParsedBatch:
    """:func:`parse_batch` of ``records``, most of them in ``pool``'s worker, the rest here
    (``screen`` goes to the worker by pickle)."""
    cut = len(records) - int(len(records) * SHARE_PARSED_HERE) if pool else 0
    there = parse_in(pool, records[:cut], first_seq, screen)
    here = parse_batch(records[cut:], first_seq + cut, screen)
    return _joined(await there, here, cut)


def _joined(first: ParsedBatch, second: ParsedBatch, offset: int) -> ParsedBatch:
    """Two parts of a batch as one; ``second`` starts at position ``offset``."""
    return ParsedBatch(
        copy_data=first.copy_data + second.copy_data,
        others=[*first.others, *(offset + position for position in second.others)],
        agencies=first.agencies | second.agencies,
        unusable=[*first.unusable, *((offset + p, why) for p, why in second.unusable)],
    )


def parse_in(
    pool: Executor | None, records: Sequence[RawRecord], first_seq: int, screen: Screen[AnyEvent]
) -> asyncio.Future[ParsedBatch]:
    """:func:`parse_batch` in ``pool`` (or here, at once, without one)."""
    loop = asyncio.get_running_loop()
    if pool is None:
        done: asyncio.Future[ParsedBatch] = loop.create_future()
        done.set_result(parse_batch(records, first_seq, screen))
        return done
    return loop.run_in_executor(pool, parse_batch, records, first_seq, screen)
