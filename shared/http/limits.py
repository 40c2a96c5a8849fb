"""How much one request may send: the body limits every service applies before reading."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024

MAX_BODY_BYTES = 2 * MIB
"""A JSON request. The largest commands (a decision of 2,000 awards, a batch of 1,000
registrations, a proposal of 1,000 nominees) stay well below."""

MAX_UPLOAD_BYTES = 6 * MIB
"""A request that uploads a file (the spreadsheet imports): their 5 MB file and the form
around it. A file over 5 MB but under this is refused by the import itself."""


@dataclass(frozen=True)
class RequestLimits:
    """The body limits of one service: ``upload_bytes`` for routes that take a file,
    ``body_bytes`` for every other request."""

    body_bytes: int = MAX_BODY_BYTES
    upload_bytes: int = MAX_UPLOAD_BYTES
