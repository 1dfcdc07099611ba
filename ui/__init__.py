"""The PySide6 desktop window: it shows and edits; every dose comes from ``app.services``."""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401  (shiboken installs its import hook on this first import)


def _restore_python_import() -> None:
    """Put Python's own ``__import__`` back in place of PySide6's ``__feature_import__``.

    That hook exists only for ``from __feature__ import snake_case, true_property``, which
    txdose never uses (nothing is selected, so every module sees Qt's own names either way).
    Its cost is start-up: after every import it reads the module's whole source with
    ``inspect.getsource`` to look for "PySide6", and it adds two Python calls to every
    import statement — the window's modules before the first paint, pydantic's ~150 before
    the first recompute. PySide6 keeps the original as ``builtins.__orig_import__`` (its
    developer notes, "The __feature__ import"); left alone if someone else hooked import.
    """
    original = getattr(builtins, "__orig_import__", None)
    if (
        original is not None
        and getattr(builtins.__import__, "__name__", "") == "__feature_import__"
    ):
        builtins.__import__ = original


_restore_python_import()
