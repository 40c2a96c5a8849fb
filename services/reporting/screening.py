"""What the reporting service refuses to count, whoever managed to publish it.

The live consumer, the rebuild's consumer and the rebuild's worker that stages award events
all apply :func:`screen`, so a refused event is missing from the live statistics and from a
rebuild alike (it waits on the dead-letter topic; ``tdkt replay-dlq`` applies it once the
catalogue knows its award).
"""

from __future__ import annotations

from shared.consumer import IncomingRecord, headers_match_envelope
from shared.events import AnyEvent, AwardGranted
from shared.reference.awards import AWARDS


def award_in_catalogue(event: AnyEvent, record: IncomingRecord) -> str | None:
    """An award granted must be one the catalogue knows (forms and eligibility count by it)."""
    payload = event.payload
    if isinstance(payload, AwardGranted) and payload.award_code not in AWARDS:
        return f"award code {payload.award_code!r} is not in the catalogue"
    return None


def screen(event: AnyEvent, record: IncomingRecord) -> str | None:
    """Why ``event`` must not be counted (None: count it)."""
    return headers_match_envelope(event, record) or award_in_catalogue(event, record)
