"""A mapping grown by small changes without copying what it holds.

The facts a decision is judged by grow by a few entries at a time: each award judged sees the
decision's other awards added (:meth:`Facts.with_awards`), and the folded facts of an agency
grow by each decision recorded. Copying an agency's thousands of awards, rows and streams for
each decision's ten was a tenth of the awards service's CPU per decision.
"""

from __future__ import annotations

from collections.abc import Hashable, ItemsView, Iterator, Mapping, ValuesView
from itertools import chain
from typing import Any, Generic, TypeVar, overload

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class Layered(Mapping[K, V], Generic[K, V]):
    """``base`` read through ``layer``, the changes made since the base was last flattened.

    Growing one copies only its layer. Once the layer holds more entries than the square root
    of the base, growing flattens both into a new base: a growth costs about the square root
    of the whole, amortised, where a copy costs the whole. Iterates in the order a merged
    copy (``{**base, **layer}``) would; equal to any mapping with the same items.
    """

    __slots__ = ("_base", "_layer", "_size")

    def __init__(self, base: Mapping[K, V], layer: Mapping[K, V] | None = None) -> None:
        self._base = base
        self._layer: Mapping[K, V] = layer or {}
        self._size = len(base) + sum(1 for key in self._layer if key not in base)

    def grown(self, changes: Mapping[K, V]) -> Layered[K, V]:
        """This mapping with ``changes`` (new keys, or new values of its keys)."""
        layer = {**self._layer, **changes}
        if len(layer) ** 2 > len(self._base):
            return Layered({**self._base, **layer})
        return Layered(self._base, layer)

    def __getitem__(self, key: K) -> V:
        layer = self._layer
        return layer[key] if key in layer else self._base[key]

    @overload
    def get(self, key: K, /) -> V | None: ...
    @overload
    def get(self, key: K, default: V | T, /) -> V | T: ...
    def get(self, key: K, default: Any = None) -> Any:
        layer = self._layer
        return layer[key] if key in layer else self._base.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._layer or key in self._base

    def __iter__(self) -> Iterator[K]:
        base, layer = self._base, self._layer
        return chain(base, (key for key in layer if key not in base)) if layer else iter(base)

    def __len__(self) -> int:
        return self._size

    # Mapping's own views look every key up again in Python, ten times slower than the
    # base's: the engine looks through every award of an agency once per decision.

    def values(self) -> ValuesView[V]:
        return _Values(self)

    def items(self) -> ItemsView[K, V]:
        return _Items(self)

    def _items(self) -> Iterator[tuple[K, V]]:
        base, layer = self._base, self._layer
        if not layer:
            return iter(base.items())
        changed = ((key, layer.get(key, value)) for key, value in base.items())
        return chain(changed, ((key, v) for key, v in layer.items() if key not in base))


class _Values(ValuesView[V]):
    _mapping: Layered[Any, V]

    def __iter__(self) -> Iterator[V]:
        return (value for _, value in self._mapping._items())


class _Items(ItemsView[K, V]):
    _mapping: Layered[K, V]

    def __iter__(self) -> Iterator[tuple[K, V]]:
        return self._mapping._items()


def layered(mapping: Mapping[K, V]) -> Layered[K, V]:
    """``mapping`` as a :class:`Layered` one (itself if it is one), to grow."""
    return mapping if isinstance(mapping, Layered) else Layered(mapping)
