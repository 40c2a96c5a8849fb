"""Issue 3's acceptance: Bắc Kạn's department (seed 003) built over HTTP, on PostgreSQL.

An officer records the department's units, members, its bloc and pact, the campaigns the
article names, the year's registrations and its initiatives; every step is an event on the
registry topic (real broker) and readable back through the API.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import orjson
import pytest

from tests.harness.kafka_reader import read_topic
from tests.harness.registry_api import RegistryApi

pytestmark = pytest.mark.integration

BAC_KAN = "06"
CAMPAIGNS = [
    "Lao động giỏi, lao động sáng tạo, phát huy sáng kiến, cải tiến phương pháp làm việc",
    "Thực hành tiết kiệm, chống lãng phí và các tệ nạn xã hội trong cơ quan",
    "Bắc Kạn chung sức xây dựng nông thôn mới",
    "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
]
UNITS = ["Văn phòng Sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại"]
INITIATIVES = [
    "Ứng dụng công nghệ thông tin cung cấp dịch vụ công trực tuyến cấp độ 3 lĩnh vực Công Thương",
    "Giải pháp nâng cao chỉ số cải cách hành chính của Sở Công Thương",
]


async def post(api: RegistryApi, path: str, body: dict[str, Any], **headers: str) -> Any:
    response = await api.client.post(path, json=body, headers=api.headers(BAC_KAN, **headers))
    assert response.status_code in (200, 201), f"{path}: {response.text}"
    return response.json()


async def get(api: RegistryApi, path: str, **params: Any) -> Any:
    response = await api.client.get(path, params=params, headers=api.headers(BAC_KAN))
    assert response.status_code == 200, f"{path}: {response.text}"
    return response.json()


async def register_agencies(api: RegistryApi) -> None:
    for code, name in [
        (BAC_KAN, "Sở Công Thương Bắc Kạn"),
        ("06-SXD", "Sở Xây dựng Bắc Kạn"),
        ("06-SGTVT", "Sở Giao thông vận tải Bắc Kạn"),
    ]:
        body = {
            "agency_code": code,
            "name": name,
            "kind": "provincial_department",
            "province_code": "06",
            "province_list": "63",
        }
        response = await api.client.post(
            "/v1/agencies", json=body, headers=api.headers(BAC_KAN, roles=("admin",))
        )
        assert response.status_code == 201, response.text


async def build_directory(api: RegistryApi) -> tuple[list[str], list[str]]:
    director = await post(api, "/v1/units", {"agency": BAC_KAN, "name": "Ban Giám đốc Sở"})
    units = [
        (
            await post(
                api,
                "/v1/units",
                {"agency": BAC_KAN, "name": name, "parent_unit_id": director["unit_id"]},
            )
        )["unit_id"]
        for name in UNITS
    ]
    people = [
        ("Hoàng Hà Bắc", "leader"),
        ("Đinh Lâm Sáng", "leader"),
        ("Nông Thị Thảo", "official"),
        ("Triệu Văn Minh", "official"),
    ]
    members = [
        (
            await post(
                api,
                "/v1/members",
                {
                    "agency": BAC_KAN,
                    "unit_id": units[i % len(units)],
                    "position_group": group,
                    "full_name": name,
                    "birth_year": 1975 + i,
                },
            )
        )["member_id"]
        for i, (name, group) in enumerate(people)
    ]
    return units, members


async def bloc_and_pact(api: RegistryApi) -> str:
    bloc = await post(
        api,
        "/v1/blocs",
        {
            "agency": BAC_KAN,
            "name": "Khối thi đua Kinh tế – Kỹ thuật",
            "kind": "agencies",
            "member_ids": [BAC_KAN, "06-SXD", "06-SGTVT"],
        },
    )
    await post(
        api,
        f"/v1/blocs/{bloc['bloc_id']}/pacts",
        {"year": 2020, "signatory_ids": [BAC_KAN, "06-SXD", "06-SGTVT"]},
    )
    return str(bloc["bloc_id"])


async def launch_campaigns(api: RegistryApi) -> list[str]:
    return [
        (
            await post(
                api,
                "/v1/campaigns",
                {
                    "agency": BAC_KAN,
                    "title": title,
                    "form": "regular",
                    "scope": "sector_local",
                    "launching_level": "ministry_province",
                    "start_date": "2016-01-01",
                    "end_date": "2020-12-31",
                    "registration_required": True,
                },
            )
        )["campaign_id"]
        for title in CAMPAIGNS
    ]


async def register_everyone(
    api: RegistryApi, units: list[str], members: list[str], campaign: str
) -> None:
    items = [
        {
            "agency": BAC_KAN,
            "registrant_kind": "unit",
            "registrant_id": unit,
            "year": 2020,
            "campaign_id": campaign,
            "award_codes": ["TTLDTT"],
        }
        for unit in units
    ] + [
        {
            "agency": BAC_KAN,
            "registrant_kind": "member",
            "registrant_id": member,
            "year": 2020,
            "campaign_id": campaign,
            "award_codes": ["LDTT", "CSTDCS"],
        }
        for member in members
    ]
    await post(api, "/v1/registrations/batch", items)  # type: ignore[arg-type]


async def initiatives(api: RegistryApi, members: list[str]) -> None:
    for title, author in zip(INITIATIVES, members[2:], strict=True):
        created = await post(
            api,
            "/v1/initiatives",
            {"agency": BAC_KAN, "title": title, "author_ids": [author], "year": 2019},
        )
        await post(
            api,
            f"/v1/initiatives/{created['initiative_id']}/recognitions",
            {"level": "grassroots", "recognised_on": "2019-12-20"},
        )


async def test_bac_kan_department_of_seed_003_built_over_http(registry_api: RegistryApi) -> None:
    api = registry_api
    await register_agencies(api)
    units, members = await build_directory(api)
    bloc_id = await bloc_and_pact(api)
    campaigns = await launch_campaigns(api)
    await register_everyone(api, units, members, campaigns[0])
    await initiatives(api, members)

    tree = await get(api, f"/v1/agencies/{BAC_KAN}/tree")
    coverage = await get(api, "/v1/registrations/coverage", agency=BAC_KAN, year=2020)
    listed = await get(api, "/v1/campaigns", agency=BAC_KAN, year=2020)
    bloc = await get(api, f"/v1/blocs/{bloc_id}")
    recognised = await get(api, "/v1/initiatives", agency=BAC_KAN, level="grassroots")

    assert [u["name"] for u in tree["units"][0]["children"]] == sorted(UNITS)
    assert coverage["units"]["registered"] == 4 - 1  # the board itself did not register
    assert coverage["members"]["registered"] == coverage["members"]["total"] == 4
    assert listed["total"] == len(CAMPAIGNS)
    assert bloc["pacts"][0]["year"] == 2020
    assert recognised["total"] == 2

    expected = {
        "AgencyRegistered": 3,
        "UnitAdded": 4,
        "MemberAdded": 4,
        "BlocFormed": 1,
        "PactSigned": 1,
        "CampaignLaunched": 4,
        "RegistrationSubmitted": 7,
        "InitiativeRegistered": 2,
        "InitiativeRecognised": 2,
    }
    bootstrap = api.registry.settings.kafka_bootstrap_servers
    records = await read_topic(bootstrap, api.topic, at_least=sum(expected.values()))
    envelopes = [orjson.loads(record.value) for record in records]
    assert Counter(e["event_type"] for e in envelopes) == expected
    others = {e["event_type"] for e in envelopes if e["agency"] != BAC_KAN}
    assert others == {"AgencyRegistered"}  # the bloc's two other departments
    assert all("Hoàng Hà Bắc" not in record.value.decode() for record in records)


ENVELOPE_FIELDS = {
    "event_id",
    "event_type",
    "schema_version",
    "agency",
    "stream_id",
    "stream_version",
    "occurred_at",
    "recorded_at",
    "actor",
    "correlation_id",
    "causation_id",
    "payload",
}


async def test_a_registration_arrives_on_the_topic_with_the_documented_envelope(
    registry_api: RegistryApi,
) -> None:
    api = registry_api
    units, _ = await build_directory(api)
    correlation = "2b0f6b6e-9c1e-4d55-9a57-3c1b5f0e2a11"
    accepted = await post(
        api,
        "/v1/registrations",
        {
            "agency": BAC_KAN,
            "registrant_kind": "unit",
            "registrant_id": units[0],
            "year": 2020,
            "award_codes": ["TTLDXS"],
        },
        **{"X-Correlation-ID": correlation},
    )

    bootstrap = api.registry.settings.kafka_bootstrap_servers
    records = await read_topic(bootstrap, api.topic, at_least=9)
    record = next(r for r in records if dict(r.headers)["event_type"] == b"RegistrationSubmitted")
    envelope = orjson.loads(record.value)

    assert set(envelope) == ENVELOPE_FIELDS
    assert envelope["schema_version"] == 2
    assert envelope["payload"]["award_codes"] == ["TTLDXS"]
    assert envelope["payload"]["registration_id"] == accepted["registration_id"]
    assert record.key == envelope["stream_id"].encode()
    assert dict(record.headers) == {
        "event_type": b"RegistrationSubmitted",
        "schema_version": b"2",
        "agency": BAC_KAN.encode(),
        "event_id": envelope["event_id"].encode(),
        "correlation_id": correlation.encode(),
    }
