"""Refusing a command dated after its agency ceased (corrections of the past stay possible)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ScalarSelect, Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.domain_errors import IllegalTransition
from shared.eventstore.sql import Lookup


class AgencyCeasedError(IllegalTransition):
    """The agency ceased before the day the command is dated (409)."""


def ceased_message(
    name: str, ceased_on: date, successor_code: str | None, successor_name: str | None
) -> str:
    """The officer's reason, in Vietnamese, naming the successor."""
    first_day = ceased_on + timedelta(days=1)
    message = f"{name} đã chấm dứt hoạt động từ ngày {first_day:%d/%m/%Y}"
    if successor_code is None:
        return f"{message}; không ghi nhận việc phát sinh sau ngày {ceased_on:%d/%m/%Y}."
    successor = successor_name or successor_code
    return f"{message}; việc phát sinh từ ngày này do {successor} (mã {successor_code}) ghi nhận."


class LifetimeGuard:
    """Reads ``agency_lifetimes`` in the command's own transaction (one indexed row)."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self._queries: dict[str, ScalarSelect[date | None]] = {}

    def ceased_on(self, agency: str, name: str) -> Lookup:
        """The day ``agency`` ceased (``NULL`` if it did not), as the one-value query ``name``
        a command asks together with its stream (:meth:`check_ceased_on` judges the answer)."""
        parameter = f"{name}_agency"
        query = self._queries.get(name)
        if query is None:
            t = self._table
            agency_is = t.c.agency == bindparam(parameter, type_=t.c.agency.type)
            query = self._queries[name] = select(t.c.ceased_on).where(agency_is).scalar_subquery()
        return Lookup(query, {parameter: agency})

    async def check_ceased_on(
        self, connection: AsyncConnection, agency: str, day: date, ceased_on: date | None
    ) -> None:
        """:meth:`check`, given what :meth:`ceased_on` answered: no further read unless the
        command is refused (its reason names the agency and its successor)."""
        if ceased_on is not None and day > ceased_on:
            await self.check(connection, agency, day)

    async def check(self, connection: AsyncConnection, agency: str, day: date) -> None:
        """Raise :class:`AgencyCeasedError` if ``agency`` ceased before ``day``."""
        t = self._table
        row = (
            await connection.execute(
                select(t.c.name, t.c.ceased_on, t.c.successor_code).where(t.c.agency == agency)
            )
        ).first()
        if row is None or row.ceased_on is None or day <= row.ceased_on:
            return
        successor_name = None
        if row.successor_code is not None:
            successor_name = await connection.scalar(
                select(t.c.name).where(t.c.agency == row.successor_code)
            )
        raise AgencyCeasedError(
            ceased_message(row.name or agency, row.ceased_on, row.successor_code, successor_name),
            current_state="ceased",
            ceased_on=row.ceased_on.isoformat(),
            successor_code=row.successor_code,
        )
