"""Waking the publishing relay, whichever of a service's processes appended.

A service may run several processes on one database (replicas behind a load balancer): the
relay lease lets one of them publish (``shared.outbox.lease``). An append wakes the relays of
its own process directly. A process whose relays do not hold their lease also tells the
others, with PostgreSQL's ``NOTIFY`` on the database, and every process ``LISTEN``s: without
it, what a standby process appended would wait for the publisher's next poll
(``RelayConfig.idle_poll_s``). A process that holds its leases sends nothing, so a service
run as one process pays nothing for this.

Notifications are coalesced: while one is being sent, further appends ask for one more, sent
``spacing_s`` after it (the publisher gathers appends that long before it reads anyway). A
failed notification or a lost listening connection is logged; the relays then still poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.database.engine import connection_for_reads
from shared.outbox.relay import OutboxRelay

log = logging.getLogger(__name__)

CHANNEL = "tdkt_events_appended"
"""The ``NOTIFY`` channel (channels are per database: each service's store has its own)."""

_NOTIFY = select(func.pg_notify(CHANNEL, ""))


class AppendSignal:
    """Wakes ``relays`` on every append in this process or, through the database, in another."""

    def __init__(
        self,
        engine: AsyncEngine,
        relays: Sequence[OutboxRelay],
        *,
        spacing_s: float = 0.01,
        retry_s: float = 1.0,
    ) -> None:
        self._engine = engine
        self._relays = list(relays)
        self._spacing_s = spacing_s
        self._retry_s = retry_s
        self._sending: asyncio.Task[None] | None = None
        self._again = False
        self._listening: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self.notifications_sent = 0
        self.notifications_received = 0

    def appended(self) -> None:
        """After an append committed: wake this process's relays and, unless they publish,
        the other processes' ones."""
        self._wake_relays()
        if all(relay.holds_lease for relay in self._relays):
            return
        if self._sending is not None and not self._sending.done():
            self._again = True
            return
        self._sending = asyncio.get_running_loop().create_task(self._send(), name="append-notify")

    async def start(self) -> None:
        """Listen for the other processes' appends (in the background, until :meth:`stop`)."""
        self._stop.clear()
        self._listening = asyncio.create_task(self._listen(), name="append-listen")

    async def stop(self) -> None:
        self._stop.set()
        for task in (self._listening, self._sending):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def _wake_relays(self) -> None:
        for relay in self._relays:
            relay.wake()

    async def _send(self) -> None:
        while True:
            self._again = False
            try:
                async with connection_for_reads(self._engine) as connection:
                    await connection.execute(_NOTIFY)
                self.notifications_sent += 1
            except Exception as error:  # the publisher's poll still finds the events
                log.warning("could not notify the other processes of an append: %r", error)
            await asyncio.sleep(self._spacing_s)
            if not self._again:
                return

    async def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                await self._listen_once()
            except Exception as error:
                log.warning("not listening for other processes' appends: %r", error)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self._retry_s)

    async def _listen_once(self) -> None:
        """Hold one connection listening until it is lost or the signal stops."""
        lost = asyncio.Event()

        def on_lost(_connection: object) -> None:
            lost.set()

        async with self._engine.connect() as connection:
            driver: Any = (await connection.get_raw_connection()).driver_connection
            driver.add_termination_listener(on_lost)
            await driver.add_listener(CHANNEL, self._received)
            ended = [asyncio.ensure_future(e.wait()) for e in (lost, self._stop)]
            try:
                await asyncio.wait(ended, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in ended:
                    waiter.cancel()
                driver.remove_termination_listener(on_lost)
                if lost.is_set() or driver.is_closed():
                    await connection.invalidate()  # not back to the pool: it is gone
                else:
                    await driver.remove_listener(CHANNEL, self._received)

    def _received(self, *_notification: object) -> None:
        self.notifications_received += 1
        self._wake_relays()
