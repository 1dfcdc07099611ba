"""Medication-safety display rules (DESIGN §5, ISMP error-prone abbreviations)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dosing.display import UCUM, format_cells, format_day, format_dose, format_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2400.00", "2,400"),  # thousands separator, no trailing zeros
        ("5.0", "5"),  # "5.0 mg" misread as 50 mg
        (".5", "0.5"),  # leading zero
        ("0.50", "0.5"),
        ("1000000", "1,000,000"),
        ("2.69E+3", "2,690"),  # never exponent form
        ("1E+6", "1,000,000"),
        ("0.0001", "0.0001"),
        ("0", "0"),
        ("0.00", "0"),
        ("-2.5", "-2.5"),
        ("12345.678", "12,345.678"),
    ],
)
def test_format_number(value: str, expected: str) -> None:
    """Numbers print with separators, a leading zero and no trailing zero."""
    assert format_number(D(value)) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("2400", "mg", "2,400 mg"),
        ("300", "mcg", "300 mcg"),
        ("0.5", "mcg", "0.5 mcg"),
        ("3000", "mL", "3,000 mL"),
        ("1000000", "international units", "1,000,000 international units"),
        ("60000000", "cells", "60 × 10⁶ cells"),
        ("67300000", "cells", "67.3 × 10⁶ cells"),
        ("134600000", "cells", "134.6 × 10⁶ cells"),
    ],
)
def test_format_dose(value: str, unit: str, expected: str) -> None:
    """The unit always beside the number; cells in × 10⁶."""
    assert format_dose(D(value), unit) == expected


def test_format_dose_never_uses_error_prone_units() -> None:
    """No µg, ug, U or IU in any displayed dose."""
    for unit in UCUM:
        text = format_dose(D("1.5"), unit)
        assert "µg" not in text and "ug" not in text
        assert " U" not in text and "IU" not in text


def test_format_cells_other_exponent() -> None:
    """Cells can be shown in × 10⁸ (mononuclear cells)."""
    assert format_cells(D("24000000000"), 8) == "240 × 10⁸ cells"


@pytest.mark.parametrize(
    ("day", "expected"),
    [(-5, "day −5"), (-1, "day −1"), (0, "day 0"), (1, "day +1"), (14, "day +14")],
)
def test_format_day(day: int, expected: str) -> None:
    """Transplant days with a true minus sign (U+2212) and an explicit plus."""
    assert format_day(day) == expected


def test_ucum_codes() -> None:
    """The JSON contract's UCUM codes (DESIGN §6)."""
    assert UCUM == {
        "g": "g",
        "mg": "mg",
        "mcg": "ug",
        "mL": "mL",
        "cells": "{cells}",
        "international units": "[iU]",
    }
