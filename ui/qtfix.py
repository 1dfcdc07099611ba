"""Work around a PySide6 6.12 reference-count bug on Python 3.11 (imported first by every
ui module that calls Qt, so it holds however ``ui`` itself was imported)."""

from __future__ import annotations

import sys


def _guard_none_refcount() -> None:
    """Work around a PySide6 6.12 reference-count bug on Python 3.11.

    Every void Qt method (``QLabel.setText``, ``QFont.setBold``…) returns ``None`` to Python
    without adding a reference to it (shiboken assumes the immortal ``None`` of Python 3.12+).
    Each call takes one reference away; after a few thousand calls Python aborts with
    "none_dealloc: deallocating None" — the window would crash mid-session. Giving ``None``
    a very large number of references once makes that unreachable. Python 3.12+ needs
    nothing (``None`` is immortal there).
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import ctypes

    # ob_refcnt is the first field of every object in a CPython release build. True and
    # False are returned the same way by some calls (seen at interpreter exit).
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_guard_none_refcount()
