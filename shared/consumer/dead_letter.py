"""Dead letters: the original bytes and headers of an event that can never be applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from shared.outbox.publisher import OutgoingMessage, Publisher


@dataclass(frozen=True)
class DeadLetter:
    """A record that failed for good, with where it came from and why."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]
    reason: str
    error_type: str

    def to_message(self, consumer: str) -> OutgoingMessage:
        """The original record, headers kept, plus ``dlq.*`` headers saying what failed."""
        extra = {
            "dlq.reason": self.reason[:2000],
            "dlq.error_type": self.error_type,
            "dlq.consumer": consumer,
            "dlq.source_topic": self.topic,
            "dlq.source_partition": str(self.partition),
            "dlq.source_offset": str(self.offset),
            "dlq.failed_at": datetime.now(UTC).isoformat(),
        }
        headers = [*self.headers, *((k, v.encode()) for k, v in extra.items())]
        return OutgoingMessage(key=self.key or b"", value=self.value, headers=headers)


class DeadLetterSink(Protocol):
    """Where dead letters go; returns once they are durably stored (broker acknowledged)."""

    async def send(self, letters: list[DeadLetter]) -> None: ...


class PublisherDeadLetterSink:
    """Sends dead letters to the consumer group's dead-letter topic, bytes kept as received."""

    def __init__(self, publisher: Publisher, topic: str, consumer: str) -> None:
        self._publisher = publisher
        self._topic = topic
        self._consumer = consumer

    async def send(self, letters: list[DeadLetter]) -> None:
        messages = [letter.to_message(self._consumer) for letter in letters]
        await (await self._publisher.send(self._topic, messages))
