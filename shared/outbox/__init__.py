"""The outbox relay: publishes committed events from the store to Kafka, at least once."""

from shared.outbox.head import StoreHead
from shared.outbox.publisher import KafkaEventPublisher, OutgoingMessage, Publisher
from shared.outbox.relay import OutboxRelay, RelayConfig, TopicLog
from shared.outbox.selection import StreamSelection

__all__ = [
    "KafkaEventPublisher",
    "OutboxRelay",
    "OutgoingMessage",
    "Publisher",
    "RelayConfig",
    "StoreHead",
    "StreamSelection",
    "TopicLog",
]
