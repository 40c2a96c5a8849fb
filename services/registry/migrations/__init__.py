"""The registry's database schema under Alembic: scripts in ``versions/``, run at start.

See :mod:`shared.database.migrations`; ``python -m shared.database.migrations registry --help``.
"""

from sqlalchemy import MetaData

from services.registry.readmodel.metadata import metadata as read_model
from shared.database.migrations import event_store_metadata, import_all_modules


def target_metadata() -> list[MetaData]:
    """Every table of the registry's database: the event store's and the read model's."""
    import_all_modules("services.registry.readmodel")
    return [event_store_metadata(), read_model]
