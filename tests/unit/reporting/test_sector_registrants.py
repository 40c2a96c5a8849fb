"""The sector's registrant counts: changes of ``registrants_by_year`` summed per registrant, and
a registrant entering or leaving the count only when its sum leaves or comes back to zero."""

from __future__ import annotations

from services.reporting.projections.sector_registrants import by_registrant, count_changes


def test_changes_are_summed_per_registrant_across_agencies_and_titles() -> None:
    changes = {
        ("01", 2024, "unit", "u-1", "TTLDXS"): 1,
        ("01", 2024, "unit", "u-1", "BK_BO"): 1,
        ("SCT34-24", 2024, "unit", "u-1", "TTLDXS"): 1,
        ("24", 2024, "member", "m-1", "CSTDCS"): 1,
        ("24", 2024, "member", "m-1", "LDTT"): -1,
        ("27", 2025, "member", "m-1", "CSTDCS"): -1,
    }

    assert by_registrant(changes) == {
        (2024, "unit", "u-1"): 3,
        (2025, "member", "m-1"): -1,
    }


def test_a_registrant_counts_once_however_many_registrations_it_holds() -> None:
    before = {(2024, "unit", "u-1"): 2, (2024, "unit", "u-2"): 1, (2024, "member", "m-1"): 1}
    changes = {
        (2024, "unit", "u-1"): 1,  # a third registration: already counted
        (2024, "unit", "u-2"): -1,  # its last one returned: leaves
        (2024, "unit", "u-3"): 2,  # first seen: enters once
        (2024, "member", "m-1"): -1,  # leaves
        (2024, "member", "m-2"): 1,  # enters
    }

    moved = count_changes(before, changes)

    assert moved[(2024, "unit")] == 0
    assert moved[(2024, "member")] == 0


def test_entering_and_leaving_are_counted_by_year_and_kind() -> None:
    before = {(2023, "unit", "u-1"): 1}
    changes = {
        (2023, "unit", "u-1"): -1,
        (2024, "unit", "u-1"): 1,
        (2024, "member", "m-1"): 2,
    }

    assert count_changes(before, changes) == {
        (2023, "unit"): -1,
        (2024, "unit"): 1,
        (2024, "member"): 1,
    }
