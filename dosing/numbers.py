"""The one reading of a number typed by a person, shared by the command line and the window.

Digits with at most one decimal point, an optional sign, commas only between thousands (a
decimal comma read as a thousands separator would be a tenfold error, so it is refused).
Full-width and Arabic-Indic digits are read as the digits they are. No exponent (``1e2`` is
not how a weight is written at a bedside), no underscore (``6_0``), no ``inf``/``nan``, and
the length is bounded before any parsing so a huge value costs nothing. A binary float is
refused: it has already lost the value the person typed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from dosing.errors import InputError

MAX_NUMBER_LENGTH = 24  # "200,000.000001" fits; nothing a pharmacist types is longer
ECHO_LENGTH = 40

# Full-width (U+FF10…), Arabic-Indic (U+0660…) and extended Arabic-Indic (U+06F0…) digits,
# the full-width point, and the true minus sign.
_DIGITS = {
    **{0xFF10 + d: str(d) for d in range(10)},
    **{0x0660 + d: str(d) for d in range(10)},
    **{0x06F0 + d: str(d) for d in range(10)},
    0xFF0E: ".",
    0x2212: "-",
    0xFF0B: "+",
    0xFF0D: "-",
}
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


def shown(text: str, limit: int = ECHO_LENGTH) -> str:
    """A typed value as an error line may echo it: cut to ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_number(text: str | Decimal, field: str, unit: str = "") -> Decimal:
    """The number ``text`` says, exactly, or an ``InputError`` naming ``field``."""
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise InputError(field, "is not a finite number")
        return text
    if not isinstance(text, str):
        raise InputError(field, f"must be typed as text, not given as {type(text).__name__}")
    in_unit = f" in {unit}" if unit else ""
    cleaned = text.strip()
    if not cleaned:
        raise InputError(field, "is missing: enter a number" + in_unit)
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise InputError(
            field, f"is {len(cleaned):,} characters long: not a number (at most "
            f"{MAX_NUMBER_LENGTH} characters)"
        )  # fmt: skip
    cleaned = cleaned.translate(_DIGITS)
    if "," in cleaned and not _GROUPED.fullmatch(cleaned):
        raise InputError(
            field, f"'{shown(text)}': use a point for decimals (67.5); commas only between "
            "thousands"
        )  # fmt: skip
    cleaned = cleaned.replace(",", "")
    if not _PLAIN.fullmatch(cleaned):
        raise InputError(
            field, f"'{shown(text)}' is not a number: use digits with at most one decimal "
            f"point (no exponent, no underscore){'; enter it' + in_unit if unit else ''}"
        )  # fmt: skip
    return Decimal(cleaned)
