"""Text a person types (name, MRN, reasons, user): bounded, printable, and named when refused.

A reason must be a reason: at least a few visible characters once default-ignorable code
points (zero-width spaces, joiners, word joiners, variation selectors…) are removed — a
zero-width space is not a reason for reducing a dose. Control characters and bidirectional
overrides are refused outright: they can make a printed line read differently from what was
stored.
"""

from __future__ import annotations

import unicodedata

from dosing.errors import InputError
from dosing.numbers import shown

MIN_REASON_VISIBLE = 3
NAME_LENGTH = 120
MRN_LENGTH = 40
REASON_LENGTH = 300
USER_LENGTH = 80

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder text.
_BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Default-ignorable code points outside category Cf (Unicode DerivedCoreProperties).
_IGNORABLE_EXTRA = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810),
     *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
)  # fmt: skip


def _ignorable(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or ord(char) in _IGNORABLE_EXTRA


def read_text(text: str, field: str, max_length: int) -> str:
    """``text`` stripped, or an ``InputError``: too long, a control character, a bidi override."""
    if not isinstance(text, str):
        raise InputError(field, f"must be text, not {type(text).__name__}")
    if len(text) > max_length:
        raise InputError(field, f"is {len(text):,} characters long (at most {max_length})")
    for char in text:
        code = ord(char)
        if code in _BIDI_CONTROLS:
            raise InputError(field, f"contains a text-direction override (U+{code:04X})")
        if unicodedata.category(char) == "Cc":
            raise InputError(field, f"contains a control character (U+{code:04X})")
    return text.strip()


def visible_length(text: str) -> int:
    return sum(1 for char in text if not char.isspace() and not _ignorable(char))


def read_reason(text: str, field: str, max_length: int = REASON_LENGTH) -> str:
    """A real reason: printable, bounded, and at least ``MIN_REASON_VISIBLE`` visible
    characters after default-ignorable code points are removed."""
    cleaned = read_text(text, field, max_length)
    if visible_length(cleaned) < MIN_REASON_VISIBLE:
        given = f" ('{shown(cleaned)}')" if cleaned else ""
        if cleaned and not visible_length(cleaned):
            # Echoed, zero-width characters would show as nothing: name the first instead.
            hidden = next(char for char in cleaned if not char.isspace())
            given = f" (only invisible characters, such as U+{ord(hidden):04X})"
        raise InputError(
            field,
            f"a reason is required: at least {MIN_REASON_VISIBLE} visible characters{given}",
        )
    return cleaned
