"""Loading the demo data across instances: each province's agencies on its own instance (its
registry and awards service), every other agency on the national one.

An agency whose history the national instance holds cannot be assigned to a province's
instance, so the provinces' agencies must never be loaded nationally first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tooling.demo.loader import agencies, load


@dataclass(frozen=True)
class InstanceUrls:
    """A province's instance: the agencies it serves and where its two services answer."""

    instance: str
    agencies: tuple[str, ...]
    registry: str
    awards: str


def national_agencies(provinces: Sequence[InstanceUrls], small: bool = False) -> set[str]:
    """The demo agencies no province's instance serves."""
    provincial = {code for province in provinces for code in province.agencies}
    return {spec.code for spec in agencies(small)} - provincial


async def load_across_instances(
    urls: Mapping[str, str],
    provinces: Sequence[InstanceUrls],
    *,
    small: bool = False,
    announce: Any = None,
    **options: Any,
) -> int:
    """Load the national agencies through ``urls``, then each province's through its own
    registry and awards (reporting stays the national one); the HTTP requests sent."""
    only: Collection[str] | None = national_agencies(provinces, small) if provinces else None
    sent = await load(dict(urls), small=small, only=only, **options)
    for province in provinces:
        if announce is not None:
            announce(f"  {', '.join(province.agencies)} on instance {province.instance}")
        own = dict(urls) | {"registry": province.registry, "awards": province.awards}
        sent += await load(own, small=small, only=set(province.agencies), **options)
    return sent
