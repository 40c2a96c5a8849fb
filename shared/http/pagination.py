"""Paginated lists: ``limit``/``offset`` in, ``{items, total, limit, offset}`` out."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (at most 500).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total number of items that match."""

    items: list[T]
    total: int = Field(description="Items matching the filters, on every page.")
    limit: int
    offset: int
