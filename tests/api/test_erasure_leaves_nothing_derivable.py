"""Erasure leaves nothing derivable (issue 12, item 6).

An idempotency key is stored with a fingerprint of the request it served. Adding a member
sends their name, placing a discipline hold a note about them: a bare SHA-256 of such a
request, kept after the member's erasure, confirms a guessed name by hashing it. Erasing the
member forgets those fingerprints; what the registry's database holds afterwards matches no
hash of the request, keyed or not, and nowhere holds the name.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from pydantic import SecretStr
from sqlalchemy import text

from services.registry.api.directory_schemas import MemberCreate
from services.registry.api.ratings_schemas import DisciplineHoldCreate
from shared.application.idempotency import FingerprintKey
from tests.harness.registry_api import RegistryApi

BAC_KAN = "06"
NAME = "Nông Thị Thảo"
NOTE = "Khiển trách theo Quyết định số 12/QĐ-SCT ngày 01/3/2019 (Nông Thị Thảo)"


async def write(api: RegistryApi, method: str, path: str, key: str, body: Any = None) -> Any:
    headers = api.headers(BAC_KAN, **{"Idempotency-Key": key})
    response = await api.client.request(method, path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response


async def added_and_held(api: RegistryApi) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A member added with their name, and a hold placed on them with a note, both with keys;
    the member id and the two request bodies."""
    unit = await write(api, "POST", "/v1/units", "unit", {"agency": BAC_KAN, "name": "Văn phòng"})
    member = {
        "agency": BAC_KAN,
        "unit_id": unit.json()["unit_id"],
        "position_group": "official",
        "full_name": NAME,
        "birth_year": 1985,
        "gender": "female",
        "job_title": "Chuyên viên",
    }
    added = await write(api, "POST", "/v1/members", "them-thao", member)
    member_id = added.json()["member_id"]
    hold = {
        "agency": BAC_KAN,
        "subject_kind": "member",
        "subject_id": member_id,
        "from_date": "2019-03-01",
        "note": NOTE,
    }
    await write(api, "POST", "/v1/discipline-holds", "treo-thao", hold)
    return member_id, member, hold


async def stored_fingerprints(api: RegistryApi) -> dict[str, str]:
    async with api.registry.engine.connect() as connection:
        rows = await connection.execute(text("select key, fingerprint from idempotency_keys"))
        return {str(key): str(fingerprint) for key, fingerprint in rows}


async def everything_stored(api: RegistryApi) -> str:
    """Every row of every table of the registry's database, as text."""
    async with api.registry.engine.connect() as connection:
        tables = await connection.scalars(
            text("select tablename from pg_tables where schemaname = current_schema()")
        )
        dumps = []
        for table in list(tables):
            rows = await connection.scalars(text(f'select t::text from "{table}" t'))
            dumps.extend(rows)
    return "\n".join(dumps)


def guesses(operation: str, request: Any) -> set[str]:
    """What someone holding the database could compute from a guessed request: its bare
    SHA-256 (as fingerprinted before), and HMACs under secrets they could guess."""
    return {
        hashlib.sha256(orjson.dumps((operation, request), default=str)).hexdigest(),
        FingerprintKey(SecretStr("")).fingerprint(operation, request),
        FingerprintKey(SecretStr("tdkt-development-secret-change-me-in-production")).fingerprint(
            operation, request
        ),
    }


async def test_after_erasure_no_stored_fingerprint_confirms_a_guessed_request(
    registry_api: RegistryApi,
) -> None:
    member_id, member, hold = await added_and_held(registry_api)
    guessed = guesses("add-member", MemberCreate(**member)) | guesses(
        "place-hold", DisciplineHoldCreate(**hold)
    )

    await write(registry_api, "DELETE", f"/v1/members/{member_id}/personal-data", "xoa-thao")

    stored = await stored_fingerprints(registry_api)
    assert not guessed & {stored["them-thao"], stored["treo-thao"]}
    dump = await everything_stored(registry_api)
    assert NAME not in dump
    assert not any(guess in dump for guess in guessed)


async def test_a_key_of_an_erased_request_answers_no_repeat(registry_api: RegistryApi) -> None:
    member_id, member, _ = await added_and_held(registry_api)
    await write(registry_api, "DELETE", f"/v1/members/{member_id}/personal-data", "xoa-thao")
    headers = registry_api.headers(BAC_KAN, **{"Idempotency-Key": "them-thao"})

    again = await registry_api.client.post("/v1/members", json=member, headers=headers)

    assert again.status_code == 422, again.text
    problem = again.json()
    assert [error["field"] for error in problem["errors"]] == ["header.Idempotency-Key"]
    assert "erased" in problem["detail"]


async def test_replays_still_answer_the_first_answer(registry_api: RegistryApi) -> None:
    """Before the erasure the member's requests replay; after it, the erasure's own does."""
    member_id, member, _ = await added_and_held(registry_api)
    first = await write(registry_api, "POST", "/v1/members", "them-thao", member)
    path = f"/v1/members/{member_id}/personal-data"

    erased = await write(registry_api, "DELETE", path, "xoa-thao")
    again = await write(registry_api, "DELETE", path, "xoa-thao")

    assert first.json()["member_id"] == member_id
    assert (erased.status_code, again.status_code) == (200, 200)
    assert again.json() == erased.json()


async def test_other_members_requests_are_not_forgotten(registry_api: RegistryApi) -> None:
    member_id, _, _ = await added_and_held(registry_api)
    before = await stored_fingerprints(registry_api)

    await write(registry_api, "DELETE", f"/v1/members/{member_id}/personal-data", "xoa-thao")

    after = await stored_fingerprints(registry_api)
    assert after["unit"] == before["unit"]
    assert after["them-thao"] != before["them-thao"]
