"""The PySide6 desktop window: it shows and edits; every dose comes from ``app.services``."""

from ui import qtfix as _qtfix  # noqa: F401  (before any Qt call: see ui/qtfix.py)
