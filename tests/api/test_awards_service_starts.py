"""The awards service starts, authenticates, and documents itself."""

from __future__ import annotations

from tests.harness.awards_api import AwardsApi


async def test_the_awards_service_starts_and_requires_a_token(awards_api: AwardsApi) -> None:
    health = await awards_api.client.get("/healthz")
    openapi = await awards_api.client.get("/openapi.json")

    assert health.status_code == 204
    assert openapi.json()["info"]["title"] == "tdkt awards"
    assert awards_api.awards.consumer.name == "registry-facts"
