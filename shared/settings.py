"""Settings every service shares; each service subclasses with its own environment prefix.

Settings are read from the environment only when a service's bootstrap builds them, never at
import time, and are then passed down explicitly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    topic_prefix: str = "tdkt"
    environment: Environment = "development"
    jwt_secret: SecretStr = SecretStr(DEFAULT_JWT_SECRET)
    jwt_issuer: str = "tdkt"
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


def with_async_driver(url: str) -> str:
    """Rewrite a database URL's scheme to the async driver SQLAlchemy needs."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        raise ValueError("database_url must look like scheme://...")
    return f"{_ASYNC_DRIVERS.get(scheme.lower(), scheme)}://{rest}"
