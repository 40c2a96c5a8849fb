"""Applies the registry's events to the local view (inside the idempotent consumer's
transaction)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from shared.events import AnyEvent


class RegistryFactsHandler:
    """Keeps the registry facts the eligibility engine needs."""

    async def apply(self, connection: AsyncConnection, events: Sequence[AnyEvent]) -> None:
        return None
