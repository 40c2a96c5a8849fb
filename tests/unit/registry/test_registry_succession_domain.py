"""Who continues a ceased agency's open work, and from which day (pure domain)."""

from __future__ import annotations

from datetime import date

from services.registry.domain.succession import (
    Succession,
    before_takeover_message,
    continues,
    taken_over_on,
)

BAC_GIANG = Succession("24", "Sở Công Thương Bắc Giang", date(2025, 6, 30), "SCT34-24")
SUCCESSOR = Succession("SCT34-24", "Sở Công Thương Bắc Ninh", None, None)
TOO_EARLY = (
    "Sở Công Thương Bắc Ninh (mã SCT34-24) tiếp nhận công việc của Sở Công Thương Bắc Giang "
    "(mã 24) từ ngày 01/07/2025; việc ngày 20/06/2025 do Sở Công Thương Bắc Giang ghi nhận."
)


def test_the_successor_takes_over_the_day_after_its_predecessor_ceased() -> None:
    assert taken_over_on([BAC_GIANG, SUCCESSOR], "SCT34-24") == date(2025, 7, 1)


def test_a_successor_of_the_successor_takes_over_on_its_own_first_day() -> None:
    successor = Succession("SCT34-24", "Sở Công Thương Bắc Ninh", date(2030, 12, 31), "SCT-X")
    later = Succession("SCT-X", "Sở X", None, None)

    lineage = [BAC_GIANG, successor, later]

    assert taken_over_on(lineage, "SCT-X") == date(2031, 1, 1)
    assert taken_over_on(lineage, "SCT34-24") == date(2025, 7, 1)


def test_the_agency_itself_an_unrelated_one_and_a_predecessor_continue_nothing() -> None:
    lineage = [BAC_GIANG, SUCCESSOR]

    assert taken_over_on(lineage, "24") is None
    assert taken_over_on(lineage, "19") is None
    assert taken_over_on([SUCCESSOR], "24") is None
    assert not continues([SUCCESSOR], "24")
    assert continues(lineage, "SCT34-24")


def test_a_lineage_that_does_not_hold_together_continues_nothing() -> None:
    not_named = Succession("24", BAC_GIANG.name, date(2025, 6, 30), "SCT34-27")
    no_end = Succession("24", BAC_GIANG.name, None, "SCT34-24")

    assert taken_over_on([not_named, SUCCESSOR], "SCT34-24") is None
    assert taken_over_on([no_end, SUCCESSOR], "SCT34-24") is None
    assert taken_over_on([], "SCT34-24") is None


def test_the_refusal_before_the_takeover_names_both_days_in_vietnamese() -> None:
    message = before_takeover_message([BAC_GIANG, SUCCESSOR], "SCT34-24", date(2025, 6, 20))

    assert message == TOO_EARLY
