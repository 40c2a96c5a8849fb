"""``scripts/run``: Apache Kafka and every service as its own process, until Ctrl-C.

Everything keeps its data under ``--data-dir`` (default ``var/``): the broker's log in
``kafka/`` (a restart finds every topic and record), each service's embedded PostgreSQL in
``postgres/<service>/`` unless ``TDKT_<SERVICE>_DATABASE_URL`` is set, the logs in ``logs/``.

The broker authenticates every client and authorises it by ACL, as in production: each
service connects as its own Kafka user (``registry``, ``awards``, ``reporting``), and an
``integrator`` user may read the event topics (for ``examples/province_client.py``). Their
passwords are made up on the first run and kept in ``kafka-users.json`` (mode 0600); the super
user's is in ``kafka/credentials.json``. ``tdkt rebuild`` and ``tdkt replay-dlq`` find them there.
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
from services.reporting.settings import ReportingSettings
from shared.auth import Role, mint_token
from shared.kafka.access import DEFAULT_INTEGRATOR, AccessPlan, provision
from shared.kafka.apache import ApacheKafka, BrokerStartError
from shared.kafka.security import KafkaCredentials
from shared.kafka.topics import TopicNames
from shared.settings import DEFAULT_JWT_SECRET

SERVICES = {"registry": 8001, "awards": 8002, "reporting": 8003}
KAFKA_USERS_FILE = "kafka-users.json"
"""Under the data dir: the Kafka users of the services and of the integrator, with passwords."""


@dataclass
class Child:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def kafka_users(data_dir: Path) -> dict[str, KafkaCredentials]:
    """The local run's Kafka users (services and integrator), made up on the first run."""
    path = data_dir / KAFKA_USERS_FILE
    names = [*SERVICES, DEFAULT_INTEGRATOR]
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


def local_access_plan() -> AccessPlan:
    """The production plan, with the prefix and groups the services' settings will use."""
    awards, reporting = AwardsSettings(), ReportingSettings()
    return AccessPlan(
        topics=TopicNames(prefix=reporting.topic_prefix),
        awards_group=awards.consumer_group,
        reporting_group=reporting.consumer_group,
    )


def _spawn(
    name: str, port: int, bootstrap: str, data_dir: Path, credentials: KafkaCredentials
) -> Child:
    prefix = f"TDKT_{name.upper()}_"
    env = {
        **os.environ,
        prefix + "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        **kafka_environment(name, credentials),
        prefix + "HTTP_PORT": str(port),
        prefix + "DATA_DIR": str(data_dir),
    }
    log = (data_dir / "logs" / f"{name}.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", f"services.{name}"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    return Child(name, port, process)


async def _wait_healthy(child: Child, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(timeout=1.0) as client:
        while time.monotonic() < deadline:
            if child.process.poll() is not None:
                raise RuntimeError(f"{child.name} exited; see its log under logs/{child.name}.log")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(f"{child.url}/healthz")).status_code == 204:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{child.name} did not become healthy within {timeout_s:.0f}s")


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


def _print_summary(bootstrap: str, children: list[Child], data_dir: Path) -> None:
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
    reporting = next((c.url for c in children if c.name == "reporting"), None)
    if reporting is not None:
        print(f"\nReporting API docs: {reporting}/docs")
        print(f"Hà Nội 2016–2020:   {reporting}/v1/agencies/01/stats?from=2016&to=2020")
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


async def _load_demo(children: list[Child]) -> None:
    from tooling.demo.loader import load

    urls = {child.name: child.url for child in children}
    print("\nLoading demo data through the public APIs (2–5 minutes)…", flush=True)
    started = time.monotonic()
    try:
        sent = await load(urls)
    except Exception as error:  # the system stays up; the officer can load again: tdkt demo
        print(f"demo data could not be loaded: {error!r} (retry with `tdkt demo`)", flush=True)
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


async def run(data_dir: Path, kafka_port: int | None, demo: bool = True) -> None:
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    port = kafka_port or _default_kafka_port()
    print("Starting Apache Kafka (the first run fetches its jars with Maven)…", flush=True)
    users = kafka_users(data_dir)
    async with ApacheKafka(data_dir=data_dir / "kafka", port=port) as broker:
        bootstrap = broker.bootstrap_servers
        passwords = {name: user.password for name, user in users.items()}
        await provision(bootstrap, broker.admin_credentials, local_access_plan(), passwords)
        children = [
            _spawn(name, port, bootstrap, data_dir, users[name]) for name, port in SERVICES.items()
        ]
        try:
            for child in children:
                await _wait_healthy(child)
            _print_summary(broker.bootstrap_servers, children, data_dir)
            loading = asyncio.create_task(_load_demo(children)) if demo else None
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
    args = parser.parse_args(argv)
    try:
        asyncio.run(run(args.data_dir.resolve(), args.kafka_port, demo=not args.no_demo))
    except BrokerStartError as error:
        parser.exit(1, f"error: Apache Kafka could not start: {error}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
