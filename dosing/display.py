"""Medication-safety display of numbers and doses (DESIGN §5, ISMP error-prone list).

``mcg`` never µg, ``units``/``international units`` never U/IU, no trailing zero
(a "5.0 mg" misread as 50 mg is a tenfold overdose), always a leading zero ("0.5 mg"),
thousands separators, the unit always beside the number, cells as ``60 × 10⁶ cells``.
"""

from __future__ import annotations

from decimal import Decimal

# Internal unit code -> UCUM code used in the JSON contract (DESIGN §6).
UCUM: dict[str, str] = {
    "g": "g",
    "mg": "mg",
    "mcg": "ug",
    "mL": "mL",
    "cells": "{cells}",
    "international units": "[iU]",
}

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def superscript(exponent: int) -> str:
    return str(exponent).translate(_SUPERSCRIPT)


def format_number(value: Decimal) -> str:
    """``Decimal('2400.00')`` -> ``'2,400'``; ``Decimal('.50')`` -> ``'0.5'``."""
    if not value:
        return "0"
    # normalize() drops trailing zeros; the 'f' format then writes every digit (never an
    # exponent) with a leading zero and thousands separators.
    return format(value.normalize(), ",f")


def format_cells(cells: Decimal, exponent: int = 6) -> str:
    """``Decimal(60_000_000)`` -> ``'60 × 10⁶ cells'`` (never 6e7)."""
    scaled = cells.scaleb(-exponent)
    return f"{format_number(scaled)} × 10{superscript(exponent)} cells"


def format_dose(value: Decimal, unit: str) -> str:
    """The number with its unit beside it, as printed on a label."""
    if unit == "cells":
        return format_cells(value)
    return f"{format_number(value)} {unit}"


def format_day(day: int) -> str:
    """Transplant day labels: ``day −5``, ``day 0``, ``day +1`` (a true minus sign)."""
    if day < 0:
        return f"day −{-day}"
    if day == 0:
        return "day 0"
    return f"day +{day}"


def format_percent(value: Decimal) -> str:
    return f"{format_number(value)}%"


def signed_percent(value: Decimal) -> str:
    """A difference in percent with its sign: ``+5.9%``, ``−1.2%`` (a true minus sign), ``0%``."""
    if value > 0:
        return f"+{format_percent(value)}"
    if value < 0:
        return f"−{format_percent(-value)}"
    return format_percent(value)
