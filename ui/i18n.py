"""The window's language: every user-visible string goes through Qt's translation.

Inside a QObject subclass a string is ``self.tr("…")``; elsewhere ``translate("Context",
"…")`` (a plain function, so ``pyside6-lupdate`` finds it by name). Strings that are built
at import time (tables of labels) are marked with ``QT_TRANSLATE_NOOP`` and translated where
they are shown. Placeholders are named (``"{version}"``) and filled with ``str.format`` after
translation: a translator may move them, never rename them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["QT_TRANSLATE_NOOP", "translate"]


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the window's language (itself when no translation is loaded)."""
    return QCoreApplication.translate(context, text, disambiguation, n)
