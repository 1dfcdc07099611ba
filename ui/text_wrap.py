"""Where a line of Chinese may break: Chinese has no spaces, and Qt breaks between ideographs
(Unicode line breaking). The column fitter measures the pieces Qt keeps whole; the schedule
model pre-wraps a Chinese cell by display width (an ideograph is two Latin columns wide)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from PySide6.QtCore import QTextBoundaryFinder

from app.unit_spacing import NO_BREAK_SPACE, join_unit_spaces


def is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


@lru_cache(maxsize=8192)
def has_wide(text: str) -> bool:
    """Cached: every keystroke asks it of every changed cell's text (a dose, "× 10⁹/L"),
    character by character."""
    return not text.isascii() and any(is_wide(c) for c in text)


def pieces(word: str) -> list[str]:
    """What word wrap keeps on one line of a space-free word: '重组人粒细胞' breaks after
    any character. Only breaks beside a wide (CJK) character count, so '10⁹/L', 'mL/h' and
    'G-CSF' stay whole, as in an English cell."""
    if not has_wide(word):
        return [word]
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, word)
    parts: list[str] = []
    start = 0
    position = finder.toNextBoundary()
    while 0 < position < len(word):
        if is_wide(word[position - 1]) or is_wide(word[position]):
            parts.append(word[start:position])
            start = position
        position = finder.toNextBoundary()
    parts.append(word[start:])
    return parts


def display_width(text: str) -> int:
    return sum(2 if is_wide(c) else 1 for c in text)


def wrap_wide(text: str, width: int) -> list[str]:
    """Greedy lines of at most ``width`` display columns, broken at spaces or beside an
    ideograph, never inside a piece (a number with its unit is never cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for number, piece in enumerate(pieces(word)):
            joined = piece if not line else line + (" " if number == 0 else "") + piece
            if line and display_width(joined) > width:
                lines.append(line)
                line = piece
            else:
                line = joined
    if line:
        lines.append(line)
    return lines


WORD_JOINER = "\u2060"
_BREAKS_AFTER = "/-–"


@lru_cache(maxsize=8192)
def join_latin_words(text: str) -> str:
    """A word joiner after each '/', '-' or '–' between two Latin characters (no space, no
    ideograph either side), where Qt's line breaking would otherwise allow a break. Cached:
    each changed cell of each keystroke is joined, character by character."""
    out: list[str] = []
    for number, character in enumerate(text):
        out.append(character)
        if character in _BREAKS_AFTER and 0 < number < len(text) - 1:
            before, after = text[number - 1], text[number + 1]
            if not (before.isspace() or after.isspace() or is_wide(before) or is_wide(after)):
                out.append(WORD_JOINER)
    return "".join(out)


# Chinese has no space to keep: Qt breaks beside any ideograph, so 第−4天 could end a line
# on 第−4 and start the next with 天. A word joiner between an ideograph and a number.
_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff"


@cache
def _ideograph_number() -> re.Pattern[str]:
    """Compiled when Chinese text is first joined, not at import before the first paint (a
    class over the CJK range costs Python's compiler ~2 ms a pattern; English never needs it)."""
    return re.compile(f"(?<=[{_IDEOGRAPH}])(?=[0-9−+-])|(?<=[0-9])(?=[{_IDEOGRAPH}])")


def join_units(text: str) -> str:
    """``text`` (plain) with a no-break space wherever a line break would part a number from
    what follows it (its unit, "× 10⁶"), and a word joiner between an ideograph and a
    number: DESIGN §5, the unit beside the number. Applying it twice changes nothing."""
    text = join_unit_spaces(text)
    return _ideograph_number().sub(WORD_JOINER, text) if has_wide(text) else text


# The word joiners join_units puts between an ideograph and a number (not those of
# join_latin_words, which the column fitter measures whole).
@cache
def _ideograph_joiner() -> re.Pattern[str]:
    return re.compile(
        f"(?<=[{_IDEOGRAPH}]){WORD_JOINER}(?=[0-9−+-])|(?<=[0-9]){WORD_JOINER}(?=[{_IDEOGRAPH}])"
    )


def fits_within(width: float, advance: Callable[[str], float]) -> Callable[[str], bool]:
    """Whether a joined piece stays inside ``width``: every part of it Qt keeps whole
    (``pieces``: a Chinese run may still break beside its ideographs) as wide as ``advance``
    measures it, at most ``width``."""

    def fits(piece: str) -> bool:
        return max(advance(part) for part in pieces(piece)) <= width

    return fits


def keep_units_within(text: str, fits: Callable[[str], bool]) -> str:
    """``text`` with each number kept beside its unit (``join_units``) wherever the piece so
    joined ``fits`` its column, as a table shows it: a column is never widened for a pair
    (that would bring sideways scrolling back), so a pair wider than its column keeps the
    break it had, and of a longer joined run ("2 × 10⁶/kg") as much stays joined as fits."""
    if not any(character.isdigit() for character in text):
        return text
    lines = []
    for line in text.split("\n"):
        tokens = []
        for token in join_units(line).split(" "):
            if (NO_BREAK_SPACE in token or WORD_JOINER in token) and not fits(token):
                token = _joined_as_fits(token, fits)
            tokens.append(token)
        lines.append(" ".join(tokens))
    return "\n".join(lines)


def _joined_as_fits(token: str, fits: Callable[[str], bool]) -> str:
    """Greedily from the left: each part joined to the one before while the two fit."""

    def alone(part: str) -> str:
        return part if fits(part) else _ideograph_joiner().sub("", part)

    parts = token.split(NO_BREAK_SPACE)
    out: list[str] = []
    current = alone(parts[0])
    for part in parts[1:]:
        candidate = current + NO_BREAK_SPACE + part
        if fits(candidate):
            current = candidate
        else:
            out.append(current)
            current = alone(part)
    out.append(current)
    return " ".join(out)
