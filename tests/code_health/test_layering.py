"""Imports point down only: adapters -> services -> core (ARCHITECTURE.md §2), and core is pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "securecomm"

CORE = {"rules", "messages", "biometrics", "formats", "audit", "clock", "ids", "errors", "__init__"}
SERVICES = {
    "agencies",
    "cases",
    "detainers",
    "complaints",
    "consular",
    "oversight",
    "training",
    "synth",
    "notices",
}
ADAPTERS = {"web", "cli", "storage", "transport", "config", "app", "__main__"}
LAYER = {**dict.fromkeys(CORE, 0), **dict.fromkeys(SERVICES, 1), **dict.fromkeys(ADAPTERS, 2)}
# Outside libraries that only adapters may touch.
ADAPTER_ONLY = {
    "sqlite3",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "click",
    "rich",
    "uvicorn",
    "psycopg",
}
# Calls that read the outside world; core and services get a Clock instead.
WALL_CLOCK = {("datetime", "now"), ("date", "today"), ("datetime", "utcnow"), ("time", "time")}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _area(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_every_area_has_a_layer() -> None:
    unknown = {_area(p) for p in _modules()} - set(LAYER)
    assert not unknown, f"add these packages to a layer in {__file__}: {sorted(unknown)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    area = _area(path)
    layer = LAYER[area]
    tree = ast.parse(path.read_text(), filename=str(path))
    for name in _imports(tree):
        parts = name.split(".")
        if parts[0] == "securecomm" and len(parts) > 1:
            target = parts[1]
            assert LAYER.get(target, 2) <= layer, (
                f"{path.name} ({area}) imports {name}: imports must point down"
            )
        elif layer < 2:
            assert parts[0] not in ADAPTER_ONLY, f"{path.name} ({area}) imports adapter library {name}"


@pytest.mark.parametrize(
    "path",
    # clock.py holds SystemClock, the one sanctioned reader of the wall clock (used only by adapters).
    [p for p in _modules() if LAYER[_area(p)] < 2 and p.name != "clock.py"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_core_and_services_never_read_the_wall_clock(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and (owner.id, node.func.attr) in WALL_CLOCK:
                raise AssertionError(
                    f"{path.name}:{node.lineno} calls {owner.id}.{node.func.attr}(); inject a Clock"
                )
