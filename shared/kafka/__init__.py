"""Kafka plumbing shared by the services: topic names, provisioning and reachability, and who
a client is (:mod:`shared.kafka.security`; users and ACLs: :mod:`shared.kafka.access`).

The Apache Kafka launcher lives in :mod:`shared.kafka.apache` (not re-exported here, so that
``python -m shared.kafka.apache`` runs it without a double import).
"""

from shared.kafka.security import KafkaCredentials, aiokafka_options, faststream_security
from shared.kafka.topics import (
    BrokerUnavailable,
    TopicNames,
    ensure_topics,
    list_topics,
    wait_for_kafka,
)

__all__ = [
    "BrokerUnavailable",
    "KafkaCredentials",
    "TopicNames",
    "aiokafka_options",
    "ensure_topics",
    "faststream_security",
    "list_topics",
    "wait_for_kafka",
]
