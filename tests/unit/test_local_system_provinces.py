"""``scripts/run --province NAME=AGENCY[,AGENCY…]``: a province's own instance beside the
national services, and the ministry's assignment recorded through the national registry."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from shared.auth import verify_token
from tooling import local_system
from tooling.ownership import Assignment, AssignmentRefused, admin_token, assign


def test_provinces_get_their_agencies_and_ports_in_turn() -> None:
    first, second = local_system.parse_provinces(["sct-01=01", "sct-79=79, SCT34-79"])

    assert (first.instance, first.agencies, first.ports) == (
        "sct-01",
        ("01",),
        {"registry": 8011, "awards": 8012},
    )
    assert (second.instance, second.agencies, second.ports) == (
        "sct-79",
        ("79", "SCT34-79"),
        {"registry": 8021, "awards": 8022},
    )
    assert set(first.ports.values()).isdisjoint(local_system.SERVICES.values())


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["sct-01"], "NAME=AGENCY"),
        (["sct-01="], "NAME=AGENCY"),
        (["SCT 01=01"], "not an instance name"),
        (["national=01"], "national"),
        (["sct-01=01", "sct-02=01"], "one province"),
    ],
)
def test_a_province_flag_that_makes_no_sense_is_refused(given: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        local_system.parse_provinces(given)


def test_the_province_flag_is_parsed_and_the_default_run_has_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[local_system.Province]] = []

    async def run(*args: object) -> None:
        seen.append(list(args[3]))  # type: ignore[call-overload]

    monkeypatch.setattr(local_system, "run", run)
    assert local_system.main(["--no-demo"]) == 0
    assert local_system.main(["--province", "sct-01=01"]) == 0
    assert seen[0] == []
    assert [p.instance for p in seen[1]] == ["sct-01"]


def test_the_instances_users_are_made_up_once(tmp_path: Path) -> None:
    data_dir = tmp_path
    first = local_system.kafka_users(data_dir, ["sct-01-registry", "sct-01-awards"])
    again = local_system.kafka_users(data_dir, ["sct-01-registry", "sct-01-awards"])
    assert {"registry", "sct-01-registry", "sct-01-awards"} <= set(first)
    assert first["sct-01-awards"].password == again["sct-01-awards"].password
    assert local_system.kafka_users(data_dir)["registry"].password == first["registry"].password


def _registry(
    status: int, body: dict[str, object]
) -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    asked: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return httpx.Response(status, json=body)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer)), asked


SECRET = SecretStr("unit-test-secret-of-at-least-32-bytes!!")


async def test_the_assignment_is_asked_as_a_ministry_admin_with_a_stable_key() -> None:
    client, asked = _registry(201, {"agency_code": "01", "version": 1, "event_ids": []})
    wanted = Assignment("01", "sct-01", "Quyết định số 1/QĐ-BCT")
    async with client:
        assert await assign(client, "http://registry", wanted, admin_token(SECRET)) is True
    (request,) = asked
    assert request.url.path == "/v1/agencies/01/ownership"
    assert json.loads(request.content) == {
        "instance": "sct-01",
        "legal_basis": "Quyết định số 1/QĐ-BCT",
    }
    principal = verify_token(SECRET, request.headers["Authorization"].split()[1], "tdkt")
    assert "admin" in principal.roles
    assert request.headers["Idempotency-Key"] == wanted.idempotency_key
    assert Assignment("01", "sct-01", "Quyết định số 1/QĐ-BCT").idempotency_key == (
        wanted.idempotency_key
    )
    assert Assignment("01", "sct-79").idempotency_key != wanted.idempotency_key


async def test_an_agency_the_instance_serves_already_counts_as_assigned() -> None:
    errors = [{"field": "body.instance", "msg": "đã phục vụ"}]
    client, _ = _registry(422, {"status": 422, "errors": errors})
    async with client:
        assert await assign(client, "http://r", Assignment("01", "sct-01"), "t") is False


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (409, {"status": 409, "detail": "chuyển dữ liệu giữa các hệ thống chưa được hỗ trợ"}),
        (422, {"status": 422, "errors": [{"field": "body.legal_basis", "msg": "x"}]}),
        (403, {"status": 403}),
    ],
)
async def test_any_other_refusal_is_reported(status: int, body: dict[str, object]) -> None:
    client, _ = _registry(status, body)
    async with client:
        with pytest.raises(AssignmentRefused) as refused:
            await assign(client, "http://r", Assignment("01", "sct-01"), "t")
    assert refused.value.status == status
    assert str(status) in str(refused.value)
