"""Read model of the registry's blocs (tables, appliers, queries)."""

from services.registry.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
