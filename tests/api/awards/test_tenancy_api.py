"""Tenancy of what the awards service records (issue 12, item 3): an agency's decisions,
proposals and imports name its own units, members, agency and campaigns, or those the domain
lets it reach (a ministry-level agency commends the sector at ministry level or above; an
agency answers the ministry's campaigns and those it answered with its own).

Measured before: an officer of agency 01 recorded LĐTT 2024 for a member of agency 06 (who
held it from 06 already) without an override, and it counted in 01's statistics; a proposal
of 01 nominating 06's member, and a BK_TINH of 01 granted to agency 06, were accepted too.
Each case below failed that way (2xx) and is now refused with a 422 naming the field.

The registry's facts (agencies, units, members, campaigns) reach the local view through the
service's consumer, as records of the registry's topic would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest

from shared.events import (
    AgencyRegistered,
    CampaignLaunched,
    MemberAdded,
    RatingRecorded,
    UnitAdded,
)
from tests.api.awards.test_decision_import_api import XLSX, xlsx
from tests.harness.awards_api import AwardsApi
from tests.harness.event_store import count_events
from tests.harness.registry_feed import feed

HA_NOI, BAC_KAN, MINISTRY = "01", "06", "BCT"
OTHER_AGENCY = "urn:tdkt:problem:other-agency"


async def directory(api: AwardsApi) -> None:
    """Hà Nội's and Bắc Kạn's departments with a unit and a rated member each, a unit of the
    ministry, and campaigns: Bắc Kạn's own two, the ministry's, and Hà Nội's answer to one of
    Bắc Kạn's."""
    await feed(
        api,
        MINISTRY,
        AgencyRegistered(
            agency_code=MINISTRY, name="Cục Công Thương địa phương", kind="ministry_unit"
        ),
        campaign("c-bct", MINISTRY),
    )
    for agency, name, prefix in ((HA_NOI, "Hà Nội", "hn"), (BAC_KAN, "Bắc Kạn", "bk")):
        await feed(
            api,
            agency,
            AgencyRegistered(
                agency_code=agency,
                name=f"Sở Công Thương {name}",
                kind="provincial_department",
                province_code=agency,
                province_list="63",
            ),
            UnitAdded(unit_id=f"{prefix}-p1", name="Phòng Quản lý công nghiệp"),
            MemberAdded(
                member_id=f"{prefix}-m1", unit_id=f"{prefix}-p1", position_group="official"
            ),
            RatingRecorded(member_id=f"{prefix}-m1", year=2024, rating="HTTNV"),
        )
    await feed(api, BAC_KAN, campaign("c-06", BAC_KAN), campaign("c-06-answered", BAC_KAN))
    await feed(api, HA_NOI, campaign("c-01", HA_NOI, parent="c-06-answered"))


def campaign(campaign_id: str, agency: str, parent: str | None = None) -> CampaignLaunched:
    return CampaignLaunched(
        campaign_id=campaign_id,
        title=f"Phong trào thi đua {campaign_id}",
        form="thematic",
        scope="sector_local",
        launching_level="ministry_province",
        launching_agency=agency,
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
        parent_campaign_id=parent,
    )


def award(recipient: str, code: str = "LDTT", kind: str = "member") -> dict[str, Any]:
    return {"recipient_kind": kind, "recipient_id": recipient, "award_code": code} | {
        "achievement_year": 2024
    }


def decision(agency: str, *awards: dict[str, Any], level: str = "unit", **changes: Any) -> Any:
    return {
        "agency": agency,
        "number": "15/QĐ",
        "signed_on": "2025-01-15",
        "issuing_authority": f"Thủ trưởng cơ quan {agency}",
        "authority_level": level,
        "awards": list(awards),
    } | changes


def ministry_decision(agency: str, *awards: dict[str, Any], **changes: Any) -> Any:
    """The ministry's decision 300/QĐ-BCT, as ``agency`` records it."""
    number, authority = "300/QĐ-BCT", "Bộ trưởng Bộ Công Thương"
    level = "ministry_province"
    return decision(
        agency, *awards, level=level, number=number, issuing_authority=authority, **changes
    )


OVERRIDE = {"override_justification": "Hội đồng TĐKT Bộ xét theo thành tích đột xuất"}


def proposal(agency: str, *nominees: tuple[str, str, str], **changes: Any) -> Any:
    return {
        "agency": agency,
        "nominees": [
            {"nominee_kind": kind, "nominee_id": who, "award_code": code, "achievement_year": 2024}
            for kind, who, code in nominees
        ],
        "commendation_kind": "regular",
        "addressed_to": "ministry_province",
        "submitted_on": "2025-01-05",
    } | changes


Send = Callable[[AwardsApi], Awaitable[httpx.Response]]


def post(path: str, body: Any, caller: str) -> Send:
    async def send(api: AwardsApi) -> httpx.Response:
        return await api.client.post(path, json=body, headers=api.headers(caller))

    return send


def decisions(body: Any, caller: str | None = None) -> Send:
    return post("/v1/decisions", body, caller or body["agency"])


def proposals(body: Any, caller: str | None = None) -> Send:
    return post("/v1/proposals", body, caller or body["agency"])


async def only_proposal(api: AwardsApi) -> str:
    """The path of Hà Nội's one proposal."""
    listed = await api.client.get(
        "/v1/proposals", params={"agency": HA_NOI}, headers=api.headers(HA_NOI)
    )
    [found] = listed.json()["items"]
    return f"/v1/proposals/{found['proposal_id']}"


async def submitted_and_returned(api: AwardsApi) -> httpx.Response:
    """Hà Nội proposes its own member; the proposal is returned for completion."""
    first = proposal(HA_NOI, ("member", "hn-m1", "BK_BO"))
    await api.client.post("/v1/proposals", json=first, headers=api.headers(HA_NOI))
    reason = {"reason": "Bổ sung hồ sơ", "returned_on": "2025-01-06"}
    path = f"{await only_proposal(api)}/return"
    return await api.client.post(path, json=reason, headers=api.headers(HA_NOI))


def resubmission(body: Any) -> Send:
    """Resubmit Hà Nội's returned proposal with ``body``."""

    async def send(api: AwardsApi) -> httpx.Response:
        path = f"{await only_proposal(api)}/resubmit"
        return await api.client.post(path, json=body, headers=api.headers(HA_NOI))

    return send


def decisions_import(caller: str, *rows: list[Any]) -> Send:
    content = xlsx(list(rows))

    async def send(api: AwardsApi) -> httpx.Response:
        return await api.client.post(
            "/v1/decisions/import",
            data={"agency": caller},
            files={"file": ("khen_thuong.xlsx", content, XLSX)},
            headers=api.headers(caller),
        )

    return send


def row(n: int, recipient: str, code: str = "LĐTT", authority: str = "Giám đốc Sở") -> list[Any]:
    return [n, "1/QĐ-SCT", "20/01/2025", authority, "Cá nhân", recipient, "", code, 2024]


@dataclass(frozen=True)
class Case:
    """Who sends what (after ``before``), and the answer: a status, and for a refusal the
    fields named (in order)."""

    name: str
    send: Send
    status: int
    fields: tuple[str, ...] = ()
    before: tuple[Send, ...] = field(default=())


ISSUED_BY_BAC_KAN = decisions(decision(BAC_KAN, award("bk-m1")))
BK_BO_RECORDED_BY_BAC_KAN = decisions(
    ministry_decision(BAC_KAN, award("bk-m1", "BK_BO"), **OVERRIDE)
)

CASES = [
    # Decisions.
    Case(
        "01 records LĐTT for 06's member, who holds it from 06",
        decisions(decision(HA_NOI, award("hn-m1"), award("bk-m1"))),
        422,
        ("body.awards.1.recipient_id",),
        before=(ISSUED_BY_BAC_KAN,),
    ),
    Case(
        "01 records BK_TINH for agency 06",
        decisions(decision(HA_NOI, award(BAC_KAN, "BK_TINH", "agency"), level="ministry_province")),
        422,
        ("body.awards.0.recipient_id",),
    ),
    Case(
        "01 records awards for 06's unit and member at once",
        decisions(decision(HA_NOI, award("bk-p1", "TTLDTT", "unit"), award("bk-m1"))),
        422,
        ("body.awards.0.recipient_id", "body.awards.1.recipient_id"),
    ),
    Case("01 records LĐTT for its own member", decisions(decision(HA_NOI, award("hn-m1"))), 201),
    Case(
        "01 records BK_TINH for itself",
        decisions(decision(HA_NOI, award(HA_NOI, "BK_TINH", "agency"), level="ministry_province")),
        201,
    ),
    Case(
        "01 records an award of someone the registry has not told of yet",
        decisions(decision(HA_NOI, award("hn-m-new"))),
        201,
    ),
    Case(
        "the ministry records its BK_BO for 06's member",
        decisions(ministry_decision(MINISTRY, award("bk-m1", "BK_BO"), **OVERRIDE)),
        201,
    ),
    Case(
        "the ministry records its Cờ thi đua for agency 06",
        decisions(ministry_decision(MINISTRY, award(BAC_KAN, "CO_THI_DUA_BO", "agency"))),
        201,
    ),
    Case(
        "the ministry records a unit-level LĐTT for 06's member",
        decisions(decision(MINISTRY, award("bk-m1"))),
        422,
        ("body.awards.0.recipient_id",),
    ),
    # Proposals.
    Case(
        "01 proposes 06's member",
        proposals(proposal(HA_NOI, ("member", "hn-m1", "BK_BO"), ("member", "bk-m1", "BK_BO"))),
        422,
        ("body.nominees.1.nominee_id",),
    ),
    Case(
        "01 proposes agency 06",
        proposals(proposal(HA_NOI, ("agency", BAC_KAN, "CO_THI_DUA_BO"))),
        422,
        ("body.nominees.0.nominee_id",),
    ),
    Case(
        "01 resubmits a returned proposal with 06's member",
        resubmission(
            {
                k: v
                for k, v in proposal(HA_NOI, ("member", "bk-m1", "BK_BO")).items()
                if k != "agency"
            }
            | {"submitted_on": "2025-01-07"}
        ),
        422,
        ("body.nominees.0.nominee_id",),
        before=(submitted_and_returned,),
    ),
    Case(
        "01 names 06's campaign",
        proposals(proposal(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-06")),
        422,
        ("body.campaign_id",),
    ),
    Case(
        "01 names the ministry's campaign",
        proposals(proposal(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-bct")),
        201,
    ),
    Case(
        "01 names 06's campaign it answered with one of its own",
        proposals(proposal(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-06-answered")),
        201,
    ),
    Case(
        "01 names its own campaign and one the registry has not told of yet",
        proposals(proposal(HA_NOI, ("member", "hn-m1", "BK_BO"), campaign_id="c-new")),
        201,
    ),
    Case(
        "the ministry proposes 06's member to the Prime Minister",
        proposals(proposal(MINISTRY, ("member", "bk-m1", "BK_TTG"), addressed_to="prime_minister")),
        201,
    ),
    Case(
        "the ministry proposes 06's member at unit level",
        proposals(proposal(MINISTRY, ("member", "bk-m1", "GIAY_KHEN"), addressed_to="unit")),
        422,
        ("body.nominees.0.nominee_id",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_what_an_agency_names_is_its_own_or_within_reach(
    awards_api: AwardsApi, case: Case
) -> None:
    await directory(awards_api)
    for before in case.before:
        done = await before(awards_api)
        assert done.status_code in (200, 201), done.text
    events = await count_events(awards_api.awards.engine)

    answer = await case.send(awards_api)

    assert answer.status_code == case.status, answer.text
    if case.status != 422:
        return
    problem = answer.json()
    assert answer.headers["content-type"] == "application/problem+json"
    assert problem["type"] == OTHER_AGENCY, problem
    assert tuple(error["field"] for error in problem["errors"]) == case.fields
    assert all(
        "không thuộc cơ quan" in e["msg"] or "phát động" in e["msg"] for e in problem["errors"]
    )
    assert await count_events(awards_api.awards.engine) == events


async def test_a_refusal_says_whose_the_recipient_is_in_vietnamese(awards_api: AwardsApi) -> None:
    await directory(awards_api)

    answer = await decisions(decision(HA_NOI, award("bk-m1")))(awards_api)

    [error] = answer.json()["errors"]
    assert error == {
        "field": "body.awards.0.recipient_id",
        "msg": "Đối tượng “bk-m1” thuộc cơ quan 06, không thuộc cơ quan 01: cơ quan chỉ ghi "
        "nhận khen thưởng cho tập thể, cá nhân của mình (cơ quan cấp bộ: khen thưởng từ cấp bộ "
        "trở lên cho các cơ quan trong ngành).",
        "type": "recipient_of_other_agency",
        "agency": "06",
    }


async def test_a_refused_award_counts_nowhere(awards_api: AwardsApi) -> None:
    """01's refused decision leaves 01 with no decision, and 06's member with 06's award."""
    await directory(awards_api)
    assert (await ISSUED_BY_BAC_KAN(awards_api)).status_code == 201

    await decisions(decision(HA_NOI, award("bk-m1")))(awards_api)

    headers, path = awards_api.headers(HA_NOI, ("analyst",)), "/v1/recipients/member/bk-m1/awards"
    listed = await awards_api.client.get(
        "/v1/decisions", params={"agency": HA_NOI}, headers=headers
    )
    in_01 = await awards_api.client.get(path, params={"agency": HA_NOI}, headers=headers)
    in_06 = await awards_api.client.get(path, params={"agency": BAC_KAN}, headers=headers)
    assert listed.json()["total"] == 0
    assert (in_01.json()["standing"], in_06.json()["standing"]) == (0, 1)


async def test_the_ministrys_award_is_judged_with_the_recipients_own_history(
    awards_api: AwardsApi,
) -> None:
    """06 recorded its part of the ministry's decision (BK_BO 2024 for its member): the
    ministry recording the same award again is refused as already awarded, not accepted
    because the ministry's own facts did not hold it."""
    await directory(awards_api)
    assert (await BK_BO_RECORDED_BY_BAC_KAN(awards_api)).status_code == 201

    again = await decisions(ministry_decision(MINISTRY, award("bk-m1", "BK_BO")))(awards_api)

    assert again.status_code == 422, again.text
    assert again.json()["type"] == "urn:tdkt:problem:ineligible"
    assert [v["kind"] for v in again.json()["violations"]] == ["already_awarded"]


async def test_an_import_row_naming_another_agencys_member_is_an_error(
    awards_api: AwardsApi,
) -> None:
    await directory(awards_api)
    events = await count_events(awards_api.awards.engine)

    answer = await decisions_import(HA_NOI, row(1, "hn-m1"), row(2, "bk-m1"))(awards_api)

    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert (error["row"], error["column"], error["code"]) == (
        3,
        "Mã đối tượng",
        "recipient_of_other_agency",
    )
    assert error["message"].startswith("Đối tượng “bk-m1” thuộc cơ quan 06, không thuộc cơ quan 01")
    assert await count_events(awards_api.awards.engine) == events


async def test_the_ministry_imports_its_decisions_about_the_sector(awards_api: AwardsApi) -> None:
    await directory(awards_api)
    ministry = "Bộ trưởng Bộ Công Thương"

    answer = await decisions_import(
        MINISTRY, row(1, "bk-m1", "BK_BO", ministry), row(2, "hn-m1", "BK_BO", ministry)
    )(awards_api)

    assert answer.status_code == 201, answer.text
    warnings = [w["code"] for r in answer.json()["rows"] for w in r["warnings"]]
    assert "recipient_unknown" not in warnings
