"""The awards service's FastAPI app (created by the entry point, never at import time)."""

from __future__ import annotations

from fastapi import FastAPI

from services.awards.api import decisions, eligibility, events, history, imports, proposals
from services.awards.asyncapi import awards_asyncapi
from services.awards.bootstrap import bootstrap
from services.awards.settings import AwardsSettings
from shared.http.service_app import create_service_app

DESCRIPTION = """\
Khen thưởng: hồ sơ đề nghị, Hội đồng thi đua – khen thưởng, quyết định khen thưởng, hủy bỏ,
và kiểm tra điều kiện theo Luật Thi đua, khen thưởng 06/2022 và các nghị định.

Every decision is an event on `<prefix>.awards.events`; the service keeps its own view of the
registry's facts (ratings, initiatives, registrations, discipline holds) from its topic.
"""


def create_app(settings: AwardsSettings) -> FastAPI:
    return create_service_app(
        title="tdkt awards",
        description=DESCRIPTION,
        settings=settings,
        routers=[
            proposals.router,
            decisions.router,
            eligibility.router,
            history.router,
            imports.router,
            events.router,
        ],
        start=lambda: bootstrap(settings),
        state_name="awards",
        asyncapi=lambda: awards_asyncapi(settings),
    )
