"""The awards service's app, running (lifespan started) on the test broker, for API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr

from services.awards.api.app import create_app
from services.awards.bootstrap import Awards
from services.awards.settings import AwardsSettings
from tests.harness.service_api import ServiceApi, serving

SECRET = "awards-api-tests-secret-of-32-bytes-or-more"


@dataclass
class AwardsApi(ServiceApi):
    """An HTTP client on the running app, and the running awards service itself."""

    @property
    def awards(self) -> Awards:
        awards: Awards = self.app.state.awards
        return awards


async def _running(
    database_url: str, kafka_bootstrap: str, prefix: str
) -> AsyncIterator[AwardsApi]:
    settings = AwardsSettings(
        database_url=database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=prefix,
        jwt_secret=SecretStr(SECRET),
    )
    app = create_app(settings)
    async with serving(app, "awards") as client:
        yield AwardsApi(client, app, f"{prefix}.awards.events", SECRET)


@pytest.fixture
async def awards_api(
    make_migrated_database: Any, kafka_bootstrap: str, unique_prefix: str
) -> AsyncIterator[AwardsApi]:
    """The awards service on a fresh, migrated database; events go to ``<prefix>.awards.events``."""
    url = await make_migrated_database("awards")
    async for api in _running(url, kafka_bootstrap, unique_prefix):
        yield api
