"""Settings of the awards service (environment variables prefixed ``TDKT_AWARDS_``)."""

from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from shared.instances import NATIONAL
from shared.settings import InstanceSettings


class AwardsSettings(InstanceSettings):
    """Configuration of the awards service; built by its bootstrap, then passed down."""

    model_config = SettingsConfigDict(env_prefix="TDKT_AWARDS_")

    http_port: int = Field(default=8002, ge=1, le=65535)
    consumer_group: str = Field(
        default="",
        description="Consumer group reading the registry's events (default: tdkt-awards, "
        "or tdkt-awards-<instance> on a province's instance).",
    )

    @model_validator(mode="after")
    def _default_group_per_instance(self) -> Self:
        if not self.consumer_group:
            object.__setattr__(self, "consumer_group", default_consumer_group(self.instance))
        return self


def default_consumer_group(instance: str) -> str:
    """``tdkt-awards``, or ``tdkt-awards-<instance>`` on a province's instance."""
    return "tdkt-awards" if instance == NATIONAL else f"tdkt-awards-{instance}"
