"""Read model of the registry's directory (tables, appliers, queries)."""

from services.registry.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
