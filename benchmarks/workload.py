"""What the HTTP load sends: requests with development tokens, and the agency's commands.

One agency of the ministry (a ``ministry_unit`` made for the run) sends everything: campaigns
(the cheapest registry command), decisions of ``DECISION_AWARDS`` awards to recipients new to
the awards service, decisions imports (CSV), registration imports (CSV) and JSON batches of
its members over the campaigns the command load launched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import orjson
from pydantic import SecretStr

from benchmarks.lean_http import LeanClient
from benchmarks.load import closed_loop
from benchmarks.services import RunningServices
from shared.auth import Role, mint_token
from shared.settings import DEFAULT_JWT_SECRET

DECISION_AWARDS = 10
YEAR = 2025
SIGNED_ON = "2025-12-20"


@dataclass
class Api:
    """Requests with development tokens (the services run with the default secret).

    JSON requests and queries go through :class:`~benchmarks.lean_http.LeanClient`, whose CPU
    per request is a fraction of httpx's (the client shares the services' cores); uploads
    (multipart) through httpx.
    """

    services: RunningServices
    client: httpx.AsyncClient = field(
        default_factory=lambda: httpx.AsyncClient(
            timeout=120.0, limits=httpx.Limits(max_connections=32, max_keepalive_connections=32)
        )
    )
    lean: LeanClient = field(default_factory=lambda: LeanClient(max_connections=32))

    tokens: dict[tuple[str, Role], str] = field(default_factory=dict)

    def headers(self, agency: str, role: Role) -> dict[str, str]:
        """A bearer token of ``role`` in ``agency``, minted once (the client's CPU is the
        services' too on this machine)."""
        if (agency, role) not in self.tokens:
            self.tokens[agency, role] = mint_token(
                SecretStr(DEFAULT_JWT_SECRET),
                subject=f"bench-{role}",
                agency=agency,
                roles=[role],
                issuer="tdkt",
                ttl=timedelta(hours=2),
            )
        return {"Authorization": f"Bearer {self.tokens[agency, role]}"}

    async def post(
        self,
        service: str,
        path: str,
        agency: str,
        role: Role = "officer",
        *,
        json: Any = None,
        **upload: Any,
    ) -> Any:
        url = self.services.url(service) + path
        if upload:
            response = await self.client.post(url, headers=self.headers(agency, role), **upload)
            return _answer(response.status_code, response.content, "POST", path)
        headers = self.headers(agency, role) | _JSON
        answer = await self.lean.request("POST", url, headers, orjson.dumps(json))
        return _answer(answer.status_code, answer.content, "POST", path)

    async def get(
        self, service: str, path: str, *, extra_headers: dict[str, str] | None = None, **params: Any
    ) -> Any:
        url = self.services.url(service) + path
        headers = self.headers("BCT", "analyst") | (extra_headers or {})
        answer = await self.lean.request("GET", url, headers, params=params)
        return _answer(answer.status_code, answer.content, "GET", path)

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.lean.aclose()


_JSON = {"Content-Type": "application/json"}


def _answer(status: int, content: bytes, method: str, path: str) -> Any:
    if status not in (200, 201):
        raise RuntimeError(f"{method} {path} → {status}: {content[:200]!r}")
    return orjson.loads(content)


@dataclass
class Workload:
    """What the loads share: the agency, its members and the campaigns launched so far."""

    api: Api
    agency: str = field(default_factory=lambda: f"BENCH-{uuid.uuid4().hex[:6]}")
    members: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)

    async def prepare(self, members: int) -> None:
        """The agency, a unit and ``members`` members (not timed)."""
        body = {
            "agency_code": self.agency,
            "name": "Cục Công Thương (benchmark)",
            "kind": "ministry_unit",
        }
        await self.api.post("registry", "/v1/agencies", self.agency, "admin", json=body)
        unit = await self.api.post(
            "registry",
            "/v1/units",
            self.agency,
            json={"agency": self.agency, "name": "Văn phòng", "parent_unit_id": None},
        )

        async def add_member(index: int) -> None:
            body = {
                "agency": self.agency,
                "unit_id": unit["unit_id"],
                "position_group": "official",
                "full_name": f"Nguyễn Văn An {index}",
                "birth_year": 1980,
            }
            created = await self.api.post("registry", "/v1/members", self.agency, json=body)
            self.members.append(str(created["member_id"]))

        added = await closed_loop(add_member, 8, members)
        if added.errors:
            raise RuntimeError(f"members could not be added: {added.first_error}")

    async def launch_campaign(self, index: int) -> None:
        title = f"Phong trào thi đua năm {YEAR} (benchmark {index})"
        body = {
            "agency": self.agency,
            "title": title,
            "form": "regular",
            "scope": "sector_local",
            "launching_level": "ministry_province",
            "start_date": f"{YEAR}-01-15",
            "end_date": f"{YEAR}-12-31",
            "registration_required": True,
        }
        created = await self.api.post("registry", "/v1/campaigns", self.agency, json=body)
        self.campaigns.append(str(created["campaign_id"]))

    async def issue_decision(self, index: int) -> None:
        awards = [
            {
                "recipient_kind": "member",
                "recipient_id": str(uuid.uuid4()),
                "award_code": "LDTT",
                "achievement_year": YEAR,
            }
            for _ in range(DECISION_AWARDS)
        ]
        body = {
            "agency": self.agency,
            "number": f"{index + 1}/QĐ-BENCH",
            "signed_on": SIGNED_ON,
            "issuing_authority": "Cục trưởng Cục Công Thương",
            "authority_level": "unit",
            "awards": awards,
        }
        await self.api.post("awards", "/v1/decisions", self.agency, json=body)

    async def import_decisions(self, index: int, rows: int) -> None:
        """A file of ``rows`` awards, decisions of ``DECISION_AWARDS`` awards each."""
        lines = ["number,signed_on,issuing_authority,recipient_kind,recipient_id,award_code,year"]
        lines += [
            f"{index * rows + row // DECISION_AWARDS + 1}/QĐ-NHAP,{SIGNED_ON},"
            f"Cục trưởng Cục Công Thương,Cá nhân,{uuid.uuid4()},Lao động tiên tiến,{YEAR}"
            for row in range(rows)
        ]
        files = {"file": ("khen_thuong.csv", "\n".join(lines).encode(), "text/csv")}
        await self.api.post(
            "awards", "/v1/decisions/import", self.agency, data={"agency": self.agency}, files=files
        )

    async def import_registrations(self, campaign: str) -> None:
        lines = ["registrant_kind,registrant_id,year,campaign_id,award_codes"]
        lines += [f"member,{member},{YEAR},{campaign},LDTT" for member in self.members]
        files = {"file": ("dang_ky.csv", "\n".join(lines).encode(), "text/csv")}
        await self.api.post(
            "registry",
            "/v1/registrations/import",
            self.agency,
            data={"agency": self.agency},
            files=files,
        )

    async def submit_batch(self, campaign: str) -> None:
        items = [
            {
                "agency": self.agency,
                "registrant_kind": "member",
                "registrant_id": member,
                "year": YEAR,
                "campaign_id": campaign,
                "award_codes": ["LDTT"],
                "submitted_on": f"{YEAR}-02-15",
            }
            for member in self.members
        ]
        await self.api.post("registry", "/v1/registrations/batch", self.agency, json=items)
