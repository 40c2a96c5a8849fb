"""Refusing a command for an agency this instance does not serve.

An instance serves an agency when the ministry's latest assignment gives it to the instance
and, for a province's instance, its settings name it (``agencies``): a misconfigured instance
serves less, never more. The ledger may lag the ownership topic by a moment, so a refusal is
decided only after the source caught up with it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from shared.domain_errors import IllegalTransition
from shared.instances.ledger import OwnershipLedger
from shared.instances.names import NATIONAL


class OwnershipSource(Protocol):
    """The assignments learnt so far, and a way to catch up with the ones published since."""

    @property
    def ledger(self) -> OwnershipLedger: ...

    async def refresh(self) -> None:
        """Return once every assignment published before the call is in ``ledger``."""
        ...


class FixedOwnership:
    """An :class:`OwnershipSource` that knows what it was given (tests, tools)."""

    def __init__(self, ledger: OwnershipLedger | None = None) -> None:
        self._ledger = ledger or OwnershipLedger()

    @property
    def ledger(self) -> OwnershipLedger:
        return self._ledger

    async def refresh(self) -> None:
        return None


class AgencyServedElsewhere(IllegalTransition):
    """This instance does not serve the command's agency (409, naming the one that does)."""


def served_elsewhere_message(agency: str, instance: str, owner: str) -> str:
    """The officer's reason, in Vietnamese, naming the instance that serves the agency."""
    if owner == instance:
        return (
            f"Cơ quan {agency} không có trong danh sách cơ quan mà hệ thống này ({instance}) "
            "được cấu hình phục vụ; liên hệ bộ phận CNTT của đơn vị."
        )
    where = "hệ thống quốc gia của Bộ" if owner == NATIONAL else f"hệ thống {owner}"
    return (
        f"Dữ liệu của cơ quan {agency} do {where} quản lý; hệ thống này ({instance}) "
        "không ghi nhận việc của cơ quan đó."
    )


class InstanceScope:
    """What one instance serves: its name, the agencies its settings name, the ledger."""

    def __init__(self, instance: str, agencies: Collection[str], source: OwnershipSource) -> None:
        if instance != NATIONAL and not agencies:
            raise ValueError(f"instance {instance!r} must name the agencies it serves")
        self.instance = instance
        self.agencies = frozenset(agencies)
        self.source = source

    def serves(self, agency: str) -> bool:
        """Whether this instance serves ``agency`` by the ledger as learnt so far."""
        if self.agencies and agency not in self.agencies:
            return False
        return self.source.ledger.owner_now(agency) == self.instance

    async def require_serves(self, agency: str) -> None:
        """Raise :class:`AgencyServedElsewhere` unless this instance serves ``agency`` (after
        catching up with the ownership topic, if the ledger says it does not)."""
        if self.serves(agency):
            return
        await self.source.refresh()
        if self.serves(agency):
            return
        owner = self.source.ledger.owner_now(agency)
        raise AgencyServedElsewhere(
            served_elsewhere_message(agency, self.instance, owner),
            current_state="served_elsewhere",
            agency=agency,
            served_by=owner,
        )
