"""What a service's migrations must produce: its tables, and where its scripts live."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData

_SKIPPED = re.compile(r"(^|\.)(__main__|migrations)(\.|$)")


class MigrationError(RuntimeError):
    """The schema cannot be migrated as asked; the message says why and what to do."""


@dataclass(frozen=True)
class ServiceSchema:
    """What a service hands over: its migration scripts and the tables they must produce.

    ``metadata`` is one merged copy of every table; ``command`` runs the service's migrations
    by hand (e.g. ``python -m services.registry.migrations``), for messages that advise it.
    """

    service: str
    script_location: Path
    metadata: MetaData
    command: str


def service_schema(service: str, package: str, tables: Iterable[MetaData]) -> ServiceSchema:
    """The schema of ``service`` whose migrations package is ``package``.

    The package's directory holds ``env.py``, ``script.py.mako`` and ``versions/``; running it
    (``python -m <package>``) is the service's command line (:mod:`.cli`).
    """
    module = importlib.import_module(package)
    if module.__file__ is None:
        raise MigrationError(f"{package} has no directory")
    return ServiceSchema(
        service=service,
        script_location=Path(module.__file__).parent,
        metadata=merged(tables),
        command=f"python -m {package}",
    )


def merged(metadatas: Iterable[MetaData]) -> MetaData:
    """One MetaData holding a copy of every table of ``metadatas`` (names must not clash)."""
    result = MetaData()
    for metadata in metadatas:
        for table in metadata.tables.values():
            if table.key in result.tables:
                raise MigrationError(f"table {table.key!r} is defined twice")
            table.to_metadata(result)
    return result


def event_store_metadata() -> MetaData:
    """The event store's tables: events, the relay's state and the idempotency keys."""
    importlib.import_module("shared.outbox.tables")
    importlib.import_module("shared.application.idempotency")
    from shared.eventstore.tables import metadata

    return metadata


def import_all_modules(*packages: str) -> None:
    """Import every module under ``packages``, so every table they define is registered.

    A table module nobody imported yet would otherwise be missing from its MetaData, and
    autogenerate would silently leave the table out. ``__main__`` modules (which run
    something) and migration scripts are skipped.
    """
    for name in packages:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if not _SKIPPED.search(module.name):
                importlib.import_module(module.name)
