"""The reporting service's database schema under Alembic: scripts in ``versions/``, run at start.

See :mod:`shared.database.migrations`; ``python -m shared.database.migrations reporting --help``.
"""

from sqlalchemy import MetaData

from services.reporting.projections.tables import metadata as projections
from shared.consumer.tables import metadata as consumer
from shared.database.migrations import import_all_modules


def target_metadata() -> list[MetaData]:
    """Every table of the reporting database: the projections' and the consumer's."""
    import_all_modules("services.reporting.projections")
    return [projections, consumer]
