"""The import graph of `src/xiezuo`, for the layering contracts (test_layers.py).

The graph comes from grimp (the engine of import-linter, pinned in the dev extras). grimp
records every import statement of a module — at module level, inside functions and
methods, and under ``if TYPE_CHECKING:`` (which `graph(runtime_only=True)` leaves out) —
so an import moved into a function to hide a cycle is still seen. test_layers.py checks
that on a small package of its own.

On top of grimp's edges, `package_edges` adds what Python does implicitly: importing
``p.x`` first runs the package ``p``'s ``__init__``. A module outside ``p`` importing
anything in ``p`` therefore depends on ``p``'s ``__init__``; a module inside ``p`` that
reads its own package's namespace (``from p import x``) does too, which is a cycle when
``p/__init__.py`` imports that module (a package facade). Empty ``__init__`` files
import nothing and so never close a cycle.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import grimp

PACKAGE = "xiezuo"
SRC = Path(__file__).resolve().parents[2] / "src"
FROM_IMPORT = re.compile(r"^\s*from\s+(\.*)([\w.]*)\s+import\b")


def graph(package: str = PACKAGE, *, runtime_only: bool = False) -> grimp.ImportGraph:
    """The import graph of the package, with external packages as single nodes."""
    return grimp.build_graph(package, include_external_packages=True,
                             exclude_type_checking_imports=runtime_only, cache_dir=None)


def internal(g: grimp.ImportGraph, package: str = PACKAGE) -> list[str]:
    return sorted(m for m in g.modules if m == package or m.startswith(package + "."))


def ancestors(module: str) -> list[str]:
    """The packages a module lies in, innermost first: a.b.c → a.b, a."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def _is_package(g: grimp.ImportGraph, module: str) -> bool:
    return bool(g.find_children(module)) if module in g.modules else False


def _from_target(importer: str, line: str, importer_is_package: bool) -> str | None:
    """The module named after `from` in an import line (relative dots resolved)."""
    match = FROM_IMPORT.match(line)
    if not match:
        return None
    dots, name = match.groups()
    if not dots:
        return name
    base = importer.split(".")
    if not importer_is_package:
        base = base[:-1]  # a plain module's level-1 import is relative to its package
    base = base[: len(base) - (len(dots) - 1)]
    return ".".join([*base, name] if name else base)


def package_edges(g: grimp.ImportGraph, package: str = PACKAGE) -> set[tuple[str, str]]:
    """The implicit imports of package ``__init__`` modules (see the module docstring)."""
    edges: set[tuple[str, str]] = set()
    for importer in internal(g, package):
        own = set(ancestors(importer))
        importer_is_package = _is_package(g, importer)
        for imported in g.find_modules_directly_imported_by(importer):
            if not imported.startswith(package + "."):
                continue
            for parent in ancestors(imported):
                if parent not in own and parent != importer:
                    edges.add((importer, parent))
            for detail in g.get_import_details(importer=importer, imported=imported):
                target = _from_target(importer, detail["line_contents"], importer_is_package)
                if target in own:
                    edges.add((importer, target))
    return edges


def edges(g: grimp.ImportGraph, package: str = PACKAGE) -> dict[str, set[str]]:
    """Every module of the package → the modules of the package it depends on."""
    out: dict[str, set[str]] = {m: set() for m in internal(g, package)}
    for module in out:
        out[module] |= {m for m in g.find_modules_directly_imported_by(module) if m in out}
    for importer, imported in package_edges(g, package):
        out[importer].add(imported)
    return out


def cycles(dependencies: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """The import cycles: every strongly connected component of more than one module (or a
    module importing itself), each as a sorted tuple (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[tuple[str, ...]] = []
    counter = 0
    for root in sorted(dependencies):
        if root in index:
            continue
        work = [(root, iter(sorted(dependencies[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(dependencies.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in dependencies.get(node, ()):
                        found.append(tuple(sorted(component)))
    return sorted(found)


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} {self.text.strip()} → {self.imported}"


def imports_between(g: grimp.ImportGraph, importers: Iterable[str],
                    allowed: Callable[[str, str], bool]) -> list[Import]:
    """The direct imports of these modules that `allowed(importer, imported)` refuses."""
    found = []
    for importer in importers:
        for imported in sorted(g.find_modules_directly_imported_by(importer)):
            if allowed(importer, imported):
                continue
            for detail in g.get_import_details(importer=importer, imported=imported):
                found.append(Import(importer, imported, detail["line_number"],
                                    detail["line_contents"]))
    return found


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def is_test_module(module: str) -> bool:
    return ".tests." in module + "." or module.endswith(".tests") or ".conftest" in module


@dataclass(frozen=True)
class LocalImport:
    path: str  # relative to src/
    line: int
    function: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}: {self.text}"


def imports_in_functions(root: Path, base: Path | None = None) -> list[LocalImport]:
    """Import statements inside functions and methods of the Python files under `root`
    (a class body runs at import time: its imports are not inside a function); paths
    relative to `base` (default: src/)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" not in path.parts:
            found += _local_imports(path, base or SRC)
    return found


def _local_imports(path: Path, base: Path) -> list[LocalImport]:
    source = path.read_text()
    found = []

    def walk(node, where: str, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{where}.{child.name}" if where else child.name
                walk(child, name, in_function or not isinstance(child, ast.ClassDef))
            elif isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                found.append(LocalImport(str(path.relative_to(base)), child.lineno, where,
                                         ast.get_source_segment(source, child) or ""))
            else:
                walk(child, where, in_function)

    walk(ast.parse(source), "", False)
    return found
