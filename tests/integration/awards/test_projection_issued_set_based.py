"""Issued decisions are projected set-based: the same rows as their events applied one by one.

The events are those the service really appends (two decisions through the API, one of them
imported), applied on two fresh databases: once by ``AwardsProjection.apply`` (one statement
per table), once event by event with the areas' appliers, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.awards.localview import own_awards
from services.awards.localview.tables import facts
from services.awards.readmodel import decisions, proposals
from services.awards.readmodel.decisions import decision_awards
from services.awards.readmodel.projection import AwardsProjection
from shared.database.engine import create_engine, write_transaction
from shared.events import parse_event
from shared.eventstore import RecordedEvent
from tests.harness.awards_api import AwardsApi
from tests.harness.reporting_api import MakeMigratedDatabase

HA_NOI = "01"
HEAD = "7/QĐ-NHAP,20/01/2024,Cục trưởng Cục Công Thương"
CSV = (
    "number,signed_on,issuing_authority,recipient_kind,recipient_id,award_code,year\n"
    f"{HEAD},Cá nhân,hn-m1,Lao động tiên tiến,2023\n"
    f"{HEAD},Tập thể,hn-p1,Tập thể lao động tiên tiến,2023\n"
)


async def _recorded(api: AwardsApi) -> list[RecordedEvent]:
    body = {
        "agency": HA_NOI,
        "number": "12/QĐ-SCT",
        "signed_on": "2024-01-20",
        "issuing_authority": "Giám đốc Sở Công Thương Hà Nội",
        "authority_level": "unit",
        "awards": [
            {
                "recipient_kind": "member",
                "recipient_id": f"m-{i}",
                "award_code": "LDTT",
                "achievement_year": 2023,
            }
            for i in range(3)
        ],
    }
    issued = await api.client.post("/v1/decisions", json=body, headers=api.headers(HA_NOI))
    assert issued.status_code == 201, issued.text
    files = {"file": ("nhap.csv", CSV.encode(), "text/csv")}
    imported = await api.client.post(
        "/v1/decisions/import", data={"agency": HA_NOI}, files=files, headers=api.headers(HA_NOI)
    )
    assert imported.status_code == 201, imported.text
    found = []
    for decision_id in {issued.json()["decision_id"], imported.json()["rows"][0]["decision_id"]}:
        found += await api.awards.store.read_stream(f"decision-{decision_id}")
    return found


async def _one_by_one(engine: AsyncEngine, events: Sequence[RecordedEvent]) -> None:
    areas = (proposals, decisions, own_awards)
    async with write_transaction(engine) as connection:
        for event in events:
            payload = parse_event(event.model_dump(mode="json")).payload
            for area in areas:
                applier = area.APPLIERS.get(event.event_type)
                if applier is not None:
                    await applier(connection, event, payload)


def _content(table: Table) -> Select[Any]:
    """The table's columns but the writing transaction's id (the two databases' differ)."""
    return select(*(column for column in table.c if column.name != "written_by"))


async def _tables(engine: AsyncEngine) -> dict[str, list[Any]]:
    async with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(map(str, row)) for row in await connection.execute(_content(table))),
            )
            for table in (decisions.decisions, decision_awards, facts)
        }


async def test_a_batch_of_issued_decisions_writes_what_one_by_one_writes(
    awards_api: AwardsApi, make_migrated_database: MakeMigratedDatabase
) -> None:
    events = await _recorded(awards_api)
    assert [e.event_type for e in events].count("DecisionIssued") == 2
    batched = create_engine(await make_migrated_database("awards"))
    single = create_engine(await make_migrated_database("awards"))
    try:
        async with write_transaction(batched) as connection:
            await AwardsProjection().apply(connection, events)
        await _one_by_one(single, events)

        written = await _tables(batched)
        assert written == await _tables(single)
        assert [len(rows) for rows in written.values()] == [2, 5, 7]
    finally:
        await batched.dispose()
        await single.dispose()


async def test_an_award_without_its_decision_is_applied_one_by_one(
    awards_api: AwardsApi, make_migrated_database: MakeMigratedDatabase
) -> None:
    """A batch that does not hold its decision's DecisionIssued takes the per-event path."""
    events = await _recorded(awards_api)
    first = next(e for e in events if e.event_type == "DecisionIssued")
    batched = create_engine(await make_migrated_database("awards"))
    single = create_engine(await make_migrated_database("awards"))
    try:
        for engine in (batched, single):
            async with write_transaction(engine) as connection:
                await AwardsProjection().apply(connection, [first])
        rest = [e for e in events if e.stream_id == first.stream_id and e is not first]
        async with write_transaction(batched) as connection:
            await AwardsProjection().apply(connection, rest)
        await _one_by_one(single, rest)

        assert await _tables(batched) == await _tables(single)
    finally:
        await batched.dispose()
        await single.dispose()
