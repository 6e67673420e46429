"""The layers of renda/: core <- registry <- workflows <- interfaces.

Read from the source with ``ast`` (no import-linter needed): every ``import``
and ``from ... import`` of a ``renda`` module, at the top of a file or inside a
function, in every module of ``renda/`` except tests and migrations. Then:

- every app has a layer in ``LAYERS``;
- no app imports an app of a higher layer (core imports no other app at all);
- no two apps import each other, directly or around a longer circle;
- no modules import each other, directly or around a longer circle (an inline
  import that only dodges such a circle counts as an import).

``KNOWN_VIOLATIONS`` lists the app imports that break these rules today and
that someone is removing; the test fails when a new one appears, and also when
a listed one is gone, so that its entry is deleted.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

RENDA = Path(__file__).resolve().parent.parent / "renda"

CORE, GROUND, REGISTRY, WORKFLOW, INTERFACE = range(5)
LAYER_NAMES = ["core", "ground", "registry", "workflow", "interface"]

LAYERS = {
    # The ground: base model, errors, audit log, idempotency, helpers.
    "core": CORE,
    # Services every other layer may ask, built on core only.
    "legal_calendar": GROUND,
    # The registry: who and where. Never imports a workflow.
    "accounts": REGISTRY,
    "regions": REGISTRY,
    "congresses": REGISTRY,
    "units": REGISTRY,
    # deputies reads stations (a group's station is a foreign key), never the
    # reverse: one station's page, which lists its deputies, is a deputies page.
    "deputies": REGISTRY,
    "stations": REGISTRY,
    # Workflows: what happens to the registry's people and places.
    "suggestions": WORKFLOW,
    "liaison": WORKFLOW,
    "notifications": WORKFLOW,
    "supervision": WORKFLOW,
    "meetings": WORKFLOW,
    "duty": WORKFLOW,
    "hotline": WORKFLOW,
    "receptions": WORKFLOW,
    "notices": WORKFLOW,
    # Interfaces: pages across workflows, and the demo built through them.
    "workbench": INTERFACE,
    "demo": INTERFACE,
    "pwa": INTERFACE,
}

# (importing app, imported app) pairs that break a rule today, each with who
# removes it. Delete an entry once its import is gone (the test says when).
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


# The checker ---------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.importer} line {self.line} imports {self.imported}"


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def modules_under(root: Path) -> dict[str, Path]:
    """Map each module of the package at ``root`` (tests and migrations left out)."""
    modules = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _targets(node, module: str, is_package: bool, modules, top: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == top]
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    if source.split(".")[0] != top:
        return []
    found = []
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        found.append(submodule if submodule in modules else source)
    return found


def imports_under(root: Path) -> list[Import]:
    """Return every import of a module of the package at ``root`` by another."""
    modules = modules_under(root)
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module, is_package, modules, root.name):
                    if target != module:
                        found.append(Import(module, target, node.lineno))
    return found


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


@dataclass
class Report:
    """What ``check`` found; known violations are already left out."""

    unknown_apps: list[str]
    upward: list[Import]
    app_cycles: list[list[str]]
    module_cycles: list[list[str]]
    app_edges: dict[tuple[str, str], list[Import]]

    def violations(self) -> list[str]:
        found = [f"app {app!r} has no layer in LAYERS" for app in self.unknown_apps]
        found += [f"higher layer: {imp.where}" for imp in self.upward]
        found += [f"apps import each other: {' <-> '.join(c)}" for c in self.app_cycles]
        found += [
            f"modules import each other: {' <-> '.join(c)}" for c in self.module_cycles
        ]
        return found


def check(root: Path, layers: dict[str, int], known=frozenset()) -> Report:
    """Read the package at ``root`` and judge its imports against ``layers``.

    ``known`` (importing app, imported app) pairs are left out of every rule.
    """
    imports = imports_under(root)
    apps = {app_of(m) for m in modules_under(root) if app_of(m)}
    app_edges: dict[tuple[str, str], list[Import]] = defaultdict(list)
    module_edges: dict[str, set[str]] = defaultdict(set)
    for imp in imports:
        module_edges[imp.importer].add(imp.imported)
        source, target = app_of(imp.importer), app_of(imp.imported)
        if source and target and source != target:
            app_edges[(source, target)].append(imp)
    judged = {pair: found for pair, found in app_edges.items() if pair not in known}
    upward = [
        found[0]
        for (source, target), found in sorted(judged.items())
        if source in layers
        and target in layers
        and (layers[target] > layers[source] or layers[source] == CORE)
    ]
    app_graph: dict[str, set[str]] = defaultdict(set)
    for source, target in judged:
        app_graph[source].add(target)
    return Report(
        unknown_apps=sorted(apps - layers.keys()),
        upward=upward,
        app_cycles=_cycles(app_graph),
        module_cycles=_cycles(module_edges),
        app_edges=dict(app_edges),
    )


# The contract of renda/ ------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> Report:
    return check(RENDA, LAYERS, KNOWN_VIOLATIONS)


def test_every_app_has_a_layer(report):
    assert report.unknown_apps == []


def test_core_imports_no_other_app(report):
    assert [
        found[0].where
        for (source, _), found in sorted(report.app_edges.items())
        if source == "core"
    ] == []


def test_no_app_imports_a_higher_layer(report):
    assert [imp.where for imp in report.upward] == []


def test_no_two_apps_import_each_other(report):
    assert report.app_cycles == []


def test_no_import_cycles_between_modules(report):
    assert report.module_cycles == []


def test_known_violations_still_exist(report):
    """A fixed violation's entry is removed from KNOWN_VIOLATIONS."""
    gone = sorted(pair for pair in KNOWN_VIOLATIONS if pair not in report.app_edges)
    assert gone == [], f"fixed; remove these entries of KNOWN_VIOLATIONS: {gone}"


# The checker itself, on a fake tree ------------------------------------------------

FAKE_LAYERS = {
    "core": CORE,
    "regions": REGISTRY,
    "units": REGISTRY,
    "suggestions": WORKFLOW,
}


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "renda"
    for app in FAKE_LAYERS:
        (root / app).mkdir(parents=True, exist_ok=True)
        (root / app / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


CLEAN = {
    "core/models.py": "from django.db import models\n",
    "regions/models.py": "from renda.core.models import models\n",
    "units/models.py": "from ..core import models\nfrom renda.regions.models import x\n",
    "suggestions/services.py": (
        "from renda.regions.models import x\nfrom renda.units import models\n"
    ),
}


def test_checker_passes_a_clean_tree(tmp_path):
    root = _tree(tmp_path, CLEAN)

    assert check(root, FAKE_LAYERS).violations() == []


def test_checker_finds_a_registry_app_importing_a_workflow(tmp_path):
    root = _tree(
        tmp_path,
        {
            **CLEAN,
            "regions/views.py": "import os\nfrom renda.suggestions import services\n",
        },
    )

    report = check(root, FAKE_LAYERS)

    assert report.violations() == [
        "higher layer: renda.regions.views line 2 imports renda.suggestions.services",
        "apps import each other: regions <-> suggestions <-> units",
    ]
    assert check(root, FAKE_LAYERS, {("regions", "suggestions")}).violations() == []


def test_checker_counts_imports_inside_functions(tmp_path):
    root = _tree(
        tmp_path,
        {
            **CLEAN,
            "units/selectors.py": (
                "def f():\n    from ..suggestions.services import g\n    return g\n"
            ),
        },
    )

    assert check(root, FAKE_LAYERS).violations() == [
        "higher layer: renda.units.selectors line 2 imports renda.suggestions.services",
        "apps import each other: suggestions <-> units",
    ]


def test_checker_finds_core_importing_any_app(tmp_path):
    root = _tree(
        tmp_path, {**CLEAN, "core/admin.py": "from renda.regions import models\n"}
    )

    assert check(root, FAKE_LAYERS).violations() == [
        "higher layer: renda.core.admin line 1 imports renda.regions.models",
        "apps import each other: core <-> regions",
    ]


def test_checker_finds_two_apps_of_one_layer_importing_each_other(tmp_path):
    root = _tree(
        tmp_path, {**CLEAN, "regions/api.py": "from renda.units.models import y\n"}
    )

    report = check(root, FAKE_LAYERS)

    assert report.violations() == ["apps import each other: regions <-> units"]
    assert check(root, FAKE_LAYERS, {("regions", "units")}).violations() == []


def test_checker_finds_modules_importing_each_other(tmp_path):
    root = _tree(
        tmp_path,
        {
            **CLEAN,
            "suggestions/a.py": "from . import b\n",
            "suggestions/b.py": "def f():\n    from .a import x\n",
        },
    )

    assert check(root, FAKE_LAYERS).violations() == [
        "modules import each other: renda.suggestions.a <-> renda.suggestions.b"
    ]


def test_checker_asks_for_a_layer_of_a_new_app_and_skips_tests(tmp_path):
    root = _tree(
        tmp_path,
        {
            **CLEAN,
            "meetings/__init__.py": "",
            "regions/tests/test_x.py": "from renda.suggestions import services\n",
            "regions/migrations/0001.py": "from renda.suggestions import services\n",
        },
    )

    assert check(root, FAKE_LAYERS).violations() == [
        "app 'meetings' has no layer in LAYERS"
    ]
