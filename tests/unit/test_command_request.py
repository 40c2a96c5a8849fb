"""What a command route takes besides its body: the caller and the command headers."""

from __future__ import annotations

import uuid

import pytest
from pydantic import BaseModel, SecretStr

from shared.application.idempotency import FingerprintKey, IdempotencyRequest
from shared.auth import ForbiddenError, Principal
from shared.http.commands import CommandRequest
from shared.http.problems import NotFoundProblem, ProblemError

OFFICER = Principal(subject="officer-1", agency="06", roles=frozenset({"officer"}))
KEY = FingerprintKey(SecretStr("a-test-secret-of-thirty-two-bytes!"))
CORRELATION = uuid.UUID("5f0c6c1e-0000-4000-8000-000000000001")


class Body(BaseModel):
    reason: str


def test_a_request_without_if_match_fingerprints_what_it_asks() -> None:
    request = CommandRequest(OFFICER, KEY, CORRELATION, "key-1")

    idempotency = request.idempotency("06", "launch-campaign", Body(reason="x"))

    expected = KEY.fingerprint("launch-campaign", Body(reason="x"))
    assert idempotency == IdempotencyRequest("06", "key-1", expected)
    assert request.expected_version is None


def test_a_conditional_request_fingerprints_its_if_match_too() -> None:
    request = CommandRequest(OFFICER, KEY, None, "key-2", '"3"', conditional=True)

    terms = request.terms("06", "review", "c-1", Body(reason="x"))

    expected = KEY.fingerprint("review", "c-1", Body(reason="x"), '"3"')
    assert terms.idempotency == IdempotencyRequest("06", "key-2", expected)
    assert terms.expected_version == 3
    assert (terms.context.agency, terms.context.actor) == ("06", "officer-1")


def test_without_a_key_there_is_no_idempotency_and_a_new_correlation_id() -> None:
    request = CommandRequest(OFFICER, KEY, None, None, None, conditional=True)

    terms = request.terms("06", "close", "c-1")

    assert terms.idempotency is None
    assert terms.expected_version is None
    assert terms.context.correlation_id != request.terms("06", "close").context.correlation_id
    assert request.context("06").correlation_id is not None
    assert (
        CommandRequest(OFFICER, KEY, CORRELATION, None).context("06").correlation_id == CORRELATION
    )


def test_an_if_match_that_is_no_version_is_a_bad_request() -> None:
    request = CommandRequest(OFFICER, KEY, None, None, "yesterday", conditional=True)

    with pytest.raises(ProblemError) as problem:
        request.terms("06", "close", "c-1")
    assert problem.value.status == 400


def test_a_writable_agency_is_the_existing_resources_own() -> None:
    request = CommandRequest(OFFICER, KEY, None, None)

    assert request.writable_agency("06", "campaign c-1") == "06"
    with pytest.raises(NotFoundProblem, match="no campaign c-1"):
        request.writable_agency(None, "campaign c-1")
    with pytest.raises(ForbiddenError):
        request.writable_agency("01", "campaign c-1")
