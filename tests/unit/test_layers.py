"""Layers point one way: API → application → domain, and the read models sit below the API.

Each service's API imports its application and read models; nothing else in the service
imports the API (only the ``__main__`` entry point builds the app). The domain imports no
framework and no outer layer. No service imports another, and ``shared/`` — the library under
every service — imports neither a service nor ``tooling``. The check reads every module's
syntax tree, so imports inside functions and under ``TYPE_CHECKING`` count too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.parent.name for p in (ROOT / "services").glob("*/__init__.py"))
WITH_A_DOMAIN = [s for s in SERVICES if (ROOT / "services" / s / "domain").is_dir()]
ENTRY_POINT = "__main__.py"
"""The one module of a service that may import its API: it builds the app and serves it."""

FRAMEWORKS = ("aiokafka", "asyncpg", "fastapi", "faststream", "httpx", "sqlalchemy", "starlette")
OUTER_LAYERS = ("api", "application", "readmodel", "bootstrap")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import in the module; ``from a import b`` gives a and a.b."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module
            yield from ((node.lineno, f"{module}.{alias.name}") for alias in node.names)


def within(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in packages)


def offending_imports(paths: list[Path], *forbidden: str) -> list[str]:
    """``file:line imports name`` for every import of a forbidden package (or a module in it)."""
    found = {
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in paths
        for line, name in imported_names(path)
        if within(name, *forbidden)
    }
    return sorted(found)


def modules_under(folder: Path) -> list[Path]:
    modules = sorted(folder.rglob("*.py"))
    assert modules, f"no modules under {folder}"
    return modules


def test_the_services_are_found() -> None:
    assert SERVICES == ["awards", "registry", "reporting"]
    assert WITH_A_DOMAIN == ["awards", "registry"]


@pytest.mark.parametrize("service", SERVICES)
def test_nothing_below_the_api_imports_it(service: str) -> None:
    root = ROOT / "services" / service
    below = [
        path
        for path in modules_under(root)
        if not path.is_relative_to(root / "api") and path != root / ENTRY_POINT
    ]
    assert offending_imports(below, f"services.{service}.api") == []


@pytest.mark.parametrize("service", WITH_A_DOMAIN)
def test_the_domain_imports_no_framework_nor_outer_layer(service: str) -> None:
    outer = [f"services.{service}.{layer}" for layer in OUTER_LAYERS]
    domain = modules_under(ROOT / "services" / service / "domain")
    assert offending_imports(domain, *FRAMEWORKS, *outer) == []


@pytest.mark.parametrize("service", SERVICES)
def test_no_service_imports_another(service: str) -> None:
    others = [f"services.{other}" for other in SERVICES if other != service]
    assert offending_imports(modules_under(ROOT / "services" / service), *others) == []


def test_shared_imports_no_service_nor_tooling() -> None:
    assert offending_imports(modules_under(ROOT / "shared"), "services", "tooling") == []


def test_every_kind_of_import_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    module = tmp_path / "services" / "x" / "readmodel" / "views.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "import services.x.api.app\n"
        "from services.x.api import schemas\n"
        "from ..api.schemas import Public\n"
        "from . import tables\n"
        "def later() -> None:\n"
        "    from services.x import api\n",
        encoding="utf-8",
    )
    assert offending_imports([module], "services.x.api") == [
        "services/x/readmodel/views.py:1 imports services.x.api.app",
        "services/x/readmodel/views.py:2 imports services.x.api",
        "services/x/readmodel/views.py:2 imports services.x.api.schemas",
        "services/x/readmodel/views.py:3 imports services.x.api.schemas",
        "services/x/readmodel/views.py:3 imports services.x.api.schemas.Public",
        "services/x/readmodel/views.py:6 imports services.x.api",
    ]
