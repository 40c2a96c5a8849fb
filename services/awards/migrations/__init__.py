"""The awards service's database schema under Alembic: scripts in ``versions/``, run at start.

The service hands its migrations to :mod:`shared.database.migrations` with :func:`schema`:
its bootstrap upgrades at start, ``python -m services.awards.migrations --help`` by hand.
"""

from functools import cache

from services.awards.readmodel.metadata import metadata as own_tables
from shared.consumer.tables import metadata as consumer
from shared.database.migrations import (
    ServiceSchema,
    event_store_metadata,
    import_all_modules,
    service_schema,
)


@cache
def schema() -> ServiceSchema:
    """Every table of the awards database: event store, read model, local view, consumer.

    Built once per process: it is the same every time, and the services' start (a test
    run starts them some seven hundred times) paid for walking the packages and copying
    the tables.
    """
    import_all_modules("services.awards.readmodel", "services.awards.localview")
    return service_schema("awards", __name__, [event_store_metadata(), own_tables, consumer])
