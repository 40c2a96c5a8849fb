"""Kafka plumbing shared by the services: topic names, provisioning and reachability.

The Apache Kafka launcher lives in :mod:`shared.kafka.apache` (not re-exported here, so that
``python -m shared.kafka.apache`` runs it without a double import).
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
