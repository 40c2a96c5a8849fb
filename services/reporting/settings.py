"""Settings of the reporting service (environment variables prefixed ``TDKT_REPORTING_``)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import InstanceList, ServiceSettings


class ReportingSettings(ServiceSettings):
    """Configuration of the reporting service; built by its bootstrap, then passed down."""

    model_config = SettingsConfigDict(env_prefix="TDKT_REPORTING_")

    http_port: int = Field(default=8003, ge=1, le=65535)
    consumer_group: str = Field(default="tdkt-reporting", min_length=1)
    instances: InstanceList = Field(
        default=(),
        description="Provinces' own instances whose topics are read beside the national ones "
        "(sct-01 or sct-01,sct-79); the ownership topic says which agencies each may write.",
    )
