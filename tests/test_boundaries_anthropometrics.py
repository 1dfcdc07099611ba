"""Boundaries of the body-size and renal formulas, and of number input (issue 16).

Each test sits on a value where a plausible slip (half-even instead of half-up, the other
sex's coefficient, the wrong side of the creatinine knee) gives a different number, so a
mutation of the rule is caught. Arithmetic is worked by hand in each docstring.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dosing.anthropometrics import (
    adjusted_bw_kg,
    bmi,
    ckd_epi_2021_egfr,
    cockcroft_gault_ml_min,
    creatinine_mg_dl,
    devine_ibw_kg,
    plain,
    round_half_up,
)
from dosing.display import format_cells, format_day, format_dose, format_number
from dosing.errors import InputError
from dosing.models import CreatinineUnit, SerumCreatinine, Sex
from dosing.validation import (
    check_age_years,
    check_height_cm,
    check_weight_kg,
    parse_decimal,
    require_reason,
)

# --- rounding helpers at the .5 boundary (ROUND_HALF_UP, never half-even) -------------------


def test_ibw_male_half_hundredth_rounds_up() -> None:
    """152.781 cm = 60.15 in (152.781 / 2.54); 50 + 2.3 × 0.15 = 50.345 kg.
    Half-up → 50.35; half-even would give 50.34."""
    assert devine_ibw_kg(Sex.MALE, D("152.781")) == D("50.35")


def test_ibw_female_half_hundredth_rounds_up() -> None:
    """Same 60.15 in: 45.5 + 0.345 = 45.845 kg → 45.85 (half-even 45.84)."""
    assert devine_ibw_kg(Sex.FEMALE, D("152.781")) == D("45.85")


def test_ibw_below_60_inches_extrapolates_the_slope() -> None:
    """150 cm = 59.0551 in; 50 + 2.3 × (−0.9449) = 47.8267 → 47.83 kg (not clamped at 50)."""
    assert devine_ibw_kg(Sex.MALE, D(150)) == D("47.83")


def test_adjusted_bw_half_hundredth_rounds_up() -> None:
    """60 + 0.4 × (70.0125 − 60) = 60 + 4.005 = 64.005 → 64.01 (half-even 64.00)."""
    assert adjusted_bw_kg(D(60), D("70.0125"), D("0.4")) == D("64.01")


def test_adjusted_bw_uses_the_factor_on_the_excess() -> None:
    """IBW 60, actual 100, factor 0.4: 60 + 0.4 × 40 = 76.00 kg."""
    assert adjusted_bw_kg(D(60), D(100), D("0.4")) == D("76.00")


def test_bmi_half_tenth_rounds_up() -> None:
    """89.8 kg / (2.00 m)² = 89.8 / 4 = 22.45 → 22.5 (half-even 22.4)."""
    assert bmi(D("89.8"), D(200)) == D("22.5")


def test_cockcroft_gault_male_half_tenth_rounds_up() -> None:
    """Male 40 y, 72.18 kg, SCr 1.0: (140 − 40) × 72.18 / (72 × 1) = 7218 / 72 = 100.25
    → 100.3 mL/min (half-even 100.2)."""
    assert cockcroft_gault_ml_min(Sex.MALE, 40, D("72.18"), D(1)) == D("100.3")


def test_cockcroft_gault_female_half_tenth_rounds_up() -> None:
    """Female 68 y, 49 kg, SCr 1.0: 72 × 49 / 72 = 49 × 0.85 = 41.65 → 41.7 (half-even 41.6)."""
    assert cockcroft_gault_ml_min(Sex.FEMALE, 68, D(49), D(1)) == D("41.7")


def test_round_half_up_helper_on_a_half_step() -> None:
    """0.25 to 0.1 is 2.5 steps → 3 steps = 0.3 (half-even 0.2); −0.25 → −0.3 (away from 0);
    12.5 to 5 is 2.5 steps → 15."""
    assert round_half_up(D("0.25"), D("0.1")) == D("0.3")
    assert round_half_up(D("-0.25"), D("0.1")) == D("-0.3")
    assert round_half_up(D("12.5"), D(5)) == D(15)
    assert str(round_half_up(D("2690"), D(10))) == "2690"  # plain, never 2.69E+3


def test_plain_drops_trailing_zeros_without_exponent() -> None:
    assert str(plain(D("2.6900"))) == "2.69"
    assert str(plain(D("2.69E+3"))) == "2690"
    assert str(plain(D("5.0"))) == "5"


# --- Cockcroft–Gault: the classic worked example, both sexes, either side of SCr 1 ----------


@pytest.mark.parametrize(
    ("sex", "creatinine", "expected"),
    [
        # (140 − 60) × 72 / (72 × 1.0) = 80.0; female × 0.85 = 68.0
        (Sex.MALE, "1.0", "80.0"),
        (Sex.FEMALE, "1.0", "68.0"),
        # SCr 0.6: 5760 / 43.2 = 133.33 → 133.3; female 113.333 → 113.3
        (Sex.MALE, "0.6", "133.3"),
        (Sex.FEMALE, "0.6", "113.3"),
        # SCr 1.2: 5760 / 86.4 = 66.667 → 66.7; female 56.667 → 56.7
        (Sex.MALE, "1.2", "66.7"),
        (Sex.FEMALE, "1.2", "56.7"),
    ],
)
def test_cockcroft_gault_worked_example(sex: Sex, creatinine: str, expected: str) -> None:
    """Cockcroft & Gault 1976 worked example: 60 y, 72 kg, actual body weight."""
    assert cockcroft_gault_ml_min(sex, 60, D(72), D(creatinine)) == D(expected)


def test_creatinine_umol_is_divided_by_88_4() -> None:
    """88.4 µmol/L / 88.4 = 1 mg/dL; 176.8 / 88.4 = 2 (× would give 15,628.96)."""
    assert creatinine_mg_dl(SerumCreatinine(value=D("176.8"), unit=CreatinineUnit.UMOL_L)) == 2
    assert creatinine_mg_dl(SerumCreatinine(value=D("1.3"), unit=CreatinineUnit.MG_DL)) == D("1.3")


# --- CKD-EPI 2021: both sexes, above, at and below the knee (κ 0.7 F / 0.9 M) ---------------


@pytest.mark.parametrize(
    ("sex", "age", "creatinine", "expected"),
    [
        # Above the knee (NKF calculator example, 50 y, SCr 1.0):
        # F: 142 × (1/0.7)^−1.2 × 0.9938^50 × 1.012 = 142 × 0.65180 × 0.73274 × 1.012 = 68.63
        (Sex.FEMALE, 50, "1.0", "68.6"),
        # M: 142 × (1/0.9)^−1.2 × 0.9938^50 = 142 × 0.88123 × 0.73274 = 91.69
        (Sex.MALE, 50, "1.0", "91.7"),
        # At the knee both factors are 1: F 142 × 0.9938^40 × 1.012 = 142 × 0.77976 × 1.012
        # = 112.05; M 142 × 0.77976 = 110.73
        (Sex.FEMALE, 40, "0.7", "112.1"),
        (Sex.MALE, 40, "0.9", "110.7"),
        # Below the knee, where α decides: F (0.6/0.7)^−0.241 = 1.03785 → 116.30
        # (α = +0.241 gives 107.97, the male −0.302 gives 117.39)
        (Sex.FEMALE, 40, "0.6", "116.3"),
        # F (0.5/0.7)^−0.241 = 1.08447 → 142 × 1.08447 × 0.77976 × 1.012 = 121.52
        (Sex.FEMALE, 40, "0.5", "121.5"),
        # M (0.5/0.9)^−0.302 = 1.19424 → 142 × 1.19424 × 0.77976 = 132.23
        (Sex.MALE, 40, "0.5", "132.2"),
    ],
)
def test_ckd_epi_2021_either_side_of_the_knee(
    sex: Sex, age: int, creatinine: str, expected: str
) -> None:
    """Inker et al., NEJM 2021, race-free equation; mL/min/1.73 m² to 0.1."""
    assert ckd_epi_2021_egfr(sex, age, D(creatinine)) == D(expected)


# --- parse_decimal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("67", "67"), (" 67.5 ", "67.5"), ("1,234", "1234"), ("1,234.5", "1234.5"), ("-3", "-3")],
)
def test_parse_decimal_reads_typed_numbers(text: str, expected: str) -> None:
    assert parse_decimal(text, "weight") == D(expected)


@pytest.mark.parametrize("text", ["67,5", "1,23", "12,3456"])
def test_parse_decimal_refuses_a_decimal_comma(text: str) -> None:
    """'67,5' read as thousands would be 675: a tenfold error, so it is refused."""
    with pytest.raises(InputError, match="use a point for decimals"):
        parse_decimal(text, "weight")


def test_parse_decimal_names_missing_and_not_a_number() -> None:
    with pytest.raises(InputError, match=r"is missing: enter a number in kg$"):
        parse_decimal("  ", "weight", "kg")
    with pytest.raises(InputError, match=r"is missing: enter a number$"):
        parse_decimal("", "weight")
    with pytest.raises(InputError, match=r"'abc' is not a number: .*; enter it in kg$"):
        parse_decimal("abc", "weight", "kg")
    with pytest.raises(
        InputError, match=r"'abc' is not a number: .*\(no exponent, no underscore\)$"
    ):
        parse_decimal("abc", "weight")
    # The window reads typed numbers with the CLI's grammar: no exponent, underscore or inf/nan.
    for text in ("NaN", "Infinity", "-inf", "1e2", "6_0"):
        with pytest.raises(InputError, match=f"'{text}' is not a number"):
            parse_decimal(text, "weight")


def test_parse_decimal_passes_a_decimal_through() -> None:
    assert parse_decimal(D("67.10"), "weight") == D("67.10")


@pytest.mark.parametrize("value", [67, 67.1, 67.1 - 0.0001])
def test_parse_decimal_refuses_int_and_float(value: float) -> None:
    """A float carries binary noise (67.1 - 0.0001 -> 67.0999…) into a dose: refused."""
    with pytest.raises(InputError, match="must be typed as text"):
        parse_decimal(value, "weight")  # type: ignore[arg-type]


# --- hard input limits, both sides -------------------------------------------------------------


def test_weight_limits_both_sides_and_pound_hint() -> None:
    """20–250 kg accepted; 251 kg up to 250 × 2.2046 = 551.15 hints at pounds."""
    assert check_weight_kg(D(20)) == 20
    assert check_weight_kg(D(250)) == 250
    with pytest.raises(InputError, match=r"19\.9 kg is outside the accepted range 20–250 kg$"):
        check_weight_kg(D("19.9"))
    with pytest.raises(InputError, match="pounds"):
        check_weight_kg(D("551.15"))
    with pytest.raises(InputError, match=r"kg$"):
        check_weight_kg(D("551.16"))


def test_height_limits_both_sides_and_unit_hints() -> None:
    """120–230 cm; 1–2.5 hints metres; 47 up to 120 hints inches."""
    assert check_height_cm(D(120)) == 120
    assert check_height_cm(D(230)) == 230
    with pytest.raises(InputError, match=r"metres\? 1\.7 m = 170 cm"):
        check_height_cm(D("1.7"))
    for edge in ("1", "2.5"):
        with pytest.raises(InputError, match="metres"):
            check_height_cm(D(edge))
    for edge in ("47", "119.9"):
        with pytest.raises(InputError, match="inches"):
            check_height_cm(D(edge))
    for bare in ("46.9", "2.6", "0.9", "230.1"):
        with pytest.raises(InputError, match=r"cm$"):
            check_height_cm(D(bare))


def test_age_limits_and_reason() -> None:
    assert check_age_years(0) == 0
    assert check_age_years(120) == 120
    for age in (-1, 121):
        with pytest.raises(InputError, match=f"{age} years is outside the accepted range 0–120"):
            check_age_years(age)
    assert require_reason("  mucositis ", "reason") == "mucositis"
    with pytest.raises(InputError, match="a reason is required"):
        require_reason("   ", "reason")


# --- display ----------------------------------------------------------------------------------


def test_display_conventions() -> None:
    """No trailing zero, leading zero, thousands separators, cells in × 10⁶, true minus."""
    assert format_number(D("2400.00")) == "2,400"
    assert format_number(D(".50")) == "0.5"
    assert format_number(D("0.000")) == "0"
    assert format_dose(D("5.0"), "mg") == "5 mg"
    assert format_dose(D(60_000_000), "cells") == "60 × 10⁶ cells"
    assert format_cells(D(150_000_000), 8) == "1.5 × 10⁸ cells"
    assert [format_day(d) for d in (-5, -1, 0, 1)] == ["day −5", "day −1", "day 0", "day +1"]
