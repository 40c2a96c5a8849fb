"""Settings every service shares; each service subclasses with its own environment prefix.

Settings are read from the environment only when a service's bootstrap builds them, never at
import time, and are then passed down explicitly.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shared.instances.names import NATIONAL, InstanceName
from shared.kafka.security import (
    DEFAULT_MECHANISM,
    KafkaCredentials,
    SaslMechanism,
    SaslProtocol,
)
from shared.kafka.topics import TopicNames

#: Where each service listens on this machine by default (the local run, the CLI, the rebuild).
DEFAULT_SERVICE_URLS = {
    "registry": "http://127.0.0.1:8001",
    "awards": "http://127.0.0.1:8002",
    "reporting": "http://127.0.0.1:8003",
}
#: The development secret; refused in production.
DEFAULT_JWT_SECRET = "tdkt-development-secret-change-me-in-production"
#: HS256 keys shorter than the SHA-256 digest are weak (RFC 7518 §3.2); refused in production.
MIN_PRODUCTION_SECRET_BYTES = 32
#: Domain separation of the idempotency fingerprint key derived from the JWT secret.
FINGERPRINT_LABEL = b"tdkt/idempotency-fingerprint/v1"

_ASYNC_DRIVERS = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}
_SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")

Environment = Literal["development", "test", "production"]


class ServiceSettings(BaseSettings):
    """Configuration shared by every service (subclasses set ``env_prefix``)."""

    model_config = SettingsConfigDict(env_prefix="TDKT_", extra="forbid", frozen=True)

    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL; unset means an embedded PostgreSQL under data_dir.",
    )
    data_dir: Path = Field(
        default=Path("var"), description="Where the embedded PostgreSQL keeps its data."
    )
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_username: str | None = Field(
        default=None,
        description="SASL user of this service on the broker; unset means an anonymous "
        "client, which only a broker without authentication accepts.",
    )
    kafka_password: SecretStr | None = Field(default=None, description="The SASL password.")
    kafka_sasl_mechanism: SaslMechanism = DEFAULT_MECHANISM
    kafka_security_protocol: SaslProtocol = Field(
        default="SASL_PLAINTEXT", description="SASL_SSL where the broker is reached over TLS."
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="CA bundle for SASL_SSL (default: the system's)."
    )
    topic_prefix: str = "tdkt"
    environment: Environment = "development"
    jwt_secret: SecretStr = SecretStr(DEFAULT_JWT_SECRET)
    jwt_issuer: str = "tdkt"
    idempotency_secret: SecretStr | None = Field(
        default=None,
        description="Keys the fingerprints stored with idempotency keys (HMAC-SHA-256), so "
        "that none confirms a guessed request once its personal data is erased; unset: derived "
        "from jwt_secret under a label of its own. At least 32 bytes in production.",
    )
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=1, le=65535)
    startup_timeout_s: float = Field(default=60, gt=0)
    log_format: Literal["json", "text"] = Field(
        default="json", description="Log lines as JSON objects (default) or as plain text."
    )

    @field_validator("topic_prefix")
    @classmethod
    def _legal_topic_prefix(cls, prefix: str) -> str:
        return TopicNames(prefix=prefix).prefix

    @model_validator(mode="after")
    def _development_stays_on_this_machine(self) -> Self:
        """Outside production the JWT secret may be the public default: such a service never
        listens beyond this machine (production is the image's default, see deploy/Dockerfile)."""
        if self.environment != "production" and not _is_loopback(self.http_host):
            raise ValueError(
                f"http_host {self.http_host!r} is reachable from the network: set environment "
                "to production (with a jwt_secret of your own), or listen on 127.0.0.1"
            )
        return self

    @model_validator(mode="after")
    def _kafka_username_and_password_together(self) -> Self:
        if (self.kafka_username is None) != (self.kafka_password is None):
            raise ValueError("kafka_username and kafka_password are set together, or neither")
        return self

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> Self:
        if self.environment != "production":
            return self
        secret = self.jwt_secret.get_secret_value()
        if secret == DEFAULT_JWT_SECRET:
            raise ValueError("jwt_secret must be set in production (the default is public)")
        if len(secret.encode()) < MIN_PRODUCTION_SECRET_BYTES:
            raise ValueError(
                f"jwt_secret must be at least {MIN_PRODUCTION_SECRET_BYTES} bytes in production"
            )
        return self

    @model_validator(mode="after")
    def _refuse_weak_idempotency_secret_in_production(self) -> Self:
        secret = self.idempotency_secret
        if self.environment != "production" or secret is None:
            return self
        if len(secret.get_secret_value().encode()) < MIN_PRODUCTION_SECRET_BYTES:
            raise ValueError(
                f"idempotency_secret must be at least {MIN_PRODUCTION_SECRET_BYTES} bytes "
                "in production"
            )
        return self

    @property
    def fingerprint_secret(self) -> SecretStr:
        """The secret idempotency fingerprints are keyed with: ``idempotency_secret``, or one
        derived from ``jwt_secret`` (HMAC-SHA-256 of :data:`FINGERPRINT_LABEL`) — never the
        JWT secret itself. Production refuses a weak JWT secret, so it always has a strong one."""
        if self.idempotency_secret is not None:
            return self.idempotency_secret
        jwt = self.jwt_secret.get_secret_value().encode()
        return SecretStr(hmac.new(jwt, FINGERPRINT_LABEL, hashlib.sha256).hexdigest())

    @property
    def kafka_credentials(self) -> KafkaCredentials | None:
        """Who this service is on the broker (``None``: an anonymous client)."""
        if self.kafka_username is None or self.kafka_password is None:
            return None
        return KafkaCredentials(
            username=self.kafka_username,
            password=self.kafka_password,
            mechanism=self.kafka_sasl_mechanism,
            security_protocol=self.kafka_security_protocol,
            ssl_cafile=self.kafka_ssl_cafile,
        )

    @property
    def topics(self) -> TopicNames:
        """The topic names under this deployment's ``topic_prefix``."""
        return TopicNames(prefix=self.topic_prefix)

    def resolved_database_url(self) -> str:
        """The async SQLAlchemy URL: ``database_url`` with the asyncpg driver.

        ``postgres://`` and ``postgresql://`` become ``postgresql+asyncpg://``; URLs that name
        a driver are kept as they are. Without a URL the entrypoint first starts the embedded
        PostgreSQL (:func:`shared.database.service_database.service_database`) and sets it.
        """
        if self.database_url is None:
            raise ValueError(
                "database_url is not set: start the service through its entrypoint, which "
                "provides an embedded PostgreSQL under data_dir"
            )
        return with_async_driver(self.database_url)

    def embedded_data_dir(self, service_name: str) -> Path:
        """Where the service's embedded PostgreSQL lives: ``<data_dir>/postgres/<service>``."""
        if not _SERVICE_NAME.fullmatch(service_name):
            raise ValueError(f"{service_name!r} is not a service name")
        return self.data_dir / "postgres" / service_name


def _listed(value: Any) -> Any:
    """A list given in one environment variable: JSON (``["01","79"]``) or ``01,79``."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        return json.loads(text)
    return [item.strip() for item in text.split(",") if item.strip()]


AgencyList = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_listed)]
InstanceList = Annotated[tuple[InstanceName, ...], NoDecode, BeforeValidator(_listed)]


class InstanceSettings(ServiceSettings):
    """What a writing service (registry, awards) serves: its instance and, for a province's
    own instance, the agencies the ministry assigned to it (see :mod:`shared.instances`)."""

    instance: InstanceName = Field(
        default=NATIONAL,
        description="This deployment's instance: national (the ministry's), or a province's "
        "own, named by the ministry (e.g. sct-01); its topics are named after it.",
    )
    agencies: AgencyList = Field(
        default=(),
        description="The agencies a province's instance serves (01 or 01,79); empty for the "
        "national instance, which serves every agency not assigned to another.",
    )

    @model_validator(mode="after")
    def _a_province_names_its_agencies(self) -> Self:
        if self.instance != NATIONAL and not self.agencies:
            raise ValueError(f"instance {self.instance!r} must name the agencies it serves")
        if self.instance == NATIONAL and self.agencies:
            raise ValueError("the national instance serves every agency: leave agencies empty")
        return self


def with_async_driver(url: str) -> str:
    """Rewrite a database URL's scheme to the async driver SQLAlchemy needs."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        raise ValueError("database_url must look like scheme://...")
    return f"{_ASYNC_DRIVERS.get(scheme.lower(), scheme)}://{rest}"


def _is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
