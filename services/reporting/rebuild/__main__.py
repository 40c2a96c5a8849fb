"""``python -m services.reporting.rebuild``: rebuild every projection beside the live ones.

It reads the topics of the national instance and of every province's instance the service
reads (``TDKT_REPORTING_INSTANCES``), judging each event by the ministry's assignments of
agencies to instances (the ownership topic, read to its end first).

Before anything else, the topics are compared with the producing services' stores
(:mod:`~services.reporting.rebuild.head_check`): a rebuild that would lose events is refused,
exit status 2, nothing changed. The national services are asked at ``--registry`` and
``--awards``; a province's at the URLs of ``--instance NAME=REGISTRY_URL,AWARDS_URL``; the
topics of an instance given no URLs are read unchecked, with a warning.
``--skip-head-check`` rebuilds without comparing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting import migrations
from services.reporting.bootstrap import (
    SERVICE,
    event_topics,
    instances_read,
    ownership_source,
)
from services.reporting.rebuild.head_check import (
    Producer,
    RebuildRefused,
    head_fetcher,
    verify_heads,
)
from services.reporting.rebuild.run import Rebuild
from services.reporting.rebuild.schema import create_rebuild_engine
from services.reporting.screening import ReportingScreen
from services.reporting.settings import ReportingSettings
from shared.database import wait_for_database
from shared.database.migrations import migrate
from shared.database.service_database import service_database
from shared.instances import NATIONAL, check_instance_name
from shared.kafka.topics import TopicNames, wait_for_kafka
from shared.outbox.topic_log import topic_extents
from shared.runtime.gc_tuning import tune_gc_for_batches
from shared.settings import DEFAULT_SERVICE_URLS

DEFAULT_REGISTRY_URL = DEFAULT_SERVICE_URLS["registry"]
DEFAULT_AWARDS_URL = DEFAULT_SERVICE_URLS["awards"]
REFUSED = 2

Report = Callable[[str], None]


@dataclass(frozen=True)
class InstanceUrls:
    """Where a province's own registry and awards services answer."""

    instance: str
    registry_url: str
    awards_url: str


INSTANCE_HELP = (
    "a province's instance whose topics the service reads (TDKT_REPORTING_INSTANCES) and the "
    "URLs of its registry and awards services, whose heads are compared with its topics; "
    "repeat for each instance (an instance given no URLs is rebuilt unchecked, with a warning)"
)


@dataclass(frozen=True)
class RebuildOptions:
    """Where the producing services are, and whether to compare the topics with them."""

    registry_url: str = DEFAULT_REGISTRY_URL
    awards_url: str = DEFAULT_AWARDS_URL
    skip_head_check: bool = False
    settle_s: float = 10.0
    instances: tuple[InstanceUrls, ...] = ()


def instance_urls(text: str) -> InstanceUrls:
    """``sct-01=http://r:8101,http://a:8102`` (the ``--instance`` option's value)."""
    name, _, urls = text.partition("=")
    registry, _, awards = urls.partition(",")
    if not registry.strip() or not awards.strip() or "," in awards:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected NAME=REGISTRY_URL,AWARDS_URL (e.g. "
            "sct-01=http://10.0.0.7:8001,http://10.0.0.7:8002)"
        )
    try:
        instance = check_instance_name(name.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if instance == NATIONAL:
        raise argparse.ArgumentTypeError("the national services' URLs are --registry and --awards")
    return InstanceUrls(instance, registry.strip(), awards.strip())


def parse_options(argv: Sequence[str] | None = None) -> RebuildOptions:
    parser = argparse.ArgumentParser(
        prog="python -m services.reporting.rebuild",
        description="Rebuild the reporting projections from the topics, then switch.",
    )
    parser.add_argument("--registry", default=DEFAULT_REGISTRY_URL, help="registry URL")
    parser.add_argument("--awards", default=DEFAULT_AWARDS_URL, help="awards URL")
    parser.add_argument(
        "--instance",
        type=instance_urls,
        action="append",
        default=[],
        metavar="NAME=REGISTRY_URL,AWARDS_URL",
        help=INSTANCE_HELP,
    )
    parser.add_argument(
        "--skip-head-check",
        action="store_true",
        help="do not compare the topics with the services' stores (events the broker lost "
        "would be missing from the rebuilt projections)",
    )
    args = parser.parse_args(argv)
    return RebuildOptions(
        args.registry, args.awards, args.skip_head_check, instances=tuple(args.instance)
    )


def producers(topics: TopicNames, options: RebuildOptions) -> list[Producer]:
    """The services whose topics the rebuild compares: the national ones, and those of each
    instance given URLs."""
    found = [
        Producer("registry", options.registry_url, topics.registry_events),
        Producer("awards", options.awards_url, topics.awards_events),
    ]
    for given in options.instances:
        option = f"--instance {given.instance}=REGISTRY_URL,AWARDS_URL"
        name = given.instance
        found += [
            Producer(
                f"{name} registry", given.registry_url, topics.registry_events_of(name), option
            ),
            Producer(f"{name} awards", given.awards_url, topics.awards_events_of(name), option),
        ]
    return found


def unchecked_instances(settings: ReportingSettings, options: RebuildOptions) -> list[str]:
    """The instances read whose services were given no URLs; ``RebuildRefused`` if URLs were
    given for an instance the service does not read."""
    read = instances_read(settings)
    given = [urls.instance for urls in options.instances]
    stray = [name for name in given if name not in read]
    if stray:
        listed = ", ".join(settings.instances) or "none"
        raise RebuildRefused(
            f"rebuild refused: --instance {', '.join(stray)}: not an instance this reporting "
            f"service reads (TDKT_REPORTING_INSTANCES: {listed}). Nothing was changed."
        )
    return [name for name in read if name != NATIONAL and name not in given]


def unchecked_warning(topics: TopicNames, instance: str) -> str:
    """The warning for an instance whose topics are read without comparing them."""
    names = f"{topics.registry_events_of(instance)} and {topics.awards_events_of(instance)}"
    return (
        f"rebuild: WARNING: instance {instance}: {names} are not compared with its services' "
        f"stores (give --instance {instance}=REGISTRY_URL,AWARDS_URL); events the broker lost "
        "from them will be missing from the projections"
    )


async def check_topics(
    settings: ReportingSettings,
    options: RebuildOptions,
    report: Report,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Raise ``RebuildRefused`` unless the topics hold the producers' events (or skipped)."""
    topics = settings.topics
    unchecked = unchecked_instances(settings, options)
    wanted = producers(topics, options)
    if options.skip_head_check:
        report(
            "rebuild: WARNING: --skip-head-check: the topics are not compared with the "
            "services' stores; events the broker lost will be missing from the projections"
        )
        return
    for instance in unchecked:
        report(unchecked_warning(topics, instance))

    async def read_topics(names: Sequence[str]) -> Mapping[str, int]:
        extents = await topic_extents(
            settings.kafka_bootstrap_servers, names, credentials=settings.kafka_credentials
        )
        return {topic: extent.records for topic, extent in extents.items()}

    async with httpx.AsyncClient(transport=transport) as client:
        fetch = head_fetcher(client, settings.jwt_secret, settings.jwt_issuer)
        await verify_heads(wanted, fetch, read_topics, settle_s=options.settle_s)
    report("rebuild: the topics hold every event of " + _listing([p.name for p in wanted]))


def _listing(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


async def main(
    settings: ReportingSettings,
    options: RebuildOptions | None = None,
    *,
    report: Report = lambda line: print(line, flush=True),
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """Check the topics, then rebuild; 0, or ``REFUSED`` (nothing changed) with the reason."""
    options = options or RebuildOptions()
    await wait_for_kafka(
        settings.kafka_bootstrap_servers,
        settings.startup_timeout_s,
        credentials=settings.kafka_credentials,
    )
    try:
        await check_topics(settings, options, report, transport)
    except RebuildRefused as refused:
        print(refused, file=sys.stderr, flush=True)
        return REFUSED
    engine = create_rebuild_engine(settings.resolved_database_url())
    try:
        await wait_for_database(engine, settings.startup_timeout_s)
        await migrate(engine, migrations.schema())
        await rebuild(settings, engine, report)
    finally:
        await engine.dispose()
    return 0


async def rebuild(settings: ReportingSettings, engine: AsyncEngine, report: Report) -> None:
    """Rebuild from every instance's topics, judged by the ownership topic read to its end."""
    ownership = ownership_source(settings)
    await ownership.start(settings.startup_timeout_s)
    try:
        report("rebuild: reading the topics of " + ", ".join(instances_read(settings)))
        run = Rebuild(
            engine,
            settings.kafka_bootstrap_servers,
            event_topics(settings),
            screen=ReportingScreen(ownership, settings.topics),
            report=report,
            credentials=settings.kafka_credentials,
        )
        await run.run()
    finally:
        await ownership.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    tune_gc_for_batches()
    options = parse_options()
    with service_database(ReportingSettings(), SERVICE) as settings:
        status = asyncio.run(main(settings, options))
    sys.exit(status)
