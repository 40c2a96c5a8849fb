"""The demo rates the units it registers for TTLĐTT, as Art 27, 28 point a ask of a collective."""

from __future__ import annotations

from tests.unit.test_demo_loader import load_one
from tooling.demo.loader import agencies


async def test_each_unit_registered_for_ttldtt_is_rated_for_the_last_titled_year() -> None:
    spec = next(s for s in agencies(small=True) if s.code == "02")
    recorder, found = await load_one(spec, ratings=True)

    rated = recorder.bodies("/v1/ratings/units")
    registered = [
        item["registrant_id"]
        for batch in recorder.bodies("/v1/registrations/batch")
        for item in batch
        if item["year"] == spec.titled_years[-1] and "TTLDTT" in item["award_codes"]
    ]

    assert [body["unit_id"] for body in rated] == found.units[1:]
    assert set(registered) == set(found.units[1:])
    assert {body["year"] for body in rated} == {spec.titled_years[-1]}
    assert {body["rating"] for body in rated} <= {"HTXSNV", "HTTNV"}
    assert {body["agency"] for body in rated} == {"02"}
