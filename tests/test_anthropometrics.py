"""Body size and renal function against values checked by hand (DESIGN §3, Anthropometrics)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dosing import anthropometrics as anthro
from dosing import models as anthro_models
from dosing.engine import compute_anthropometrics
from dosing.models import (
    BsaFormula,
    CreatinineUnit,
    Patient,
    PlanInput,
    PlanOptions,
    SerumCreatinine,
    Sex,
)


def _four(value: D) -> D:
    return value.quantize(D("0.0001"))


# 70 kg / 170 cm: the published reference values.
# Second patient, 52 kg / 158 cm, by hand (logs base 10, then antilog):
#   Mosteller   √(158 × 52 / 3600) = √2.282222 = 1.5107
#   DuBois      0.007184 × 158^0.725 (39.2669) × 52^0.425 (5.36169) = 1.5125
#   Haycock     0.024265 × 158^0.3964 (7.43957) × 52^0.5378 (8.37272) = 1.5115
#   Gehan–George 0.0235 × 158^0.42246 (8.48877) × 52^0.51456 (7.63812) = 1.5237
#   Boyd        52,000 g: log10 = 4.716003; exponent 0.7285 − 0.0188 × 4.716003 = 0.639839;
#               52000^0.639839 = 1041.079; 0.0003207 × 158^0.3 (4.566644) × 1041.079 = 1.5247
#               (in kg instead of grams it would be about 0.004 m²: the test catches that)
@pytest.mark.parametrize(
    ("formula", "height", "weight", "expected"),
    [
        (BsaFormula.MOSTELLER, "170", "70", "1.8181"),
        (BsaFormula.DUBOIS, "170", "70", "1.8097"),
        (BsaFormula.HAYCOCK, "170", "70", "1.8257"),
        (BsaFormula.GEHAN_GEORGE, "170", "70", "1.8313"),
        (BsaFormula.BOYD, "170", "70", "1.8347"),
        (BsaFormula.MOSTELLER, "158", "52", "1.5107"),
        (BsaFormula.DUBOIS, "158", "52", "1.5125"),
        (BsaFormula.HAYCOCK, "158", "52", "1.5115"),
        (BsaFormula.GEHAN_GEORGE, "158", "52", "1.5237"),
        (BsaFormula.BOYD, "158", "52", "1.5247"),
    ],
)
def test_bsa_formula_matches_hand_checked_value(
    formula: BsaFormula, height: str, weight: str, expected: str
) -> None:
    """Each BSA formula gives the hand-checked m² to 4 decimals."""
    assert _four(anthro.bsa_m2(formula, D(height), D(weight))) == D(expected)


def test_bsa_mosteller_exact_square() -> None:
    """Mosteller of 180 cm × 80 kg is √4 = exactly 2 m²."""
    assert anthro.bsa_m2(BsaFormula.MOSTELLER, D(180), D(80)) == D(2)


@pytest.mark.parametrize(
    ("value", "increment", "expected"),
    [
        ("2.5", "1", "3"),  # half rounds up, never to even (round() would give 2)
        ("3.5", "1", "4"),
        ("0.25", "0.1", "0.3"),
        ("0.35", "0.1", "0.4"),
        ("2685", "10", "2690"),
        ("2684.99", "10", "2680"),
        ("112.5", "5", "115"),  # ATG 2.5 mg/kg × 60 kg × 75%
        ("112.49", "5", "110"),
        ("67250000", "100000", "67300000"),
        ("0.05", "1", "0"),
    ],
)
def test_round_half_up(value: str, increment: str, expected: str) -> None:
    """ROUND_HALF_UP to the increment, with no exponent form in the result."""
    result = anthro.round_half_up(D(value), D(increment))
    assert result == D(expected)
    assert str(result) == expected
    assert "E" not in str(result)


@pytest.mark.parametrize("value", ["2.69E+3", "1E+6", "67300000", "2400.00", "0.500"])
def test_plain_never_exponent(value: str) -> None:
    """plain() keeps the value and writes it without exponent or trailing zeros."""
    result = anthro.plain(D(value))
    assert result == D(value)
    assert "E" not in str(result)
    assert not ("." in str(result) and str(result).endswith("0"))


@pytest.mark.parametrize(
    ("sex", "height", "expected"),
    [
        # 180 cm / 2.54 = 70.8661 in; 10.8661 in over 60 × 2.3 = 24.9921; 50 + 24.9921
        (Sex.MALE, "180", "74.99"),
        # 165 cm / 2.54 = 64.9606 in; 4.9606 × 2.3 = 11.4094; 45.5 + 11.4094
        (Sex.FEMALE, "165", "56.91"),
        # 158 cm / 2.54 = 62.2047 in; 2.2047 × 2.3 = 5.0709; 45.5 + 5.0709
        (Sex.FEMALE, "158", "50.57"),
        # exactly 60 in = 152.4 cm: the base weight
        (Sex.MALE, "152.4", "50.00"),
        (Sex.FEMALE, "152.4", "45.50"),
        # 72 in = 182.88 cm: 12 in × 2.3 = 27.6
        (Sex.MALE, "182.88", "77.60"),
    ],
)
def test_devine_ibw(sex: Sex, height: str, expected: str) -> None:
    """Devine IBW: 50 / 45.5 kg + 2.3 kg per inch over 60 in, inch = 2.54 cm."""
    assert anthro.devine_ibw_kg(sex, D(height)) == D(expected)


@pytest.mark.parametrize(
    ("factor", "expected"),
    [
        ("0.25", "67.68"),  # 56.91 + 0.25 × (100 − 56.91 = 43.09) = 56.91 + 10.7725 = 67.6825
        ("0.4", "74.15"),  # 56.91 + 0.4 × 43.09 = 56.91 + 17.236 = 74.146
        ("0.5", "78.46"),  # 56.91 + 0.5 × 43.09 = 56.91 + 21.545 = 78.455 (half up)
    ],
)
def test_adjusted_body_weight(factor: str, expected: str) -> None:
    """Adjusted BW = IBW + factor × (actual − IBW) for the three factors in use."""
    assert anthro.adjusted_bw_kg(D("56.91"), D(100), D(factor)) == D(expected)


@pytest.mark.parametrize(
    ("weight", "height", "expected"),
    [
        ("70", "170", "24.2"),  # 70 / 1.7² = 70 / 2.89 = 24.22
        ("60", "165", "22.0"),  # 60 / 2.7225 = 22.04
        ("110", "165", "40.4"),  # 110 / 2.7225 = 40.40
        ("45", "165", "16.5"),  # 45 / 2.7225 = 16.53
    ],
)
def test_bmi(weight: str, height: str, expected: str) -> None:
    """BMI = kg / m², one decimal."""
    assert anthro.bmi(D(weight), D(height)) == D(expected)


def test_creatinine_umol_per_l_divided_by_88_4() -> None:
    """µmol/L is converted to mg/dL by dividing by 88.4; mg/dL passes through."""
    umol = CreatinineUnit.UMOL_L
    assert anthro.creatinine_mg_dl(SerumCreatinine(value=D("88.4"), unit=umol)) == 1
    assert anthro.creatinine_mg_dl(
        SerumCreatinine(value=D("70.72"), unit=CreatinineUnit.UMOL_L)
    ) == D("0.8")
    assert anthro.creatinine_mg_dl(SerumCreatinine(value=D("1.3"))) == D("1.3")


def test_cockcroft_gault_female() -> None:
    """Female 35 y, 60 kg, SCr 0.8: (140 − 35) × 60 / (72 × 0.8) = 109.375 × 0.85 = 92.97."""
    assert anthro.cockcroft_gault_ml_min(Sex.FEMALE, 35, D(60), D("0.8")) == D("93.0")


def test_cockcroft_gault_male() -> None:
    """Male 50 y, 80 kg, SCr 1.2: 90 × 80 / 86.4 = 83.33 (no 0.85 factor)."""
    assert anthro.cockcroft_gault_ml_min(Sex.MALE, 50, D(80), D("1.2")) == D("83.3")


@pytest.mark.parametrize(
    ("sex", "age", "scr", "expected"),
    [
        # 0.8/0.7 = 1.142857 > 1: 1.142857^−1.200 = 0.851941; 0.9938^35 = 0.804386;
        # 142 × 0.851941 × 0.804386 × 1.012 = 98.48
        (Sex.FEMALE, 35, "0.8", "98.5"),
        # 0.7/0.9 = 0.777778 < 1: 0.777778^−0.302 = 1.078851; 0.9938^50 = 0.732740;
        # 142 × 1.078851 × 0.732740 = 112.25
        (Sex.MALE, 50, "0.7", "112.3"),
        # 2.0/0.9 = 2.222222: 2.222222^−1.200 = 0.383579; 0.9938^60 = 0.688556;
        # 142 × 0.383579 × 0.688556 = 37.50
        (Sex.MALE, 60, "2.0", "37.5"),
    ],
)
def test_ckd_epi_2021(sex: Sex, age: int, scr: str, expected: str) -> None:
    """CKD-EPI 2021 race-free eGFR by hand."""
    assert anthro.ckd_epi_2021_egfr(sex, age, D(scr)) == D(expected)


def _anthropometrics(weight: str, height: str, **options: object) -> anthro_models.Anthropometrics:
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=40, sex=Sex.FEMALE, weight_kg=D(weight), height_cm=D(height)),
        options=PlanOptions(**options),  # type: ignore[arg-type]
    )
    return compute_anthropometrics(plan_input)


def test_bsa_rounded_to_two_decimals_before_dosing() -> None:
    """70 kg / 170 cm Mosteller 1.818119 is used as 1.82 m²."""
    values = _anthropometrics("70", "170")
    assert values.bsa_m2 == D("1.82")
    assert values.bsa_unrounded_m2.quantize(D("0.0001")) == D("1.8181")
    assert not values.bsa_capped


@pytest.mark.parametrize(
    ("weight", "height", "expected"),
    [
        # √(125 × 36.45 / 3600) = √1.265625 = 1.125 exactly: half up gives 1.13 (half-even 1.12)
        ("36.45", "125", "1.13"),
        # √(125 × 76.05 / 3600) = √2.640625 = 1.625 exactly: 1.63 (half-even would give 1.62)
        ("76.05", "125", "1.63"),
    ],
)
def test_bsa_rounding_is_half_up(weight: str, height: str, expected: str) -> None:
    """An exact half at the third decimal rounds up, never to even."""
    assert _anthropometrics(weight, height).bsa_m2 == D(expected)


def test_bsa_cap_applies_and_is_flagged() -> None:
    """A 1.8 m² cap replaces 1.82 m² and says so."""
    values = _anthropometrics("70", "170", bsa_cap_m2=D("1.8"))
    assert values.bsa_m2 == D("1.8")
    assert values.bsa_capped


def test_bsa_cap_above_bsa_changes_nothing() -> None:
    """A cap above the patient's BSA leaves 1.82 m² and is not flagged."""
    values = _anthropometrics("70", "170", bsa_cap_m2=D("2"))
    assert values.bsa_m2 == D("1.82")
    assert not values.bsa_capped


def test_anthropometrics_renal_from_umol() -> None:
    """70.72 µmol/L = 0.8 mg/dL feeds Cockcroft–Gault (60 kg female, 40 y)."""
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            age_years=40,
            sex=Sex.FEMALE,
            weight_kg=D(60),
            height_cm=D(165),
            serum_creatinine=SerumCreatinine(value=D("70.72"), unit=CreatinineUnit.UMOL_L),
        ),
    )
    values = compute_anthropometrics(plan_input)
    assert values.creatinine_mg_dl == D("0.80")
    # 100 × 60 / (72 × 0.8) = 104.1667; × 0.85 = 88.54
    assert values.crcl_ml_min == D("88.5")
    assert values.ibw_kg == D("56.91")
    assert values.bmi == D("22.0")
