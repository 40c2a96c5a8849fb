"""What each service's migrations must produce: its tables, and where its scripts live."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData

#: The services that own a database (and a ``services/<service>/migrations/`` directory).
SERVICES = ("registry", "awards", "reporting")

_SKIPPED = re.compile(r"(^|\.)(__main__|migrations)(\.|$)")


class MigrationError(RuntimeError):
    """The schema cannot be migrated as asked; the message says why and what to do."""


@dataclass(frozen=True)
class ServiceSchema:
    """A service's migration scripts and the tables they must produce (one merged copy)."""

    service: str
    script_location: Path
    metadata: MetaData


def service_schema(service: str) -> ServiceSchema:
    """The schema of ``service``, from ``services.<service>.migrations.target_metadata()``."""
    if service not in SERVICES:
        raise MigrationError(f"unknown service {service!r}: one of {', '.join(SERVICES)}")
    package = importlib.import_module(f"services.{service}.migrations")
    if package.__file__ is None:
        raise MigrationError(f"services.{service}.migrations has no directory")
    return ServiceSchema(
        service=service,
        script_location=Path(package.__file__).parent,
        metadata=merged(package.target_metadata()),
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
