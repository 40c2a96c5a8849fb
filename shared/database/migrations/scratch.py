"""A throw-away PostgreSQL database to generate and check revisions against."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from shared.settings import with_async_driver

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@asynccontextmanager
async def scratch_database(admin_url: str = DEFAULT_ADMIN_URL) -> AsyncIterator[str]:
    """Create an empty database on the server of ``admin_url``; yield its URL; drop it."""
    name = f"tdkt_migrations_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(with_async_driver(admin_url), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(with_async_driver(admin_url)).set(database=name)
            yield url.render_as_string(hide_password=False)
        finally:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
