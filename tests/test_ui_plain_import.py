"""Start-up (issue 14, DESIGN §9): PySide6 replaces Python's ``__import__`` with its
``__feature_import__`` (for ``from __feature__ import snake_case``, which txdose never uses),
and that hook reads the whole source of every module imported after Qt (``inspect.getsource``,
to look for the word "PySide6") and adds two Python calls to every import statement. The
window's ``ui`` package puts the original import back: each check here fails with the hook."""

from __future__ import annotations

import builtins

from conftest import run_python


def _run(code: str) -> str:
    return run_python(code, {"QT_QPA_PLATFORM": "offscreen"})


def test_importing_the_window_package_restores_python_s_own_import() -> None:
    out = _run(
        """
        import builtins
        import PySide6.QtCore
        print(builtins.__import__.__name__)
        import ui
        print(builtins.__import__ is builtins.__orig_import__)
        print(builtins.__import__.__name__)
        """
    )
    # What PySide6 keeps as the original is its own C-level ``__lazy_import__`` (it passes an
    # import on, and resolves Qt's lazily created classes for ``import *``): kept.
    hooked, restored, name = out.splitlines()
    assert (hooked, restored) == ("__feature_import__", "True")
    assert name != "__feature_import__"


def test_a_module_imported_after_the_window_package_is_not_read_for_qt_s_features() -> None:
    # With the hook, importing any module records it in shiboken's feature table after reading
    # its source; "fractions" is a module the window never imports.
    out = _run(
        """
        import sys
        import ui
        import fractions
        table = sys.modules["shibokensupport.feature"].pyside_feature_dict
        print("fractions" in table)
        """
    )
    assert out == "False"


def test_qt_works_as_before_after_the_import_is_restored(qtbot: object) -> None:
    # The window's Qt calls keep Qt's own names (no feature selected): camelCase methods.
    from PySide6.QtWidgets import QLineEdit

    import ui  # noqa: F401

    edit = QLineEdit()
    edit.setText("60.5")
    assert edit.text() == "60.5"
    assert builtins.__import__ is builtins.__orig_import__
