"""Awards across the 2025 reorganisation (issue 15), over the public API.

Bắc Giang's department (63-list code 24) granted its member CSTĐCS 2023 and 2024; on
2025-07-01 it merged into the new Bắc Ninh's (34-list province 24, agency ``SCT34-24``), which
received its units and members with their ids. The successor grants CSTĐCS 2025 and finds the
member eligible for CSTĐ cấp tỉnh on 2023–2025; it cannot grant CSTĐCS 2024 again; Bắc Giang
records nothing dated after 2025-06-30, but may still record what it signed before. A civil
servant moving alone to another province's department takes their awards along the same way.

The registry's events reach the service through its consumer, in the streams the registry
writes them to (a member's stream runs across agencies: the transfer follows the entry).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx

from shared.envelope import EventEnvelope, EventPayload
from shared.events import (
    AgencyCeased,
    AgencyMerged,
    AgencyRegistered,
    InitiativeRecognised,
    InitiativeRegistered,
    MemberAdded,
    MemberTransferred,
    RatingRecorded,
    UnitAdded,
    UnitTransferred,
)
from shared.events.vocabulary import InitiativeLevel
from tests.harness.awards_api import AwardsApi
from tests.harness.registry_feed import incoming, registry_envelope, registry_topic

BAC_GIANG, BAC_NINH_34, BAC_KAN, HA_NOI = "24", "SCT34-24", "06", "01"
JULY_2025 = date(2025, 7, 1)
BASIS = "Nghị quyết 202/2025/QH15"


class Registry:
    """The registry's streams, each with its next version."""

    def __init__(self, api: AwardsApi) -> None:
        self.api = api
        self.versions: dict[str, int] = {}

    async def record(
        self, agency: str, payload: EventPayload, on: date, stream: str | None = None
    ) -> None:
        stream = stream or f"s-{uuid.uuid4()}"
        version = self.versions[stream] = self.versions.get(stream, 0) + 1
        at = datetime(on.year, on.month, on.day, 2, tzinfo=UTC)
        envelope: EventEnvelope = registry_envelope(payload, agency, at, stream)
        envelope = envelope.model_copy(update={"stream_version": version})
        await self.api.awards.consumer.process(incoming([envelope], registry_topic(self.api)))

    async def department(self, code: str, name: str, province: str, province_list: str) -> None:
        registered = AgencyRegistered(
            agency_code=code,
            name=f"Sở Công Thương {name}",
            kind="provincial_department",
            province_code=province,
            province_list=province_list,
            established_on=JULY_2025 if province_list == "34" else None,
        )
        await self.record(code, registered, JULY_2025, f"agency-{code}")

    async def member(self, agency: str, member_id: str, unit_id: str) -> None:
        await self.record(agency, UnitAdded(unit_id=unit_id, name="Phòng QLCN"), date(2016, 1, 5))
        added = MemberAdded(member_id=member_id, unit_id=unit_id, position_group="official")
        await self.record(agency, added, date(2016, 1, 10), f"member-{member_id}")

    async def rate(self, agency: str, member_id: str, *years: int) -> None:
        for year in years:
            rated = RatingRecorded(member_id=member_id, year=year, rating="HTXSNV")
            await self.record(agency, rated, date(year, 12, 20), f"rating-{member_id}-{year}")

    async def initiative(
        self, agency: str, member_id: str, year: int, level: str = "grassroots"
    ) -> None:
        stream = f"initiative-{uuid.uuid4()}"
        registered = InitiativeRegistered(
            initiative_id=stream,
            title="Số hóa hồ sơ cấp phép cụm công nghiệp",
            author_member_ids=[member_id],
            year=year,
        )
        recognised = InitiativeRecognised(
            initiative_id=stream, level=InitiativeLevel(level), recognised_on=date(year, 11, 15)
        )
        await self.record(agency, registered, date(year, 3, 1), stream)
        await self.record(agency, recognised, date(year, 11, 15), stream)

    async def transfer(self, to: str, member_id: str, unit_id: str, from_: str, on: date) -> None:
        moved = MemberTransferred(
            member_id=member_id,
            from_agency=from_,
            from_unit_id=unit_id,
            to_unit_id=unit_id,
            on=on,
            legal_basis=BASIS,
        )
        await self.record(to, moved, on, f"member-{member_id}")

    async def merge_bac_giang(self) -> None:
        """Bắc Giang's department ceases on 2025-06-30; SCT34-24 continues it from July."""
        ceased = AgencyCeased(
            ceased_on=date(2025, 6, 30), successor_code=BAC_NINH_34, legal_basis=BASIS
        )
        await self.record(BAC_GIANG, ceased, JULY_2025, f"agency-{BAC_GIANG}")
        merged = AgencyMerged(on=JULY_2025, predecessor_codes=[BAC_GIANG], legal_basis=BASIS)
        await self.record(BAC_NINH_34, merged, JULY_2025, f"agency-{BAC_NINH_34}")
        unit = UnitTransferred(
            unit_id="u-bg", from_agency=BAC_GIANG, on=JULY_2025, legal_basis=BASIS
        )
        await self.record(BAC_NINH_34, unit, JULY_2025, "unit-u-bg")
        await self.transfer(BAC_NINH_34, "m-hoa", "u-bg", BAC_GIANG, JULY_2025)


def decision(agency: str, number: str, signed_on: str, *awards: dict[str, Any], **more: Any) -> Any:
    return {
        "agency": agency,
        "number": number,
        "signed_on": signed_on,
        "issuing_authority": f"Giám đốc Sở Công Thương ({agency})",
        "authority_level": "unit",
        "awards": list(awards),
    } | more


def award(code: str, year: int, member_id: str = "m-hoa", first: int | None = None) -> Any:
    years = (
        {"achievement_year": year} if first is None else {"period_from": first, "period_to": year}
    )
    return {"recipient_kind": "member", "recipient_id": member_id, "award_code": code} | years


async def issue(api: AwardsApi, body: Any) -> httpx.Response:
    return await api.client.post("/v1/decisions", json=body, headers=api.headers(body["agency"]))


async def issued(api: AwardsApi, body: Any) -> Any:
    response = await issue(api, body)
    assert response.status_code == 201, response.text
    return response.json()


async def verdict(api: AwardsApi, agency: str, code: str, year: int, member: str = "m-hoa") -> Any:
    params: dict[str, str | int] = {"agency": agency, "recipient_kind": "member"}
    params |= {"recipient_id": member, "award_code": code, "year": year}
    answer = await api.client.get("/v1/eligibility", params=params, headers=api.headers(agency))
    assert answer.status_code == 200, answer.text
    return answer.json()


async def bac_giangs_member(api: AwardsApi) -> Registry:
    """m-hoa of Bắc Giang: HTXSNV and a grassroots initiative each year 2023–2025, a
    provincial initiative in 2024; LĐTT and CSTĐCS 2023 and 2024 granted by Bắc Giang."""
    registry = Registry(api)
    await registry.department(BAC_GIANG, "Bắc Giang", "24", "63")
    await registry.department(BAC_NINH_34, "Bắc Ninh", "24", "34")
    await registry.member(BAC_GIANG, "m-hoa", "u-bg")
    await registry.rate(BAC_GIANG, "m-hoa", 2022, 2023, 2024)
    for year in (2023, 2024):
        await registry.initiative(BAC_GIANG, "m-hoa", year)
    await registry.initiative(BAC_GIANG, "m-hoa", 2024, "ministry_province")
    for year in (2023, 2024):
        body = decision(
            BAC_GIANG,
            f"{year}/QĐ-SCT",
            f"{year + 1}-01-20",
            award("LDTT", year),
            award("CSTDCS", year),
        )
        await issued(api, body)
    return registry


async def merged_with_2025(api: AwardsApi) -> Registry:
    """…then the merger, and the successor's 2025: rating, initiative, LĐTT and CSTĐCS."""
    registry = await bac_giangs_member(api)
    await registry.merge_bac_giang()
    await registry.rate(BAC_NINH_34, "m-hoa", 2025)
    await registry.initiative(BAC_NINH_34, "m-hoa", 2025)
    return registry


async def test_the_successor_grants_cstdcs_2025_and_the_member_qualifies_for_cstd_tinh(
    awards_api: AwardsApi,
) -> None:
    await merged_with_2025(awards_api)

    cstdcs = await issue(
        awards_api,
        decision(BAC_NINH_34, "5/QĐ-SCT", "2026-01-15", award("LDTT", 2025), award("CSTDCS", 2025)),
    )
    after = await verdict(awards_api, BAC_NINH_34, "CSTD_TINH", 2025)
    cstd = await issue(
        awards_api,
        decision(
            BAC_NINH_34,
            "40/QĐ-UBND",
            "2026-02-10",
            award("CSTD_TINH", 2025, first=2023),
            issuing_authority="Chủ tịch UBND tỉnh Bắc Ninh",
            authority_level="ministry_province",
        ),
    )

    assert cstdcs.status_code == 201, cstdcs.text
    assert cstdcs.json()["warnings"] == []
    assert after["status"] == "eligible", after
    streak = next(r for r in after["reasons"] if r["reason_code"] == "streak_met")
    assert streak["reason_vi"] == "Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục (2023, 2024, 2025)"
    assert cstd.status_code == 201, cstd.text
    assert cstd.json()["warnings"] == []


async def test_the_successors_history_of_the_member_runs_from_2023_with_the_transfer(
    awards_api: AwardsApi,
) -> None:
    await merged_with_2025(awards_api)
    await issued(
        awards_api,
        decision(BAC_NINH_34, "5/QĐ-SCT", "2026-01-15", award("LDTT", 2025), award("CSTDCS", 2025)),
    )

    answer = await awards_api.client.get(
        "/v1/recipients/member/m-hoa/awards",
        params={"agency": BAC_NINH_34},
        headers=awards_api.headers(BAC_NINH_34),
    )

    assert answer.status_code == 200, answer.text
    history = answer.json()
    assert history["agencies"] == [BAC_GIANG, BAC_NINH_34]
    assert history["transfers"] == [
        {"from_agency": BAC_GIANG, "to_agency": BAC_NINH_34, "on": "2025-07-01"}
    ]
    cstdcs = next(t for t in history["totals"] if t["award_code"] == "CSTDCS")
    assert cstdcs["years"] == [2023, 2024, 2025]
    recorded_by = {
        (a["year_to"], a["award_code"]): a["agency"] for y in history["years"] for a in y["awards"]
    }
    assert recorded_by[(2024, "CSTDCS")] == BAC_GIANG
    assert recorded_by[(2025, "CSTDCS")] == BAC_NINH_34


async def test_the_successor_does_not_grant_again_what_the_predecessor_granted(
    awards_api: AwardsApi,
) -> None:
    await merged_with_2025(awards_api)

    again = await issue(
        awards_api, decision(BAC_NINH_34, "6/QĐ-SCT", "2025-09-01", award("CSTDCS", 2024))
    )

    assert again.status_code == 422, again.text
    [violation] = again.json()["violations"]
    assert violation["kind"] == "already_awarded"
    assert "2024/QĐ-SCT" in str(violation["reasons"])


async def test_a_ceased_department_records_nothing_after_its_end_but_its_past(
    awards_api: AwardsApi,
) -> None:
    await merged_with_2025(awards_api)

    late = await issue(
        awards_api, decision(BAC_GIANG, "1/QĐ-SCT", "2026-01-10", award("LDTT", 2025))
    )
    past = await issue(
        awards_api, decision(BAC_GIANG, "90/QĐ-SCT", "2025-05-10", award("LDTT", 2022))
    )
    after_end = await issue(
        awards_api, decision(BAC_NINH_34, "91/QĐ-SCT", "2025-05-10", award("LDTT", 2022))
    )

    assert late.status_code == 409, late.text
    assert late.headers["content-type"] == "application/problem+json"
    problem = late.json()
    assert problem["detail"] == (
        "Sở Công Thương Bắc Giang đã chấm dứt hoạt động từ ngày 01/07/2025; việc phát sinh "
        "từ ngày này do Sở Công Thương Bắc Ninh (mã SCT34-24) ghi nhận."
    )
    assert problem["current"]["successor_code"] == BAC_NINH_34
    assert past.status_code == 201, past.text
    # Before July the member was Bắc Giang's, not yet the successor's.
    assert after_end.status_code == 422, after_end.text
    assert after_end.json()["errors"][0]["field"] == "body.awards.0.recipient_id"


async def test_a_ceased_department_submits_no_proposal_after_its_end(
    awards_api: AwardsApi,
) -> None:
    await merged_with_2025(awards_api)
    body = {
        "agency": BAC_GIANG,
        "nominees": [
            {
                "nominee_kind": "member",
                "nominee_id": "m-hoa",
                "award_code": "BK_BO",
                "achievement_year": 2024,
            }
        ],
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": "2025-08-05",
    }

    late = await awards_api.client.post(
        "/v1/proposals", json=body, headers=awards_api.headers(BAC_GIANG)
    )

    assert late.status_code == 409, late.text
    assert "SCT34-24" in late.json()["detail"]


async def test_a_member_who_moves_alone_takes_their_awards_to_the_new_department(
    awards_api: AwardsApi,
) -> None:
    """m-an leaves Bắc Kạn's department for Hà Nội's on 2025-03-01 (no merger)."""
    registry = Registry(awards_api)
    await registry.member(BAC_KAN, "m-an", "u-bk")
    await registry.rate(BAC_KAN, "m-an", 2024)
    await registry.initiative(BAC_KAN, "m-an", 2024)
    await issued(
        awards_api,
        decision(
            BAC_KAN,
            "12/QĐ-SCT",
            "2025-01-20",
            award("LDTT", 2024, "m-an"),
            award("CSTDCS", 2024, "m-an"),
        ),
    )
    await registry.transfer(HA_NOI, "m-an", "u-hn", BAC_KAN, date(2025, 3, 1))
    await registry.rate(HA_NOI, "m-an", 2025)

    again = await issue(
        awards_api, decision(HA_NOI, "30/QĐ-SCT", "2025-04-01", award("CSTDCS", 2024, "m-an"))
    )
    own = await issue(
        awards_api, decision(HA_NOI, "31/QĐ-SCT", "2026-01-10", award("LDTT", 2025, "m-an"))
    )
    left = await issue(
        awards_api, decision(BAC_KAN, "13/QĐ-SCT", "2026-01-10", award("LDTT", 2025, "m-an"))
    )
    answer = await awards_api.client.get(
        "/v1/members/m-an/next-titles", params={"year": 2025}, headers=awards_api.headers(HA_NOI)
    )

    assert again.status_code == 422, again.text
    assert again.json()["violations"][0]["kind"] == "already_awarded"
    assert own.status_code == 201, own.text
    assert left.status_code == 422, left.text
    assert "thuộc cơ quan 01" in str(left.json())
    assert answer.status_code == 200, answer.text
    assert answer.json()["agency"] == HA_NOI


IMPORT_HEADER = [
    "STT",
    "Số quyết định",
    "Ngày ký",
    "Cơ quan ban hành",
    "Loại đối tượng",
    "Mã đối tượng",
    "Họ và tên",
    "Danh hiệu/hình thức",
    "Năm thành tích",
]
BG = "Giám đốc Sở Công Thương Bắc Giang"


async def import_as_bac_giang(api: AwardsApi, *rows: list[Any]) -> httpx.Response:
    content = "\n".join(",".join(str(c) for c in row) for row in [IMPORT_HEADER, *rows])
    return await api.client.post(
        "/v1/decisions/import",
        data={"agency": BAC_GIANG},
        files={"file": ("khen_thuong.csv", content.encode(), "text/csv")},
        headers=api.headers(BAC_GIANG),
    )


async def test_a_ceased_department_imports_its_past_but_nothing_dated_after_its_end(
    awards_api: AwardsApi,
) -> None:
    await merged_with_2025(awards_api)
    past = [1, "7/QĐ-SCT", "20/01/2023", BG, "Cá nhân", "m-hoa", "Nguyễn Thị Hoa", "LĐTT", 2022]
    late = [1, "8/QĐ-SCT", "10/01/2026", BG, "Cá nhân", "m-hoa", "Nguyễn Thị Hoa", "LĐTT", 2025]

    refused = await import_as_bac_giang(awards_api, late)
    accepted = await import_as_bac_giang(awards_api, past)

    assert refused.status_code == 409, refused.text
    assert "Sở Công Thương Bắc Ninh (mã SCT34-24)" in refused.json()["detail"]
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["decisions_recorded"] == 1
