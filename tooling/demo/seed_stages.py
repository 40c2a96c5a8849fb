"""The seed agencies' records beside their awards, sent over the public APIs: the people the
articles commend, the campaigns and models they name, Bắc Kạn's initiatives and pacts, Hà
Nội's pending proposals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.events.vocabulary import PositionGroup
from tooling.demo import seed_records as records
from tooling.demo import seeds
from tooling.demo.seed_people import seed_people as people_of

if TYPE_CHECKING:
    from tooling.demo.loader import AgencySpec, DemoClient, Directory

OWN_LEVEL = {"launching_level": "unit", "scope": "unit"}
"""A campaign the agency itself launches (form 0601.N: "Cơ quan, tổ chức, đơn vị")."""


def campaign_body(agency: str, title: str, start: str, end: str, form: str) -> dict[str, Any]:
    return {
        "agency": agency,
        "title": title,
        "form": form,
        **OWN_LEVEL,
        "start_date": start,
        "end_date": end,
        "registration_required": True,
    }


async def seed_people(
    api: DemoClient,
    spec: AgencySpec,
    found: Directory,
    make_name: Callable[[], str],
    birth_year: Callable[[int, int], int],
) -> None:
    """The individuals the agency's article commends, as members of its directory (their
    group as :mod:`tooling.demo.seed_people` places them): the Sở's leaders on its board,
    the others in its offices in turn."""
    offices = found.units[1:]
    for i, person in enumerate(people_of(spec.code)):
        board = person.position_group == PositionGroup.DEPARTMENT_HEAD
        created = await api.post(
            "registry",
            "/v1/members",
            agency=spec.code,
            key=("seed-member", spec.code, person.code),
            json={
                "agency": spec.code,
                "unit_id": found.units[0] if board else offices[i % len(offices)],
                "position_group": person.position_group.value,
                "full_name": person.full_name or make_name(),
                "birth_year": birth_year(1965, 1995),
                "added_on": spec.directory_since,
            },
        )
        found.seed_people[person.code] = str(created["member_id"])
        found.members.append(found.seed_people[person.code])


async def seed_campaigns(api: DemoClient, spec: AgencySpec) -> None:
    """The campaigns (and registered models) the agency's article names."""
    for campaign in records.SEED_CAMPAIGNS.get(spec.code, []):
        await api.post(
            "registry",
            "/v1/campaigns",
            agency=spec.code,
            key=("campaign", spec.code, campaign.title),
            json=campaign_body(
                spec.code, campaign.title, campaign.start, campaign.end, campaign.form
            ),
        )


async def seed_initiatives(api: DemoClient, spec: AgencySpec, found: Directory) -> None:
    """The initiatives the agency's article names, each applied (recognised at grassroots
    level at the end of its year); authors taken in turn from the directory (plausible)."""
    for i, initiative in enumerate(records.SEED_INITIATIVES.get(spec.code, [])):
        created = await api.post(
            "registry",
            "/v1/initiatives",
            agency=spec.code,
            key=("seed-initiative", spec.code, i),
            json={
                "agency": spec.code,
                "title": initiative.title,
                "author_ids": [found.members[i % len(found.members)]],
                "year": initiative.year,
            },
        )
        await api.post(
            "registry",
            f"/v1/initiatives/{created['initiative_id']}/recognitions",
            agency=spec.code,
            key=("seed-recognition", spec.code, i),
            json={"level": "grassroots", "recognised_on": f"{initiative.year}-12-20"},
        )


async def seed_pacts(api: DemoClient, spec: AgencySpec, found: Directory) -> None:
    """Bắc Kạn's pacts, every year: within the department (its units, not the board), and in
    the province's Khối thi đua Kinh tế – Kỹ thuật (with other sectors' departments)."""
    if spec.code != seeds.BAC_KAN:
        return
    units = found.units[1:]
    within = {"name": records.BLOC_NAME, "kind": "units", "member_ids": units}
    province = {
        "name": records.PROVINCE_BLOC_NAME,
        "kind": "agencies",
        "member_ids": [spec.code],
        "outside_members": list(records.PROVINCE_BLOC_OUTSIDE_MEMBERS),
    }
    for name, bloc in (("bloc", within), ("province-bloc", province)):
        created = await api.post(
            "registry",
            "/v1/blocs",
            agency=spec.code,
            key=(name, spec.code),
            json={"agency": spec.code, **bloc},
        )
        for year in records.PACT_YEARS:
            await api.post(
                "registry",
                f"/v1/blocs/{created['bloc_id']}/pacts",
                agency=spec.code,
                key=(f"{name}-pact", spec.code, year),
                json={"year": year, "signatory_ids": bloc["member_ids"]},
            )


async def seed_proposals(api: DemoClient, spec: AgencySpec) -> None:
    """The proposals the agency's article says are pending."""
    for proposal in records.SEED_PROPOSALS.get(spec.code, []):
        await _pending(api, spec.code, proposal)


async def _pending(api: DemoClient, agency: str, proposal: records.SeedProposal) -> None:
    nominees = [
        {
            "nominee_kind": kind,
            "nominee_id": who,
            "award_code": proposal.award,
            "achievement_year": 2020,
        }
        for kind, who in proposal.nominees
    ]
    body = {
        "agency": agency,
        "nominees": nominees,
        "commendation_kind": "thematic",
        "addressed_to": "ministry_province",
        "submitted_on": proposal.submitted_on,
    }
    key = ("proposal", agency, proposal.key)
    created = await api.post("awards", "/v1/proposals", agency=agency, key=key, json=body)
    if proposal.forwarded_on is None:
        return
    path = f"/v1/proposals/{created['proposal_id']}"
    votes = [
        {
            "nominee_id": n["nominee_id"],
            "award_code": proposal.award,
            "votes_for": 9,
            "votes_against": 0,
        }
        for n in nominees
    ]
    review = {"reviewed_on": proposal.forwarded_on, "votes": votes}
    await api.post("awards", f"{path}/reviews", agency=agency, key=(*key, "review"), json=review)
    forward = {"to_level": "prime_minister", "forwarded_on": proposal.forwarded_on}
    await api.post("awards", f"{path}/forward", agency=agency, key=(*key, "forward"), json=forward)
