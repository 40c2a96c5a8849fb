"""Seeds for fuzzing the services: a few real resources of one agency, so generated requests
reach the domain (a review of a campaign that exists) instead of stopping at 404 or 403.

The apps run in Schemathesis's own event loop, so the seeds go through its ASGI client.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI
from schemathesis.python import asgi

Post = Callable[[str, dict[str, Any]], dict[str, Any]]

AGENCY = "06"


def _poster(client: asgi.ASGIClient, headers: Mapping[str, str]) -> Post:
    def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = client.post(path, json=body, headers=dict(headers))
        assert response.status_code in (200, 201), f"seeding {path}: {response.text}"
        answer: dict[str, Any] = response.json()
        return answer

    return post


def seed_registry(app: FastAPI, headers: Mapping[str, str]) -> dict[str, Any]:
    """Path parameters naming real resources of ``AGENCY`` in the registry."""
    with asgi.get_client(app) as client:
        post = _poster(client, headers)
        unit = post("/v1/units", {"agency": AGENCY, "name": "Phòng Kế hoạch"})["unit_id"]
        other = post("/v1/units", {"agency": AGENCY, "name": "Văn phòng Sở"})["unit_id"]
        person = {"agency": AGENCY, "unit_id": unit, "position_group": "official"}
        member = post("/v1/members", person | {"full_name": "Nông Thị Thảo"})["member_id"]
        campaign = post(
            "/v1/campaigns",
            {
                "agency": AGENCY,
                "title": "Phong trào thi đua yêu nước",
                "form": "regular",
                "scope": "unit",
                "launching_level": "unit",
                "start_date": "2024-01-01",
            },
        )["campaign_id"]
        registration = post(
            "/v1/registrations",
            {
                "agency": AGENCY,
                "registrant_kind": "member",
                "registrant_id": member,
                "year": 2025,
                "award_codes": ["LDTT"],
            },
        )["registration_id"]
        initiative = post(
            "/v1/initiatives",
            {"agency": AGENCY, "title": "Số hoá hồ sơ", "author_ids": [member], "year": 2024},
        )["initiative_id"]
        hold = post(
            "/v1/discipline-holds",
            {
                "agency": AGENCY,
                "subject_kind": "member",
                "subject_id": member,
                "from_date": "2024-02-01",
            },
        )["hold_id"]
        bloc = post(
            "/v1/blocs",
            {"agency": AGENCY, "name": "Khối 1", "kind": "units", "member_ids": [unit, other]},
        )["bloc_id"]
        post(
            "/v1/ratings", {"agency": AGENCY, "member_id": member, "year": 2024, "rating": "HTTNV"}
        )
    return {
        "agency_code": AGENCY,
        "unit_id": unit,
        "member_id": member,
        "campaign_id": campaign,
        "registration_id": registration,
        "initiative_id": initiative,
        "hold_id": hold,
        "bloc_id": bloc,
        "year": 2024,
    }


def seed_awards(app: FastAPI, headers: Mapping[str, str]) -> dict[str, Any]:
    """Path parameters naming a real proposal and decision of ``AGENCY`` in the awards."""
    nominee = {"nominee_id": "m-1", "award_code": "LDTT"}
    with asgi.get_client(app) as client:
        post = _poster(client, headers)
        proposal = post(
            "/v1/proposals",
            {
                "agency": AGENCY,
                "nominees": [nominee | {"nominee_kind": "member", "achievement_year": 2024}],
                "commendation_kind": "regular",
                "addressed_to": "unit",
            },
        )["proposal_id"]
        decision = post(
            "/v1/decisions",
            {
                "agency": AGENCY,
                "number": "15/QĐ-SCT",
                "signed_on": "2025-01-15",
                "issuing_authority": "Giám đốc Sở Công Thương",
                "authority_level": "unit",
                "awards": [
                    {
                        "recipient_kind": "member",
                        "recipient_id": "m-1",
                        "award_code": "LDTT",
                        "achievement_year": 2024,
                    }
                ],
                "override_justification": "Hồ sơ lưu trữ",
            },
        )["decision_id"]
    return {
        "agency": AGENCY,
        "proposal_id": proposal,
        "decision_id": decision,
        "member_id": "m-1",
        "recipient_id": "m-1",
    }
