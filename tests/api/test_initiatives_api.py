"""Initiative endpoints: success and failure paths."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert

from services.registry.readmodel.directory_tables import members
from tests.harness.registry_api import RegistryApi

TITLE = "Vận dụng Microsoft Office Excel sáng tạo, linh hoạt vào công tác tổng hợp"


@pytest.fixture
async def api(registry_api: RegistryApi) -> RegistryApi:
    """The registry with two members in Bắc Kạn (06) and one in Hà Nội (01)."""
    rows = [("m-thao", "06"), ("m-sang", "06"), ("m-hanoi", "01")]
    async with registry_api.registry.engine.begin() as connection:
        await connection.execute(
            insert(members),
            [
                {"member_id": m, "agency": a, "unit_id": f"u-{a}", "position_group": "official"}
                | {"erased": False, "version": 1}
                for m, a in rows
            ],
        )
    return registry_api


def initiative(**changes: Any) -> dict[str, Any]:
    body = {"agency": "06", "title": TITLE, "author_ids": ["m-thao", "m-sang"], "year": 2018}
    return body | changes


async def register(api: RegistryApi, **changes: Any) -> str:
    created = await api.client.post(
        "/v1/initiatives", json=initiative(**changes), headers=api.headers()
    )
    assert created.status_code == 201, created.text
    return str(created.json()["initiative_id"])


async def recognise(
    api: RegistryApi, initiative_id: str, level: str, on: str = "2019-04-02", **headers: str
) -> Any:
    return await api.client.post(
        f"/v1/initiatives/{initiative_id}/recognitions",
        json={"level": level, "recognised_on": on},
        headers=api.headers(**headers),
    )


async def test_register_then_read_back(api: RegistryApi) -> None:
    created = await api.client.post("/v1/initiatives", json=initiative(), headers=api.headers())
    initiative_id = created.json()["initiative_id"]

    read = await api.client.get(f"/v1/initiatives/{initiative_id}", headers=api.headers())
    listed = await api.client.get(
        "/v1/initiatives", params={"agency": "06", "year": 2018}, headers=api.headers()
    )

    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    assert created.headers["Location"] == f"/v1/initiatives/{initiative_id}"
    assert read.json()["title"] == TITLE
    assert read.json()["author_ids"] == ["m-thao", "m-sang"]
    assert read.json()["recognitions"] == []
    assert listed.json()["total"] == 1


async def test_the_same_idempotency_key_registers_once(api: RegistryApi) -> None:
    headers = api.headers(**{"Idempotency-Key": "sk-2018-01"})
    first = await api.client.post("/v1/initiatives", json=initiative(), headers=headers)
    again = await api.client.post("/v1/initiatives", json=initiative(), headers=headers)
    listed = await api.client.get("/v1/initiatives", params={"agency": "06"}, headers=headers)

    assert first.json() == again.json()
    assert listed.json()["total"] == 1


@pytest.mark.parametrize(
    "authors", [["m-thao", "m-hanoi"], ["m-thao", "m-unknown"], ["m-thao", "m-thao"], []]
)
async def test_authors_must_be_distinct_members_of_the_agency(
    api: RegistryApi, authors: list[str]
) -> None:
    refused = await api.client.post(
        "/v1/initiatives", json=initiative(author_ids=authors), headers=api.headers()
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "body.author_ids"


async def test_other_agencies_may_not_register_and_analysts_read_all(api: RegistryApi) -> None:
    foreign = await api.client.post("/v1/initiatives", json=initiative(), headers=api.headers("01"))
    initiative_id = await register(api)
    analyst = await api.client.get(
        f"/v1/initiatives/{initiative_id}", headers=api.headers("BCT", roles=("analyst",))
    )
    other_officer = await api.client.get(
        f"/v1/initiatives/{initiative_id}", headers=api.headers("01")
    )
    assert foreign.status_code == 403
    assert analyst.status_code == 200
    assert other_officer.status_code == 403


async def test_unknown_initiative_is_404(api: RegistryApi) -> None:
    missing = await api.client.get("/v1/initiatives/nope", headers=api.headers())
    recognised = await recognise(api, "nope", "grassroots")
    assert missing.status_code == recognised.status_code == 404


async def test_recognitions_in_any_order_are_read_back(api: RegistryApi) -> None:
    initiative_id = await register(api)
    national = await recognise(api, initiative_id, "national", "2020-05-14", **{"If-Match": '"1"'})
    grassroots = await recognise(api, initiative_id, "grassroots", "2019-01-10")
    read = await api.client.get(f"/v1/initiatives/{initiative_id}", headers=api.headers())

    assert national.status_code == grassroots.status_code == 201
    assert grassroots.headers["ETag"] == '"3"'
    assert read.json()["recognitions"] == [
        {"level": "grassroots", "recognised_on": "2019-01-10"},
        {"level": "national", "recognised_on": "2020-05-14"},
    ]


async def test_a_level_is_recognised_once_and_the_409_says_which(api: RegistryApi) -> None:
    initiative_id = await register(api)
    await recognise(api, initiative_id, "grassroots")
    again = await recognise(api, initiative_id, "grassroots")

    assert again.status_code == 409
    assert again.json()["current"]["recognised_levels"] == ["grassroots"]


async def test_a_stale_if_match_is_a_conflict(api: RegistryApi) -> None:
    initiative_id = await register(api)
    await recognise(api, initiative_id, "grassroots")
    stale = await recognise(api, initiative_id, "national", **{"If-Match": '"1"'})
    malformed = await recognise(api, initiative_id, "national", **{"If-Match": "latest"})

    assert stale.status_code == 409
    assert stale.json()["current"] == {"version": 2}
    assert malformed.status_code == 400


async def test_recognition_before_the_registration_year_names_the_field(
    api: RegistryApi,
) -> None:
    initiative_id = await register(api)
    refused = await recognise(api, initiative_id, "grassroots", "2017-12-31")
    unknown_level = await recognise(api, initiative_id, "provincial")

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.recognised_on"
    assert unknown_level.json()["errors"][0]["field"] == "body.level"


async def test_only_the_agency_may_recognise(api: RegistryApi) -> None:
    initiative_id = await register(api)
    foreign = await api.client.post(
        f"/v1/initiatives/{initiative_id}/recognitions",
        json={"level": "grassroots", "recognised_on": "2019-04-02"},
        headers=api.headers("01"),
    )
    assert foreign.status_code == 403


async def test_list_filters_by_level_author_and_year(api: RegistryApi) -> None:
    excel = await register(api)
    await register(api, title="Giải pháp nâng cao chỉ số cải cách hành chính", year=2019)
    await register(api, author_ids=["m-sang"], year=2019)
    await recognise(api, excel, "ministry_province")

    async def total(**params: Any) -> int:
        found = await api.client.get(
            "/v1/initiatives", params={"agency": "06", **params}, headers=api.headers()
        )
        return int(found.json()["total"])

    assert await total(level="ministry_province") == 1
    assert await total(level="grassroots") == 0
    assert await total(author_id="m-thao") == 2
    assert await total(year=2019, author_id="m-sang") == 2
    assert await total(limit=1) == 3
