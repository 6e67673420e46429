"""stations is a registry app: it imports no workflow app.

Reception days and residents' requests (a workflow that routes into
suggestions) live in renda.receptions, which may import stations, never the
other way round.
"""

import ast
from pathlib import Path

import renda.stations

WORKFLOW_APPS = ("receptions", "suggestions", "liaison", "notifications")
ROOT = Path(renda.stations.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_stations_imports_no_workflow_app():
    offending = {}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        bad = {
            name
            for name in _imported_modules(path)
            if name.split(".")[:2] in [["renda", app] for app in WORKFLOW_APPS]
        }
        if bad:
            offending[str(path.relative_to(ROOT))] = sorted(bad)

    assert offending == {}


def test_stations_has_no_work_modules_left():
    leftovers = sorted(
        path.name for path in ROOT.glob("*.py") if path.stem.endswith("_work")
    )
    assert leftovers == []
