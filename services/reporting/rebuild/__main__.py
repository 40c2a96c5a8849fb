"""``python -m services.reporting.rebuild``: rebuild every projection beside the live ones."""

from __future__ import annotations

import asyncio
import logging

from services.reporting.bootstrap import SERVICE
from services.reporting.rebuild.run import Rebuild
from services.reporting.rebuild.schema import create_rebuild_engine
from services.reporting.settings import ReportingSettings
from shared.database import wait_for_database
from shared.database.migrations import migrate
from shared.kafka.topics import TopicNames, wait_for_kafka
from shared.runtime.gc_tuning import tune_gc_for_batches


async def main(settings: ReportingSettings) -> None:
    engine = create_rebuild_engine(settings.resolved_database_url(SERVICE))
    try:
        await wait_for_database(engine, settings.startup_timeout_s)
        await migrate(engine, SERVICE)
        await wait_for_kafka(settings.kafka_bootstrap_servers, settings.startup_timeout_s)
        topics = TopicNames(prefix=settings.topic_prefix)
        rebuild = Rebuild(
            engine,
            settings.kafka_bootstrap_servers,
            [topics.registry_events, topics.awards_events],
            report=lambda line: print(line, flush=True),
        )
        await rebuild.run()
    finally:
        await engine.dispose()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    tune_gc_for_batches()
    asyncio.run(main(ReportingSettings()))
