"""The reporting service's database schema under Alembic: scripts in ``versions/``, run at start.

The service hands its migrations to :mod:`shared.database.migrations` with :func:`schema`:
its bootstrap upgrades at start, ``python -m services.reporting.migrations --help`` by hand.
"""

from functools import cache

from services.reporting.projections.tables import metadata as projections
from shared.consumer.tables import metadata as consumer
from shared.database.migrations import ServiceSchema, import_all_modules, service_schema


@cache
def schema() -> ServiceSchema:
    """Every table of the reporting database: the projections' and the consumer's.

    Built once per process: it is the same every time, and the services' start (a test
    run starts them some seven hundred times) paid for walking the packages and copying
    the tables.
    """
    import_all_modules("services.reporting.projections")
    return service_schema("reporting", __name__, [projections, consumer])
