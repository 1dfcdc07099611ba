"""The float formulas' results as decimals, half up at the last place kept (issue 16: the
survivors of ``make mutation`` in ``dosing/anthropometrics.py``), and a BSA formula the
engine has no function for, refused by name."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dosing import anthropometrics as anthro
from dosing.errors import InputError
from dosing.models import BsaFormula


def test_a_float_result_is_rounded_half_up_at_the_sixth_decimal() -> None:
    """0.1234565 prints as 0.1234565: at 6 decimals the 7th is exactly 5, half up gives
    0.123457 (half-even would keep the even 6: 0.123456). 0.1234575: 0.123458 either way."""
    assert anthro._decimal(0.1234565) == D("0.123457")
    assert anthro._decimal(0.1234575) == D("0.123458")
    assert anthro._decimal(0.1234564) == D("0.123456")


def test_a_float_result_is_rounded_half_up_at_the_tenth_for_egfr() -> None:
    """eGFR is kept to 0.1 mL/min/1.73 m²: 87.25 → 87.3 (half-even: 87.2); 87.249 → 87.2."""
    assert anthro._decimal(87.25, D("0.1")) == D("87.3")
    assert anthro._decimal(87.249, D("0.1")) == D("87.2")


def test_a_bsa_formula_without_a_function_is_refused_by_name() -> None:
    """A formula name the engine cannot compute (a newer protocol file read by an older
    engine) is refused with the field named, never replaced by another formula."""
    with pytest.raises(InputError) as refused:
        anthro.bsa_m2("boyd-1935", D(170), D(70))  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.message) == (
        "BSA formula",
        "unknown formula 'boyd-1935'",
    )
    assert str(refused.value) == "BSA formula: unknown formula 'boyd-1935'"
    assert anthro.bsa_m2(BsaFormula.MOSTELLER, D(180), D(80)) == D(2)
