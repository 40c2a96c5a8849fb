"""Refresh the vendored Chart.js from its npm package, and record what was vendored.

    uv run python -m services.reporting.dashboard.vendor [VERSION]

runs ``npm pack chart.js@VERSION`` (npm checks the tarball's integrity against the registry),
copies ``dist/chart.umd.min.js`` and ``LICENSE.md`` into ``static/vendor/`` and writes
``vendor.json``: the package, its version and each file's SHA-256, which a test checks.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from services.reporting.dashboard import STATIC_DIR

PACKAGE = "chart.js"
DEFAULT_VERSION = "4.6.1"
VENDOR_DIR = STATIC_DIR / "vendor"
MANIFEST = VENDOR_DIR / "vendor.json"
FILES = {"chart.umd.min.js": "package/dist/chart.umd.min.js", "LICENSE.md": "package/LICENSE.md"}
"""Vendored file name → its path in the npm tarball."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refresh(version: str) -> dict[str, object]:
    """Vendor ``chart.js@version`` and return the manifest written."""
    with tempfile.TemporaryDirectory() as scratch:
        packed = subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
            cwd=scratch,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        with tarfile.open(Path(scratch) / packed) as tarball:
            for name, member in FILES.items():
                source = tarball.extractfile(member)
                if source is None:
                    raise RuntimeError(f"{member} is not a file in {packed}")
                (VENDOR_DIR / name).write_bytes(source.read())
    manifest: dict[str, object] = {
        "package": PACKAGE,
        "version": version,
        "files": {name: sha256(VENDOR_DIR / name) for name in FILES},
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    print(json.dumps(refresh(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_VERSION), indent=2))
