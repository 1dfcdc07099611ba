"""The bundled Chinese font for the window: a workstation without a CJK font would show a
patient's Chinese name as empty boxes. Registered with Qt's font database once; Qt then
falls back to it for any character the interface font lacks."""

from __future__ import annotations

from app.font_files import CJK_FONT_FILE

_families: list[str] | None = None


def register_bundled_fonts() -> list[str]:
    """Add the CJK font to the application's fonts (about 10 ms, done once after the first
    paint); returns its family names, empty if the file could not be read."""
    global _families
    if _families is None:
        from PySide6.QtGui import QFontDatabase

        font_id = QFontDatabase.addApplicationFont(str(CJK_FONT_FILE))
        _families = list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
    return _families
