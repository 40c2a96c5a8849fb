"""Paginated lists: ``limit``/``offset`` in, ``{items, total, limit, offset}`` out."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

T = TypeVar("T")

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
"""Deeper than any list of one agency goes; a bigger offset is a 422, never a database error."""

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (at most {MAX_LIMIT}).")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"Items to skip (at most {MAX_OFFSET:,}).")
]


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total number of items that match."""

    items: list[T]
    total: int = Field(description="Items matching the filters, on every page.")
    limit: int
    offset: int
