"""The engine's structure: no import circle between modules, alert codes and user-chosen
names from one vocabulary, and a BSA formula never silently replaced by another."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from dosing import anthropometrics as anthro
from dosing.codes import AlertCode
from dosing.errors import InputError, MissingInput
from dosing.models import BsaFormula
from dosing.protocol import DosingWeightRule

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("dosing", "app", "ui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module named by an import at module level or inside a function (a lazy import is
    still a dependency), except under ``if TYPE_CHECKING:``."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    files = {
        _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }
    return {
        module: {
            target
            for target in _imports(ast.parse(path.read_text()), module, path.name == "__init__.py")
            if target in files and target != module
        }
        for module, path in files.items()
    }


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return circles


def test_the_circle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]


def test_a_type_checking_import_and_a_lazy_import_are_told_apart() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import x.typed\n"
        "def f():\n    from x import lazy\n"
        "from . import sibling\n"
    )
    found = _imports(tree, "pkg.mod", is_package=False)
    assert "x.lazy" in found and "pkg.sibling" in found
    assert "x.typed" not in found


@pytest.mark.parametrize(
    "package",
    [
        "dosing",
        "app",
        "ui",
    ],
)
def test_no_import_circle(package: str) -> None:
    circles = [c for c in _circles(_graph()) if any(m.split(".")[0] == package for m in c)]
    assert circles == []


def test_no_engine_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "dosing").rglob("*.py")
        if (n := len(path.read_text().splitlines())) > 500
    }
    assert long == {}


def test_alert_codes_keep_the_strings_stored_plans_and_acknowledgements_use() -> None:
    assert AlertCode.CHOICE_REQUIRED == "choice-required"
    assert AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE.value == "cumulative-cyclophosphamide"
    assert len(AlertCode) == 27
    assert all(code.value == code.name.lower().replace("_", "-") for code in AlertCode)


def test_a_missing_input_is_an_input_error_told_apart_by_its_type() -> None:
    error = MissingInput("sex", "choose female or male")
    assert isinstance(error, InputError)
    assert error.field == "sex"
    assert error.message == "is missing: choose female or male"
    assert not isinstance(InputError("weight", "is missing: typed by hand"), MissingInput)


def test_every_bsa_formula_has_its_function_name_and_text() -> None:
    assert set(anthro.BSA_FORMULAS) == set(BsaFormula)
    assert BsaFormula.GEHAN_GEORGE.display_name == "Gehan–George"
    assert BsaFormula.MOSTELLER.display_name == "Mosteller"
    assert all(formula.formula_text for formula in BsaFormula)
    assert all(rule.display_name and rule.formula_text for rule in DosingWeightRule)


def test_an_unknown_bsa_formula_is_refused_not_computed_as_boyd() -> None:
    """Before, any formula the function did not match fell through to Boyd."""
    with pytest.raises(InputError, match="unknown formula"):
        anthro.bsa_m2("jones", Decimal(170), Decimal(70))  # type: ignore[arg-type]


def test_each_formula_dispatches_to_its_own_function() -> None:
    """170 cm, 70 kg. Mosteller √(170 × 70 / 3600) = √3.305556 = 1.818119 m²;
    DuBois 0.007184 × 170^0.725 × 70^0.425 = 1.809708 m² (published tables: 1.81)."""
    assert anthro.bsa_m2(BsaFormula.MOSTELLER, Decimal(170), Decimal(70)) == Decimal("1.818119")
    assert anthro.bsa_m2(BsaFormula.DUBOIS, Decimal(170), Decimal(70)).quantize(
        Decimal("0.01")
    ) == Decimal("1.81")
