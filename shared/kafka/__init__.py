"""Kafka plumbing shared by the services: topic names, provisioning and reachability.

The Tansu launcher lives in :mod:`shared.kafka.tansu` (not re-exported here, so that
``python -m shared.kafka.tansu`` runs it without a double import).
"""

from shared.kafka.topics import (
    BrokerUnavailable,
    TopicNames,
    ensure_topics,
    list_topics,
    wait_for_kafka,
)

__all__ = [
    "BrokerUnavailable",
    "TopicNames",
    "ensure_topics",
    "list_topics",
    "wait_for_kafka",
]
