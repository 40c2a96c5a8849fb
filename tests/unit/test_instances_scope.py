"""What an instance serves (issue 18): the ledger's latest assignment and the settings' list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shared.domain_errors import IllegalTransition
from shared.instances import (
    NATIONAL,
    AgencyServedElsewhere,
    Assignment,
    FixedOwnership,
    InstanceScope,
    OwnershipLedger,
)

T1 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)


def fixed(*assignments: Assignment) -> FixedOwnership:
    return FixedOwnership(OwnershipLedger.of(assignments))


class LateSource:
    """A source whose ledger learns ``pending`` only when refreshed (the topic is ahead)."""

    def __init__(self, *pending: Assignment) -> None:
        self._ledger = OwnershipLedger()
        self._pending = pending
        self.refreshes = 0

    @property
    def ledger(self) -> OwnershipLedger:
        return self._ledger

    async def refresh(self) -> None:
        self.refreshes += 1
        for assignment in self._pending:
            self._ledger.learn(assignment)


def test_the_national_instance_serves_what_is_not_assigned_elsewhere() -> None:
    scope = InstanceScope(NATIONAL, (), fixed(Assignment("01", 1, T1, "sct-01")))
    assert scope.serves("79")
    assert not scope.serves("01")


def test_a_province_serves_what_is_assigned_to_it_and_named_in_its_settings() -> None:
    source = fixed(Assignment("01", 1, T1, "sct-01"), Assignment("79", 1, T1, "sct-01"))
    scope = InstanceScope("sct-01", ("01",), source)
    assert scope.serves("01")
    assert not scope.serves("79")  # assigned, but its settings do not name it: serves less
    assert not scope.serves("46")  # named nowhere: national's
    assert not InstanceScope("sct-01", ("46",), source).serves("46")  # named, not assigned


def test_a_province_must_name_its_agencies() -> None:
    with pytest.raises(ValueError, match="must name the agencies"):
        InstanceScope("sct-01", (), FixedOwnership())


async def test_the_national_refusal_names_the_province_that_serves_it() -> None:
    scope = InstanceScope(NATIONAL, (), fixed(Assignment("01", 1, T1, "sct-01")))
    with pytest.raises(AgencyServedElsewhere) as refused:
        await scope.require_serves("01")
    error = refused.value
    assert isinstance(error, IllegalTransition)  # a 409
    assert "hệ thống sct-01 quản lý" in error.message
    assert "(national)" in error.message
    assert error.details == {
        "current_state": "served_elsewhere",
        "agency": "01",
        "served_by": "sct-01",
    }


async def test_a_province_s_refusal_names_the_ministry() -> None:
    scope = InstanceScope("sct-01", ("01",), FixedOwnership())
    with pytest.raises(AgencyServedElsewhere) as refused:
        await scope.require_serves("01")  # named in its settings, but never assigned to it
    assert "do hệ thống quốc gia của Bộ quản lý" in refused.value.message
    assert refused.value.details["served_by"] == NATIONAL


async def test_a_misconfigured_province_is_told_to_see_its_it_staff() -> None:
    scope = InstanceScope("sct-01", ("01",), fixed(Assignment("79", 1, T1, "sct-01")))
    with pytest.raises(AgencyServedElsewhere) as refused:
        await scope.require_serves("79")
    assert "được cấu hình phục vụ" in refused.value.message
    assert refused.value.details["served_by"] == "sct-01"


async def test_an_assignment_published_a_moment_ago_is_caught_up_with() -> None:
    source = LateSource(Assignment("01", 1, T1, "sct-01"))
    scope = InstanceScope("sct-01", ("01",), source)
    assert not scope.serves("01")

    await scope.require_serves("01")

    assert source.refreshes == 1
    await scope.require_serves("01")
    assert source.refreshes == 1  # served: no need to ask the topic again


async def test_a_refusal_is_decided_only_after_catching_up() -> None:
    source = LateSource(Assignment("01", 2, T1, NATIONAL))  # 01 came back a moment ago
    source.ledger.learn(Assignment("01", 1, T1, "sct-01"))
    scope = InstanceScope(NATIONAL, (), source)

    await scope.require_serves("01")
    assert source.refreshes == 1

    with pytest.raises(AgencyServedElsewhere):
        await InstanceScope("sct-01", ("01",), source).require_serves("01")
    assert source.refreshes == 2  # the topic had nothing more: refused
