"""Before a rebuild: do the topics hold every event the producing services recorded?

The rebuild reads the topics from offset zero. Had the broker lost records (its log, or a
topic deleted and created again), the rebuilt projections would lack them, and switching them
in would lose what the live projections still show. So, before any table is touched, the
rebuild asks each producing service for its store's head (``GET /v1/events/head``) and the
broker for its topic's records, and refuses when a topic holds fewer records than the store
holds events:

- fewer than the relay says it published: the broker lost records. The relay notices this
  itself (at its start, and every minute) and publishes everything again;
- at least those, but fewer than the store holds: the relay has not published the rest yet
  (it is behind, or publishing everything again). The check waits ``settle_s`` for it.

More records than events is normal (batches published again after a crash; consumers
deduplicate). A count cannot see an event missing while another is duplicated; the relay's
own check, which compares with its checkpoint, has the same limit.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import httpx
from pydantic import SecretStr, ValidationError

from shared.auth import mint_token
from shared.outbox import StoreHead

HEAD_PATH = "/v1/events/head"
#: The rebuild reads every agency's events: it asks as an analyst (a read-only role).
REBUILD_SUBJECT = "tdkt-rebuild"
REBUILD_AGENCY = "BCT"

FetchHead = Callable[["Producer"], Awaitable[StoreHead]]
ReadTopics = Callable[[Sequence[str]], Awaitable[Mapping[str, int]]]


@dataclass(frozen=True)
class Producer:
    """A service whose relay publishes the events of its store to ``topic``."""

    name: str
    url: str
    topic: str
    option: str = ""
    """The command-line option that gives ``url`` (default ``--<name> URL``)."""

    @property
    def url_option(self) -> str:
        return self.option or f"--{self.name} URL"


class RebuildRefused(RuntimeError):
    """The rebuild must not start; the message says why and what to do."""


class HeadUnavailable(RuntimeError):
    """A producing service did not tell its head."""


@dataclass(frozen=True)
class Shortfall:
    """A topic holding fewer records than its producer's store holds events."""

    producer: Producer
    head: StoreHead
    held: int

    @property
    def lost(self) -> bool:
        """Fewer records than the relay published: the broker lost some."""
        return self.held < self.head.published_events

    def explain(self) -> str:
        name, topic, head = self.producer.name, self.producer.topic, self.head
        said = (
            f"{topic} holds {self.held} events but the {name} service's store holds {head.events}"
        )
        if self.lost:
            return (
                f"{said}; the broker lost records (restart the {name} so its relay publishes "
                f"them again, then rebuild)"
            )
        behind = head.events - head.published_events
        return (
            f"{said}; its relay has yet to publish {behind} of them (wait until it has: "
            f"`tdkt lag`, then rebuild)"
        )


def compare(
    producers: Sequence[Producer], heads: Mapping[str, StoreHead], held: Mapping[str, int]
) -> list[Shortfall | str]:
    """Why the rebuild must not start (nothing: it may). Pure.

    ``heads`` by producer name, ``held``: the records of each topic.
    """
    problems: list[Shortfall | str] = []
    for producer in producers:
        head = heads[producer.name]
        if head.topic != producer.topic:
            problems.append(
                f"the {producer.name} at {producer.url} publishes to {head.topic}, but the "
                f"rebuild reads {producer.topic} (wrong URL or topic prefix?)"
            )
        elif held.get(producer.topic, 0) < head.events:
            problems.append(Shortfall(producer, head, held.get(producer.topic, 0)))
    return problems


def refusal(problems: Sequence[Shortfall | str]) -> str:
    """The message of a refused rebuild."""
    reasons = [p.explain() if isinstance(p, Shortfall) else p for p in problems]
    return "rebuild refused: " + "; ".join(reasons) + ". Nothing was changed."


async def verify_heads(
    producers: Sequence[Producer],
    fetch_head: FetchHead,
    read_topics: ReadTopics,
    *,
    settle_s: float = 10.0,
    poll_s: float = 0.5,
) -> None:
    """Raise :class:`RebuildRefused` unless every topic holds its store's events.

    Heads are read before the topics, so that a record published in between counts for the
    topic. A relay that is only behind gets ``settle_s`` to catch up; a loss is refused at once.
    """
    deadline = time.monotonic() + settle_s
    while True:
        heads: dict[str, StoreHead] = {}
        for producer in producers:
            try:
                heads[producer.name] = await fetch_head(producer)
            except HeadUnavailable as error:
                raise RebuildRefused(
                    f"rebuild refused: {error}; start it or give its URL "
                    f"({producer.url_option}), or pass --skip-head-check to rebuild without "
                    f"comparing the topics with the stores. Nothing was changed."
                ) from error
        held = await read_topics([producer.topic for producer in producers])
        problems = compare(producers, heads, held)
        if not problems:
            return
        waiting = all(isinstance(p, Shortfall) and not p.lost for p in problems)
        if not waiting or time.monotonic() >= deadline:
            raise RebuildRefused(refusal(problems))
        await asyncio.sleep(poll_s)


def head_fetcher(
    client: httpx.AsyncClient, secret: SecretStr, issuer: str, *, timeout_s: float = 10.0
) -> FetchHead:
    """Fetch a producer's head over HTTP with a short-lived analyst token of ``secret``."""
    token = mint_token(
        secret,
        subject=REBUILD_SUBJECT,
        agency=REBUILD_AGENCY,
        roles=["analyst"],
        issuer=issuer,
        ttl=timedelta(minutes=10),
    )
    headers = {"Authorization": f"Bearer {token}"}

    async def fetch(producer: Producer) -> StoreHead:
        where = f"the {producer.name} at {producer.url}"
        try:
            response = await client.get(
                producer.url.rstrip("/") + HEAD_PATH, headers=headers, timeout=timeout_s
            )
        except httpx.HTTPError as error:
            raise HeadUnavailable(
                f"{where} could not be reached ({type(error).__name__}: {error})"
            ) from error
        if response.status_code in (401, 403):
            raise HeadUnavailable(
                f"{where} refused the rebuild's token ({response.status_code}; is "
                f"TDKT_REPORTING_JWT_SECRET or --jwt-secret the services' secret?)"
            )
        if response.status_code != 200:
            raise HeadUnavailable(
                f"{where} answered {response.status_code} to {HEAD_PATH}: {response.text[:200]}"
            )
        try:
            return StoreHead.model_validate_json(response.content)
        except ValidationError as error:
            raise HeadUnavailable(f"{where} answered {HEAD_PATH} with no head") from error

    return fetch
