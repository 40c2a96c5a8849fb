"""Settings of the registry service (environment variables prefixed ``TDKT_REGISTRY_``)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import InstanceSettings


class RegistrySettings(InstanceSettings):
    """Configuration of the registry service; built by its bootstrap, then passed down."""

    model_config = SettingsConfigDict(env_prefix="TDKT_REGISTRY_")

    http_port: int = Field(default=8001, ge=1, le=65535)
