"""The registry's database schema under Alembic: scripts in ``versions/``, run at start.

The service hands its migrations to :mod:`shared.database.migrations` with :func:`schema`:
its bootstrap upgrades at start, ``python -m services.registry.migrations --help`` by hand.
"""

from functools import cache

from services.registry.readmodel.metadata import metadata as read_model
from shared.database.migrations import (
    ServiceSchema,
    event_store_metadata,
    import_all_modules,
    service_schema,
)


@cache
def schema() -> ServiceSchema:
    """Every table of the registry's database (the event store's and the read model's).

    Built once per process: it is the same every time, and the services' start (a test
    run starts them some seven hundred times) paid for walking the packages and copying
    the tables.
    """
    import_all_modules("services.registry.readmodel")
    return service_schema("registry", __name__, [event_store_metadata(), read_model])
