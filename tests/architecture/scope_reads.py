"""A small linter: views, API and export modules read models only through `scoped()`.

Every read that reaches the database from an entry point must start from
`xiezuo.core.scoping.scoped` (the access chokepoint). This walks the source of the entry
point modules and reports each read of a model's manager (`Model.objects`,
`Model._default_manager`) or `get_object_or_404(Model, …)` that is not an argument of a
`scoped(…)` call. Legitimate exceptions are listed, with the reason, in `ALLOWED`
(test_scope_reads.py).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "xiezuo"
MANAGERS = {"objects", "_default_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


@dataclass(frozen=True)
class Read:
    path: str  # relative to src/xiezuo
    line: int
    model: str
    function: str  # the enclosing function or class.method, "" at module level

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.model} in {self.function or '<module>'}"


def entry_point_modules(root: Path = SRC) -> list[Path]:
    """Views, API and export modules of every app (not tests, not migrations)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = path.stem
        if (name in {"views", "api", "resources", "exports", "tables", "filters", "forms"}
                or name.startswith(("views_", "api_")) or "views" in parts[:-1]):
            found.append(path)
    return found


# Functions that start from `scoped()` themselves: the chokepoint, its 404/403 helper, and
# the exchange selector every posting list goes through.
SCOPING_FUNCTIONS = {"scoped", "get_for_change", "postings_for"}


def _is_scoped_call(node: ast.Call) -> bool:
    """A call of one of SCOPING_FUNCTIONS, or `self.visible(…)` (ScopedDetailView's wrapper)."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in SCOPING_FUNCTIONS
    if isinstance(func, ast.Attribute):
        return func.attr in SCOPING_FUNCTIONS or (
            func.attr == "visible" and isinstance(func.value, ast.Name) and func.value.id == "self")
    return False


def _is_empty_queryset(node: ast.Call) -> bool:
    """`Model.objects.none()`: no read (a form field's queryset before it is scoped)."""
    func = node.func
    return (isinstance(func, ast.Attribute) and func.attr == "none"
            and isinstance(func.value, ast.Attribute) and func.value.attr in MANAGERS)


class _Walker(ast.NodeVisitor):
    def __init__(self, path: str):
        self.path = path
        self.reads: list[Read] = []
        self.scoped_depth = 0
        self.where: list[str] = []

    def _function(self) -> str:
        return ".".join(self.where)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.where.append(node.name)
        self.generic_visit(node)
        self.where.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.where.append(node.name)
        self.generic_visit(node)
        self.where.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        if _is_empty_queryset(node):
            return
        if _is_scoped_call(node):
            self.scoped_depth += 1
            self.generic_visit(node)
            self.scoped_depth -= 1
            return
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if (name in SHORTCUTS and node.args and isinstance(node.args[0], ast.Name)
                and self.scoped_depth == 0):
            self.reads.append(Read(self.path, node.lineno, node.args[0].id, self._function()))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if (node.attr in MANAGERS and isinstance(node.value, ast.Name)
                and node.value.id[:1].isupper() and self.scoped_depth == 0):
            self.reads.append(Read(self.path, node.lineno, node.value.id, self._function()))
        self.generic_visit(node)


def unscoped_reads_in_source(source: str, path: str) -> list[Read]:
    walker = _Walker(path)
    walker.visit(ast.parse(source))
    return walker.reads


def unscoped_reads(root: Path = SRC) -> list[Read]:
    reads: list[Read] = []
    for path in entry_point_modules(root):
        reads += unscoped_reads_in_source(path.read_text(encoding="utf-8"),
                                          str(path.relative_to(root)))
    return reads
