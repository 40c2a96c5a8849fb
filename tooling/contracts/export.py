"""Generating every service's contract documents and writing (or checking) them as files.

``uv run python -m tooling.contracts`` rewrites ``docs/api``; ``--check`` only compares and
exits 1 when a file is missing or differs (for CI); ``--out DIR`` writes or checks elsewhere.

The documents describe the default settings (topic prefix ``tdkt``, development broker
address), never the current environment, so they are the same on every machine.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from services.awards.api.app import create_app as create_awards_app
from services.awards.asyncapi import awards_asyncapi
from services.awards.settings import AwardsSettings, default_consumer_group
from services.registry.api.app import create_app as create_registry_app
from services.registry.asyncapi import registry_asyncapi
from services.registry.settings import RegistrySettings
from services.reporting.api.app import create_app as create_reporting_app
from services.reporting.asyncapi import reporting_asyncapi
from services.reporting.settings import ReportingSettings
from shared.asyncapi import normalised
from shared.instances import NATIONAL

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "api"
"""Where the committed documents live: ``docs/api`` at the repository root."""

REGENERATE = "uv run python -m tooling.contracts"


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document as plain JSON data (building it connects nowhere)."""
    return normalised(app.openapi())


def _generators() -> dict[str, Callable[[], dict[str, Any]]]:
    # ``model_construct``: the defaults, without reading environment variables.
    registry = RegistrySettings.model_construct()
    reporting = ReportingSettings.model_construct()
    awards = AwardsSettings.model_construct(consumer_group=default_consumer_group(NATIONAL))
    return {
        "registry.openapi.json": lambda: openapi_document(create_registry_app(registry)),
        "registry.asyncapi.json": lambda: registry_asyncapi(registry),
        "reporting.openapi.json": lambda: openapi_document(create_reporting_app(reporting)),
        "reporting.asyncapi.json": lambda: reporting_asyncapi(reporting),
        "awards.openapi.json": lambda: openapi_document(create_awards_app(awards)),
        "awards.asyncapi.json": lambda: awards_asyncapi(awards),
    }


def generate_documents() -> dict[str, dict[str, Any]]:
    """Every contract document, by file name (e.g. ``registry.asyncapi.json``)."""
    return {name: generate() for name, generate in _generators().items()}


def render(document: dict[str, Any]) -> str:
    """The committed text of a document: indented JSON, sorted keys, UTF-8 as is, final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rendered_documents() -> dict[str, str]:
    """The committed text of every document, by file name."""
    return {name: render(document) for name, document in generate_documents().items()}


def stale_files(out: Path, expected: dict[str, str]) -> list[str]:
    """The names of the files in ``out`` that are missing or differ from ``expected``."""
    return [name for name, text in expected.items() if _read(out / name) != text]


def write_documents(out: Path, expected: dict[str, str]) -> list[str]:
    """Write the files that are missing or differ; return their names."""
    out.mkdir(parents=True, exist_ok=True)
    changed = stale_files(out, expected)
    for name in changed:
        (out / name).write_text(expected[name], encoding="utf-8", newline="\n")
    return changed


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: write the documents, or with ``--check`` report the stale ones."""
    arguments = _parser().parse_args(argv)
    out: Path = arguments.out
    expected = rendered_documents()
    if arguments.check:
        return _check(out, expected)
    changed = write_documents(out, expected)
    for name in changed:
        print(f"wrote {out / name}")
    print(f"{len(expected)} contract documents in {out} ({len(changed)} updated)")
    return 0


def _check(out: Path, expected: dict[str, str]) -> int:
    stale = stale_files(out, expected)
    for name in stale:
        state = "missing" if not (out / name).exists() else "differs from the code"
        print(f"{out / name}: {state}")
    if stale:
        print(f"regenerate with: {REGENERATE}")
        return 1
    print(f"{len(expected)} contract documents in {out} are up to date")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tooling.contracts",
        description="Export the OpenAPI and AsyncAPI documents of the services.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that are missing or differ",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"directory of the documents (default: {DEFAULT_OUT})",
    )
    return parser
