"""Dependencies every registry route uses: the running registry and read connections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry.bootstrap import Registry
from shared.database.engine import connection_for_reads


async def get_registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]


async def read_connection(registry: RegistryDep) -> AsyncIterator[AsyncConnection]:
    """A connection for the read model (no transaction of its own is committed)."""
    async with connection_for_reads(registry.engine) as connection:
        yield connection


ReadConnection = Annotated[AsyncConnection, Depends(read_connection)]
