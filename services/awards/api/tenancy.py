"""The 422 answered when a command names units, members, agencies or campaigns of another
agency: every such field at once, each with the officer's message in Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from services.awards.domain.tenancy import NamesAnotherAgency
from shared.http.problems import ProblemError

OTHER_AGENCY = "urn:tdkt:problem:other-agency"


def other_agency_problem(refused: NamesAnotherAgency) -> ProblemError:
    """422 of type ``urn:tdkt:problem:other-agency``: ``errors`` names each field
    (``body.awards.2.recipient_id``), its rule (``type``), the agency it belongs to and the
    officer's message (``msg``, Vietnamese); ``detail`` is in English."""
    errors = [
        {
            "field": f"body.{reference.field}",
            "msg": reference.message_vi,
            "type": reference.code,
            "agency": reference.owner,
        }
        for reference in refused.references
    ]
    return ProblemError(
        refused.message,
        status=422,
        title="Unprocessable Content",
        type=OTHER_AGENCY,
        extra={"errors": errors},
    )


@contextmanager
def refusing_other_agencies() -> Iterator[None]:
    """Answer :class:`NamesAnotherAgency` raised within as :func:`other_agency_problem`."""
    try:
        yield
    except NamesAnotherAgency as refused:
        raise other_agency_problem(refused) from None
