"""The individuals the seed articles commend join the demo's directory with a position group,
and the seed decisions name those members, checked without services (a recording transport)."""

from __future__ import annotations

from collections import Counter

from tests.unit.test_demo_loader import decisions_sent, load_one
from tooling.demo import seeds
from tooling.demo.loader import MEMBERS, REGISTRATIONS_PER_BATCH, agencies
from tooling.demo.seed_people import seed_people


def test_each_individual_of_the_seed_decisions_once_with_a_group() -> None:
    for agency, batches in seeds.SEED_BATCHES.items():
        coded = {r[4] for r in seeds.seed_rows(agency, batches) if r[3] == "Cá nhân"}
        assert sorted(p.code for p in seed_people(agency)) == sorted(coded)

    groups = {
        a: Counter(p.position_group.value for p in seed_people(a)) for a in seeds.SEED_BATCHES
    }
    # Hà Nội: the Ban Giám đốc, 26 heads and deputy heads of offices, 91 without a post.
    assert groups[seeds.HA_NOI] == {"department_head": 4, "leader": 26, "official": 91}
    # Hà Tĩnh: "ông Hoàng Văn Quảng - Giám đốc Sở Công thương", and the 6 of the conference.
    [director] = [p for p in seed_people(seeds.HA_TINH) if p.full_name]
    assert (director.full_name, director.position_group.value) == (
        "Hoàng Văn Quảng",
        "department_head",
    )
    assert groups[seeds.HA_TINH] == {"department_head": 1, "official": 6}
    assert groups[seeds.BAC_KAN] == {"official": 12 + 2}
    assert groups[seeds.CUC] == {}


async def test_the_loader_adds_them_and_its_decisions_name_them() -> None:
    spec = next(s for s in agencies(small=True) if s.code == seeds.HA_NOI)
    recorder, found = await load_one(spec)

    members = recorder.bodies("/v1/members")
    assert len(members) == len(found.members) == MEMBERS + 121
    placed = Counter(m["position_group"] for m in members[MEMBERS:])
    assert placed == {"department_head": 4, "leader": 26, "official": 91}

    recipients = {a.recipient_id for d in decisions_sent(recorder, spec) for a in d.awards}
    assert set(found.seed_people.values()) <= recipients
    assert not any("-member-" in r for r in recipients)
    # Every member registers every year, in batches the registry takes.
    batches = recorder.bodies("/v1/registrations/batch")
    assert [len(b) <= REGISTRATIONS_PER_BATCH for b in batches] == [True] * len(batches)
    registered = Counter(i["registrant_id"] for b in batches for i in b)
    assert {registered[m] for m in found.members} == {10}
