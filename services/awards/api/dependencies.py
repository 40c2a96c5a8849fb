"""Dependencies every awards route uses: the running service and read connections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection

from services.awards.bootstrap import Awards
from shared.database.engine import connection_for_reads


async def get_awards(request: Request) -> Awards:
    awards: Awards = request.app.state.awards
    return awards


AwardsDep = Annotated[Awards, Depends(get_awards)]


async def read_connection(awards: AwardsDep) -> AsyncIterator[AsyncConnection]:
    """A connection for reads; write routes look things up on their own short connection."""
    async with connection_for_reads(awards.engine) as connection:
        yield connection


ReadConnection = Annotated[AsyncConnection, Depends(read_connection)]
