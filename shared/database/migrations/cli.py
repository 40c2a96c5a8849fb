"""A service's migrations by hand: its ``migrations/__main__.py`` calls :func:`main`.

Commands on the service's database (``--url``, else the one the service runs on:
``TDKT_<SERVICE>_DATABASE_URL``, or its embedded PostgreSQL under ``TDKT_<SERVICE>_DATA_DIR``):
``upgrade [REV]`` (default ``head``, what the service does at start), ``downgrade REV``,
``stamp REV``, ``current``. ``history`` needs no database.

Commands on a scratch PostgreSQL database (created on ``--postgres-admin-url``, else on a
throw-away embedded server, upgraded to
head, dropped afterwards): ``revision -m MSG --autogenerate`` writes the script that brings
the migrations to the models; ``check`` fails if they differ. ``revision -m MSG`` without
``--autogenerate`` writes an empty script. Revision ids count up: 0001, 0002, ...
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from shared.database import create_engine
from shared.database.migrations.environment import migration_config, skip_empty_autogenerate
from shared.database.migrations.runner import Action, adopt_then_upgrade, run_alembic
from shared.database.migrations.schema import MigrationError, ServiceSchema
from shared.database.migrations.scratch import scratch_database
from shared.database.service_database import service_database
from shared.settings import ServiceSettings, with_async_driver

_COMMANDS = (__doc__ or "").split("\n\n", 1)[-1]


def main(
    schema: ServiceSchema,
    settings: Callable[[], ServiceSettings],
    argv: Sequence[str] | None = None,
) -> int:
    """Run one command on the migrations of ``schema``; 1 (and the reason) if it fails.

    ``settings()`` (the service's settings) is read only by the commands on its database.
    """
    args = _parser(schema).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    try:
        asyncio.run(_run(schema, settings, args))
    except (MigrationError, CommandError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


async def _run(
    schema: ServiceSchema, settings: Callable[[], ServiceSettings], args: argparse.Namespace
) -> None:
    config = migration_config(schema)
    if args.command == "history":
        command.history(config, verbose=True)
    elif args.command == "revision":
        await _revision(config, args)
    elif args.command == "check":
        await _on_scratch_database(config, args.postgres_admin_url, command.check)
    else:
        if args.url:
            await _on_database(config, with_async_driver(args.url), _action(args))
            return
        with service_database(settings(), schema.service) as settings_with_database:
            await _on_database(
                config, settings_with_database.resolved_database_url(), _action(args)
            )


def _action(args: argparse.Namespace) -> Action:
    if args.command == "upgrade" and args.revision == "head":
        return adopt_then_upgrade
    actions: dict[str, Action] = {
        "upgrade": lambda config: command.upgrade(config, args.revision),
        "downgrade": lambda config: command.downgrade(config, args.revision),
        "stamp": lambda config: command.stamp(config, args.revision),
        "current": lambda config: command.current(config, verbose=True),
    }
    return actions[args.command]


async def _revision(config: Config, args: argparse.Namespace) -> None:
    rev_id = next_revision_id(config)
    if not args.autogenerate:
        command.revision(config, message=args.message, rev_id=rev_id)
        return

    def autogenerate(config: Config) -> None:
        command.revision(
            config,
            message=args.message,
            autogenerate=True,
            rev_id=rev_id,
            process_revision_directives=skip_empty_autogenerate,
        )

    await _on_scratch_database(config, args.postgres_admin_url, autogenerate)


def next_revision_id(config: Config) -> str | None:
    """The head's number plus one (``0001`` first); None (a random id) if heads are not numbers."""
    heads = ScriptDirectory.from_config(config).get_heads()
    if not heads:
        return "0001"
    if len(heads) == 1 and heads[0].isdigit():
        return f"{int(heads[0]) + 1:04d}"
    return None


async def _on_scratch_database(config: Config, admin_url: str | None, action: Action) -> None:
    async with scratch_database(admin_url) as url:

        def upgrade_then(config: Config) -> None:
            command.upgrade(config, "head")
            action(config)

        await _on_database(config, url, upgrade_then)


async def _on_database(config: Config, url: str, action: Action) -> None:
    engine = create_engine(url, pool_size=1)
    try:
        await run_alembic(engine, config, action)
    finally:
        await engine.dispose()


def _parser(schema: ServiceSchema) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=schema.command,
        description=f"The {schema.service} service's migrations.\n\n{_COMMANDS}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, default in (("upgrade", "head"), ("downgrade", None), ("stamp", None)):
        sub = commands.add_parser(name, help=f"{name} the service's database")
        sub.add_argument("revision", nargs="?" if default else None, default=default)
        sub.add_argument("--url", help="database URL (default: the service's own)")
    current = commands.add_parser("current", help="the database's revision")
    current.add_argument("--url", help="database URL (default: the service's own)")
    commands.add_parser("history", help="the revisions, newest first")
    revision = commands.add_parser("revision", help="write a new migration script")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--autogenerate", action="store_true", help="compare with the models")
    check = commands.add_parser("check", help="fail if the models differ from the migrations")
    for sub in (revision, check):
        sub.add_argument(
            "--postgres-admin-url",
            default=None,
            help="server for the scratch database (default: a throw-away embedded one)",
        )
    return parser
