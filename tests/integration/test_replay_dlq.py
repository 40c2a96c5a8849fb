"""`tdkt replay-dlq` on the real broker: each dead letter goes back to its source once."""

from __future__ import annotations

import pytest

from shared.kafka.topics import ensure_topics
from shared.outbox import KafkaEventPublisher, OutgoingMessage
from tests.harness.kafka_reader import read_topic
from tooling.cli import replay_dlq

pytestmark = pytest.mark.integration


def letter(value: bytes, source: str | None) -> OutgoingMessage:
    headers = [("event_type", b"AwardGranted"), ("dlq.reason", b"award code unknown")]
    if source is not None:
        headers.append(("dlq.source_topic", source.encode()))
    return OutgoingMessage(b"k", value, headers)


async def test_each_dead_letter_is_replayed_once_and_one_without_a_source_is_reported(
    kafka_bootstrap: str, unique_prefix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source, dead = f"{unique_prefix}.awards.events", f"{unique_prefix}.tdkt-reporting.dlq"
    await ensure_topics(kafka_bootstrap, [source, dead])
    publisher = KafkaEventPublisher(kafka_bootstrap)
    await publisher.start()
    try:
        await publisher.publish(dead, [letter(b"one", source), letter(b"lost", None)])
        await replay_dlq(kafka_bootstrap, dead)
        await replay_dlq(kafka_bootstrap, dead)  # nothing new: replays nothing
        await publisher.publish(dead, [letter(b"two", source)])
        await replay_dlq(kafka_bootstrap, dead)
    finally:
        await publisher.stop()

    replayed = await read_topic(kafka_bootstrap, source, at_least=2)
    assert sorted(record.value for record in replayed) == [b"one", b"two"]
    assert all(not name.startswith("dlq.") for r in replayed for name, _ in r.headers)
    printed = capsys.readouterr().out.splitlines()
    assert [line for line in printed if line.startswith("replayed")] == [
        f"replayed 1 dead letters from {dead}",
        f"replayed 0 dead letters from {dead}",
        f"replayed 1 dead letters from {dead}",
    ]
    assert sum(line.startswith("skipped") for line in printed) == 1
