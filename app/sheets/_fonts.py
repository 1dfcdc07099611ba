"""The bundled DejaVu fonts (resources/fonts/, licence in LICENSE-DejaVu.txt beside them).

The PDF base-14 fonts lack −, ⁶, ⁹, →, ≥ and friends: a missing glyph prints as an empty box
or nothing, so "day −5" could read "day 5". DejaVu has every glyph the sheets use, and
reportlab embeds the subset it draws.
"""

from __future__ import annotations

import threading
from functools import cache

from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from app import resources

FONT_DIR = resources.fonts_dir()

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}


_LOCK = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts once per process (parsing the files is the costly part). Sheets
    render off the UI thread: the lock keeps two first renders from registering at once."""
    global _registered
    with _LOCK:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


def missing_glyphs(text: str, font_name: str = REGULAR) -> set[str]:
    """The characters of ``text`` that the font has no glyph for (whitespace aside)."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    cmap: dict[int, int] = font.face.charToGlyph
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in cmap}


@cache
def _covered() -> frozenset[int]:
    """Code points every sheet font has (a cell may be regular, bold or italic)."""
    register_fonts()
    maps = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in _FILES]
    return frozenset(set.intersection(*maps))


def glyph_safe(text: str) -> str:
    """``text`` with any character the fonts cannot draw spelled as ``[U+738B]``: a visible
    placeholder, never an empty box or a silently dropped character."""
    covered = _covered()
    if all(ord(ch) in covered or ch.isspace() for ch in text):
        return text
    return "".join(
        ch if ord(ch) in covered or ch.isspace() else f"[U+{ord(ch):04X}]" for ch in text
    )
