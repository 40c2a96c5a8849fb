"""``scripts/run``: Apache Kafka and every service as its own process, until Ctrl-C.

Everything keeps its data under ``--data-dir`` (default ``var/``): the broker's log in
``kafka/`` (a restart finds every topic and record), each service's embedded PostgreSQL in
``postgres/<service>/`` unless ``TDKT_<SERVICE>_DATABASE_URL`` is set, the logs in ``logs/``.

The broker authenticates every client and authorises it by ACL, as in production: each
service connects as its own Kafka user (``registry``, ``awards``, ``reporting``), and an
``integrator`` user may read the event topics (for ``examples/province_client.py``). Their
passwords are made up on the first run and kept in ``kafka-users.json`` (mode 0600); the super
user's is in ``kafka/credentials.json``. ``tdkt rebuild`` and ``tdkt replay-dlq`` find them there.

``--province sct-01=01`` (repeatable) also runs a province's own instance beside the national
services (docs/province-instance.md): its registry and awards service (ports 8011 and 8012, the
next one 8021 and 8022…) on their own embedded PostgreSQL under ``instances/<name>/``, as the
instance's Kafka users ``<name>-registry`` and ``<name>-awards``, once the ministry's
assignment of its agencies has been recorded through the national registry's API; the
reporting service reads the instance's topics too. The demo data then records those
agencies' history on their own instance (on the national one it could not be assigned any more).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
from pydantic import SecretStr

from services.awards.settings import AwardsSettings
from services.registry.settings import RegistrySettings
from services.reporting.settings import ReportingSettings
from shared.auth import Role, mint_token
from shared.instances import NATIONAL, check_instance_name
from shared.kafka.access import DEFAULT_INTEGRATOR, AccessPlan, provision
from shared.kafka.apache import ApacheKafka, BrokerStartError
from shared.kafka.security import KafkaCredentials
from shared.kafka.topics import TopicNames
from shared.settings import DEFAULT_JWT_SECRET
from tooling.demo.instances import InstanceUrls
from tooling.ownership import Assignment, AssignmentRefused, assign_all

SERVICES = {"registry": 8001, "awards": 8002, "reporting": 8003}
KAFKA_USERS_FILE = "kafka-users.json"
"""Under the data dir: the Kafka users of the services and of the integrator, with passwords."""


PROVINCE_PORTS = 8011
"""The first province's registry port (its awards the next one); each next province +10."""


@dataclass
class Child:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class Province:
    """A province's own instance: its name, the agencies it serves, its services' ports."""

    instance: str
    agencies: tuple[str, ...]
    registry_port: int
    awards_port: int

    @property
    def ports(self) -> dict[str, int]:
        return {"registry": self.registry_port, "awards": self.awards_port}

    @property
    def argument(self) -> str:
        """As ``--province`` gives it: ``sct-01=01``."""
        return f"{self.instance}={','.join(self.agencies)}"

    def urls(self) -> InstanceUrls:
        """Where its services answer on this machine."""
        registry, awards = (f"http://127.0.0.1:{port}" for port in self.ports.values())
        return InstanceUrls(self.instance, self.agencies, registry, awards)


def parse_provinces(given: list[str]) -> list[Province]:
    """``["sct-01=01", "sct-79=79,SCT34-79"]`` → provinces with ports 8011/8012, 8021/8022…"""
    provinces: list[Province] = []
    for index, text in enumerate(given):
        name, _, listed = text.partition("=")
        agencies = tuple(code.strip() for code in listed.split(",") if code.strip())
        if not agencies:
            raise ValueError(f"--province {text!r}: give NAME=AGENCY[,AGENCY…], e.g. sct-01=01")
        instance = check_instance_name(name.strip())
        if instance == NATIONAL:
            raise ValueError("--province names a province's instance, not the national one")
        port = PROVINCE_PORTS + 10 * index
        provinces.append(Province(instance, agencies, port, port + 1))
    served = [code for province in provinces for code in province.agencies]
    if len(served) != len(set(served)):
        raise ValueError("an agency can be served by one province's instance only")
    return provinces


def kafka_users(data_dir: Path, more: list[str] | None = None) -> dict[str, KafkaCredentials]:
    """The local run's Kafka users (services, integrator and ``more``), made up on first use."""
    path = data_dir / KAFKA_USERS_FILE
    names = [*SERVICES, DEFAULT_INTEGRATOR, *(more or [])]
    passwords: dict[str, str] = {}
    if path.exists():
        passwords = json.loads(path.read_text(encoding="utf-8"))
    if any(name not in passwords for name in names):
        passwords = {name: passwords.get(name) or secrets.token_urlsafe(18) for name in names}
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(passwords, file, indent=2)
    return {
        name: KafkaCredentials(username=name, password=SecretStr(password))
        for name, password in passwords.items()
    }


def kafka_environment(service: str, credentials: KafkaCredentials) -> dict[str, str]:
    """The ``TDKT_<SERVICE>_KAFKA_*`` variables that make ``service`` connect as ``credentials``."""
    prefix = f"TDKT_{service.upper()}_"
    return {
        prefix + "KAFKA_USERNAME": credentials.username,
        prefix + "KAFKA_PASSWORD": credentials.password.get_secret_value(),
        prefix + "KAFKA_SASL_MECHANISM": credentials.mechanism,
        prefix + "KAFKA_SECURITY_PROTOCOL": credentials.security_protocol,
    }


def local_access_plan(instances: tuple[str, ...] = ()) -> AccessPlan:
    """The production plan, with the prefix and groups the services' settings will use."""
    awards, reporting = AwardsSettings(), ReportingSettings()
    return AccessPlan(
        topics=TopicNames(prefix=reporting.topic_prefix),
        awards_group=awards.consumer_group,
        reporting_group=reporting.consumer_group,
        instances=instances,
    )


def _spawn(
    name: str,
    port: int,
    bootstrap: str,
    data_dir: Path,
    credentials: KafkaCredentials,
    *,
    label: str | None = None,
    settings: dict[str, str] | None = None,
) -> Child:
    """``python -m services.<name>``; ``settings``: more ``TDKT_<NAME>_*`` (without prefix);
    ``label``: the child's name and log file (default ``name``)."""
    prefix = f"TDKT_{name.upper()}_"
    env = {
        **os.environ,
        prefix + "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        **kafka_environment(name, credentials),
        prefix + "HTTP_PORT": str(port),
        prefix + "DATA_DIR": str(data_dir),
        **{prefix + key.upper(): value for key, value in (settings or {}).items()},
    }
    label = label or name
    log = (data_dir / "logs" / f"{label}.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", f"services.{name}"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    return Child(label, port, process)


def _spawn_national(
    bootstrap: str, data_dir: Path, users: dict[str, KafkaCredentials], provinces: list[Province]
) -> list[Child]:
    instances = ",".join(province.instance for province in provinces)
    reporting = {"instances": instances} if instances else {}
    return [
        _spawn(
            name,
            port,
            bootstrap,
            data_dir,
            users[name],
            settings=reporting if name == "reporting" else None,
        )
        for name, port in SERVICES.items()
    ]


def _spawn_province(
    province: Province,
    bootstrap: str,
    data_dir: Path,
    users: dict[str, KafkaCredentials],
    plan: AccessPlan,
) -> list[Child]:
    """The province's registry and awards, on embedded PostgreSQL under instances/<name>/."""
    own = plan.instance_users(province.instance)
    settings = {
        "instance": province.instance,
        "agencies": ",".join(province.agencies),
        "data_dir": str(data_dir / "instances" / province.instance),
    }
    return [
        _spawn(
            name,
            port,
            bootstrap,
            data_dir,
            users[getattr(own, name)],
            label=f"{province.instance}-{name}",
            settings=settings,
        )
        for name, port in province.ports.items()
    ]


async def _assign(registry: Child, provinces: list[Province]) -> None:
    """The ministry's assignments of the provinces' agencies, through the national registry."""
    await _wait_ready(registry)
    wanted = [
        Assignment(code, province.instance, "Cho phép chạy thử hệ thống riêng (scripts/run)")
        for province in provinces
        for code in province.agencies
    ]
    secret = RegistrySettings().jwt_secret
    deadline = time.monotonic() + 60
    while True:
        try:
            recorded = await assign_all(registry.url, wanted, secret)
            break
        except AssignmentRefused as refused:  # 503: still reading the ownership topic
            if refused.status < 500 or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)
    for item, new in zip(wanted, recorded, strict=True):
        state = "assigned" if new else "already assigned"
        print(f"agency {item.agency} → instance {item.instance}: {state}", flush=True)


async def _wait_healthy(
    child: Child, timeout_s: float = 60.0, path: str = "/healthz", expected: int = 204
) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(timeout=1.0) as client:
        while time.monotonic() < deadline:
            if child.process.poll() is not None:
                raise RuntimeError(f"{child.name} exited; see its log under logs/{child.name}.log")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(f"{child.url}{path}")).status_code == expected:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{child.name} did not become healthy within {timeout_s:.0f}s")


async def _wait_ready(child: Child, timeout_s: float = 60.0) -> None:
    """Until ``/readyz`` answers 200 (its database, broker and ownership topic read)."""
    await _wait_healthy(child, timeout_s, "/readyz", 200)


def _stop(children: list[Child], timeout_s: float = 20.0) -> None:
    for child in children:
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def _print_summary(
    bootstrap: str, children: list[Child], data_dir: Path, provinces: list[Province]
) -> None:
    def dev_token(agency: str, role: Role) -> str:
        return mint_token(
            SecretStr(DEFAULT_JWT_SECRET),
            subject=f"dev-{role}",
            agency=agency,
            roles=[role],
            issuer="tdkt",
            ttl=timedelta(days=7),
        )

    print(f"\nApache Kafka: {bootstrap}    data and logs: {data_dir}/")
    if not bootstrap.endswith(f":{DEFAULT_KAFKA_PORT}"):
        print(f"  (give tdkt rebuild / replay-dlq --bootstrap {bootstrap})")
    print(
        f"  SASL/SCRAM-SHA-512: users and passwords in {data_dir / KAFKA_USERS_FILE} "
        f"(read-only: {DEFAULT_INTEGRATOR}, consumer groups {DEFAULT_INTEGRATOR}-*)"
    )
    for child in children:
        print(f"{child.name:<10} {child.url}    API docs: {child.url}/docs")
    print("\nDevelopment tokens (7 days):")
    print(f"  officer of Hà Nội (01): {dev_token('01', 'officer')}")
    print(f"  ministry analyst      : {dev_token('BCT', 'analyst')}")
    for province in provinces:
        served = ", ".join(province.agencies)
        print(f"\nInstance {province.instance} serves {served} (reporting reads its topics):")
        print(f"  registry http://127.0.0.1:{province.registry_port}")
        print(f"  awards   http://127.0.0.1:{province.awards_port}")
        print(f"  officer of {province.agencies[0]}: {dev_token(province.agencies[0], 'officer')}")
    reporting = next((c.url for c in children if c.name == "reporting"), None)
    if reporting is not None:
        print(f"\nReporting API docs: {reporting}/docs")
        print(f"Hà Nội 2016–2020:   {reporting}/v1/agencies/01/stats?from=2016&to=2020")
        print(f"Dashboard:          {reporting}/dashboard  (paste the analyst token above)")
    print("\nCtrl-C stops everything.", flush=True)


async def _until_signal_or_exit(children: list[Child]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    while not stop.is_set():
        if any(child.process.poll() is not None for child in children):
            print("a service exited; stopping the others", file=sys.stderr)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def _load_demo(children: list[Child], provinces: list[Province]) -> None:
    """The demo data: the provinces' agencies on their own instances, the rest nationally."""
    from tooling.demo.instances import load_across_instances

    urls = {child.name: child.url for child in children}
    print("\nLoading demo data through the public APIs (2–5 minutes)…", flush=True)
    started = time.monotonic()
    retry = " ".join(["tdkt demo", *(f"--province {p.argument}" for p in provinces)])
    try:
        sent = await load_across_instances(
            urls, [p.urls() for p in provinces], announce=lambda line: print(line, flush=True)
        )
    except Exception as error:  # the system stays up; the officer can load again: tdkt demo
        print(f"demo data could not be loaded: {error!r} (retry with `{retry}`)", flush=True)
        return
    print(f"demo data loaded ({sent} requests, {time.monotonic() - started:.0f}s)", flush=True)


DEFAULT_KAFKA_PORT = 9092
"""Where the services' settings, ``tdkt rebuild`` and ``replay-dlq`` look for Kafka by default."""


def _default_kafka_port() -> int | None:
    """9092 when it is free (every default then agrees), else any free port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", DEFAULT_KAFKA_PORT))
        except OSError:
            print(f"port {DEFAULT_KAFKA_PORT} is taken: Kafka gets a free port", flush=True)
            return None
    return DEFAULT_KAFKA_PORT


async def run(
    data_dir: Path,
    kafka_port: int | None,
    demo: bool = True,
    provinces: list[Province] | None = None,
) -> None:
    provinces = provinces or []
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    port = kafka_port or _default_kafka_port()
    print("Starting Apache Kafka (the first run fetches its jars with Maven)…", flush=True)
    plan = local_access_plan(tuple(province.instance for province in provinces))
    instance_users = [
        name for province in provinces for name in plan.instance_usernames(province.instance)
    ]
    users = kafka_users(data_dir, instance_users)
    async with ApacheKafka(data_dir=data_dir / "kafka", port=port) as broker:
        bootstrap = broker.bootstrap_servers
        passwords = {name: user.password for name, user in users.items()}
        await provision(bootstrap, broker.admin_credentials, plan, passwords)
        children = _spawn_national(bootstrap, data_dir, users, provinces)
        try:
            for child in children:
                await _wait_healthy(child)
            if provinces:
                await _assign(children[0], provinces)
                for province in provinces:
                    children += _spawn_province(province, bootstrap, data_dir, users, plan)
                for child in children[len(SERVICES) :]:
                    await _wait_healthy(child)
            _print_summary(broker.bootstrap_servers, children, data_dir, provinces)
            loading = asyncio.create_task(_load_demo(children, provinces)) if demo else None
            try:
                await _until_signal_or_exit(children)
            finally:
                if loading is not None:
                    loading.cancel()
        finally:
            _stop(children)
    print("stopped.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--kafka-port", type=int, default=None)
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    parser.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="NAME=AGENCY[,AGENCY…]",
        help="also run a province's own registry and awards, e.g. sct-01=01 (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        provinces = parse_provinces(args.province)
    except ValueError as error:
        parser.error(str(error))
    try:
        asyncio.run(run(args.data_dir.resolve(), args.kafka_port, not args.no_demo, provinces))
    except BrokerStartError as error:
        parser.exit(1, f"error: Apache Kafka could not start: {error}\n")
    except AssignmentRefused as refused:
        parser.exit(1, f"error: {refused}\n{FRESH_START}\n")
    return 0


FRESH_START = (
    "An agency whose history the national instance already holds (e.g. from an earlier run "
    "with the demo data) cannot be assigned to a province's instance: start on a fresh "
    "--data-dir."
)


if __name__ == "__main__":
    raise SystemExit(main())
