"""The engine stays pure: no Qt, reportlab, database, ``app`` or ``ui`` in dosing/ (STYLE 1)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

DOSING = Path(__file__).resolve().parent.parent / "dosing"
FORBIDDEN = (
    "PySide6",
    "PyQt5",
    "PyQt6",
    "shiboken6",
    "reportlab",
    "sqlalchemy",
    "alembic",
    "sqlite3",
    "psycopg",
    "psycopg2",
    "pypdfium2",
    "pypdf",
    "app",
    "ui",
)


def _is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            names.extend(
                arg.value
                for arg in node.args[:1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
        ):
            names.extend(
                arg.value
                for arg in node.args[:1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return names


def test_forbidden_detection_works(tmp_path: Path) -> None:
    """The checker itself catches every import form it is meant to catch."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import PySide6.QtCore\n"
        "from app.services import compute\n"
        "import sqlalchemy as sa\n"
        "import importlib\n"
        "def f():\n"
        "    from reportlab.pdfgen import canvas\n"
        "    importlib.import_module('ui.main')\n"
        "    __import__('psycopg')\n"
        "import uuid, application_helpers\n",
        encoding="utf-8",
    )
    bad = [name for name in _imports(sample) if _is_forbidden(name)]
    assert sorted(bad) == sorted(
        ["PySide6.QtCore", "app.services", "sqlalchemy", "reportlab.pdfgen", "ui.main", "psycopg"]
    )


@pytest.mark.parametrize("path", sorted(DOSING.glob("**/*.py")), ids=lambda p: p.name)
def test_dosing_module_imports_nothing_forbidden(path: Path) -> None:
    """No dosing/ file imports Qt, reportlab, a database, app or ui (AST, every import form)."""
    bad = [name for name in _imports(path) if _is_forbidden(name)]
    assert bad == [], f"{path.name} imports {bad}"


def test_importing_engine_loads_nothing_forbidden() -> None:
    """In a fresh interpreter, importing dosing.engine pulls in none of them either."""
    code = (
        "import json, sys\n"
        "import dosing.engine, dosing.display, dosing.validation, dosing.protocol\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    root = DOSING.parent
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    loaded = json.loads(result.stdout)
    assert "dosing.engine" in loaded
    assert [m for m in loaded if _is_forbidden(m)] == []
