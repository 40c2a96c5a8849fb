"""The reporting service's own metrics, measured at each scrape of ``/metrics``."""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.ext.asyncio import AsyncEngine

from services.reporting.queries.common import unregistered_agencies
from shared.database.engine import connection_for_reads

UNREGISTERED_AGENCIES = "tdkt_reporting_unregistered_agencies"


async def reporting_metrics(engine: AsyncEngine) -> list[Metric]:
    """One sample per agency that events name but no ``AgencyRegistered`` registered: what
    they say is held out of every answer until it is (a producer that should not exist, or a
    registration still on its way)."""
    async with connection_for_reads(engine) as connection:
        codes = await unregistered_agencies(connection)
    family = GaugeMetricFamily(
        UNREGISTERED_AGENCIES,
        "Agencies named by events but never registered; their events count nowhere.",
        labels=["agency"],
    )
    for code in codes:
        family.add_metric([code], 1)
    return [family]
