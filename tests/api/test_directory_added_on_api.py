"""A directory recorded after the fact: a unit or member added with the date it joined takes
effect then (its event's business time), so reports measure past years' registrations
against it; without a date, today."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from shared.eventstore.tables import events
from shared.vietnam_time import VIETNAM, today_in_vietnam
from tests.harness.registry_api import RegistryApi


async def business_dates(api: RegistryApi, event_type: str) -> list[date]:
    query = select(events.c.occurred_at).where(events.c.event_type == event_type)
    async with api.registry.engine.connect() as connection:
        found = (await connection.execute(query)).scalars().all()
    return sorted(moment.astimezone(VIETNAM).date() for moment in found)


async def test_units_and_members_join_on_the_day_given_else_today(
    registry_api: RegistryApi,
) -> None:
    api, headers = registry_api, registry_api.headers("06")
    dated = {"agency": "06", "name": "Văn phòng Sở", "added_on": "2015-01-01"}
    unit = await api.client.post("/v1/units", json=dated, headers=headers)
    undated = {"agency": "06", "name": "Phòng Quản lý công nghiệp"}
    assert (await api.client.post("/v1/units", json=undated, headers=headers)).status_code == 201
    person = {
        "agency": "06",
        "unit_id": unit.json()["unit_id"],
        "position_group": "official",
        "full_name": "Nông Thị Thảo",
        "added_on": "2016-03-01",
    }
    member = await api.client.post("/v1/members", json=person, headers=headers)
    too_early = await api.client.post(
        "/v1/units", json=dated | {"name": "Phòng cũ", "added_on": "1900-01-01"}, headers=headers
    )

    assert (unit.status_code, member.status_code) == (201, 201)
    assert await business_dates(api, "UnitAdded") == [date(2015, 1, 1), today_in_vietnam()]
    assert await business_dates(api, "MemberAdded") == [date(2016, 3, 1)]
    assert too_early.status_code == 422
    assert too_early.json()["errors"][0]["field"] == "body.added_on"
