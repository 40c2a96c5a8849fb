"""The dashboard page and its files, served by the service itself (closed networks: no CDN).

The page is public (it holds no data); it asks the API with the token its reader pastes.
Its content security policy lets it reach this origin only.
"""

from __future__ import annotations

from fastapi import APIRouter, Path
from fastapi.responses import FileResponse

from services.reporting.dashboard import STATIC_DIR, static_file
from shared.http.problems import NotFoundProblem

router = APIRouter(include_in_schema=False)

SAME_ORIGIN_ONLY = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
}


@router.get("/dashboard")
async def dashboard() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers=SAME_ORIGIN_ONLY)


@router.get("/dashboard/static/{name:path}")
async def dashboard_file(name: str = Path(max_length=200)) -> FileResponse:
    found = static_file(name)
    if found is None:
        raise NotFoundProblem(f"no dashboard file {name!r}")
    return FileResponse(found, headers=SAME_ORIGIN_ONLY)
