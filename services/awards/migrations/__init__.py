"""The awards service's database schema under Alembic: scripts in ``versions/``, run at start.

See :mod:`shared.database.migrations`; ``python -m shared.database.migrations awards --help``.
"""

from sqlalchemy import MetaData

from services.awards.readmodel.metadata import metadata as own_tables
from shared.consumer.tables import metadata as consumer
from shared.database.migrations import event_store_metadata, import_all_modules


def target_metadata() -> list[MetaData]:
    """Every table of the awards database: event store, read model, local view, consumer."""
    import_all_modules("services.awards.readmodel", "services.awards.localview")
    return [event_store_metadata(), own_tables, consumer]
