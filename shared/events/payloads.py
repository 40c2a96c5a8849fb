"""Index of the payload models: which types exist, at which version, and who publishes them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

from shared.envelope import EventPayload
from shared.events.awards import AWARDS_PAYLOADS
from shared.events.registry import REGISTRY_HISTORIC_PAYLOADS, REGISTRY_PAYLOADS

Service = Literal["registry", "awards"]
"""A producing service; each has one topic."""

PAYLOADS: dict[str, type[EventPayload]] = {
    p.event_type: p for p in (*REGISTRY_PAYLOADS, *AWARDS_PAYLOADS)
}
"""Current payload model of every event type."""

PAYLOAD_VERSIONS: Mapping[tuple[str, int], type[EventPayload]] = MappingProxyType(
    {(p.event_type, p.schema_version): p for p in (*PAYLOADS.values(), *REGISTRY_HISTORIC_PAYLOADS)}
)
"""Every known (event type, schema version), current or superseded, and its model."""

CURRENT_VERSIONS: Mapping[str, int] = MappingProxyType(
    {event_type: p.schema_version for event_type, p in PAYLOADS.items()}
)
"""Current schema version of every event type."""

TOPIC_OF: dict[str, Service] = {
    **{p.event_type: "registry" for p in REGISTRY_PAYLOADS},
    **{p.event_type: "awards" for p in AWARDS_PAYLOADS},
}
"""Service (and so topic) that publishes each event type."""
