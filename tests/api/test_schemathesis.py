"""Schemathesis against each service's app, in process: whatever a caller sends, no server
error and no response the OpenAPI document does not describe.

Each service runs on its own migrated database; Schemathesis loads the app's OpenAPI document
and runs its lifespan on its own event loop. For every operation, Hypothesis draws a fixed
number of positive and negative cases (``EXAMPLES``, derandomized: a run is reproducible),
sent in turn as an officer and as an admin of one agency. Positive cases are steered to that
agency and to a few real resources (tests.harness.fuzzing), so they reach the domain instead
of stopping at 403 or 404. Every operation is tried; the test lists every failure.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from pydantic import SecretStr
from schemathesis import GenerationMode
from schemathesis.python import asgi

from services.awards.api.app import create_app as create_awards_app
from services.awards.settings import AwardsSettings
from services.registry.api.app import create_app as create_registry_app
from services.registry.settings import RegistrySettings
from services.reporting.api.app import create_app as create_reporting_app
from services.reporting.settings import ReportingSettings
from tests.harness.fuzzing import AGENCY, seed_awards, seed_registry
from tests.harness.infra import unique_hex
from tests.harness.service_api import bearer

# The apps' own threads (Kafka clients) draw from `random` while Hypothesis draws a case.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")

SECRET = "schemathesis-tests-secret-of-32-bytes-or-more"
EXAMPLES = 5
"""Cases per operation and generation mode (positive, negative)."""

CONFIG = schemathesis.Config.from_dict(
    # Unknown query parameters and headers are ignored, as HTTP APIs do: not negative cases.
    {"generation": {"allow-extra-parameters": False}}
)
SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[hypothesis.Phase.generate],
    suppress_health_check=list(hypothesis.HealthCheck),
)
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.negative_data_rejection,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CALLERS = {"officer": ("officer",), "admin": ("admin",)}
CALLERS_IN_TURN = sorted(CALLERS)

Tally = Counter[str]
Seed = Callable[[FastAPI], dict[str, Any]]


@dataclass
class Target:
    """A running app, the agency its callers act for, and path parameters naming real
    resources of that agency."""

    app: FastAPI
    agency: str
    seeds: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    """Operations and cases tried, what came back, printed when the module ends (``-s``)."""
    counts: Tally = Counter()
    started = time.monotonic()
    yield counts
    print(f"\nschemathesis: {dict(sorted(counts.items()))} in {time.monotonic() - started:.1f} s")


def _running(app: FastAPI, agency: str, seed: Seed) -> Iterator[Target]:
    try:
        yield Target(app, agency, seed(app))
    finally:
        asgi.shutdown_lifespans()


def _seeded(seed: Callable[[FastAPI, dict[str, str]], dict[str, Any]]) -> Seed:
    return lambda app: seed(app, bearer(SECRET, AGENCY))


@pytest.fixture(scope="module")
async def registry(make_migrated_database: Any, kafka_bootstrap: str) -> AsyncIterator[Target]:
    settings = RegistrySettings(
        database_url=await make_migrated_database("registry"),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=f"t{unique_hex()}",
        jwt_secret=SecretStr(SECRET),
    )
    for target in _running(create_registry_app(settings), AGENCY, _seeded(seed_registry)):
        yield target


@pytest.fixture(scope="module")
async def awards(make_migrated_database: Any, kafka_bootstrap: str) -> AsyncIterator[Target]:
    settings = AwardsSettings(
        database_url=await make_migrated_database("awards"),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=f"t{unique_hex()}",
        jwt_secret=SecretStr(SECRET),
    )
    for target in _running(create_awards_app(settings), AGENCY, _seeded(seed_awards)):
        yield target


@pytest.fixture(scope="module")
async def reporting(make_migrated_database: Any, kafka_bootstrap: str) -> AsyncIterator[Target]:
    prefix = f"t{unique_hex()}"
    settings = ReportingSettings(
        database_url=await make_migrated_database("reporting"),
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=prefix,
        consumer_group=f"{prefix}-reporting",
        jwt_secret=SecretStr(SECRET),
    )
    for target in _running(create_reporting_app(settings), "01", lambda _: {}):
        yield target


def fuzz(target: Target, tally: Tally) -> list[str]:
    """Every operation's cases, in both modes; the failures, one line per operation and mode.

    An operation that takes no input has one case to send, a positive one."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", target.app, config=CONFIG)
    service = schema.raw_schema["info"]["title"]
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tally[f"{service}: operations"] += 1
        declared = schema.raw_schema["paths"][operation.path][operation.method.lower()]
        takes_input = bool(declared.get("parameters") or declared.get("requestBody"))
        modes = MODES if takes_input else MODES[:1]
        for mode in modes:
            try:
                _run(operation, mode, EXAMPLES if takes_input else 1, target, tally)
            except (Exception, BaseExceptionGroup) as error:  # a FailureGroup is a base group
                failures.append(f"{operation.label} ({mode.value}): {error}")
    return failures


def _run(operation: Any, mode: GenerationMode, examples: int, target: Target, tally: Tally) -> None:
    @hypothesis.settings(SETTINGS, max_examples=examples)
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def send(case: schemathesis.Case) -> None:
        _call_and_validate(case, target, tally)

    send()


def _call_and_validate(case: schemathesis.Case, target: Target, tally: Tally) -> None:
    """Send the case as the next caller in turn (officer, admin, …) and run the checks."""
    service = case.operation.schema.raw_schema["info"]["title"]
    tally[f"{service}: cases"] += 1
    caller = CALLERS_IN_TURN[tally[f"{service}: cases"] % len(CALLERS_IN_TURN)]
    _steer(case, target)
    headers = bearer(SECRET, target.agency, CALLERS[caller])
    try:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
    except (Exception, BaseExceptionGroup):
        tally[f"{service}: failures"] += 1
        raise
    tally[f"{service}: {response.status_code // 100}xx"] += 1


def _steer(case: schemathesis.Case, target: Target) -> None:
    """A positive case acts for the target's agency and names its seeded resources (a negative
    case is left as generated: steering could mend what it breaks on purpose)."""
    meta = case.meta
    if meta is None or meta.generation.mode is not GenerationMode.POSITIVE:
        return
    if case.path_parameters:
        seeds = target.seeds
        case.path_parameters = {k: seeds.get(k, v) for k, v in case.path_parameters.items()}
    for container in ("query", "body"):
        values = getattr(case, container)
        if isinstance(values, dict) and "agency" in values:
            setattr(case, container, {**values, "agency": target.agency})


def test_registry_answers_every_input(registry: Target, tally: Tally) -> None:
    failures = fuzz(registry, tally)
    assert not failures, "\n\n".join(failures)


def test_awards_answers_every_input(awards: Target, tally: Tally) -> None:
    failures = fuzz(awards, tally)
    assert not failures, "\n\n".join(failures)


def test_reporting_answers_every_input(reporting: Target, tally: Tally) -> None:
    failures = fuzz(reporting, tally)
    assert not failures, "\n\n".join(failures)


_PARAMETER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("service", ["registry", "awards", "reporting"])
def test_unexpected_methods_name_the_allowed_ones(
    service: str, request: pytest.FixtureRequest
) -> None:
    """OPTIONS on every path is a 405 whose ``Allow`` lists exactly the documented methods."""
    target: Target = request.getfixturevalue(service)
    wrong: dict[str, tuple[int, str | None]] = {}
    with asgi.get_client(target.app) as client:
        for template, methods in target.app.openapi()["paths"].items():
            path = _PARAMETER.sub(lambda found: str(target.seeds.get(found[1], "x")), template)
            response = client.options(path, headers=bearer(SECRET, target.agency))
            allowed = ", ".join(sorted(method.upper() for method in methods))
            if (response.status_code, response.headers.get("Allow")) != (405, allowed):
                wrong[template] = (response.status_code, response.headers.get("Allow"))
    assert wrong == {}
