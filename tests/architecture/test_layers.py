"""Layers that point one way (issue 12), read from the import graph (layers.py, grimp).

    config, demo, cli      wiring: the API with every router, the URLs and the home page,
                           the demo data and its `xiezuo demo` command
    apps                   reference … insights: models, services, selectors, views, API
    core                   the access chokepoint, generic CRUD/API/Excel/jobs/views
    matching, ingest, vocab   plain-Python engines: no Django, no app

Each rule lists its exceptions with the reason; an exception that no longer occurs fails
too, so the lists only shrink. Run alone: `pytest tests/architecture/test_layers.py`.
"""

from __future__ import annotations

import sys
import textwrap

import pytest

from tests.architecture import layers
from tests.architecture.layers import in_package, is_test_module

CORE = "xiezuo.core"
ENGINES = ("xiezuo.matching", "xiezuo.ingest", "xiezuo.vocab")
# The engines may use the vocabulary; nothing else of ours.
ENGINE_MAY_IMPORT = {"xiezuo.matching": (), "xiezuo.ingest": ("xiezuo.vocab",), "xiezuo.vocab": ()}
WIRING = ("xiezuo.config", "xiezuo.demo", "xiezuo.cli", "xiezuo.__main__")
# Django and the packages built on it: the engines run without Django (`xiezuo match`).
DJANGO_PACKAGES = {
    "django", "ninja", "import_export", "simple_history", "axes", "django_filters",
    "django_tables2", "django_htmx", "django_tasks", "django_tasks_db", "whitenoise",
    "dj_database_url", "pytest_django",
}

# (core module, app module) → why core reads it.
CORE_MAY_IMPORT = {
    ("xiezuo.core.scoping", "xiezuo.accounts.models"):
        "the chokepoint reads the user's scope: UserScope and its Role",
    ("xiezuo.core.scoping", "xiezuo.regions.models"):
        "a coordinator's scope is a Region subtree (and places are checked against it)",
    ("xiezuo.core.scoping", "xiezuo.orgs.models"):
        "an organisation user's scope is an Organisation and its units",
}

# Import cycles that remain (sorted module tuples) → why; empty when there are none.
KNOWN_CYCLES: dict[tuple[str, ...], str] = {}

# Imports inside functions anywhere in src/xiezuo, tests included: (path, function) → why.
# Neither Django's app loading nor a cycle forces any; those left are heavy libraries (and
# Django for the CLI) that only one operation needs, imported on first use so that every
# web worker, job worker and command does not pay for them (measured by the typing pass of
# issue 12: jieba's tagger about 50 MB and 2 s, scikit-learn about 60 MB and 5 s).
FUNCTION_IMPORTS_ALLOWED: dict[tuple[str, str], str] = {
    ("xiezuo/ingest/people.py", "_jieba"): "jieba's part-of-speech tagger, only for extraction",
    ("xiezuo/matching/solvers/__init__.py", "solve_graph"):
        "the team solver (HiGHS, scipy.optimize), only for graphs with teams",
    ("xiezuo/cli.py", "main"): "Django, only for its commands (not for the engine's)",
    ("xiezuo/ingest/indicator_model.py", "fit"):
        "scikit-learn, only when the indicator model is fitted (once per extracting process)",
}
NO_FUNCTION_IMPORTS = ("xiezuo",)


@pytest.fixture(scope="module")
def graph():
    return layers.graph()


def _modules(graph, package: str, *, tests: bool = False) -> list[str]:
    return [m for m in layers.internal(graph) if in_package(m, package)
            and (tests or not is_test_module(m))]


def test_core_imports_no_app_and_no_wiring(graph):
    """core is generic: the routers, the home page's counts and the demo loader live in
    config/ and demo/; it may use the engines below it (the region vocabulary). Its tests are left out: `core/tests` holds every app's factories."""
    def allowed(importer, imported):
        return (not in_package(imported, "xiezuo") or in_package(imported, CORE)
                or any(in_package(imported, engine) for engine in ENGINES)  # a layer below
                or (importer, imported) in CORE_MAY_IMPORT)

    found = layers.imports_between(graph, _modules(graph, CORE), allowed)
    assert not found, "core imports apps or wiring:\n" + "\n".join(map(str, found))
    used = {(i, m) for i in _modules(graph, CORE) for m in graph.find_modules_directly_imported_by(i)}
    assert set(CORE_MAY_IMPORT) <= used, f"stale exceptions: {set(CORE_MAY_IMPORT) - used}"


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_import_no_django_and_no_app(graph, engine):
    """The engines, their tests included, import neither Django (nor a package built on
    it) nor any of our modules outside the engine and the vocabulary."""
    def allowed(importer, imported):
        top = imported.split(".")[0]
        if top != "xiezuo":
            return top not in DJANGO_PACKAGES
        return in_package(imported, engine) or any(
            in_package(imported, other) for other in ENGINE_MAY_IMPORT[engine])

    found = layers.imports_between(graph, _modules(graph, engine, tests=True), allowed)
    assert not found, f"{engine} imports Django or an app:\n" + "\n".join(map(str, found))


def test_apps_import_no_wiring(graph):
    """No app imports config/ or demo/ — except the apps' own demo loaders (`<app>.demo`,
    run by `xiezuo demo`), which share the demo registry and the synthetic-data marker."""
    apps = [m for m in layers.internal(graph) if m != "xiezuo" and not is_test_module(m)
            and not any(in_package(m, p) for p in (CORE, *ENGINES, *WIRING))]

    def allowed(importer, imported):
        if not any(in_package(imported, w) for w in WIRING):
            return True
        return importer.endswith(".demo") and in_package(imported, "xiezuo.demo")

    found = layers.imports_between(graph, apps, allowed)
    assert not found, "apps import wiring:\n" + "\n".join(map(str, found))


def test_insights_imports_no_writer(graph):
    """insights only reads: no service (the writers), no data generator."""
    def allowed(importer, imported):
        return not (imported.endswith(".services") or in_package(imported, "xiezuo.demo"))

    found = layers.imports_between(graph, _modules(graph, "xiezuo.insights"), allowed)
    assert not found, "insights imports a writer:\n" + "\n".join(map(str, found))


def test_no_import_cycles():
    """No cycle between our modules, counting imports inside functions and package
    facades (layers.py); imports under `if TYPE_CHECKING:` never run and are left out."""
    found = layers.cycles(layers.edges(layers.graph(runtime_only=True)))
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert not new, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in new)
    gone = set(KNOWN_CYCLES) - set(found)
    assert not gone, f"cycles that are gone; remove them from KNOWN_CYCLES: {gone}"


def test_no_imports_inside_functions():
    found = [i for root in NO_FUNCTION_IMPORTS for i in layers.imports_in_functions(layers.SRC / root)]
    new = [i for i in found if (i.path, i.function) not in FUNCTION_IMPORTS_ALLOWED]
    assert not new, "imports inside functions:\n" + "\n".join(map(str, new))
    stale = set(FUNCTION_IMPORTS_ALLOWED) - {(i.path, i.function) for i in found}
    assert not stale, f"allowed function imports that are gone; remove them: {stale}"


# ---- the checker checks: a package of its own, written to a temporary directory ---------


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """A package `toy` whose modules are given as {relative path: source}."""
    def make(files: dict[str, str]):
        monkeypatch.delitem(sys.modules, "toy", raising=False)
        for name, source in files.items():
            path = tmp_path / "toy" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source))
        monkeypatch.syspath_prepend(str(tmp_path))
        return layers.edges(layers.graph("toy", runtime_only=True), "toy")
    return make


def test_a_cycle_hidden_inside_a_function_is_found(toy):
    edges = toy({
        "__init__.py": "",
        "jobs.py": "def enqueue():\n    from toy.tasks import run\n    run()\n",
        "tasks.py": "from toy.jobs import enqueue\n\ndef run():\n    pass\n",
    })
    assert layers.cycles(edges) == [("toy.jobs", "toy.tasks")]


def test_a_submodule_reading_its_facade_package_is_a_cycle(toy):
    edges = toy({
        "__init__.py": "",
        "vocab/__init__.py": "from toy.vocab.specialties import find\n",
        "vocab/departments.py": "NAMES = []\n",
        "vocab/specialties.py": "from toy.vocab import departments\n\ndef find():\n    pass\n",
    })
    assert layers.cycles(edges) == [("toy.vocab", "toy.vocab.specialties")]


def test_a_facade_alone_or_an_empty_package_is_no_cycle(toy):
    edges = toy({
        "__init__.py": "",
        "engine/__init__.py": "from toy.engine.solve import solve\n",
        "engine/solve.py": "from toy.engine.model import Problem\n\ndef solve():\n    pass\n",
        "engine/model.py": "class Problem:\n    pass\n",
        "app/__init__.py": "",
        "app/views.py": "from toy.app.models import Thing\nfrom toy.engine import solve\n",
        "app/models.py": "class Thing:\n    pass\n",
    })
    assert layers.cycles(edges) == []
    assert "toy.engine" in edges["toy.app.views"]  # importing the facade runs it


def test_type_checking_imports_are_no_runtime_cycle(toy):
    edges = toy({
        "__init__.py": "",
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from toy.b import B\n",
        "b.py": "from toy.a import *\nclass B:\n    pass\n",
    })
    assert layers.cycles(edges) == []


def test_function_imports_are_listed(tmp_path):
    (tmp_path / "m.py").write_text(
        "import os\n\nclass C:\n    import sys\n\n    def f(self):\n        import json\n")
    found = layers.imports_in_functions(tmp_path, tmp_path)
    assert [(i.path, i.function, i.text) for i in found] == [("m.py", "C.f", "import json")]
