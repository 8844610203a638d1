"""Issue 12, read from the source of the needs app: the stored round result is parsed only
by its typed reader, services are the one writer (no module reaches into another's private
names, pages and the API write nothing themselves), and no import hides inside a function."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1]
MODULES = sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)
CODE = [p for p in MODULES if "tests" not in p.parts]
ENTRY_POINTS = [p for p in CODE if p.stem in {"api", "views", "views_rounds", "forms"}]
# Keys of the stored result (`Round.result`): only needs/result.py may spell them.
RESULT_KEYS = {"assignments", "unfilled", "runner_up", "reason_code", "assigned_to"}
WRITES = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create",
          "update_or_create", "select_for_update"}


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def name(path: Path) -> str:
    return str(path.relative_to(APP))


def result_key_uses(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and node.value in RESULT_KEYS:
            found.append((node.lineno, str(node.value)))
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
              and node.value.attr == "result"):
            found.append((node.lineno, ".result[…]"))
    return found


def test_only_the_typed_reader_spells_the_stored_result():
    found = [(name(p), line, what) for p in CODE if p.name != "result.py"
             for line, what in result_key_uses(p.read_text())]
    assert not found, found


def test_the_check_finds_a_result_parsed_by_hand():
    source = 'rows = round_.result["assignments"]\nneed = int(rows[0]["need"])\n'
    assert result_key_uses(source) == [(1, ".result[…]"), (1, "assignments")]


def test_no_module_imports_another_ones_private_names():
    found = [(name(p), node.lineno, alias.name) for p in CODE for node in ast.walk(tree(p))
             if isinstance(node, ast.ImportFrom) for alias in node.names
             if alias.name.startswith("_") and alias.name != "__future__"]
    assert not found, found


def function_imports(module: ast.Module) -> list[int]:
    return [inner.lineno for node in ast.walk(module)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            for inner in ast.walk(node) if isinstance(inner, (ast.Import, ast.ImportFrom))]


def test_no_imports_inside_functions():
    found = [(name(p), line) for p in MODULES for line in function_imports(tree(p))]
    assert not found, found


@pytest.mark.parametrize("path", ENTRY_POINTS, ids=name)
def test_pages_and_api_leave_writing_to_the_services(path):
    """No `.save()`, `.delete()`, `Model.objects.create(…)`, locks… in views, API or forms."""
    found = [(node.lineno, node.func.attr) for node in ast.walk(tree(path))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr in WRITES]
    assert not found, found
