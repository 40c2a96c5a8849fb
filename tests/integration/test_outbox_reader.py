"""The relay's read renders each record in PostgreSQL (``shared.outbox.stored_record``): byte
for byte what ``encode_event`` makes of the same stored row, whatever the row holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from sqlalchemy import Text, cast, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.envelope import KafkaRecord, encode_event
from shared.eventstore.tables import events
from shared.outbox.reader import batch_query, read_committed_batch

pytestmark = pytest.mark.integration

AWKWARD = 'Sở "Công Thương"\\ \n\t\r\b\f \x01\x1f\x7f / </script> 😀 ₫'


@pytest.fixture
def engine(store_engine: AsyncEngine) -> AsyncEngine:
    return store_engine


def stored_row(n: int, **fields: Any) -> dict[str, Any]:
    at = datetime(2025, 7, 1, 8, 30, 15, 123456, tzinfo=UTC) + timedelta(days=n)
    return {
        "event_id": uuid.uuid4(),
        "stream_id": f"campaign-{n}",
        "stream_version": n,
        "event_type": "CampaignLaunched",
        "schema_version": 1,
        "agency": "01",
        "occurred_at": at,
        "recorded_at": at,
        "actor": "user-01",
        "correlation_id": uuid.uuid4(),
        "causation_id": None,
        "payload": {"title": "Thi đua yêu nước", "n": n, "nested": {"a": [1, 2.5, None]}},
        **fields,
    }


async def former_records(engine: AsyncEngine) -> list[KafkaRecord]:
    """The relay's former read: the row in Python, ``encode_event`` with the stored payload."""
    columns = [column for column in events.c if column.name != "payload"]
    query = select(*columns, cast(events.c.payload, Text).label("payload_json"))
    async with engine.connect() as connection:
        rows = (await connection.execute(query.order_by(events.c.position))).mappings().all()
    return [encode_event(row, orjson.Fragment(row["payload_json"])) for row in rows]


async def test_the_rendered_records_equal_encode_events_byte_for_byte(engine: AsyncEngine) -> None:
    whole_second = datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)
    rows = [
        stored_row(1),
        stored_row(2, actor=AWKWARD, agency=AWKWARD, stream_id=f"s-{AWKWARD}"),
        stored_row(
            3, occurred_at=whole_second, recorded_at=whole_second + timedelta(microseconds=10)
        ),
        stored_row(4, causation_id=uuid.uuid4(), event_type=f"Type{AWKWARD}", schema_version=12),
        stored_row(5, payload={"text": AWKWARD, "empty": {}, "list": [], "big": 10**15}),
    ]
    async with engine.begin() as connection:
        await connection.execute(insert(events), rows)

    batch = await read_committed_batch(engine, 0, 100)

    rendered = [KafkaRecord(m.key, m.value, m.headers) for _, m in batch.events]
    assert rendered == await former_records(engine)
    assert [position for position, _ in batch.events] == [1, 2, 3, 4, 5]
    assert orjson.loads(rendered[1].value)["actor"] == AWKWARD
    assert orjson.loads(rendered[2].value)["occurred_at"] == "2025-12-31T23:59:59+00:00"


async def test_a_batch_is_read_in_the_order_of_the_index_on_a_table_without_statistics(
    engine: AsyncEngine,
) -> None:
    """A store just loaded has no statistics yet (a new deployment publishing its events):
    each batch must still be read in index order, stopping at its limit, not gathered from
    everything after the position and sorted (the plan an upper bound in SQL got)."""
    async with engine.begin() as connection:
        await connection.execute(text(_MANY_EVENTS), {"events": 200_000})
    async with engine.connect() as connection:
        query = batch_query(1_000, 5_000, None).compile(
            connection.sync_connection, compile_kwargs={"literal_binds": True}
        )
        plan = await connection.scalar(text(f"EXPLAIN (FORMAT JSON) {query}"))

    nodes = list(plan_nodes(plan[0]["Plan"]))
    assert "Sort" not in nodes, nodes
    assert "Bitmap Heap Scan" not in nodes, nodes
    assert "Index Scan" in nodes, nodes


_MANY_EVENTS = """
INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, agency,
                    occurred_at, recorded_at, actor, correlation_id, payload)
SELECT gen_random_uuid(), 'campaign-' || n, 1, 'CampaignLaunched', 1, '01', now(), now(),
       'user-01', gen_random_uuid(), jsonb_build_object('n', n, 'title', repeat('Thi đua ', 60))
FROM generate_series(1, :events) AS n
"""
"""Events as wide as real ones (a few hundred bytes): the planner weighs pages."""


def plan_nodes(node: dict[str, Any]) -> Iterator[str]:
    yield node["Node Type"]
    for child in node.get("Plans", []):
        yield from plan_nodes(child)
