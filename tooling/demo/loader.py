"""Load demo data into running services, over their public HTTP APIs only.

The departments of the 63 provinces from 2016 and three ministry units (2016–2025). On
2025-07-01 (:mod:`tooling.demo.lineage`) the departments of the 11 unchanged provinces
continue as they are (one agency, one history 2016–2025, its 2025 awards decided in 2026);
the others (yearly titles and ratings up to 2024, a last campaign ending 2025-06-30) merge
into the department of their new province, which takes over their units and members and
records the second half of 2025 for them. A merged department's code names its list
(``SCT34-24`` is Bắc Ninh of the 34, ``24`` the department of Bắc Giang of the 63), so codes
of the two lists never collide.

Deterministic (one seeded random generator per agency) and idempotent: every command carries
an ``Idempotency-Key`` derived from what it does, so loading twice changes nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
from pydantic import SecretStr
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from shared.auth import Role, mint_token
from shared.reference.provinces import MERGER_DATE, ProvinceList, provinces_2008, provinces_2025
from shared.settings import DEFAULT_JWT_SECRET
from tooling.demo import lineage, seed_stages, seeds
from tooling.demo.directory import Directory as Directory
from tooling.demo.lineage import agency_code_34 as agency_code_34

YEARS = range(2016, 2026)
DIRECTORY_SINCE = date(2015, 1, 1)
SEED_AGENCIES = (seeds.HA_NOI, seeds.BAC_KAN, seeds.HA_TINH)
MINISTRY_UNITS = {
    seeds.CUC: "Cục Công Thương địa phương",
    "BCT-VP": "Văn phòng Bộ Công Thương",
    "BCT-CN": "Cục Công nghiệp",
}
SMALL_PROVINCES = ("02", "22", "24", "27", "79")
"""The small demo's departments besides the seed agencies: Quảng Ninh continues (as Hà Nội and
Hà Tĩnh do); Bắc Giang (24) and Bắc Ninh (27) merge into Bắc Ninh of the 34 (``SCT34-24``),
Hà Giang into Tuyên Quang, Hồ Chí Minh into the new Hồ Chí Minh (and Bắc Kạn into Thái
Nguyên)."""
CITIES_34 = frozenset({"01", "31", "46", "48", "79", "92"})
"""The centrally-run cities of the 34 (their people's committee is "UBND thành phố")."""
PROVINCE_UNITS = [
    "Văn phòng Sở",
    "Phòng Quản lý công nghiệp",
    "Phòng Quản lý thương mại",
    "Phòng Kế hoạch – Tài chính",
]
UNITS_34 = ["Chi cục Quản lý thị trường"]
"""A merged department's own units besides its board (market surveillance joined the
provincial departments in 2025); its predecessors' units come with the merger."""
MEMBERS, MEMBERS_34 = 10, 2
"""Members per agency; a merged department's own (its new leadership): its predecessors'
members come with the merger."""
MINISTRY_SUBUNITS = ["Văn phòng", "Phòng Tổng hợp", "Phòng Nghiệp vụ"]
BAC_KAN_UNITS = ["Văn phòng Sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hương", "Lan", "Long", "Mai", "Nam", "Tâm"]
INITIATIVE_TITLES = [
    "Số hoá hồ sơ thi đua, khen thưởng của Sở",
    "Giải pháp rút ngắn thời gian cấp giấy phép kinh doanh",
    "Ứng dụng bản đồ số quản lý cụm công nghiệp",
    "Nâng cao hiệu quả kiểm tra thị trường dịp Tết",
]


class DemoLoadError(RuntimeError):
    """A service refused a demo command (its answer is in the message)."""

    def __init__(self, message: str, status: int = 0, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: str  # provincial_department | ministry_unit
    province_code: str | None = None
    province_list: ProvinceList | None = None

    @property
    def merged(self) -> bool:
        """A merged department of the 34-province list (established 2025-07-01)."""
        return self.province_list == "34"

    @property
    def successor(self) -> str | None:
        """The merged department that continues this 63-list one; None for the others."""
        if self.province_list != "63" or self.province_code is None:
            return None
        return lineage.successor_code(self.province_code)

    @property
    def continues(self) -> bool:
        """A 63-list department whose province is unchanged on the 34 list."""
        return self.province_list == "63" and self.successor is None

    @property
    def dissolved_on(self) -> date | None:
        """A merged-away department's last day (the eve of the merger); None for the others."""
        return lineage.LAST_DAY_63 if self.successor else None

    @property
    def directory_since(self) -> str:
        """When its units and members joined the directory: a 34-list department's on the
        merger day; the others' (plausible, the articles give no date) at the start of 2015,
        the first year the seeds report, so that the registrations of every demo year are
        measured against the directory."""
        return (MERGER_DATE if self.merged else DIRECTORY_SINCE).isoformat()

    @property
    def titled_years(self) -> range:
        """Years of its yearly titles and ratings: a merged-away department's last full year is
        2024 (its 2025 was cut short by the merger; the merged department takes it up)."""
        return range(YEARS.start, MERGER_DATE.year) if self.dissolved_on else YEARS

    def campaign_end(self, year: int) -> str:
        """Its campaign of ``year`` ends with the year, or with the department."""
        end = date(year, 12, 31)
        return min(end, self.dissolved_on or end).isoformat()

    @property
    def director(self) -> str:
        if self.kind == "ministry_unit":
            return "Bộ Công Thương"
        return f"Giám đốc {self.name}"

    @property
    def province_authority(self) -> str:
        if self.province_code is None:
            return "Bộ Công Thương"
        level = "thành phố" if self.merged and self.province_code in CITIES_34 else "tỉnh"
        return f"UBND {level} {self.name[15:]}"


def agencies(small: bool = False) -> list[AgencySpec]:
    """The demo agencies: the departments of the 63-province list, the merged departments of
    the 34-province list (established 2025-07-01) that continue them, and ministry units."""
    chosen = sorted({*SEED_AGENCIES, *SMALL_PROVINCES} if small else provinces_2008())
    provinces = provinces_2008()
    specs = [
        AgencySpec(
            code, f"Sở Công Thương {provinces[code].name}", "provincial_department", code, "63"
        )
        for code in chosen
    ]
    merged = provinces_2025()
    successors = {spec.successor for spec in specs} - {None}
    specs += [
        AgencySpec(
            agency_code_34(code),
            f"Sở Công Thương {merged[code].name}",
            "provincial_department",
            code,
            "34",
        )
        for code in merged
        if agency_code_34(code) in successors
    ]
    units = [seeds.CUC] if small else list(MINISTRY_UNITS)
    return specs + [AgencySpec(code, MINISTRY_UNITS[code], "ministry_unit") for code in units]


def idempotency_key(*parts: object) -> str:
    """A stable key for one demo command."""
    return "demo-" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


class DemoClient:
    """Posts commands to the services with development tokens, retrying transient failures."""

    def __init__(
        self,
        urls: dict[str, str],
        secret: str = DEFAULT_JWT_SECRET,
        issuer: str = "tdkt",
        timeout_s: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.urls = urls
        self._secret = SecretStr(secret)
        self._issuer = issuer
        self._tokens: dict[tuple[str, Role], str] = {}
        self.client = httpx.AsyncClient(timeout=timeout_s, transport=transport)
        self.requests = 0

    def headers(self, agency: str, role: Role = "officer") -> dict[str, str]:
        token = self._tokens.get((agency, role))
        if token is None:
            token = mint_token(
                self._secret,
                subject=f"demo-{role}-{agency}",
                agency=agency,
                roles=[role],
                issuer=self._issuer,
                ttl=timedelta(hours=2),
            )
            self._tokens[(agency, role)] = token
        return {"Authorization": f"Bearer {token}"}

    async def post(
        self,
        service: str,
        path: str,
        *,
        agency: str,
        key: tuple[object, ...],
        role: Role = "officer",
        ok: Iterable[int] = (200, 201),
        **kwargs: Any,
    ) -> Any:
        headers = self.headers(agency, role) | {"Idempotency-Key": idempotency_key(service, *key)}
        accepted = set(ok)
        for attempt in range(5):
            self.requests += 1
            try:
                response = await self.client.post(
                    self.urls[service] + path, headers=headers, **kwargs
                )
            except httpx.TransportError:
                if attempt == 4:
                    raise
                await asyncio.sleep(0.5 * (attempt + 1))
                continue
            if response.status_code in accepted:
                return response.json() if response.content else None
            if response.status_code < 500 and response.status_code != 429:
                break
            await asyncio.sleep(0.5 * (attempt + 1))
        raise DemoLoadError(
            f"POST {service}{path} → {response.status_code}: {response.text[:500]}",
            response.status_code,
            response.text,
        )

    async def post_after_transfers(
        self, service: str, path: str, *, within_s: float = 120.0, **kwargs: Any
    ) -> Any:
        """:meth:`post` once ``service`` has heard of the merger's transfers: until then it
        places the people and units that moved in their former agency and refuses the
        merged department's commands about them (422 ``recipient_of_other_agency``)."""
        deadline = time.monotonic() + within_s
        while True:
            try:
                return await self.post(service, path, **kwargs)
            except DemoLoadError as refused:
                waiting = refused.status == 422 and "of_other_agency" in refused.body
                if not waiting or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(1.0)

    async def aclose(self) -> None:
        await self.client.aclose()


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


async def register_agency(api: DemoClient, spec: AgencySpec) -> None:
    body: dict[str, Any] = {"agency_code": spec.code, "name": spec.name, "kind": spec.kind}
    if spec.province_code is not None:
        body |= {"province_code": spec.province_code, "province_list": spec.province_list}
    if spec.merged:
        body["established_on"] = MERGER_DATE.isoformat()
    await api.post(
        "registry",
        "/v1/agencies",
        agency=spec.code,
        role="admin",
        key=("agency", spec.code),
        json=body,
        ok=(200, 201, 409),  # 409: registered earlier without this key
    )


async def build_directory(api: DemoClient, spec: AgencySpec, seed: int) -> Directory:
    rng = random.Random(f"{seed}-{spec.code}-directory")
    found = Directory()
    top = "Ban Giám đốc Sở" if spec.kind == "provincial_department" else "Lãnh đạo Cục"
    names = BAC_KAN_UNITS if spec.code == seeds.BAC_KAN else PROVINCE_UNITS
    if spec.kind == "ministry_unit":
        names = MINISTRY_SUBUNITS
    elif spec.merged:
        names = UNITS_34

    async def unit(name: str, parent: str | None) -> str:
        created = await api.post(
            "registry",
            "/v1/units",
            agency=spec.code,
            key=("unit", spec.code, name),
            json={
                "agency": spec.code,
                "name": name,
                "parent_unit_id": parent,
                "added_on": spec.directory_since,
            },
        )
        return str(created["unit_id"])

    board = await unit(top, None)
    found.units = [board] + [await unit(name, board) for name in names]
    for i in range(MEMBERS_34 if spec.merged else MEMBERS):
        created = await api.post(
            "registry",
            "/v1/members",
            agency=spec.code,
            key=("member", spec.code, i),
            json={
                "agency": spec.code,
                "unit_id": found.units[i % len(found.units)],
                "position_group": "leader" if i < 2 else rng.choice(["official", "worker"]),
                "full_name": _name(rng),
                "birth_year": rng.randint(1965, 1995),
                "added_on": spec.directory_since,
            },
        )
        found.members.append(str(created["member_id"]))
    if spec.code in SEED_AGENCIES:
        await seed_stages.seed_people(api, spec, found, lambda: _name(rng), rng.randint)
    return found


async def campaigns_and_registrations(
    api: DemoClient, spec: AgencySpec, found: Directory, seed: int
) -> None:
    if spec.merged:
        await merged_campaign(api, spec, found, seed)
        return
    rng = random.Random(f"{seed}-{spec.code}-campaigns")
    await seed_stages.seed_campaigns(api, spec)
    items: list[dict[str, Any]] = []
    for year in YEARS:
        title = f"Phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm {year}"
        created = await api.post(
            "registry",
            "/v1/campaigns",
            agency=spec.code,
            key=("campaign", spec.code, year),
            json=_campaign(spec.code, title, f"{year}-01-15", spec.campaign_end(year)),
        )
        found.campaigns[year] = str(created["campaign_id"])
        stars = rng.sample(found.members, 2)
        items += _registrations(spec, found, year, stars, f"{year}-02-15")
    await register_all(api, spec, items)


REGISTRATIONS_PER_BATCH = 1000
"""The most registrations the registry takes in one batch."""


async def register_all(api: DemoClient, spec: AgencySpec, items: list[dict[str, Any]]) -> None:
    """``items`` in batches the registry takes (the first keeps the key of a single batch)."""
    for n, first in enumerate(range(0, len(items), REGISTRATIONS_PER_BATCH)):
        await api.post(
            "registry",
            "/v1/registrations/batch",
            agency=spec.code,
            key=("registrations", spec.code, *([n] if n else [])),
            json=items[first : first + REGISTRATIONS_PER_BATCH],
        )


MERGED_CAMPAIGN = (
    "Thi đua hoàn thành xuất sắc nhiệm vụ 6 tháng cuối năm 2025, "
    "xây dựng Sở Công Thương sau hợp nhất tinh gọn, hoạt động hiệu lực, hiệu quả"
)
MERGED_YEAR = MERGER_DATE.year


async def merged_campaign(api: DemoClient, spec: AgencySpec, found: Directory, seed: int) -> None:
    """A merged department's first campaign (launched 2025-07-15) and the registrations of
    its units and members, those it took over included (``found`` after the merger)."""
    created = await api.post(
        "registry",
        "/v1/campaigns",
        agency=spec.code,
        key=("campaign", spec.code, MERGED_YEAR),
        json=_campaign(spec.code, MERGED_CAMPAIGN, "2025-07-15", "2025-12-31"),
    )
    found.campaigns[MERGED_YEAR] = str(created["campaign_id"])
    items = _registrations(spec, found, MERGED_YEAR, found.stars, "2025-07-25")
    await register_all(api, spec, items)


def _campaign(agency: str, title: str, start: str, end: str) -> dict[str, Any]:
    """The agency's own yearly campaign."""
    return seed_stages.campaign_body(agency, title, start, end, "regular")


def _registrations(
    spec: AgencySpec, found: Directory, year: int, stars: list[str], submitted_on: str
) -> list[dict[str, Any]]:
    """Every unit but the first (the agency's office) for TTLDTT, every member for LDTT, and
    ``stars`` for CSTĐCS too, in the campaign of ``year``."""
    units = [("unit", unit, ["TTLDTT"]) for unit in found.units[1:]]
    members = [
        ("member", member, ["LDTT", "CSTDCS"] if member in stars else ["LDTT"])
        for member in found.members
    ]
    return [
        {
            "agency": spec.code,
            "registrant_kind": kind,
            "registrant_id": who,
            "year": year,
            "campaign_id": found.campaigns[year],
            "award_codes": codes,
            "submitted_on": submitted_on,
        }
        for kind, who, codes in [*units, *members]
    ]


async def ratings_and_initiatives(
    api: DemoClient, spec: AgencySpec, found: Directory, seed: int
) -> None:
    """Its members' and units' ratings of its last titled year, and two recognised initiatives
    (a seed agency: the initiatives and pacts its article names)."""
    rng = random.Random(f"{seed}-{spec.code}-ratings")
    for year in spec.titled_years[-1:]:
        for member in found.members:
            rating = rng.choices(["HTXSNV", "HTTNV", "HTNV"], weights=[3, 6, 1])[0]
            await api.post(
                "registry",
                "/v1/ratings",
                agency=spec.code,
                key=("rating", spec.code, member, year),
                json={"agency": spec.code, "member_id": member, "year": year, "rating": rating},
            )
        await unit_ratings(api, spec, found, year, seed)
    if spec.code in SEED_AGENCIES:
        await seed_stages.seed_initiatives(api, spec, found)
        await seed_stages.seed_pacts(api, spec, found)
        return
    for i, title in enumerate(rng.sample(INITIATIVE_TITLES, 2)):
        year = rng.choice(list(spec.titled_years))
        created = await api.post(
            "registry",
            "/v1/initiatives",
            agency=spec.code,
            key=("initiative", spec.code, i),
            json={
                "agency": spec.code,
                "title": title,
                "author_ids": [rng.choice(found.members)],
                "year": year,
            },
        )
        await api.post(
            "registry",
            f"/v1/initiatives/{created['initiative_id']}/recognitions",
            agency=spec.code,
            key=("recognition", spec.code, i),
            json={"level": "grassroots", "recognised_on": f"{year}-12-20"},
        )


async def unit_ratings(
    api: DemoClient, spec: AgencySpec, found: Directory, year: int, seed: int
) -> None:
    """The own rating of each unit registered for TTLĐTT (all but the office) for ``year``:
    TTLĐTT and TTLĐXS ask the collective itself to be rated (Art 27, 28 point a)."""
    rng = random.Random(f"{seed}-{spec.code}-unit-ratings")
    for unit in found.units[1:]:
        rating = rng.choices(["HTXSNV", "HTTNV"], weights=[1, 2])[0]
        await api.post(
            "registry",
            "/v1/ratings/units",
            agency=spec.code,
            key=("unit-rating", spec.code, unit, year),
            json={"agency": spec.code, "unit_id": unit, "year": year, "rating": rating},
        )


def generated_award_rows(
    spec: AgencySpec, found: Directory, seed: int, years: Iterable[int]
) -> list[tuple[str, ...]]:
    """Plausible yearly award decisions of one agency (rows of the decisions spreadsheet)."""
    rng = random.Random(f"{seed}-{spec.code}-awards")
    director, province = spec.director, spec.province_authority
    rows: list[tuple[str, ...]] = []
    for year in years:
        signed = f"{year + 1}-01-20"
        local = f"{900 + year - 2000}/QĐ-{'SCT' if spec.province_code else 'BCT'}"
        members = rng.sample(found.members, rng.randint(6, 9))
        for member in members:
            ldtt = "Lao động tiên tiến"
            rows.append((local, signed, director, "Cá nhân", member, ldtt, str(year)))
        for member in members[:2]:
            rows.append(
                (local, signed, director, "Cá nhân", member, "Chiến sỹ thi đua cơ sở", str(year))
            )
        for unit in rng.sample(found.units[1:], 2):
            rows.append(
                (local, signed, director, "Tập thể", unit, "Tập thể lao động tiên tiến", str(year))
            )
        if rng.random() < 0.4:
            number = f"{300 + year - 2000}/QĐ-{'UBND' if spec.province_code else 'BCT'}"
            day = f"{year + 1}-03-10"
            flag = "Cờ thi đua tỉnh" if spec.province_code else "Cờ thi đua Bộ"
            rows.append((number, day, province, "Cơ quan", spec.code, flag, str(year)))
            award = "Bằng khen tỉnh" if spec.province_code else "Bằng khen Bộ"
            rows.append((number, day, province, "Cá nhân", members[0], award, str(year)))
        if rng.random() < 0.25:
            number, day = f"{500 + year - 2000}/QĐ-BCT", f"{year + 1}-02-15"
            unit = rng.choice(found.units[1:])
            rows.append((number, day, "Bộ Công Thương", "Tập thể", unit, "Bằng khen Bộ", str(year)))
    return seeds.regular(rows)


def merged_award_rows(spec: AgencySpec, found: Directory, seed: int) -> list[tuple[str, ...]]:
    """A merged department's awards for 2025, all decided in December 2025: its director's
    year-end titles (CSTĐCS for its ``stars``), sometimes a Bằng khen of the province's
    people's committee (for the merger's work) and one of the ministry."""
    rng = random.Random(f"{seed}-{spec.code}-awards")
    year, best = str(MERGED_YEAR), found.stars
    others = [m for m in found.members if m not in best]
    director = (f"{rng.randint(1150, 1480)}/QĐ-SCT", f"{year}-12-{rng.randint(22, 30)}")
    people = [*best, *rng.sample(others, min(rng.randint(3, 5), len(others)))]
    rows: list[tuple[str, ...]] = [
        (*director, spec.director, "Cá nhân", m, "Lao động tiên tiến", year) for m in people
    ]
    rows += [(*director, spec.director, "Cá nhân", m, "Chiến sỹ thi đua cơ sở", year) for m in best]
    rows += [
        (*director, spec.director, "Tập thể", unit, "Tập thể lao động tiên tiến", year)
        for unit in rng.sample(found.units[1:], min(3, len(found.units) - 1))
    ]
    if rng.random() < 0.5:
        province = (f"{rng.randint(2100, 3400)}/QĐ-UBND", f"{year}-12-{rng.randint(10, 19)}")
        authority = spec.province_authority
        rows.append((*province, authority, "Tập thể", found.units[1], "Bằng khen tỉnh", year))
        rows.append((*province, authority, "Cá nhân", best[0], "Bằng khen tỉnh", year))
    if rng.random() < 0.3:
        ministry = (f"{rng.randint(3100, 3700)}/QĐ-BCT", f"{year}-12-{rng.randint(5, 15)}")
        unit = rng.choice(found.units[1:])
        rows.append((*ministry, "Bộ Công Thương", "Tập thể", unit, "Bằng khen Bộ", year))
    return seeds.regular(rows)


def award_rows(spec: AgencySpec, found: Directory, seed: int) -> list[tuple[str, ...]]:
    """The rows of the agency's decisions spreadsheet."""
    if spec.merged:
        return merged_award_rows(spec, found, seed)
    batches = seeds.SEED_BATCHES.get(spec.code)
    rows = list(seeds.seed_rows(spec.code, batches, found.seed_people)) if batches else []
    # The seed agencies' published figures cover 2015–2020: made-up years only after those.
    years = range(2021, spec.titled_years.stop) if batches else spec.titled_years
    return rows + generated_award_rows(spec, found, seed, years)


def last_year_stars(spec: AgencySpec, rows: Iterable[tuple[str, ...]]) -> list[str]:
    """The members ``rows`` give CSTĐCS for the agency's last titled year."""
    last = str(spec.titled_years[-1])
    return [r[4] for r in rows if r[5] == "Chiến sỹ thi đua cơ sở" and r[6] == last]


async def award_decisions(api: DemoClient, spec: AgencySpec, found: Directory, seed: int) -> None:
    """The agency's decisions, imported as one spreadsheet (a merged department's once the
    awards service knows whom it took over), and its seed article's pending proposals."""
    rows = award_rows(spec, found, seed)
    if not spec.merged:
        found.stars = last_year_stars(spec, rows)
    post = api.post_after_transfers if spec.merged else api.post
    await post(
        "awards",
        "/v1/decisions/import",
        agency=spec.code,
        key=("decisions", spec.code),
        data={"agency": spec.code},
        files={"file": ("khen_thuong.csv", seeds.to_csv(rows), "text/csv")},
    )
    await seed_stages.seed_proposals(api, spec)


Stage = Callable[[AgencySpec], Awaitable[None]]
COLUMNS = (
    TextColumn("{task.description:<34}"),
    BarColumn(),
    MofNCompleteColumn(),
    TimeElapsedColumn(),
)


@dataclass
class Loading:
    """One load: its client, the directories found so far and the progress display."""

    api: DemoClient
    specs: list[AgencySpec]
    seed: int
    progress: Progress
    parallel: int
    directories: dict[str, Directory] = field(default_factory=dict)

    async def stage(self, title: str, specs: list[AgencySpec], step: Stage) -> None:
        task = self.progress.add_task(title, total=len(specs))
        gate = asyncio.Semaphore(self.parallel)

        async def one(spec: AgencySpec) -> None:
            async with gate:
                await step(spec)
            self.progress.advance(task)

        await asyncio.gather(*(one(spec) for spec in specs))

    async def directory(self, spec: AgencySpec) -> None:
        self.directories[spec.code] = await build_directory(self.api, spec, self.seed)

    async def before_the_merger(self) -> None:
        """Every agency and directory; the history of all but the merged departments."""
        api, seed, found = self.api, self.seed, self.directories
        await self.stage("agencies", self.specs, lambda s: register_agency(api, s))
        await self.stage("units and members", self.specs, self.directory)
        history = [s for s in self.specs if not s.merged]
        await self.stage(
            "campaigns and registrations",
            history,
            lambda s: campaigns_and_registrations(api, s, found[s.code], seed),
        )
        await self.stage(
            "ratings and initiatives",
            history,
            lambda s: ratings_and_initiatives(api, s, found[s.code], seed),
        )
        await self.stage(
            "award decisions 2016–2025",
            history,
            lambda s: award_decisions(api, s, found[s.code], seed),
        )

    async def reorganise(self, spec: AgencySpec) -> None:
        if spec.continues:
            await lineage.continue_agency(self.api, spec)
        else:
            loaded = {s.code for s in self.specs}
            await lineage.merge(self.api, spec, lineage.predecessors(spec, loaded))

    async def second_half_of_2025(self, spec: AgencySpec) -> None:
        """A merged department's campaign, registrations and awards for what it took over."""
        loaded = {s.code for s in self.specs}
        before = [self.directories[code] for code in lineage.predecessors(spec, loaded)]
        found = lineage.taken_over(self.directories[spec.code], before, self.seed, spec.code)
        self.directories[spec.code] = found
        await merged_campaign(self.api, spec, found, self.seed)
        await award_decisions(self.api, spec, found, self.seed)

    async def the_merger(self) -> None:
        """2025-07-01: continuations and mergers, then the merged departments' half year."""
        changed = [s for s in self.specs if s.continues or s.merged]
        merged = [s for s in self.specs if s.merged]
        await self.stage("reorganisation of 2025-07-01", changed, self.reorganise)
        await self.stage("merged departments, 2nd half 2025", merged, self.second_half_of_2025)


async def load(
    urls: dict[str, str],
    *,
    small: bool = False,
    seed: int = 2016,
    secret: str = DEFAULT_JWT_SECRET,
    parallel: int = 8,
    show_progress: bool = True,
    only: Collection[str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """Load the demo data (``only``: of those agencies); the number of HTTP requests sent."""
    specs = [spec for spec in agencies(small) if only is None or spec.code in only]
    api = DemoClient(urls, secret, transport=transport)
    try:
        with Progress(*COLUMNS, disable=not show_progress) as progress:
            loading = Loading(api, specs, seed, progress, parallel)
            await loading.before_the_merger()
            await loading.the_merger()
    finally:
        await api.aclose()
    return api.requests
