"""``python -m services.reporting.rebuild``: rebuild every projection beside the live ones.

Before anything else, the topics are compared with the producing services' stores
(:mod:`~services.reporting.rebuild.head_check`): a rebuild that would lose events is refused,
exit status 2, nothing changed. ``--skip-head-check`` rebuilds without comparing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import httpx

from services.reporting import migrations
from services.reporting.bootstrap import SERVICE
from services.reporting.rebuild.head_check import (
    Producer,
    RebuildRefused,
    head_fetcher,
    verify_heads,
)
from services.reporting.rebuild.run import Rebuild
from services.reporting.rebuild.schema import create_rebuild_engine
from services.reporting.settings import ReportingSettings
from shared.database import wait_for_database
from shared.database.migrations import migrate
from shared.database.service_database import service_database
from shared.kafka.topics import TopicNames, wait_for_kafka
from shared.outbox.topic_log import topic_extents
from shared.runtime.gc_tuning import tune_gc_for_batches
from shared.settings import DEFAULT_SERVICE_URLS

DEFAULT_REGISTRY_URL = DEFAULT_SERVICE_URLS["registry"]
DEFAULT_AWARDS_URL = DEFAULT_SERVICE_URLS["awards"]
REFUSED = 2

Report = Callable[[str], None]


@dataclass(frozen=True)
class RebuildOptions:
    """Where the producing services are, and whether to compare the topics with them."""

    registry_url: str = DEFAULT_REGISTRY_URL
    awards_url: str = DEFAULT_AWARDS_URL
    skip_head_check: bool = False
    settle_s: float = 10.0


def parse_options(argv: Sequence[str] | None = None) -> RebuildOptions:
    parser = argparse.ArgumentParser(
        prog="python -m services.reporting.rebuild",
        description="Rebuild the reporting projections from the topics, then switch.",
    )
    parser.add_argument("--registry", default=DEFAULT_REGISTRY_URL, help="registry URL")
    parser.add_argument("--awards", default=DEFAULT_AWARDS_URL, help="awards URL")
    parser.add_argument(
        "--skip-head-check",
        action="store_true",
        help="do not compare the topics with the services' stores (events the broker lost "
        "would be missing from the rebuilt projections)",
    )
    args = parser.parse_args(argv)
    return RebuildOptions(args.registry, args.awards, args.skip_head_check)


def producers(topics: TopicNames, options: RebuildOptions) -> list[Producer]:
    """The services whose topics the rebuild reads."""
    return [
        Producer("registry", options.registry_url, topics.registry_events),
        Producer("awards", options.awards_url, topics.awards_events),
    ]


async def check_topics(
    settings: ReportingSettings,
    options: RebuildOptions,
    report: Report,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Raise ``RebuildRefused`` unless the topics hold the producers' events (or skipped)."""
    wanted = producers(TopicNames(prefix=settings.topic_prefix), options)
    if options.skip_head_check:
        report(
            "rebuild: WARNING: --skip-head-check: the topics are not compared with the "
            "services' stores; events the broker lost will be missing from the projections"
        )
        return

    async def read_topics(topics: Sequence[str]) -> Mapping[str, int]:
        extents = await topic_extents(
            settings.kafka_bootstrap_servers, topics, credentials=settings.kafka_credentials
        )
        return {topic: extent.records for topic, extent in extents.items()}

    async with httpx.AsyncClient(transport=transport) as client:
        fetch = head_fetcher(client, settings.jwt_secret, settings.jwt_issuer)
        await verify_heads(wanted, fetch, read_topics, settle_s=options.settle_s)
    report("rebuild: the topics hold every event of " + " and ".join(p.name for p in wanted))


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
        topics = TopicNames(prefix=settings.topic_prefix)
        rebuild = Rebuild(
            engine,
            settings.kafka_bootstrap_servers,
            [topics.registry_events, topics.awards_events],
            report=report,
            credentials=settings.kafka_credentials,
        )
        await rebuild.run()
    finally:
        await engine.dispose()
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    tune_gc_for_batches()
    options = parse_options()
    with service_database(ReportingSettings(), SERVICE) as settings:
        status = asyncio.run(main(settings, options))
    sys.exit(status)
