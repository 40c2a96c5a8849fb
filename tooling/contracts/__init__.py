"""The services' published contracts: AsyncAPI (Kafka topics) and OpenAPI (HTTP) documents.

:mod:`.asyncapi` builds AsyncAPI documents from FastStream brokers; :mod:`.export` writes every
service's documents to ``docs/api`` (``python -m tooling.contracts``). ``export`` imports the
services, so it is not imported here.
"""

from shared.asyncapi import (
    ASYNCAPI_VERSION,
    CONTRACTS_VERSION,
    asyncapi_document,
    declare_event_topic,
    docs_only_broker,
    typed_events_of,
)

__all__ = [
    "ASYNCAPI_VERSION",
    "CONTRACTS_VERSION",
    "asyncapi_document",
    "declare_event_topic",
    "docs_only_broker",
    "typed_events_of",
]
