"""The bundled fonts (resources/fonts/, each licence beside its font) and the rule that picks
one for each run of text.

The PDF base-14 fonts lack −, ⁶, ⁹, →, ≥ and friends: a missing glyph prints as an empty box
or nothing, so "day −5" could read "day 5". DejaVu has every glyph the sheets use for Latin
and Greek; it has no Chinese, and Chinese names are the normal case on the Nanjing wards, so
Droid Sans Fallback (TrueType outlines, which reportlab can embed; Apache-2.0) draws the CJK
runs. Each run of text is drawn with the first font that has all its glyphs; reportlab
embeds the subset it draws.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.platypus.tables import CellStyle  # type: ignore[import-untyped]

from app.font_files import CJK_FONT_FILE, FONT_DIR
from app.unit_spacing import join_short_units

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
# One face for Chinese: the font has no bold or italic, so emphasis in a CJK run is carried by
# the surrounding DejaVu text (labels), never by a synthetic slant a nurse could misread.
CJK = "DroidSansFallbackFull"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    CJK: CJK_FONT_FILE.name,
}
LATIN_FONTS = (REGULAR, BOLD, ITALIC)


_LOCK = threading.Lock()
_registered = False
_cjk_registered = False


def register_fonts() -> None:
    """Register the DejaVu faces once per process (parsing the files is the costly part).
    Sheets render off the UI thread: the lock keeps two first renders from registering at
    once. The CJK font (4 MB, ~50 ms to parse) waits for the first text that needs it."""
    global _registered
    with _LOCK:
        if _registered:
            return
        for name in LATIN_FONTS:
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / _FILES[name])))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        # A table sets each cell's font before drawing it, paragraph or not, and the default
        # is Helvetica: a font reference the PDF would not embed (the printer substitutes).
        CellStyle.fontname = REGULAR
        _registered = True


def register_cjk_font() -> None:
    """Register the CJK font once, with every bold/italic combination mapped to it (it has
    one face), so a Chinese run inside bold text still finds it."""
    global _cjk_registered
    register_fonts()
    with _LOCK:
        if _cjk_registered:
            return
        pdfmetrics.registerFont(TTFont(CJK, str(CJK_FONT_FILE)))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(CJK, bold, italic, CJK)
        _cjk_registered = True


def _cmap(font_name: str) -> dict[int, int]:
    if font_name == CJK:
        register_cjk_font()
    else:
        register_fonts()
    cmap: dict[int, int] = pdfmetrics.getFont(font_name).face.charToGlyph
    return cmap


def missing_glyphs(text: str, font_name: str = REGULAR) -> set[str]:
    """The characters of ``text`` that the font has no glyph for (whitespace aside)."""
    cmap = _cmap(font_name)
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in cmap}


@cache
def _latin() -> frozenset[int]:
    """Code points every DejaVu face has (a cell may be regular, bold or italic)."""
    maps = [set(_cmap(name)) for name in LATIN_FONTS]
    return frozenset(set.intersection(*maps))


@cache
def _cjk() -> frozenset[int]:
    return frozenset(_cmap(CJK))


def font_for(char: str) -> str | None:
    """The first bundled font that draws ``char`` (``REGULAR`` standing for the DejaVu faces),
    or None when no bundled font has it. Whitespace goes with any font."""
    code = ord(char)
    if char.isspace() or code in _latin():
        return REGULAR
    if code in _cjk():
        return CJK
    return None


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` no bundled font can draw, in order of first appearance."""
    seen: list[str] = []
    for ch in text:
        if font_for(ch) is None and ch not in seen:
            seen.append(ch)
    return seen


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (run, font) pieces: DejaVu where it has the glyph, else the CJK font.
    A character no font has stays in the DejaVu run (callers show it with ``glyph_safe``)."""
    return list(_runs(str(text)))


# Remembered by text: a sheet cuts the same labels and names into runs on every row and page,
# and looking each character up was a tenth of a bilingual render.
_TEXTS_REMEMBERED = 8192


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def _runs(text: str) -> tuple[tuple[str, str], ...]:
    pieces: list[tuple[str, str]] = []
    for ch in text:
        font = font_for(ch) or REGULAR
        if ch.isspace() and pieces and pieces[-1][1] == CJK and ord(ch) in _cjk():
            font = CJK  # a space between two Chinese words stays in their run
        if pieces and pieces[-1][1] == font:
            pieces[-1] = (pieces[-1][0] + ch, font)
        else:
            pieces.append((ch, font))
    return tuple(pieces)


def has_fallback(text: str) -> bool:
    """True when some character of ``text`` needs a font other than DejaVu."""
    latin = _latin()
    return any(not ch.isspace() and ord(ch) not in latin for ch in text)


def glyph_safe(text: str) -> str:
    """``text`` with any character no bundled font can draw spelled as ``[U+0627]``: a visible
    placeholder, never an empty box or a silently dropped character. Entry refuses such
    names (``app.text_support``); this is the last guard for text from elsewhere."""
    if not has_fallback(text):
        return text
    return "".join(f"[U+{ord(ch):04X}]" if font_for(ch) is None else ch for ch in text)


def markup(text: str) -> str:
    """Plain ``text`` as reportlab paragraph markup: ``&``, ``<``, ``>`` escaped (a name with
    ``<b>`` prints as typed), each CJK run set in the CJK font, and a number kept beside a
    short unit (a no-break space: "over 24" ended a line of the nurse sheet, "hours" began
    the next)."""
    return _markup(str(text))


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def _markup(text: str) -> str:
    safe = glyph_safe(join_short_units(text))
    if not has_fallback(safe):
        return escape(safe)
    return "".join(
        escape(run) if font == REGULAR else f'<font face="{font}">{escape(run)}</font>'
        for run, font in _runs(safe)
    )


def string_width(text: str, font: str, size: float) -> float:
    """The printed width of ``text`` drawn run by run."""
    return _string_width(str(text), font, size)


@lru_cache(maxsize=_TEXTS_REMEMBERED)
def _string_width(text: str, font: str, size: float) -> float:
    return float(
        sum(
            pdfmetrics.stringWidth(run, font if run_font == REGULAR else run_font, size)
            for run, run_font in _runs(text)
        )
    )


def draw_string(
    canvas: Any, x: float, y: float, text: str, font: str, size: float, anchor: str = "left"
) -> None:
    """Draw ``text`` on ``canvas`` run by run, each run in the first font that has its
    glyphs; ``anchor`` is "left", "right" or "centre" (x is that edge or the middle)."""
    text = glyph_safe(text)
    width = string_width(text, font, size)
    if anchor == "right":
        x -= width
    elif anchor == "centre":
        x -= width / 2
    for run, run_font in _runs(text):
        face = font if run_font == REGULAR else run_font
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, face, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces where there are any,
    else between any two characters (Chinese is written without spaces)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if string_width(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:
            if line and string_width(line + ch, font, size) > width:
                lines.append(line)
                line = ""
            line += ch
    if line or not lines:
        lines.append(line)
    return lines
