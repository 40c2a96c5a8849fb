"""Agencies' lifetimes: when an agency ceased and who continues it, kept by every service
that writes in an agency's name, so that a ceased agency records nothing dated after its end.

:mod:`.tables` defines the table, :mod:`.projection` keeps it from the registry's events,
:mod:`.guard` refuses a command dated after its agency's end.
"""

from shared.lifetimes.guard import AgencyCeasedError, LifetimeGuard, ceased_message
from shared.lifetimes.projection import LIFETIME_EVENT_TYPES, apply_lifetimes
from shared.lifetimes.tables import lifetimes_table

__all__ = [
    "LIFETIME_EVENT_TYPES",
    "AgencyCeasedError",
    "LifetimeGuard",
    "apply_lifetimes",
    "ceased_message",
    "lifetimes_table",
]
