"""The garbage collector tuned for batches, as services and the rebuild start."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from shared.runtime.gc_tuning import YOUNG_GENERATION_THRESHOLD, tune_gc_for_batches


@pytest.fixture
def restored_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_gc")
def test_start_up_objects_are_frozen_and_young_passes_rare() -> None:
    gc.unfreeze()

    tune_gc_for_batches()

    assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
    assert gc.get_freeze_count() > 0
