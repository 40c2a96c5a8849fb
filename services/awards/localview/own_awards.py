"""The service's own award events, kept in the local view beside the registry's facts."""

from services.awards.readmodel.appliers import Appliers

APPLIERS: Appliers = {}
