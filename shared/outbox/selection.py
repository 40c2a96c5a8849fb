"""Which of a store's streams one relay publishes: those whose id starts with a prefix, or the
others.

One store may feed several topics: the national registry publishes the ministry's ownership
assignments (streams ``ownership-<agency>``) to the ownership topic and everything else to its
registry topic, with one relay each. Each relay reads, counts and checks against its topic only
the streams it selects, so its loss check still compares like with like.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, not_, true

from shared.eventstore.tables import events


@dataclass(frozen=True)
class StreamSelection:
    """The streams whose id starts with ``prefix`` (``include``), or all the others."""

    prefix: str
    include: bool

    def __post_init__(self) -> None:
        if not self.prefix:
            raise ValueError("a stream selection needs a non-empty prefix")

    def selects(self, stream_id: str) -> bool:
        return stream_id.startswith(self.prefix) == self.include

    def __str__(self) -> str:
        return f"streams {'' if self.include else 'not '}starting with {self.prefix!r}"


def selected(selection: StreamSelection | None) -> ColumnElement[bool]:
    """The SQL condition on ``events`` of ``selection`` (every stream: ``None``)."""
    if selection is None:
        return true()
    matching = events.c.stream_id.startswith(selection.prefix, autoescape=True)
    return matching if selection.include else not_(matching)
