"""Read model of the awards service's proposals (tables, appliers)."""

from services.awards.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
