"""The reporting service's FastAPI app (created by the entry point, never at import time)."""

from __future__ import annotations

from fastapi import FastAPI

from services.reporting.api import stats
from services.reporting.bootstrap import bootstrap
from services.reporting.settings import ReportingSettings
from shared.http.service_app import create_service_app

DESCRIPTION = """\
Báo cáo thống kê thi đua – khen thưởng: số liệu theo năm và giai đoạn của từng cơ quan.

Answers from projections of the registry and awards topics, counted by business time.
"""


def create_app(settings: ReportingSettings) -> FastAPI:
    return create_service_app(
        title="tdkt reporting",
        description=DESCRIPTION,
        settings=settings,
        routers=[stats.router],
        start=lambda: bootstrap(settings),
        state_name="reporting",
    )
