"""Can this text be printed? The one check the command line and the window both make on the
text a person types that the sheets print (the patient's name and MRN).

A character no bundled font has would print as a placeholder, and a right-to-left name
(Hebrew, Arabic) would print with its letters in the wrong order: the sheets have no
bidirectional layout. Either way the patient could not be identified on paper, so the text
is refused when typed, naming the field, rather than printed wrong.
"""

from __future__ import annotations

import unicodedata

from app.font_coverage import printable
from dosing.errors import InputError

_RIGHT_TO_LEFT = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


def _spelled(chars: list[str]) -> str:
    unique = list(dict.fromkeys(chars))
    return ", ".join(f"“{ch}” (U+{ord(ch):04X})" for ch in unique[:5])


def check_printable(field: str, text: str) -> str:
    """``text`` unchanged if every character prints in reading order; else an ``InputError``
    naming ``field`` and the first characters that would not."""
    if text.isascii():
        return text  # the common case, answered without looking at the fonts
    right_to_left = [ch for ch in text if unicodedata.bidirectional(ch) in _RIGHT_TO_LEFT]
    if right_to_left:
        raise InputError(
            field,
            f"is written right to left ({_spelled(right_to_left)}); the sheets cannot print "
            "it in the right order yet: type it in Latin letters as on the wristband",
        )
    missing = list(dict.fromkeys(ch for ch in text if not printable(ch)))
    if missing:
        raise InputError(
            field,
            f"has characters no bundled font can print: {_spelled(missing)}; "
            "type them as on the wristband in Latin or Chinese characters",
        )
    return text
