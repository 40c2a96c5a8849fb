"""Read model of the registry's ratings (tables, appliers, queries)."""

from services.registry.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
