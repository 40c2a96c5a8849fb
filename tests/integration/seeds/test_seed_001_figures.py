"""Seed 001 (Sở Công Thương Hà Nội, review of 2016–2017) through the public APIs, after the
demo loader: the six campaigns the article names."""

from __future__ import annotations

import pytest

from tests.integration.seeds.conftest import SeedApi

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

HA_NOI = "01"
NAMED = [
    "4 đổi mới kỹ thuật",
    "Quản lý giỏi",
    "Lao động giỏi",
    "Sáng kiến, sáng tạo, tiết kiệm trong sản xuất",
    "Luyện tay nghề, thi thợ giỏi",
    "Bàn tay vàng",
]


async def test_seed_001_every_named_campaign_through_the_api(seed_api: SeedApi) -> None:
    """ "Điển hình như các phong trào thi đua "4 đổi mới kỹ thuật", "Quản lý giỏi", "Lao động
    giỏi", "Sáng kiến, sáng tạo, tiết kiệm trong sản xuất", "Luyện tay nghề, thi thợ giỏi",
    "Bàn tay vàng"…": each launched by the department (its own level), over 2016–2017 at least."""
    await seed_api.load(HA_NOI)

    campaigns = await seed_api.items("registry", "/v1/campaigns", HA_NOI)

    found = {c["title"]: c for c in campaigns if c["title"] in NAMED}
    assert sorted(found) == sorted(NAMED)
    for campaign in found.values():
        assert (campaign["launching_level"], campaign["scope"]) == ("unit", "unit")
        assert campaign["start_date"] <= "2016-01-01"
        assert campaign["end_date"] >= "2017-12-31"
