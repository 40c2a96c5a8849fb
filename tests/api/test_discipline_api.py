"""Discipline-hold endpoints: success and failure paths; the note stays private."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, insert, select

from services.registry.readmodel.directory_tables import members, units
from services.registry.readmodel.ratings import discipline_hold_notes
from tests.harness.registry_api import RegistryApi

NOTE = "Khiển trách theo Quyết định số 12/QĐ-SCT ngày 01/3/2019"


@pytest.fixture
async def api(registry_api: RegistryApi) -> RegistryApi:
    """The registry with a unit and a member in Bắc Kạn (06) and a member in Hà Nội (01)."""
    member = {"unit_id": "u-vp", "position_group": "official", "erased": False, "version": 1}
    async with registry_api.registry.engine.begin() as connection:
        await connection.execute(
            insert(units).values(unit_id="u-vp", agency="06", name="Văn phòng Sở", version=1)
        )
        await connection.execute(
            insert(members),
            [
                member | {"member_id": "m-thao", "agency": "06"},
                member | {"member_id": "m-hanoi", "agency": "01"},
            ],
        )
    return registry_api


def hold(**changes: Any) -> dict[str, Any]:
    body = {
        "agency": "06",
        "subject_kind": "member",
        "subject_id": "m-thao",
        "from_date": "2019-03-01",
        "note": NOTE,
    }
    return body | changes


async def place(api: RegistryApi, **changes: Any) -> str:
    placed = await api.client.post(
        "/v1/discipline-holds", json=hold(**changes), headers=api.headers()
    )
    assert placed.status_code == 201, placed.text
    return str(placed.json()["hold_id"])


async def lift(api: RegistryApi, hold_id: str, on: str = "2020-02-29", **headers: str) -> Any:
    return await api.client.post(
        f"/v1/discipline-holds/{hold_id}/lift",
        json={"lifted_on": on},
        headers=api.headers(**headers),
    )


async def test_place_then_read_back_with_the_note(api: RegistryApi) -> None:
    placed = await api.client.post("/v1/discipline-holds", json=hold(), headers=api.headers())
    hold_id = placed.json()["hold_id"]
    read = await api.client.get(f"/v1/discipline-holds/{hold_id}", headers=api.headers())

    assert placed.status_code == 201
    assert placed.headers["ETag"] == '"1"'
    assert placed.headers["Location"] == f"/v1/discipline-holds/{hold_id}"
    assert read.json() | {"hold_id": "-"} == {
        "hold_id": "-",
        "agency": "06",
        "subject_kind": "member",
        "subject_id": "m-thao",
        "from_date": "2019-03-01",
        "to_date": None,
        "lifted": False,
        "note": NOTE,
        "version": 1,
    }


async def test_the_note_is_never_in_the_event(api: RegistryApi) -> None:
    hold_id = await place(api)
    [event] = await api.registry.store.read_stream(f"discipline-hold-{hold_id}")

    assert event.event_type == "DisciplineHoldPlaced"
    assert "Khiển trách" not in event.model_dump_json()


async def test_analysts_and_integrators_read_the_hold_without_its_note(api: RegistryApi) -> None:
    hold_id = await place(api)
    analyst = await api.client.get(
        f"/v1/discipline-holds/{hold_id}", headers=api.headers("BCT", roles=("analyst",))
    )
    integrator = await api.client.get(
        f"/v1/discipline-holds/{hold_id}", headers=api.headers(roles=("integrator",))
    )
    foreign = await api.client.get(f"/v1/discipline-holds/{hold_id}", headers=api.headers("01"))

    assert analyst.status_code == integrator.status_code == 200
    assert analyst.json()["note"] is None
    assert integrator.json()["note"] is None
    assert foreign.status_code == 403


async def test_the_same_idempotency_key_places_once(api: RegistryApi) -> None:
    headers = api.headers(**{"Idempotency-Key": "kl-2019-thao"})
    first = await api.client.post("/v1/discipline-holds", json=hold(), headers=headers)
    again = await api.client.post("/v1/discipline-holds", json=hold(), headers=headers)
    listed = await api.client.get(
        "/v1/discipline-holds", params={"agency": "06"}, headers=api.headers()
    )
    assert first.json() == again.json()
    assert listed.json()["total"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (hold(subject_id="m-hanoi"), "body.subject_id"),
        (hold(subject_kind="unit", subject_id="m-thao"), "body.subject_id"),
        (hold(to_date="2019-02-01"), "body.to_date"),
        (hold(subject_kind="household"), "body.subject_kind"),
    ],
)
async def test_bad_input_names_the_field_and_writes_nothing(
    api: RegistryApi, body: dict[str, Any], field: str
) -> None:
    refused = await api.client.post("/v1/discipline-holds", json=body, headers=api.headers())
    async with api.registry.engine.connect() as connection:
        notes = await connection.scalar(select(func.count()).select_from(discipline_hold_notes))

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == field
    assert notes == 0


async def test_only_the_agency_may_place(api: RegistryApi) -> None:
    foreign = await api.client.post("/v1/discipline-holds", json=hold(), headers=api.headers("01"))
    analyst = await api.client.post(
        "/v1/discipline-holds", json=hold(), headers=api.headers(roles=("analyst",))
    )
    assert foreign.status_code == analyst.status_code == 403


async def test_lift_then_read_back(api: RegistryApi) -> None:
    hold_id = await place(api, subject_kind="unit", subject_id="u-vp", note="")
    lifted = await lift(api, hold_id, **{"If-Match": '"1"'})
    read = await api.client.get(f"/v1/discipline-holds/{hold_id}", headers=api.headers())

    assert lifted.status_code == 200
    assert lifted.headers["ETag"] == '"2"'
    assert read.json()["lifted"] is True
    assert read.json()["to_date"] == "2020-02-29"
    assert read.json()["note"] is None


async def test_lifting_twice_or_with_a_stale_version_is_a_conflict(api: RegistryApi) -> None:
    hold_id = await place(api)
    await lift(api, hold_id)
    again = await lift(api, hold_id)
    stale = await lift(api, hold_id, **{"If-Match": '"1"'})

    assert again.status_code == stale.status_code == 409
    assert again.json()["current"] == {"current_state": "lifted", "to_date": "2020-02-29"}
    assert stale.json()["current"] == {"version": 2}


async def test_lift_failures(api: RegistryApi) -> None:
    hold_id = await place(api)
    early = await lift(api, hold_id, "2019-02-28")
    future = await lift(api, hold_id, "2999-01-01")
    missing = await lift(api, "nope")
    foreign = await api.client.post(
        f"/v1/discipline-holds/{hold_id}/lift",
        json={"lifted_on": "2020-02-29"},
        headers=api.headers("01"),
    )

    assert early.status_code == future.status_code == 422
    assert early.json()["errors"][0]["field"] == "body.lifted_on"
    assert missing.status_code == 404
    assert foreign.status_code == 403


async def test_list_filters_by_active_day_year_and_subject(api: RegistryApi) -> None:
    await place(api, from_date="2019-03-01", to_date="2019-08-31")
    await place(api, subject_kind="unit", subject_id="u-vp", from_date="2020-01-15")

    async def total(**params: Any) -> int:
        found = await api.client.get(
            "/v1/discipline-holds", params={"agency": "06", **params}, headers=api.headers()
        )
        assert all(item["note"] is None for item in found.json()["items"])
        return int(found.json()["total"])

    assert await total() == 2
    assert await total(active_on="2019-06-01") == 1
    assert await total(active_on="2019-12-01") == 0
    assert await total(active_on="2021-01-01") == 1
    assert await total(year=2019) == 1
    assert await total(subject_id="u-vp") == 1


async def test_unknown_hold_is_404(api: RegistryApi) -> None:
    missing = await api.client.get("/v1/discipline-holds/nope", headers=api.headers())
    assert missing.status_code == 404
