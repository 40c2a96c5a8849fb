"""The dashboard's files: the vendored Chart.js is the version recorded, with its licence;
the page's own files name no other origin and import only files that exist; only files
under static/ are served."""

from __future__ import annotations

import json
import re

from services.reporting.dashboard import STATIC_DIR, static_file
from services.reporting.dashboard.vendor import FILES, MANIFEST, sha256
from services.reporting.queries.dashboard import NationYear
from services.reporting.queries.national_models import COUNT_COLUMNS

OWN_FILES = [p for p in STATIC_DIR.iterdir() if p.suffix in {".html", ".js", ".css"}]


def test_the_vendored_chart_js_is_the_version_recorded() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))

    assert manifest["package"] == "chart.js"
    assert set(manifest["files"]) == set(FILES)
    for name, digest in manifest["files"].items():
        assert sha256(MANIFEST.parent / name) == digest, f"{name} differs from vendor.json"
    script = (MANIFEST.parent / "chart.umd.min.js").read_text(encoding="utf-8")
    assert f"Chart.js v{manifest['version']}\n" in script[:200]
    assert "The MIT License" in (MANIFEST.parent / "LICENSE.md").read_text(encoding="utf-8")


def test_the_pages_own_files_name_no_other_origin() -> None:
    assert {p.name for p in OWN_FILES} >= {"index.html", "app.js", "dashboard.css"}
    for path in OWN_FILES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path.name
        if path.suffix == ".css":
            assert "@import" not in text
            assert "url(" not in text  # no web font, no remote image


def test_every_module_import_and_page_reference_is_a_file_served() -> None:
    for path in OWN_FILES:
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r'from "\./([^"]+)"', text):
            assert static_file(name) is not None, f"{path.name} imports {name}"
        for name in re.findall(r'(?:src|href)="dashboard/static/([^"]+)"', text):
            assert static_file(name) is not None, f"{path.name} refers to {name}"


def test_only_files_under_static_are_served() -> None:
    assert static_file("app.js") == (STATIC_DIR / "app.js").resolve()
    assert static_file("vendor/chart.umd.min.js") is not None
    assert static_file("../__init__.py") is None
    assert static_file("vendor/../../vendor.py") is None
    assert static_file("/etc/passwd") is None
    assert static_file("vendor") is None  # a folder
    assert static_file("nothing.js") is None


def test_the_trend_adds_up_columns_the_national_view_counts() -> None:
    assert set(NationYear.model_fields) - {"year"} <= set(COUNT_COLUMNS)
