"""Who may write where: every write route of the registry and the awards service × every kind
of caller, and the status each one gets (issue 12, item 3).

An agency's data is written by its own officers (and integrators and admins: the writer roles)
only. An officer of another province, an officer of the ministry, an analyst (read-only) of
the agency itself and the system's admin (who sits at the ministry and registers agencies) are
refused with 403 and record nothing. What a permitted write may *name* — units, members,
agencies and campaigns of other agencies — is the domain's tenancy rule, tested in
``tests/api/awards/test_tenancy_api.py``.

The routes and their set-ups are those of ``test_idempotent_replays.py``: each route is set up
once on a fresh service, every refused caller sends the route's request, then the one caller
permitted sends it and gets the route's status.
"""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from services.awards.api.app import create_app as awards_app
from services.awards.settings import AwardsSettings
from services.registry.api.app import create_app as registry_app
from services.registry.settings import RegistrySettings
from shared.auth import Role
from tests.api.test_idempotent_replays import CASES, HA_NOI, Call, Case, recorded
from tests.harness.service_api import ServiceApi

MINISTRY = "BCT"
CALLERS = ("owner officer", "other officer", "ministry officer", "analyst", "admin")
"""Who calls: an officer of the agency the data belongs to, an officer of another province,
an officer of a ministry unit, an analyst of the agency itself, the system's admin."""

Statuses = tuple[int, int, int, int, int]
OWN_ONLY_201: Statuses = (201, 403, 403, 403, 403)
OWN_ONLY_200: Statuses = (200, 403, 403, 403, 403)
ADMIN_ONLY: Statuses = (403, 403, 403, 403, 201)

#: route → (method, path, statuses for CALLERS in order)
MATRIX: dict[str, tuple[str, str, Statuses]] = {
    # Registry (data of agency 06).
    "register agency": ("POST", "/v1/agencies", ADMIN_ONLY),
    "continue agency": ("POST", "/v1/agencies/{agency_code}/continuation", ADMIN_ONLY),
    "merge agencies": ("POST", "/v1/agencies/{agency_code}/merger", ADMIN_ONLY),
    "cease agency": ("POST", "/v1/agencies/{agency_code}/cessation", ADMIN_ONLY),
    "transfer member": ("POST", "/v1/members/{member_id}/transfer", ADMIN_ONLY),
    "assign ownership": ("POST", "/v1/agencies/{agency_code}/ownership", ADMIN_ONLY),
    "launch campaign": ("POST", "/v1/campaigns", OWN_ONLY_201),
    "review campaign": ("POST", "/v1/campaigns/{campaign_id}/reviews", OWN_ONLY_201),
    "close campaign": ("POST", "/v1/campaigns/{campaign_id}/close", OWN_ONLY_200),
    "register initiative": ("POST", "/v1/initiatives", OWN_ONLY_201),
    "recognise initiative": (
        "POST",
        "/v1/initiatives/{initiative_id}/recognitions",
        OWN_ONLY_201,
    ),
    "submit registration": ("POST", "/v1/registrations", OWN_ONLY_201),
    "approve registration": (
        "POST",
        "/v1/registrations/{registration_id}/approve",
        OWN_ONLY_200,
    ),
    "return registration": ("POST", "/v1/registrations/{registration_id}/return", OWN_ONLY_200),
    "resubmit registration": (
        "POST",
        "/v1/registrations/{registration_id}/resubmit",
        OWN_ONLY_200,
    ),
    "registrations batch": ("POST", "/v1/registrations/batch", OWN_ONLY_201),
    "registrations import xlsx": ("POST", "/v1/registrations/import", OWN_ONLY_201),
    "registrations import csv": ("POST", "/v1/registrations/import", OWN_ONLY_201),
    "form bloc": ("POST", "/v1/blocs", OWN_ONLY_201),
    "sign pact": ("POST", "/v1/blocs/{bloc_id}/pacts", OWN_ONLY_201),
    "record rating": ("POST", "/v1/ratings", OWN_ONLY_201),
    "record unit rating": ("POST", "/v1/ratings/units", OWN_ONLY_201),
    "place discipline hold": ("POST", "/v1/discipline-holds", OWN_ONLY_201),
    "lift discipline hold": ("POST", "/v1/discipline-holds/{hold_id}/lift", OWN_ONLY_200),
    "add unit": ("POST", "/v1/units", OWN_ONLY_201),
    "rename unit": ("PATCH", "/v1/units/{unit_id}", OWN_ONLY_200),
    "add member": ("POST", "/v1/members", OWN_ONLY_201),
    "move member": ("POST", "/v1/members/{member_id}/move", OWN_ONLY_200),
    "erase member": ("DELETE", "/v1/members/{member_id}/personal-data", OWN_ONLY_200),
    # Awards (data of agency 01).
    "submit proposal": ("POST", "/v1/proposals", OWN_ONLY_201),
    "review proposal": ("POST", "/v1/proposals/{proposal_id}/reviews", OWN_ONLY_201),
    "forward proposal": ("POST", "/v1/proposals/{proposal_id}/forward", OWN_ONLY_200),
    "return proposal": ("POST", "/v1/proposals/{proposal_id}/return", OWN_ONLY_200),
    "resubmit proposal": ("POST", "/v1/proposals/{proposal_id}/resubmit", OWN_ONLY_200),
    "issue decision": ("POST", "/v1/decisions", OWN_ONLY_201),
    "revoke decision": ("POST", "/v1/decisions/{decision_id}/revocations", OWN_ONLY_201),
    "decisions import xlsx": ("POST", "/v1/decisions/import", OWN_ONLY_201),
    "decisions import csv": ("POST", "/v1/decisions/import", OWN_ONLY_201),
    "decisions import, nothing new": ("POST", "/v1/decisions/import", OWN_ONLY_200),
    "set eligibility policy": ("PUT", "/v1/agencies/{agency}/policy", OWN_ONLY_200),
}


async def set_policy(_: ServiceApi) -> tuple[Call, Call]:
    call = Call("PUT", f"/v1/agencies/{HA_NOI}/policy", {"cstdcs_cap_share": "0.15"})
    return call, call


ROUTES = [*CASES, Case("set eligibility policy", "awards", set_policy, 200, agency=HA_NOI)]


def callers(service: str) -> dict[str, tuple[str, tuple[Role, ...]]]:
    """Each caller's agency and roles; the registry's routes write agency 06's data, the
    awards service's agency 01's."""
    home, other = ("06", "01") if service == "registry" else ("01", "06")
    return {
        "owner officer": (home, ("officer",)),
        "other officer": (other, ("officer",)),
        "ministry officer": (MINISTRY, ("officer",)),
        "analyst": (home, ("analyst",)),
        "admin": (MINISTRY, ("admin",)),
    }


def owner_of(case: Case) -> str:
    """The agency whose data the route writes (the form field of an import)."""
    return "06" if case.service == "registry" else HA_NOI


@pytest.fixture(params=ROUTES, ids=[route.name for route in ROUTES])
def case(request: pytest.FixtureRequest) -> Case:
    found: Case = request.param
    return found


@pytest.fixture
def api(case: Case, request: pytest.FixtureRequest) -> ServiceApi:
    found: ServiceApi = request.getfixturevalue(f"{case.service}_api")
    return found


async def written(api: ServiceApi, case: Case) -> tuple[int, int]:
    """What the service holds: its events, and the version of agency 01's policy (a write
    that records no event)."""
    if case.service != "awards":
        return await recorded(api, case), 0
    path = f"/v1/agencies/{HA_NOI}/policy"
    policy = await api.client.get(path, headers=api.headers(HA_NOI, ("analyst",)))
    return await recorded(api, case), int(policy.json()["version"])


async def test_each_caller_gets_the_matrix_status_and_refused_ones_record_nothing(
    case: Case, api: ServiceApi
) -> None:
    call, _ = await case.prepare(api)
    expected = dict(zip(CALLERS, MATRIX[case.name][2], strict=True))
    who = callers(case.service)
    before = await written(api, case)

    answers: dict[str, int] = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] != 403):  # the refused first
        if expected[caller] != 403:
            assert await written(api, case) == before, "a refused caller wrote something"
        agency, roles = who[caller]
        response = await call.send(api.client, api.headers(agency, roles), owner_of(case))
        answers[caller] = response.status_code
        if response.status_code == 403:
            assert response.headers["content-type"] == "application/problem+json"

    assert answers == expected


def test_the_matrix_covers_every_write_route_of_both_services() -> None:
    secret = SecretStr("matrix-tests-secret-of-32-bytes-or-more")
    apps = (
        awards_app(AwardsSettings(jwt_secret=secret)),
        registry_app(RegistrySettings(jwt_secret=secret)),
    )
    writes = {
        (method.upper(), path)
        for app in apps
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }

    assert {(method, path) for method, path, _ in MATRIX.values()} == writes
    assert sorted(MATRIX) == sorted(route.name for route in ROUTES)


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_exactly_one_kind_of_caller_writes_each_route(route: str) -> None:
    _, _, statuses = MATRIX[route]
    assert sum(status != 403 for status in statuses) == 1
