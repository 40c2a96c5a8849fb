"""A national deployment and provinces' own instances on the session's broker, as processes.

One test prefix, the production access plan with the provinces' instances
(:class:`~shared.kafka.access.AccessPlan`), each instance's users named after the session
(``t<hex>-sct-01-registry``, :meth:`KafkaHarness.plan`), and the settings each service
process runs with.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from shared.instances import NATIONAL
from shared.kafka.access import AccessPlan
from shared.kafka.security import KafkaCredentials
from tests.harness.infra import KafkaHarness, unique_hex
from tests.harness.processes import ServiceProcess

MakeDatabase = Callable[[], Awaitable[str]]


@dataclass(frozen=True)
class Deployment:
    """One test's topics, groups and Kafka users: the national instance and ``plan.instances``."""

    harness: KafkaHarness
    plan: AccessPlan
    jwt_secret: str

    @property
    def prefix(self) -> str:
        return self.plan.topics.prefix

    def credentials(self, service: str, instance: str = NATIONAL) -> KafkaCredentials:
        """The Kafka user ``service`` of ``instance`` connects as."""
        return self.harness.credentials(self.username(service, instance))

    def username(self, service: str, instance: str = NATIONAL) -> str:
        if instance == NATIONAL:
            return str(getattr(self.plan.users, service))
        return str(getattr(self.plan.instance_users(instance), service))

    def consumer_group(self, service: str, instance: str = NATIONAL) -> str:
        if service == "reporting":
            return self.plan.reporting_group
        if instance == NATIONAL:
            return self.plan.awards_group
        return self.plan.instance_group(instance)

    def settings(
        self,
        service: str,
        database_url: str,
        instance: str = NATIONAL,
        agencies: Iterable[str] = (),
    ) -> dict[str, str]:
        """The ``TDKT_<SERVICE>_*`` settings of ``service`` on ``instance`` (without the prefix)."""
        settings = {
            **self.harness.service_settings(self.username(service, instance)),
            "kafka_bootstrap_servers": self.harness.bootstrap,
            "topic_prefix": self.prefix,
            "jwt_secret": self.jwt_secret,
            "database_url": database_url,
        }
        if service in ("awards", "reporting"):
            settings["consumer_group"] = self.consumer_group(service, instance)
        if instance != NATIONAL:
            settings |= {"instance": instance, "agencies": ",".join(agencies)}
        return settings


async def deploy(harness: KafkaHarness, instances: tuple[str, ...], jwt_secret: str) -> Deployment:
    """A new prefix with the provinces' ``instances``: its topics, users and every ACL, as
    ``python -m shared.kafka.setup`` creates them with ``TDKT_KAFKA_SETUP_INSTANCES``."""
    prefix = f"t{unique_hex()}"
    plan = harness.plan(
        prefix,
        awards_group=f"{prefix}-awards",
        reporting_group=f"{prefix}-reporting",
        instances=instances,
    )
    return Deployment(harness, await harness.grant(plan), jwt_secret)


@dataclass(frozen=True)
class Planned:
    """A service process to start: its name on the test's side, and how it is configured."""

    label: str
    service: str
    instance: str = NATIONAL
    agencies: tuple[str, ...] = ()


async def start_services(
    deployment: Deployment,
    planned: Iterable[Planned],
    make_database: MakeDatabase,
    **extra: dict[str, str],
) -> dict[str, ServiceProcess]:
    """Start every planned service at once, each on a new database; ``extra[label]``: more
    settings. Stops the ones started if any fails."""
    processes: dict[str, ServiceProcess] = {}
    for item in planned:
        settings = deployment.settings(
            item.service, await make_database(), item.instance, item.agencies
        )
        settings |= extra.get(item.label, {})
        processes[item.label] = ServiceProcess(item.service, settings)
    try:
        await asyncio.gather(*(process.start() for process in processes.values()))
    except BaseException:
        stop_all(processes.values())
        raise
    return processes


def stop_all(processes: Iterable[ServiceProcess]) -> None:
    for process in processes:
        if process.pid is not None:
            process.stop()
