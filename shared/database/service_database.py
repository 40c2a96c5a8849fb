"""The database a service process runs on: its configured URL, else an embedded PostgreSQL.

Entrypoints (``python -m services.<name>``, the migrations command, the rebuild) wrap their
work in :func:`service_database`; the composition roots only ever see a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from shared.database.embedded import EmbeddedPostgres
from shared.settings import ServiceSettings

Settings = TypeVar("Settings", bound=ServiceSettings)


@contextmanager
def service_database(settings: Settings, service: str) -> Iterator[Settings]:
    """``settings`` with a database URL for the duration of the block.

    With ``database_url`` set, nothing happens. Without, the service's embedded cluster under
    ``<data_dir>/postgres/<service>`` is attached to (another process of the service, e.g. the
    running service for a rebuild, started it) or started, and stopped at the end if this
    process started it. Its database is named after the service and kept across restarts.
    """
    if settings.database_url is not None:
        yield settings
        return
    with EmbeddedPostgres(settings.embedded_data_dir(service)) as server:
        url = server.ensure_database(service)
        yield settings.model_copy(update={"database_url": url})
