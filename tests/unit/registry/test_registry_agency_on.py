"""Whose a unit or member was on a day, given its agency now and its transfers."""

from __future__ import annotations

from datetime import date

import pytest

from services.registry.readmodel.directory_queries import agency_on

MOVES = [(date(2025, 7, 1), "24"), (date(2026, 3, 1), "SCT34-24")]
"""Bắc Giang's until 2025-06-30, then Bắc Ninh of the 34's, then Thái Nguyên's."""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2016, 1, 1), "24"),
        (date(2025, 6, 30), "24"),
        (date(2025, 7, 1), "SCT34-24"),
        (date(2026, 2, 28), "SCT34-24"),
        (date(2026, 3, 1), "SCT34-19"),
    ],
)
def test_the_agency_of_a_day_is_the_one_left_by_the_next_transfer(day: date, expected: str) -> None:
    assert agency_on("SCT34-19", MOVES, day) == expected


def test_without_transfers_it_is_the_agency_now() -> None:
    assert agency_on("01", [], date(2016, 1, 1)) == "01"
    assert agency_on(None, [], date(2016, 1, 1)) is None
