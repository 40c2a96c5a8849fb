"""Read model of the awards service's decisions (tables, appliers)."""

from services.awards.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
