"""The reporting service's FastAPI app (created by the entry point, never at import time)."""

from __future__ import annotations

from fastapi import FastAPI

from services.reporting.api import (
    awards,
    dashboard,
    dashboard_page,
    exports,
    forms,
    freshness,
    national,
    stats,
)
from services.reporting.asyncapi import reporting_asyncapi
from services.reporting.bootstrap import bootstrap
from services.reporting.settings import ReportingSettings
from shared.http.service_app import create_service_app

DESCRIPTION = """\
Báo cáo thống kê thi đua – khen thưởng: số liệu theo năm và giai đoạn của từng cơ quan.

Answers from projections of the registry and awards topics, counted by business time: awards
in their achievement year (the last year of a period award), campaigns in their start year,
registrations in the year registered for, proposals in their submission year. Revoked awards
count nowhere. Ranges are `from`–`to` inclusive, at most 50 years (five-year periods such as
2016–2020 are the usual ones). An agency no event has named answers 404; an award code the
catalogue does not know, 422.
"""


def create_app(settings: ReportingSettings) -> FastAPI:
    return create_service_app(
        title="tdkt reporting",
        description=DESCRIPTION,
        settings=settings,
        routers=[
            stats.router,
            national.router,
            awards.router,
            forms.router,
            exports.router,
            freshness.router,
            dashboard.router,
            dashboard_page.router,
        ],
        start=lambda: bootstrap(settings),
        state_name="reporting",
        asyncapi=lambda: reporting_asyncapi(settings),
    )
