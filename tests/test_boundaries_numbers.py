"""Every refusal of ``dosing.numbers.read_number`` names its field: the window marks that
field and the command line prints it first (``weight: …``)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dosing.errors import InputError
from dosing.numbers import read_number
from dosing.validation import parse_decimal


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (D("NaN"), "weight: is not a finite number"),
        (D("-Infinity"), "weight: is not a finite number"),
        (67.5, "weight: must be typed as text, not given as float"),
        (" \t ", "weight: is missing: enter a number in kg"),
        # 25 characters: one more than the 24 allowed.
        ("1" * 25, "weight: is 25 characters long: not a number (at most 24 characters)"),
        ("6,75", "weight: '6,75': use a point for decimals (67.5); commas only between thousands"),
        (
            "67kg",
            "weight: '67kg' is not a number: use digits with at most one decimal point "
            "(no exponent, no underscore); enter it in kg",
        ),
    ],
)
def test_each_refusal_names_the_field(given: object, says: str) -> None:
    with pytest.raises(InputError) as refused:
        read_number(given, "weight", "kg")  # type: ignore[arg-type]
    assert refused.value.field == "weight"
    assert str(refused.value) == says


def test_parse_decimal_passes_its_unit_to_the_reading() -> None:
    """ "1e2" is refused by the reading, which ends with the unit parse_decimal was given."""
    with pytest.raises(InputError) as refused:
        parse_decimal("1e2", "height", "cm")
    assert str(refused.value) == (
        "height: '1e2' is not a number: use digits with at most one decimal point "
        "(no exponent, no underscore); enter it in cm"
    )
    assert parse_decimal(" 1,234.5 ", "height", "cm") == D("1234.5")
