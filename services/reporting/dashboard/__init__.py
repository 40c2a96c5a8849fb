"""The national dashboard's static files: the page, its ES modules, its style and the
vendored Chart.js (``static/vendor``, refreshed by ``python -m
services.reporting.dashboard.vendor``)."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).parent / "static"


def static_file(name: str) -> Path | None:
    """The file ``name`` under ``static/``, or None if there is none (or it lies outside)."""
    root = STATIC_DIR.resolve()
    found = (root / name).resolve()
    if not found.is_relative_to(root) or not found.is_file():
        return None
    return found
