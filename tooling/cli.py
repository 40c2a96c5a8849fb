"""``tdkt``: run the system, load demo data, mint tokens, import, export, rebuild, replay, lag."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import SecretStr

from shared.auth import Role, mint_token
from shared.settings import DEFAULT_JWT_SECRET, DEFAULT_SERVICE_URLS

if TYPE_CHECKING:
    from shared.kafka.security import KafkaCredentials

DEFAULT_URLS = DEFAULT_SERVICE_URLS
ROLES: tuple[Role, ...] = ("officer", "analyst", "admin", "integrator")
DLQ_PREFIX = "dlq."
DEFAULT_JWT_ISSUER = "tdkt"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tdkt", description=__doc__)
    parser.add_argument("--jwt-secret", default=DEFAULT_JWT_SECRET, help="HS256 secret")
    parser.add_argument("--jwt-issuer", default=DEFAULT_JWT_ISSUER)
    for name, url in DEFAULT_URLS.items():
        parser.add_argument(f"--{name}", default=url, help=f"{name} URL (default {url})")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="the broker and the services on this machine (scripts/run)")
    run.add_argument("--data-dir", default="var")
    run.add_argument("--kafka-port", type=int)
    run.add_argument("--no-demo", action="store_true")
    run.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="NAME=AGENCY[,AGENCY…]",
        help="also run a province's own instance (as scripts/run --province; repeatable)",
    )

    demo = sub.add_parser("demo", help="load the demo data into running services")
    demo.add_argument("--small", action="store_true")
    demo.add_argument("--seed", type=int, default=2016)
    demo.add_argument("--no-progress", action="store_true")
    demo.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="NAME=AGENCY[,AGENCY…]",
        help="as given to scripts/run: these agencies on the province's own instance (repeatable)",
    )

    token = sub.add_parser("token", help="mint a development token")
    token.add_argument("--agency", required=True)
    token.add_argument("--role", choices=ROLES, action="append", dest="roles", help="repeatable")
    token.add_argument("--subject", default=None)
    token.add_argument("--days", type=float, default=7.0)

    imp = sub.add_parser("import", help="import a CSV/XLSX into a running service")
    imp.add_argument("kind", choices=("registrations", "decisions"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--agency", required=True)
    imp.add_argument("--json", action="store_true", help="print the service's JSON answer")

    export = sub.add_parser("export", help="download a form (0601.N, 0602.N, 0603.N) as a file")
    export.add_argument("form")
    export.add_argument("--year", type=int, required=True)
    export.add_argument("--agency", required=True)
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    export.add_argument("--out", type=Path, default=None)

    sub.add_parser("lag", help="print the tdkt_* lag gauges of every service")

    replay = sub.add_parser("replay-dlq", help="re-publish a dead-letter topic to its sources")
    replay.add_argument("--group", required=True, help="consumer group, e.g. tdkt-reporting")
    replay.add_argument("--bootstrap", default="127.0.0.1:9092")
    replay.add_argument("--prefix", default="tdkt", help="topic prefix")
    replay.add_argument(
        "--data-dir",
        default="var",
        help="without TDKT_KAFKA_USERNAME/_PASSWORD: the local run whose super user to use",
    )

    rebuild_cmd = sub.add_parser(
        "rebuild", help="rebuild the reporting projections from the topics, then switch"
    )
    rebuild_cmd.add_argument(
        "--bootstrap", default=None, help="Kafka (default: TDKT_REPORTING_KAFKA_BOOTSTRAP_SERVERS)"
    )
    rebuild_cmd.add_argument(
        "--database-url", default=None, help="default: TDKT_REPORTING_DATABASE_URL or var/"
    )
    rebuild_cmd.add_argument(
        "--data-dir",
        default="var",
        help="without TDKT_REPORTING_KAFKA_USERNAME: the local run whose reporting user to use",
    )
    for name in ("registry", "awards"):  # here too, not only before the command
        rebuild_cmd.add_argument(
            f"--{name}", default=argparse.SUPPRESS, help=f"{name} URL, whose head is compared"
        )
    rebuild_cmd.add_argument(
        "--instance",
        action="append",
        default=[],
        metavar="NAME=REGISTRY_URL,AWARDS_URL",
        help="a province's instance the reporting service reads (TDKT_REPORTING_INSTANCES) "
        "and the URLs of its own registry and awards, whose heads are compared with its "
        "topics; repeat for each instance. Without it, the instance's topics are rebuilt "
        "unchecked, with a warning",
    )
    rebuild_cmd.add_argument(
        "--skip-head-check",
        action="store_true",
        help="rebuild without comparing the topics with the registry's and awards' stores",
    )
    return parser


def _roles(args: argparse.Namespace) -> list[Role]:
    given: list[Role] = args.roles or ["officer"]
    return sorted(set(given))


def make_token(args: argparse.Namespace) -> str:
    roles = _roles(args)
    return mint_token(
        SecretStr(args.jwt_secret),
        subject=args.subject or f"dev-{'-'.join(roles)}-{args.agency}",
        agency=args.agency,
        roles=roles,
        issuer=args.jwt_issuer,
        ttl=timedelta(days=args.days),
    )


def _bearer(args: argparse.Namespace, agency: str, role: Role = "officer") -> dict[str, str]:
    signed = mint_token(
        SecretStr(args.jwt_secret),
        subject=f"tdkt-cli-{role}",
        agency=agency,
        roles=[role],
        issuer=args.jwt_issuer,
        ttl=timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {signed}"}


def import_file(args: argparse.Namespace) -> int:
    service = "registry" if args.kind == "registrations" else "awards"
    url = f"{getattr(args, service)}/v1/{args.kind}/import"
    content = args.file.read_bytes()
    response = httpx.post(
        url,
        data={"agency": args.agency},
        files={"file": (args.file.name, content)},
        headers=_bearer(args, args.agency),
        timeout=300,
    )
    ok = response.status_code in (200, 201)
    if args.json or "json" not in response.headers.get("content-type", ""):
        print(response.text)
    else:
        print("\n".join(describe_import(args.file.name, response.status_code, response.json())))
    return 0 if ok else 1


def describe_import(file_name: str, status: int, body: dict[str, Any]) -> list[str]:
    """An import's answer for a person: what was recorded, or each error by row and column."""
    if status in (200, 201):
        if "awards_recorded" in body:
            lines = [
                f"{file_name}: {body['decisions_recorded']} decision(s) and "
                f"{body['awards_recorded']} award(s) recorded, "
                f"{body['decisions_already_recorded']} decision(s) already recorded"
            ]
        else:
            lines = [f"{file_name}: {len(body.get('registrations', []))} registration(s) recorded"]
        for row in body.get("rows", []):
            lines += [f"  row {row['row']}: {w['message']}" for w in row.get("warnings", [])]
        return lines
    lines = [
        f"{file_name}: nothing recorded ({status} {body.get('title', '')}): "
        f"{body.get('detail', '')}"
    ]
    for error in body.get("errors", []):
        shown = ("row", "column") if error.get("column") else ("row", "field")
        where = ", ".join(f"{name} {error[name]}" for name in shown if error.get(name))
        lines.append(f"  {where}: {error.get('message') or error.get('msg')}")
    return lines


def export_url(args: argparse.Namespace) -> str:
    return f"{args.reporting}/v1/exports/{args.form}.{args.format}"


def export(args: argparse.Namespace) -> int:
    response = httpx.get(
        export_url(args),
        params={"year": args.year, "agency": args.agency},
        headers=_bearer(args, args.agency),
        timeout=120,
    )
    if response.status_code != 200:
        print(f"{response.status_code}: {response.text}", file=sys.stderr)
        return 1
    out = args.out or Path(f"{args.form}-{args.agency}-{args.year}.{args.format}")
    out.write_bytes(response.content)
    print(f"wrote {out} ({len(response.content)} bytes)")
    return 0


def lag_lines(metrics: str) -> list[str]:
    """The ``tdkt_*`` samples of a Prometheus text page that say how far behind a service is:
    lags, ages, the records it dead-lettered (by the error that sent them), and the agencies
    whose events it holds out of every answer until they are registered."""
    lines = metrics.splitlines()
    return [line for line in lines if _says_how_far_behind(re.split(r"[{\s]", line)[0])]


def _says_how_far_behind(name: str) -> bool:
    if not name.startswith("tdkt_"):
        return False
    return "_lag" in name or name.endswith("_age_seconds") or name in _ALSO_SHOWN


_ALSO_SHOWN = frozenset(
    {"tdkt_consumer_dead_letters_total", "tdkt_reporting_unregistered_agencies"}
)


def lag(args: argparse.Namespace) -> int:
    failed = 0
    for name in DEFAULT_URLS:
        url = getattr(args, name)
        try:
            response = httpx.get(f"{url}/metrics", timeout=5)
        except httpx.TransportError as error:
            print(f"{name}: unreachable ({error})")
            failed = 1
            continue
        print(f"{name} ({url}):")
        for line in lag_lines(response.text) or ["(no lag gauges)"]:
            print(f"  {line}")
    return failed


def replay_headers(
    headers: Iterable[tuple[str, bytes]],
) -> tuple[str | None, list[tuple[str, bytes]]]:
    """The source topic a dead letter came from and the original headers (``dlq.*`` removed)."""
    source: str | None = None
    kept: list[tuple[str, bytes]] = []
    for key, value in headers:
        if key == "dlq.source_topic":
            source = value.decode()
        if not key.startswith(DLQ_PREFIX):
            kept.append((key, value))
    return source, kept


def replay_credentials(data_dir: Path) -> KafkaCredentials | None:
    """Who replays: ``TDKT_KAFKA_USERNAME``/``TDKT_KAFKA_PASSWORD`` (a principal that may read
    the dead-letter topic and write the source topics: in production, the super user), else the
    local run's super user under ``data_dir``, else nobody (an unauthenticated broker)."""
    from shared.kafka.security import KafkaCredentials

    username, password = (
        os.environ.get("TDKT_KAFKA_USERNAME"),
        os.environ.get("TDKT_KAFKA_PASSWORD"),
    )
    if username and password:
        return KafkaCredentials.model_validate(
            {
                "username": username,
                "password": password,
                "security_protocol": os.environ.get(
                    "TDKT_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"
                ),
            }
        )
    from shared.kafka.apache import ApacheKafka

    local = ApacheKafka(data_dir=data_dir / "kafka")
    return local.admin_credentials_on_disk()


async def replay_dlq(
    bootstrap: str, topic: str, credentials: KafkaCredentials | None = None
) -> int:
    """Re-publish each dead letter of ``topic`` to the topic it came from, once.

    The replay keeps its own committed position (consumer group ``<topic>.replay``): a second
    run replays only what was dead-lettered since. A letter that does not name its source
    topic is skipped and reported. Consumers deduplicate by event id, so a letter replayed
    again after a crash between publishing and committing changes nothing twice.
    """
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

    from shared.kafka.metadata import topic_partitions
    from shared.kafka.security import aiokafka_options

    found = (await topic_partitions(bootstrap, [topic], credentials=credentials))[topic]
    if not found:
        print(f"no such topic: {topic}")
        return 0
    partitions = [TopicPartition(topic, p) for p in found]
    options = aiokafka_options(credentials)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=f"{topic}.replay",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **options,
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", **options)
    await consumer.start()
    await producer.start()
    replayed, skipped = 0, []
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            committed = await consumer.committed(tp)
            if committed is None:
                await consumer.seek_to_beginning(tp)
            else:
                consumer.seek(tp, committed)
        remaining = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=2000)
            if not batch:
                break
            for tp, records in batch.items():
                for record in records:
                    source, headers = replay_headers(record.headers or [])
                    if source:
                        await producer.send_and_wait(
                            source, value=record.value, key=record.key, headers=headers
                        )
                        replayed += 1
                    else:
                        skipped.append(f"{tp.topic}[{tp.partition}]@{record.offset}")
                    if record.offset + 1 >= ends[tp]:
                        remaining.discard(tp)
                await consumer.commit({tp: records[-1].offset + 1})
    finally:
        await consumer.stop()
        await producer.stop()
    print(f"replayed {replayed} dead letters from {topic}")
    for place in skipped:
        print(f"skipped {place}: no dlq.source_topic header")
    return 0


def rebuild(args: argparse.Namespace) -> int:
    """Run ``python -m services.reporting.rebuild`` with the reporting settings' variables.

    It first compares the topics with the registry's and awards' stores (``--registry``,
    ``--awards``; a province's instance's with ``--instance NAME=REGISTRY_URL,AWARDS_URL``),
    asking with a token of the reporting settings' JWT secret: ``--jwt-secret`` and
    ``--jwt-issuer`` replace those only when given (an environment secret is kept).
    """
    environ = dict(os.environ)
    if args.bootstrap:
        environ["TDKT_REPORTING_KAFKA_BOOTSTRAP_SERVERS"] = args.bootstrap
    users = Path(args.data_dir) / "kafka-users.json"
    if "TDKT_REPORTING_KAFKA_USERNAME" not in environ and users.exists():
        from tooling.local_system import kafka_environment, kafka_users

        environ.update(
            kafka_environment("reporting", kafka_users(Path(args.data_dir))["reporting"])
        )
    if args.database_url:
        environ["TDKT_REPORTING_DATABASE_URL"] = args.database_url
    if args.jwt_secret != DEFAULT_JWT_SECRET:
        environ["TDKT_REPORTING_JWT_SECRET"] = args.jwt_secret
    if args.jwt_issuer != DEFAULT_JWT_ISSUER:
        environ["TDKT_REPORTING_JWT_ISSUER"] = args.jwt_issuer
    command = [sys.executable, "-m", "services.reporting.rebuild"]
    for name in ("registry", "awards"):
        url = getattr(args, name)
        command += [f"--{name}", url] if url != DEFAULT_URLS[name] else []
    for instance in args.instance:
        command += ["--instance", instance]
    command += ["--skip-head-check"] if args.skip_head_check else []
    return subprocess.call(command, env=environ)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        from tooling import local_system

        run_argv = ["--data-dir", args.data_dir]
        run_argv += ["--kafka-port", str(args.kafka_port)] if args.kafka_port else []
        run_argv += ["--no-demo"] if args.no_demo else []
        run_argv += [f"--province={province}" for province in args.province]
        return local_system.main(run_argv)
    if args.command == "demo":
        from tooling.demo.__main__ import run as run_demo

        return run_demo(args)
    if args.command == "token":
        print(make_token(args))
        return 0
    if args.command == "import":
        return import_file(args)
    if args.command == "export":
        return export(args)
    if args.command == "lag":
        return lag(args)
    if args.command == "replay-dlq":
        topic = f"{args.prefix}.{args.group}.dlq"
        credentials = replay_credentials(Path(args.data_dir))
        return asyncio.run(replay_dlq(args.bootstrap, topic, credentials))
    return rebuild(args)


if __name__ == "__main__":
    raise SystemExit(main())
