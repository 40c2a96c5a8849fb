"""The ownership ledger (issue 18): who owned an agency when, whatever order it learnt it in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.instances import NATIONAL, Assignment, OwnershipLedger

T1 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
T2 = T1 + timedelta(days=30)
T3 = T2 + timedelta(days=30)
SECOND = timedelta(seconds=1)

TO_HANOI = Assignment("01", 1, T1, "sct-01")
BACK = Assignment("01", 2, T2, NATIONAL)
AGAIN = Assignment("01", 3, T3, "sct-01b")


def test_every_agency_is_national_until_assigned() -> None:
    ledger = OwnershipLedger()
    assert ledger.owner_at("79", T1) == NATIONAL
    assert ledger.owner_now("79") == NATIONAL
    assert ledger.last_sequence("79") == 0
    assert ledger.assigned_to(NATIONAL) == []
    assert ledger.history() == {}


def test_owner_at_follows_the_assignments_learnt_out_of_order() -> None:
    ledger = OwnershipLedger()
    for assignment in (AGAIN, TO_HANOI, BACK):
        assert ledger.learn(assignment) is True

    assert ledger.owner_at("01", T1 - SECOND) == NATIONAL
    assert ledger.owner_at("01", T1) == "sct-01"  # effective from the moment it was recorded
    assert ledger.owner_at("01", T2 - SECOND) == "sct-01"
    assert ledger.owner_at("01", T2) == NATIONAL
    assert ledger.owner_at("01", T3 - SECOND) == NATIONAL
    assert ledger.owner_at("01", T3 + timedelta(days=900)) == "sct-01b"
    assert ledger.owner_now("01") == "sct-01b"
    assert ledger.last_sequence("01") == 3
    assert ledger.history() == {"01": [TO_HANOI, BACK, AGAIN]}
    assert ledger == OwnershipLedger.of([TO_HANOI, BACK, AGAIN])  # the order learnt is no matter


def test_the_latest_assignment_is_the_current_one_before_it_is_effective() -> None:
    """An assignment learnt early (recorded ahead of this clock) still gives owner_now."""
    ledger = OwnershipLedger.of([TO_HANOI, BACK])
    assert ledger.owner_now("01") == NATIONAL
    assert ledger.owner_at("01", T1 + SECOND) == "sct-01"


def test_a_sequence_learnt_twice_is_ignored() -> None:
    ledger = OwnershipLedger.of([TO_HANOI])
    forged = Assignment("01", 1, T2, "sct-79")

    assert ledger.learn(TO_HANOI) is False
    assert ledger.learn(forged) is False

    assert ledger.history() == {"01": [TO_HANOI]}
    assert ledger.owner_at("01", T3) == "sct-01"


def test_assigned_to_lists_the_agencies_an_instance_serves_now() -> None:
    ledger = OwnershipLedger.of(
        [TO_HANOI, Assignment("79", 1, T1, "sct-01"), Assignment("46", 1, T1, "sct-46")]
    )
    assert ledger.assigned_to("sct-01") == ["01", "79"]
    assert ledger.assigned_to("sct-46") == ["46"]
    ledger.learn(BACK)
    assert ledger.assigned_to("sct-01") == ["79"]
    assert ledger.assigned_to(NATIONAL) == ["01"]


def test_history_is_a_copy() -> None:
    ledger = OwnershipLedger.of([TO_HANOI])
    ledger.history()["01"].append(BACK)
    assert ledger.owner_now("01") == "sct-01"
