"""The three services as production runs them, on the benchmark's PostgreSQL and broker, and
what each process spends: CPU seconds and resident memory (the process and its children).

Each service is its own process (``python -m services.<name>``, the test harness's
``ServiceProcess``) with a database of its own on the benchmark's PostgreSQL and its own Kafka
user (SASL/SCRAM-SHA-512, passwords made up as the local run makes them, ACLs as
``shared.kafka.access`` provisions them) under a topic prefix of this run.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil  # type: ignore[import-untyped]

from benchmarks.common import checkpoint, empty_database
from benchmarks.kafka import credentials_for
from shared.kafka.access import AccessPlan, provision
from shared.kafka.security import KafkaCredentials
from shared.kafka.topics import TopicNames
from tests.harness.processes import ServiceProcess
from tooling.local_system import SERVICES, kafka_environment, kafka_users

_MB = 1024 * 1024


@dataclass(frozen=True)
class Usage:
    """CPU seconds used so far, resident memory now and at its peak (MB)."""

    cpu_s: float
    rss_mb: float
    peak_rss_mb: float


@dataclass(frozen=True)
class RunningServices:
    """The services' processes (several of a service: replicas on one database, behind the
    round robin of :meth:`url`, as behind a load balancer), by label."""

    processes: Mapping[str, ServiceProcess]
    database_urls: Mapping[str, str]
    _turns: dict[str, Iterator[ServiceProcess]] = field(default_factory=dict)

    def url(self, service: str) -> str:
        """The URL of the next process of ``service``, in turn."""
        if service not in self._turns:
            replicas = [p for p in self.processes.values() if p.name == service]
            self._turns[service] = itertools.cycle(replicas)
        return next(self._turns[service]).url

    def processes_of(self, service: str) -> int:
        return sum(1 for p in self.processes.values() if p.name == service)

    def pids(self) -> dict[str, int]:
        return {label: p.pid for label, p in self.processes.items() if p.pid is not None}

    async def checkpoint(self) -> None:
        """A ``CHECKPOINT`` of their PostgreSQL (:func:`benchmarks.common.checkpoint`)."""
        await checkpoint(next(iter(self.database_urls.values())))

    def usage(self) -> dict[str, Usage]:
        """Each service's usage (its processes' CPU summed, the largest resident memory), and
        PostgreSQL's (every server process) if it is local."""
        found: dict[str, Usage] = {}
        for label, pid in self.pids().items():
            service, usage = self.processes[label].name, process_usage(pid)
            found[service] = _together(found[service], usage) if service in found else usage
        server = postgres_pid(self.database_urls[next(iter(self.database_urls))])
        if server is not None:
            found["postgres"] = process_usage(server)
        return found


def _together(one: Usage, other: Usage) -> Usage:
    """Two processes of a service: CPU summed; memory per process, the larger (the target is
    per process)."""
    return Usage(
        one.cpu_s + other.cpu_s,
        max(one.rss_mb, other.rss_mb),
        max(one.peak_rss_mb, other.peak_rss_mb),
    )


def process_usage(pid: int) -> Usage:
    """CPU seconds (user + system) of ``pid``, of its live children and of the children it
    has reaped (PostgreSQL's backends end with their connections); resident memory."""
    process = psutil.Process(pid)
    times = process.cpu_times()
    cpu = times.user + times.system + times.children_user + times.children_system
    for child in process.children(recursive=True):
        try:
            child_times = child.cpu_times()
        except psutil.NoSuchProcess:  # reaped meanwhile: counted in children_* next time
            continue
        cpu += child_times.user + child_times.system
    return Usage(cpu, process.memory_info().rss / _MB, _peak_rss_mb(pid))


def _peak_rss_mb(pid: int) -> float:
    """``VmHWM`` of ``/proc/<pid>/status`` (Linux): the resident set's high-water mark."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def postgres_pid(database_url: str) -> int | None:
    """The process listening on the database's port on this machine (the postmaster)."""
    port = int(database_url.rsplit(":", 1)[1].split("/", 1)[0])
    try:
        connections = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:
        return None
    return next(
        (c.pid for c in connections if c.status == psutil.CONN_LISTEN and c.laddr.port == port),
        None,
    )


@asynccontextmanager
async def running_services(
    host: str, bootstrap: str, registry_processes: int = 1
) -> AsyncIterator[RunningServices]:
    """Registry (``registry_processes`` of it), awards and reporting, healthy, on ``host``'s
    PostgreSQL and ``bootstrap``."""
    admin = credentials_for(bootstrap)
    if admin is None:
        raise RuntimeError("the services need an authenticating broker and its super user")
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    plan = AccessPlan(
        topics=TopicNames(prefix=prefix),
        awards_group=f"{prefix}-awards",
        reporting_group=f"{prefix}-reporting",
    )
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-services-") as directory:
        users = kafka_users(Path(directory))
        await provision(bootstrap, admin, plan, {n: u.password for n, u in users.items()})
        async with AsyncExitStack() as stack:
            urls = {
                name: await stack.enter_async_context(empty_database(host, name))
                for name in SERVICES
            }
            copies = {name: registry_processes if name == "registry" else 1 for name in SERVICES}
            processes = {
                _label(name, n): ServiceProcess(
                    name, _settings(name, urls[name], bootstrap, plan, users), _label(name, n)
                )
                for name in SERVICES
                for n in range(1, copies[name] + 1)
            }
            stack.callback(_stop_all, processes)
            await asyncio.gather(*(process.start() for process in processes.values()))
            yield RunningServices(processes, urls)


def _label(service: str, n: int) -> str:
    return service if n == 1 else f"{service}-{n}"


def _settings(
    name: str,
    database_url: str,
    bootstrap: str,
    plan: AccessPlan,
    users: Mapping[str, KafkaCredentials],
) -> dict[str, str]:
    prefix = f"TDKT_{name.upper()}_"
    kafka = kafka_environment(name, users[name])
    groups = {"awards": plan.awards_group, "reporting": plan.reporting_group}
    settings = {
        "database_url": database_url,
        "kafka_bootstrap_servers": bootstrap,
        "topic_prefix": plan.topics.prefix,
        **{key.removeprefix(prefix).lower(): value for key, value in kafka.items()},
    }
    if name in groups:
        settings["consumer_group"] = groups[name]
    return settings


def _stop_all(processes: Mapping[str, ServiceProcess]) -> None:
    for process in processes.values():
        process.stop()
