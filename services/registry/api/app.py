"""The registry's FastAPI app (created by the entry point, never at import time)."""

from __future__ import annotations

from fastapi import FastAPI

from services.registry.api import (
    agencies,
    blocs,
    campaigns,
    directory,
    events,
    initiatives,
    lineage,
    ownership,
    ratings,
    registrations,
    registrations_bulk,
)
from services.registry.asyncapi import registry_asyncapi
from services.registry.bootstrap import bootstrap
from services.registry.settings import RegistrySettings
from shared.http.service_app import create_service_app

DESCRIPTION = """\
Sổ đăng ký thi đua: đơn vị, cá nhân, khối thi đua, phong trào, đăng ký, sáng kiến, xếp loại.

The registry records an agency's emulation work; every change is an event on the
`<prefix>.registry.events` topic (see the AsyncAPI document).
"""


def create_app(settings: RegistrySettings) -> FastAPI:
    return create_service_app(
        title="tdkt registry",
        description=DESCRIPTION,
        settings=settings,
        routers=[
            agencies.router,
            lineage.router,
            ownership.router,
            directory.router,
            blocs.router,
            campaigns.router,
            registrations_bulk.router,
            registrations.router,
            initiatives.router,
            ratings.router,
            events.router,
        ],
        start=lambda: bootstrap(settings),
        state_name="registry",
        asyncapi=lambda: registry_asyncapi(settings),
    )
