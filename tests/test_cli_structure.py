"""The command line and the sheets as rooms a newcomer can read: no import circle, no file
over 500 lines, the store commands present or loudly broken, one registry of sheets."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every ``app`` module this file imports at run time, at the top or inside a function
    (a lazy import still runs): ``from app.x import y`` counts ``app.x.y`` when that is a
    module. Imports under ``if TYPE_CHECKING`` never run and are left out."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.add(child.module)
                found.update(f"{child.module}.{alias.name}" for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name in known}


def _graph(package: str) -> dict[str, set[str]]:
    files = [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]
    known = {_module_name(p) for p in files}
    return {_module_name(p): _imports(p, known) - {_module_name(p)} for p in files}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_the_cycle_finder_can_fail() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


# The command line, the sheets and what they stand on (the store has its own rooms).
MINE = ("app.cli", "app.store_cli", "app.sheets", "app.services", "app.protocols",
        "app.__main__", "app.gui_entry")  # fmt: skip


def test_no_import_circle() -> None:
    """Before: app.cli ↔ app.store_cli, and app.sheets._document ↔ nurse/summary/worksheet."""
    graph = _graph("app")

    def mine(name: str) -> bool:
        return any(name == p or name.startswith(p + ".") for p in MINE)

    inside = {m: {n for n in deps if mine(n)} for m, deps in graph.items() if mine(m)}
    assert "app.cli.run" in inside and "app.sheets.nurse" in inside
    assert _cycle(inside) is None


@pytest.mark.parametrize("package", ["app/cli", "app/sheets"])
def test_no_file_over_500_lines(package: str) -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / package).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}


def test_store_commands_are_there() -> None:
    from app.cli import build_parser

    text = build_parser().format_help()
    for command in ("plans", "verify", "audit"):
        assert command in text


def test_a_broken_store_module_is_not_swallowed() -> None:
    """Before, ``except ImportError`` around the store commands made them vanish silently
    when anything inside them failed to import. Now the CLI itself fails loudly."""
    code = (
        "import sys\n"
        "sys.modules['app.cli.store_commands'] = None  # importing it now raises ImportError\n"
        "try:\n"
        "    from app.cli import build_parser\n"
        "except ImportError as exc:\n"
        "    print('refused:', exc)\n"
        "else:\n"
        "    print('plans' in build_parser().format_help())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert result.stdout.startswith("refused: import of app.cli.store_commands halted")


def test_the_sheet_registry_drives_the_cli_and_the_print_dialog() -> None:
    """One list of sheets: the CLI's --sheet choices and the print dialog's check boxes."""
    from app.cli import build_parser
    from app.sheets import SHEETS
    from ui.print_dialog import SHEETS as DIALOG_SHEETS

    sheet_parser = build_parser()._subparsers._group_actions[0].choices["sheet"]  # type: ignore[union-attr]
    choices = next(a.choices for a in sheet_parser._actions if a.dest == "sheet")
    assert tuple(choices) == ("nurse", "worksheet", "summary", "all")
    assert DIALOG_SHEETS == tuple((s.name, s.label) for s in SHEETS)
    assert [(s.name, s.orientation) for s in SHEETS] == [
        ("nurse", "landscape"), ("worksheet", "portrait"), ("summary", "portrait"),
    ]  # fmt: skip


def test_cli_entry_still_answers_both_ways() -> None:
    """``python -m app plan …`` and the ``txdose`` entry point are the same command line."""
    args = ["plan", "--protocol", "msc-adipose", "--weight", "60", "--height", "165",
            "--sex", "female", "--age", "35", "--json"]  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert '"id": "msc-adipose"' in result.stdout
