"""Settings of the awards service (environment variables prefixed ``TDKT_AWARDS_``)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class AwardsSettings(ServiceSettings):
    """Configuration of the awards service; built by its bootstrap, then passed down."""

    model_config = SettingsConfigDict(env_prefix="TDKT_AWARDS_")

    http_port: int = Field(default=8002, ge=1, le=65535)
    consumer_group: str = Field(
        default="tdkt-awards", description="Consumer group reading the registry's events."
    )
