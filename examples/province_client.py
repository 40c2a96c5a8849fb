"""A province's own system talking to tdkt: a command over HTTP, statistics back, events on Kafka.

Copy this file into your own project; it needs only ``httpx``, ``aiokafka`` and ``PyJWT``
(for development tokens), nothing from tdkt. What it shows, in order:

1. Authenticate with a JWT bearer token (``--token`` or ``TDKT_TOKEN``; against a local
   system, ``--jwt-secret`` mints a development token here).
2. Launch a campaign (phát động phong trào thi đua) on the registry with an ``Idempotency-Key``,
   then send the very same request again, as a retry after a timeout would: the registry
   answers with the first outcome, so exactly one campaign exists.
3. Read the campaign back with its ``ETag`` (the version to send as ``If-Match``).
4. Poll the reporting service until its statistics count the new campaign (the projections
   follow the events, so they are eventually consistent).
5. Consume the registry's event topic as our own consumer group: decode each JSON envelope,
   skip other agencies' records by the ``agency`` header, drop duplicates by ``event_id``,
   and commit offsets only after processing. The broker authenticates us with the read-only
   Kafka user we were given (SASL/SCRAM-SHA-512; ``--kafka-username``/``--kafka-password``, or
   ``TDKT_KAFKA_USERNAME``/``TDKT_KAFKA_PASSWORD``): we may read the event topics, as consumer
   groups whose names start with ``<username>-``, and write nothing.

Against ``scripts/run`` (the development secret, the Kafka address it prints, and the
``integrator`` password from ``var/kafka-users.json``)::

    uv run python examples/province_client.py --agency 01 \\
        --jwt-secret tdkt-development-secret-change-me-in-production \\
        --bootstrap 127.0.0.1:<Kafka port printed by scripts/run> \\
        --kafka-username integrator --kafka-password <its password>

See ``docs/integration.md`` for the contract behind each step.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import jwt
from aiokafka import AIOKafkaConsumer, TopicPartition

log = logging.getLogger("province_client")

DEFAULT_REGISTRY = "http://127.0.0.1:8001"
DEFAULT_REPORTING = "http://127.0.0.1:8003"
DEFAULT_BOOTSTRAP = "127.0.0.1:9092"
DEFAULT_TOPIC_PREFIX = "tdkt"
DEFAULT_SASL_MECHANISM = "SCRAM-SHA-512"

#: The event types this client understands, with the ``schema_version`` it was written for.
#: Other types are ignored; a newer version of a known type must be set aside, never misread
#: (``print_event`` only says so; a real handler would store it and alert).
UNDERSTOOD_VERSIONS: dict[str, int] = {
    "CampaignLaunched": 1,
    "CampaignReviewed": 1,
    "CampaignClosed": 1,
}


# --- HTTP -------------------------------------------------------------------------------


class ApiProblem(Exception):
    """An error answer: tdkt sends every error as ``application/problem+json`` (RFC 9457)."""

    def __init__(self, response: httpx.Response) -> None:
        self.status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = {"title": response.text}
        self.problem: dict[str, Any] = body if isinstance(body, dict) else {"title": str(body)}
        #: For 422: which fields were refused, e.g. ``[{"field": "body.title", "msg": ...}]``.
        self.errors: list[dict[str, Any]] = list(self.problem.get("errors", []))
        #: For 409: the resource's current state, e.g. ``{"version": 3, ...}``.
        self.current: dict[str, Any] | None = self.problem.get("current")
        detail = self.problem.get("detail") or self.problem.get("title")
        super().__init__(f"{self.status} {detail}")


def _checked(response: httpx.Response) -> httpx.Response:
    if response.is_error:
        raise ApiProblem(response)
    return response


def mint_dev_token(
    secret: str,
    agency: str,
    *,
    roles: Iterable[str] = ("integrator",),
    subject: str | None = None,
    issuer: str = "tdkt",
    ttl: timedelta = timedelta(hours=1),
) -> str:
    """A development token signed with the deployment's HS256 secret.

    Only for a local system: in production the ministry issues your system its token, and the
    secret never leaves the servers. The claims are those tdkt checks: ``sub``, ``agency``,
    ``roles`` (officer, analyst, admin or integrator), ``iss``, ``iat`` and ``exp``.
    """
    now = datetime.now(UTC)
    claims = {
        "sub": subject or f"province-system-{agency}",
        "agency": agency,
        "roles": sorted(set(roles)),
        "iss": issuer,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def api_client(token: str, timeout_s: float = 10.0) -> httpx.AsyncClient:
    """An HTTP client that sends the bearer token with every request."""
    return httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=timeout_s)


@dataclass(frozen=True)
class LaunchedCampaign:
    """The registry's answer to a launch: the campaign, its version and the events recorded."""

    campaign_id: str
    version: int
    etag: str
    event_ids: tuple[str, ...]

    @property
    def stream_id(self) -> str:
        """The campaign's event stream: the Kafka key of all its events."""
        return f"campaign-{self.campaign_id}"


async def launch_campaign(
    client: httpx.AsyncClient,
    registry_url: str,
    *,
    agency: str,
    title: str,
    start_date: date,
    idempotency_key: str,
    form: str = "thematic",
    scope: str = "sector_local",
    launching_level: str = "ministry_province",
    correlation_id: uuid.UUID | None = None,
) -> LaunchedCampaign:
    """``POST /v1/campaigns``: launch a campaign of ``agency`` (the token's agency).

    Store ``idempotency_key`` with your own record *before* sending, and send the same key
    again on every retry: a repeat returns the first outcome instead of a second campaign.
    """
    headers = {"Idempotency-Key": idempotency_key}
    if correlation_id is not None:
        headers["X-Correlation-ID"] = str(correlation_id)
    body = {
        "agency": agency,
        "title": title,
        "form": form,
        "scope": scope,
        "launching_level": launching_level,
        "start_date": start_date.isoformat(),
    }
    response = _checked(
        await client.post(f"{registry_url}/v1/campaigns", json=body, headers=headers)
    )
    accepted = response.json()
    return LaunchedCampaign(
        campaign_id=str(accepted["campaign_id"]),
        version=int(accepted["version"]),
        etag=response.headers["ETag"],
        event_ids=tuple(str(event_id) for event_id in accepted["event_ids"]),
    )


async def read_campaign(
    client: httpx.AsyncClient, registry_url: str, campaign_id: str
) -> tuple[dict[str, Any], str]:
    """``GET /v1/campaigns/{id}``: the campaign and its ``ETag`` (send it back as ``If-Match``)."""
    response = _checked(await client.get(f"{registry_url}/v1/campaigns/{campaign_id}"))
    campaign: dict[str, Any] = response.json()
    return campaign, response.headers["ETag"]


async def campaigns_counted(
    client: httpx.AsyncClient, reporting_url: str, agency: str, year_from: int, year_to: int
) -> int:
    """Campaigns reporting has counted for ``agency`` that started in ``year_from..year_to``.

    ``GET /v1/agencies/{agency}/stats?from=..&to=..``; 404 means reporting has not received the
    agency's registration yet, which counts as none.
    """
    response = await client.get(
        f"{reporting_url}/v1/agencies/{agency}/stats",
        params={"from": year_from, "to": year_to},
    )
    if response.status_code == 404:
        return 0
    stats = _checked(response).json()
    return int(stats["campaigns"]["total"])


async def wait_until_counted(
    client: httpx.AsyncClient,
    reporting_url: str,
    agency: str,
    year_from: int,
    year_to: int,
    *,
    at_least: int,
    timeout_s: float = 60.0,
    interval_s: float = 0.5,
) -> int:
    """Poll reporting until it counts ``at_least`` campaigns; raise ``TimeoutError`` if not."""
    deadline = time.monotonic() + timeout_s
    while True:
        counted = await campaigns_counted(client, reporting_url, agency, year_from, year_to)
        if counted >= at_least:
            return counted
        if time.monotonic() >= deadline:
            raise TimeoutError(
                f"reporting counts {counted} campaigns of {agency} after {timeout_s:g} s, "
                f"expected at least {at_least}"
            )
        await asyncio.sleep(interval_s)


# --- Kafka ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedEvent:
    """One event from a tdkt topic: the envelope's fields and where the record was."""

    event_id: str
    event_type: str
    schema_version: int
    agency: str
    stream_id: str
    stream_version: int
    occurred_at: str
    correlation_id: str
    payload: dict[str, Any]
    key: str | None
    headers: dict[str, str]
    topic: str
    partition: int
    offset: int


def record_headers(record: Any) -> dict[str, str]:
    """A record's headers as text (tdkt's are UTF-8: event_type, schema_version, agency, ...)."""
    pairs: Iterable[tuple[str, bytes]] = record.headers or ()
    return {name: value.decode("utf-8", errors="replace") for name, value in pairs}


def decode_event(record: Any) -> ReceivedEvent:
    """The envelope of one Kafka record (value: UTF-8 JSON; key: the stream id)."""
    envelope = json.loads(record.value)
    return ReceivedEvent(
        event_id=str(envelope["event_id"]),
        event_type=str(envelope["event_type"]),
        schema_version=int(envelope["schema_version"]),
        agency=str(envelope["agency"]),
        stream_id=str(envelope["stream_id"]),
        stream_version=int(envelope["stream_version"]),
        occurred_at=str(envelope["occurred_at"]),
        correlation_id=str(envelope["correlation_id"]),
        payload=dict(envelope["payload"]),
        key=record.key.decode() if record.key is not None else None,
        headers=record_headers(record),
        topic=str(record.topic),
        partition=int(record.partition),
        offset=int(record.offset),
    )


def print_event(event: ReceivedEvent) -> None:
    """The default handler: one line per event, saying what this client makes of it."""
    known = UNDERSTOOD_VERSIONS.get(event.event_type)
    if known is None:
        verdict = "a type this client does not use: ignored"
    elif event.schema_version > known:
        verdict = f"newer than v{known}: set aside until this client is upgraded"
    else:
        verdict = "understood"
    print(
        f"{event.event_type} v{event.schema_version} agency={event.agency} "
        f"stream_id={event.stream_id} #{event.stream_version} "
        f"[{event.topic}/{event.partition}@{event.offset}] {verdict}",
        flush=True,
    )


def kafka_security(
    username: str | None,
    password: str | None,
    *,
    mechanism: str = DEFAULT_SASL_MECHANISM,
    protocol: str = "SASL_PLAINTEXT",
) -> dict[str, Any]:
    """aiokafka's options to authenticate as ``username`` (none: an anonymous client).

    Over a network others share, the broker offers ``SASL_SSL``: give ``protocol="SASL_SSL"``
    (aiokafka then also needs ``ssl_context=aiokafka.helpers.create_ssl_context()``).
    """
    if not username:
        return {}
    options: dict[str, Any] = {
        "security_protocol": protocol,
        "sasl_mechanism": mechanism,
        "sasl_plain_username": username,
        "sasl_plain_password": password or "",
    }
    if protocol == "SASL_SSL":
        from aiokafka.helpers import create_ssl_context

        options["ssl_context"] = create_ssl_context()
    return options


async def follow_events(
    bootstrap: str,
    topic: str,
    group: str,
    stop_after: int | None = None,
    *,
    agency: str | None = None,
    until: Callable[[ReceivedEvent], bool] | None = None,
    handle: Callable[[ReceivedEvent], None] = print_event,
    timeout_s: float | None = 60.0,
    security: dict[str, Any] | None = None,
) -> list[ReceivedEvent]:
    """Consume ``topic`` as consumer group ``group``; return the events handled.

    A new group starts at the beginning of the topic (retention is unlimited); a known group
    resumes after its last committed offset. Each record is decoded, skipped if it belongs to
    another agency (read from the ``agency`` header, without parsing the body) or was seen
    before (delivery is at least once: deduplicate by ``event_id``), and handed to ``handle``.
    Offsets are committed after processing, so a crash re-delivers, never loses.

    Stops after ``stop_after`` handled events, once ``until(event)`` is true, or after
    ``timeout_s`` seconds (``None``: until cancelled). ``security``: :func:`kafka_security`.
    """
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        client_id=f"{group}-follower",
        enable_auto_commit=False,  # commit ourselves, after processing
        auto_offset_reset="earliest",  # a new group reads the whole history
        **(security or {}),
    )
    # In production, keep the seen event_ids in your database, written in the same
    # transaction as what you do with the event; a set only protects this process.
    seen: set[str] = set()
    handled: list[ReceivedEvent] = []
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    await consumer.start()
    try:
        while deadline is None or time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500, max_records=500)
            processed: dict[TopicPartition, int] = {}
            finished = False
            for record in (record for batch in batches.values() for record in batch):
                event = _process(record, agency, seen, handle)
                # The offset to commit is that of the next record to read.
                processed[TopicPartition(record.topic, record.partition)] = record.offset + 1
                if event is not None:
                    handled.append(event)
                    finished = (stop_after is not None and len(handled) >= stop_after) or (
                        until is not None and until(event)
                    )
                    if finished:
                        break
            if processed:
                await consumer.commit(processed)  # what was processed, nothing beyond
            if finished:
                break
    finally:
        await consumer.stop()
    return handled


def _process(
    record: Any,
    agency: str | None,
    seen: set[str],
    handle: Callable[[ReceivedEvent], None],
) -> ReceivedEvent | None:
    """Decode and handle one record; ``None`` if it was skipped."""
    headers = record_headers(record)
    if agency is not None and headers.get("agency") != agency:
        return None  # another tenant's event: the header says so, no need to parse the body
    if headers.get("event_id") in seen:
        return None  # a redelivery
    try:
        event = decode_event(record)
    except (ValueError, KeyError, TypeError) as error:
        where = f"{record.topic}/{record.partition}@{record.offset}"
        log.warning("undecodable record %s: %s", where, error)
        return None
    if event.event_id in seen:
        return None
    seen.add(event.event_id)
    handle(event)
    return event


# --- The walk-through -------------------------------------------------------------------


def _token(args: argparse.Namespace) -> str:
    if args.token:
        return str(args.token)
    if args.jwt_secret:
        return mint_dev_token(args.jwt_secret, args.agency, issuer=args.jwt_issuer)
    raise SystemExit("give --token (or TDKT_TOKEN), or --jwt-secret for a local system")


async def walk_through(args: argparse.Namespace) -> None:
    """Launch a campaign, see it counted by reporting, then follow the events."""
    start = args.start_date
    year = start.year
    async with api_client(_token(args)) as client:
        before = await campaigns_counted(client, args.reporting, args.agency, year, year)
        print(f"reporting counts {before} campaign(s) of {args.agency} in {year}")

        key = str(uuid.uuid4())  # in a real system: stored with your record before sending
        launched = await launch_campaign(
            client,
            args.registry,
            agency=args.agency,
            title=args.title,
            start_date=start,
            idempotency_key=key,
        )
        retried = await launch_campaign(
            client,
            args.registry,
            agency=args.agency,
            title=args.title,
            start_date=start,
            idempotency_key=key,
        )
        print(f"launched campaign {launched.campaign_id} (ETag {launched.etag})")
        print(f"the retry with the same Idempotency-Key answered {retried.campaign_id}")

        campaign, etag = await read_campaign(client, args.registry, launched.campaign_id)
        print(f"registry: {campaign['title']!r} is {campaign['status']}, ETag {etag}")

        counted = await wait_until_counted(
            client,
            args.reporting,
            args.agency,
            year,
            year,
            at_least=before + 1,
            timeout_s=args.timeout,
        )
        print(f"reporting now counts {counted} campaign(s) of {args.agency} in {year}")

    topic = f"{args.topic_prefix}.registry.events"
    print(f"\nevents of agency {args.agency} on {topic} (group {args.group}):")
    ours = set(launched.event_ids)
    events = await follow_events(
        args.bootstrap,
        topic,
        args.group,
        agency=args.agency,
        until=lambda event: event.event_id in ours,
        timeout_s=args.timeout,
        security=kafka_security(
            args.kafka_username,
            args.kafka_password,
            mechanism=args.kafka_mechanism,
            protocol=args.kafka_security_protocol,
        ),
    )
    if not ours.intersection(event.event_id for event in events):
        raise SystemExit(f"the campaign's event did not arrive within {args.timeout:g} s")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Launch a campaign over HTTP, see it in reporting, follow the events."
    )
    parser.add_argument("--registry", default=DEFAULT_REGISTRY, help="registry base URL")
    parser.add_argument("--reporting", default=DEFAULT_REPORTING, help="reporting base URL")
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP, help="Kafka bootstrap servers")
    parser.add_argument("--topic-prefix", default=DEFAULT_TOPIC_PREFIX)
    parser.add_argument("--agency", default="01", help="your agency code, e.g. 01 for Hà Nội")
    parser.add_argument("--token", default=os.environ.get("TDKT_TOKEN"), help="bearer token")
    parser.add_argument("--jwt-secret", help="local systems only: mint a development token")
    parser.add_argument("--jwt-issuer", default="tdkt")
    parser.add_argument(
        "--kafka-username",
        default=os.environ.get("TDKT_KAFKA_USERNAME"),
        help="your read-only Kafka user (default $TDKT_KAFKA_USERNAME)",
    )
    parser.add_argument(
        "--kafka-password",
        default=os.environ.get("TDKT_KAFKA_PASSWORD"),
        help="its password (default $TDKT_KAFKA_PASSWORD)",
    )
    parser.add_argument("--kafka-mechanism", default=DEFAULT_SASL_MECHANISM)
    parser.add_argument(
        "--kafka-security-protocol",
        default="SASL_PLAINTEXT",
        choices=("SASL_PLAINTEXT", "SASL_SSL"),
        help="SASL_SSL where the broker offers TLS",
    )
    parser.add_argument(
        "--group", help="consumer group (default <kafka username>-<agency>-example)"
    )
    parser.add_argument("--title", default="Phong trào thi đua chuyển đổi số ngành Công Thương")
    parser.add_argument("--start-date", type=date.fromisoformat, default=date.today())
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait per step")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(None if argv is None else list(argv))
    args.group = args.group or f"{args.kafka_username or 'province'}-{args.agency}-example"
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        asyncio.run(walk_through(args))
    except (ApiProblem, TimeoutError, httpx.TransportError) as error:
        print(f"failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
