"""Base of the typed events: the envelope with a typed payload instead of a dict.

The envelope's fields are :class:`shared.envelope.EnvelopeFields`, the same as the plain
:class:`~shared.envelope.EventEnvelope`'s; each subclass adds ``event_type`` and
``schema_version`` pinned to literals and a typed ``payload``, which makes ``event_type`` a
discriminator for the union of all events.
"""

from __future__ import annotations

from shared.envelope import EnvelopeFields


class EventEnvelopeTyped(EnvelopeFields):
    """One event as consumers receive it: the envelope around a validated payload."""
