"""A throw-away PostgreSQL database to generate and check revisions against."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from shared.database.embedded import EPHEMERAL_SETTINGS, EmbeddedPostgres
from shared.settings import with_async_driver


@asynccontextmanager
async def scratch_database(admin_url: str | None = None) -> AsyncIterator[str]:
    """Create an empty database on the server of ``admin_url`` (default: a throw-away embedded
    PostgreSQL); yield its URL; drop it."""
    if admin_url is None:
        with tempfile.TemporaryDirectory(prefix="tdkt-scratch-") as directory:
            server = EmbeddedPostgres(Path(directory) / "data", settings=EPHEMERAL_SETTINGS)
            await asyncio.to_thread(server.start)
            try:
                async with scratch_database(server.admin_url) as url:
                    yield url
            finally:
                await asyncio.to_thread(server.stop)
        return
    name = f"tdkt_migrations_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(with_async_driver(admin_url), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            scratch = make_url(with_async_driver(admin_url)).set(database=name)
            yield scratch.render_as_string(hide_password=False)
        finally:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
