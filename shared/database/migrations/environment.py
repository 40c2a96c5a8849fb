"""Alembic configured in code (no ``alembic.ini``): the config, the options, and ``env.py``."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.operations.ops import MigrationScript
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.types import TypeDecorator

from shared.database.migrations.schema import MigrationError, ServiceSchema

log = logging.getLogger(__name__)

_CONNECTION = "connection"
_SCHEMA = "schema"


def migration_config(schema: ServiceSchema) -> Config:
    """The Alembic config of a service's ``schema``; run commands on it with :func:`run_alembic`.

    Revision files are named ``<rev>_<slug>.py`` and formatted and fixed by ruff once written.
    """
    config = Config()
    config.set_main_option("script_location", str(schema.script_location))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.set_main_option("truncate_slug_length", "40")
    hooks = {
        "hooks": "ruff_format, ruff_fix",
        "ruff_fix.type": "module",
        "ruff_fix.module": "ruff",
        "ruff_fix.options": "check --fix --unfixable F401 REVISION_SCRIPT_FILENAME",
        "ruff_format.type": "module",
        "ruff_format.module": "ruff",
        "ruff_format.options": "format --quiet REVISION_SCRIPT_FILENAME",
    }
    for name, value in hooks.items():
        config.set_section_option("post_write_hooks", name, value)
    config.attributes[_SCHEMA] = schema
    return config


def schema_of(config: Config) -> ServiceSchema:
    schema: ServiceSchema = config.attributes[_SCHEMA]
    return schema


def context_options(schema: ServiceSchema) -> dict[str, Any]:
    """How migrations run and autogenerate compares, the same for upgrades, revisions, tests."""
    return {
        "target_metadata": schema.metadata,
        "compare_type": True,
        "render_item": render_item,
    }


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render a column type that decorates a SQLAlchemy type (``UtcDateTime``) as that type.

    The database sees only the underlying type, and scripts stay free of application imports:
    an old migration keeps working when a model's Python type moves or changes.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl_instance
        if type(impl).__module__.startswith("sqlalchemy."):
            return f"sa.{impl!r}"
    return False


def skip_empty_autogenerate(
    migration_context: MigrationContext,
    revision: str | Iterable[str | None] | Iterable[str],
    directives: list[MigrationScript],
) -> None:
    """Write no revision when autogenerate found nothing (for ``command.revision``)."""
    script = directives[0]
    if script.upgrade_ops is not None and script.upgrade_ops.is_empty():
        log.warning("no difference between the models and the migrations: no revision written")
        directives.clear()


def run_env() -> None:
    """The body of every service's ``env.py``: run on the connection :func:`run_alembic` gave.

    The connection is already in a transaction (one for the whole command), so Alembic does
    not open its own.
    """
    config = context.config
    connection = config.attributes.get(_CONNECTION)
    if connection is None or _SCHEMA not in config.attributes:
        raise MigrationError(
            "no database connection: run a service's migrations with its own command, "
            "`python -m <its migrations package> ...` (there is no alembic.ini)"
        )
    context.configure(connection=connection, **context_options(schema_of(config)))
    with context.begin_transaction():
        context.run_migrations()


def connection_of(config: Config) -> Connection:
    """The connection :func:`with_connection` set on ``config``."""
    connection: Connection = config.attributes[_CONNECTION]
    return connection


def with_connection(config: Config, connection: Connection) -> Config:
    """``config``, set to run on ``connection`` (a sync Connection in a transaction)."""
    config.attributes[_CONNECTION] = connection
    return config
