"""Idempotent consumers: apply each event once, acknowledge after commit, dead-letter poison."""

from shared.consumer.dead_letter import DeadLetter, DeadLetterSink
from shared.consumer.errors import PermanentEventError
from shared.consumer.idempotent import EventHandler, IdempotentConsumer, RetryPolicy
from shared.consumer.incoming import IncomingRecord
from shared.consumer.screening import Screen, all_of, headers_match_envelope
from shared.consumer.subscription import subscribe_idempotent

__all__ = [
    "DeadLetter",
    "DeadLetterSink",
    "EventHandler",
    "IdempotentConsumer",
    "IncomingRecord",
    "PermanentEventError",
    "RetryPolicy",
    "Screen",
    "all_of",
    "headers_match_envelope",
    "subscribe_idempotent",
]
