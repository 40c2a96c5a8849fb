"""Who a Kafka client is: its SASL credentials, and the options aiokafka and FastStream take.

Every broker the project runs (the launcher, docker-compose) authenticates clients with
SASL/SCRAM-SHA-512 and authorises them by ACL (:mod:`shared.kafka.access`): a client without
credentials cannot connect. Each function that opens a Kafka connection takes
``credentials: KafkaCredentials | None``; ``None`` is an anonymous PLAINTEXT client, which only
a broker without authentication (an external development broker) accepts.

SCRAM never sends the password, but over ``SASL_PLAINTEXT`` the records travel unencrypted: a
broker reached over a network others share should use ``SASL_SSL``.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any, Literal

from aiokafka.helpers import create_ssl_context
from faststream.security import (
    BaseSecurity,
    SASLPlaintext,
    SASLScram256,
    SASLScram512,
)
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from shared.kafka.scram_memo import remember_salted_passwords

SaslMechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]
SaslProtocol = Literal["SASL_PLAINTEXT", "SASL_SSL"]
SecurityProtocol = Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"]

DEFAULT_MECHANISM: SaslMechanism = "SCRAM-SHA-512"


class KafkaCredentials(BaseModel):
    """A SASL identity: the principal ``User:<username>`` the broker's ACLs name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str = Field(min_length=1, pattern=r"^[^\s,=]+$")
    password: SecretStr
    mechanism: SaslMechanism = DEFAULT_MECHANISM
    security_protocol: SaslProtocol = "SASL_PLAINTEXT"
    ssl_cafile: Path | None = Field(
        default=None, description="CA bundle for SASL_SSL (default: the system's)."
    )

    @property
    def principal(self) -> str:
        """How ACLs and ``super.users`` name this identity."""
        return f"User:{self.username}"


def aiokafka_options(credentials: KafkaCredentials | None) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client (producer, consumer, admin, client)."""
    if credentials is None:
        return {}
    remember_salted_passwords()
    options: dict[str, Any] = {
        "security_protocol": credentials.security_protocol,
        "sasl_mechanism": credentials.mechanism,
        "sasl_plain_username": credentials.username,
        "sasl_plain_password": credentials.password.get_secret_value(),
    }
    if credentials.security_protocol == "SASL_SSL":
        options["ssl_context"] = _ssl_context(credentials)
    return options


def faststream_security(credentials: KafkaCredentials | None) -> BaseSecurity | None:
    """The ``security=`` of a FastStream ``KafkaBroker`` (``None``: anonymous PLAINTEXT)."""
    if credentials is None:
        return None
    remember_salted_passwords()
    kinds: dict[SaslMechanism, type[SASLPlaintext | SASLScram256 | SASLScram512]] = {
        "PLAIN": SASLPlaintext,
        "SCRAM-SHA-256": SASLScram256,
        "SCRAM-SHA-512": SASLScram512,
    }
    tls = credentials.security_protocol == "SASL_SSL"
    return kinds[credentials.mechanism](
        username=credentials.username,
        password=credentials.password.get_secret_value(),
        ssl_context=_ssl_context(credentials) if tls else None,
        use_ssl=tls,
    )


def _ssl_context(credentials: KafkaCredentials) -> ssl.SSLContext:
    cafile = str(credentials.ssl_cafile) if credentials.ssl_cafile else None
    context: ssl.SSLContext = create_ssl_context(cafile=cafile)
    return context
