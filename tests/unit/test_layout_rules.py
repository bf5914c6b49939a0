"""The layout's rules, kept by CI: small modules, no private name imported across modules.

(The import direction and the absence of cycles are import-linter's: `lint-imports`.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for package in ("feeds", "tui") for p in (ROOT / package).rglob("*.py"))
MAX_LINES = 500


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_module_stays_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{lines} lines: split it by concept"


def private_imports(path: Path) -> list[str]:
    """`from feeds.x import _name` (or tui.x): a private name used outside its module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "feeds",
            "tui",
        ):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name_crosses_modules(path: Path) -> None:
    assert private_imports(path) == []
