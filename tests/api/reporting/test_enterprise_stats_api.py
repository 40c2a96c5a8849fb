"""An award to an enterprise (doanh nghiệp, named by its tax code) counts among the collectives
in an agency's statistics."""

from __future__ import annotations

from tests.harness.reporting_api import ReportingApi
from tests.harness.reporting_events import agency_registered, award

TAX_CODE = "0100109106"


async def test_the_statistics_count_an_enterprise_as_a_collective(
    reporting_api: ReportingApi,
) -> None:
    await reporting_api.feed(
        [agency_registered()],
        [
            award("BK_BO", TAX_CODE, 2019, kind="enterprise"),
            award("CO_THI_DUA_BO", TAX_CODE, 2020, kind="enterprise"),
            award("BK_BO", "u-1", 2019, kind="unit"),
            award("BK_BO", "m-1", 2019),
        ],
    )

    response = await reporting_api.client.get(
        "/v1/agencies/01/stats",
        params={"from": 2019, "to": 2020},
        headers=reporting_api.headers(),
    )

    assert response.status_code == 200, response.text
    codes = {a["award_code"]: a for a in response.json()["awards"]}
    bang_khen, flag = codes["BK_BO"], codes["CO_THI_DUA_BO"]
    assert (bang_khen["collective"], bang_khen["individual"], bang_khen["household"]) == (2, 1, 0)
    assert (bang_khen["recipients_collective"], bang_khen["agency_itself"]) == (2, 0)
    assert (flag["collective"], flag["recipients_collective"]) == (1, 1)
    assert response.json()["awards_total"] == 4
