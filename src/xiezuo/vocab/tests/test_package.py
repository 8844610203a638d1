"""Package-level checks: re-exports and no Django dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import xiezuo.vocab as vocab

PACKAGE = Path(vocab.__file__).parent


def test_reexports() -> None:
    for name in vocab.__all__:
        assert hasattr(vocab, name), name
    assert vocab.resolve("开州")[0].code == "500154"
    assert vocab.title_level("主任医师") == 5


def test_no_django_imports() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "django" for n in names), path
