"""Each service's migrations as the service hands them over, by service name (for tests)."""

from __future__ import annotations

from collections.abc import Callable

from services.awards import migrations as awards
from services.registry import migrations as registry
from services.reporting import migrations as reporting
from shared.database.migrations import ServiceSchema

SCHEMAS: dict[str, Callable[[], ServiceSchema]] = {
    "registry": registry.schema,
    "awards": awards.schema,
    "reporting": reporting.schema,
}
"""The services that own a database, and how each gives its schema."""


def schema_of(service: str) -> ServiceSchema:
    """The schema ``service`` hands to ``shared.database.migrations``."""
    return SCHEMAS[service]()
