"""Read model of the registry's registrations (tables, appliers, queries)."""

from services.registry.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
