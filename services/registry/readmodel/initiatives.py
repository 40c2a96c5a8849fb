"""Read model of the registry's initiatives (tables, appliers, queries)."""

from services.registry.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
