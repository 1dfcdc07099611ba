"""Body size and renal function, each function citing its published formula.

Height in cm, weight in kg (other units are converted at the edge by ``dosing.units``).
Transcendental powers go through float (Decimal powers cost ~160 µs each) and come back
as Decimal quantized well beyond the 2 decimals a BSA is rounded to before it multiplies
a dose; everything that multiplies a dose stays Decimal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from dosing.decimals import plain, round_half_up
from dosing.errors import InputError
from dosing.models import BsaFormula, CreatinineUnit, SerumCreatinine, Sex

__all__ = [
    "BSA_FORMULAS", "adjusted_bw_kg", "bmi", "bsa_m2", "ckd_epi_2021_egfr",
    "cockcroft_gault_ml_min", "creatinine_mg_dl", "devine_ibw_kg", "plain", "round_half_up",
]  # fmt: skip

_FINE = Decimal("0.000001")
_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")
CM_PER_INCH = Decimal("2.54")
UMOL_PER_MG_DL_CREATININE = Decimal("88.4")


def _decimal(value: float, places: Decimal = _FINE) -> Decimal:
    """A float result as the decimal it prints as, half up to ``places`` (6 decimals for an
    unrounded BSA, 0.1 for eGFR): 0.1234565 → 0.123457, 87.25 → 87.3."""
    return Decimal(repr(value)).quantize(places, rounding=ROUND_HALF_UP)


def _mosteller(height: float, weight: float) -> float:
    return math.sqrt(height * weight / 3600.0)


def _dubois(height: float, weight: float) -> float:
    return float(0.007184 * height**0.725 * weight**0.425)


def _haycock(height: float, weight: float) -> float:
    return float(0.024265 * height**0.3964 * weight**0.5378)


def _gehan_george(height: float, weight: float) -> float:
    return float(0.0235 * height**0.42246 * weight**0.51456)


def _boyd(height: float, weight: float) -> float:
    weight_g = weight * 1000.0  # Boyd's formula takes the weight in grams
    return float(0.0003207 * height**0.3 * weight_g ** (0.7285 - 0.0188 * math.log10(weight_g)))


# Each formula's text is on the enum (``BsaFormula.formula_text``); a test checks that every
# member has a function here.
BSA_FORMULAS: dict[BsaFormula, Callable[[float, float], float]] = {
    BsaFormula.MOSTELLER: _mosteller,
    BsaFormula.DUBOIS: _dubois,
    BsaFormula.HAYCOCK: _haycock,
    BsaFormula.GEHAN_GEORGE: _gehan_george,
    BsaFormula.BOYD: _boyd,
}


def bsa_m2(formula: BsaFormula, height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """Body surface area in m², unrounded (6 decimals), by ``formula`` (see its
    ``formula_text``). A formula without a function here is refused, never replaced."""
    compute = BSA_FORMULAS.get(formula)
    if compute is None:
        raise InputError("BSA formula", f"unknown formula {formula!r}")
    return _decimal(compute(float(height_cm), float(weight_kg)))


def devine_ibw_kg(sex: Sex, height_cm: Decimal) -> Decimal:
    """Devine 1974 ideal body weight: 50 kg (male) / 45.5 kg (female) + 2.3 kg per inch
    over 60 inches. Below 60 inches the same slope is extrapolated (flagged by the engine)."""
    base = Decimal(50) if sex is Sex.MALE else Decimal("45.5")
    inches_over_60 = height_cm / CM_PER_INCH - 60
    return (base + Decimal("2.3") * inches_over_60).quantize(_HUNDREDTH, ROUND_HALF_UP)


def adjusted_bw_kg(ibw_kg: Decimal, actual_kg: Decimal, factor: Decimal) -> Decimal:
    """Adjusted body weight = IBW + factor × (actual − IBW)."""
    return (ibw_kg + factor * (actual_kg - ibw_kg)).quantize(_HUNDREDTH, ROUND_HALF_UP)


def bmi(weight_kg: Decimal, height_cm: Decimal) -> Decimal:
    metres = height_cm / 100
    return (weight_kg / (metres * metres)).quantize(_TENTH, ROUND_HALF_UP)


def creatinine_mg_dl(creatinine: SerumCreatinine) -> Decimal:
    """Serum creatinine in mg/dL; µmol/L is divided by 88.4."""
    if creatinine.unit is CreatinineUnit.UMOL_L:
        return creatinine.value / UMOL_PER_MG_DL_CREATININE
    return creatinine.value


def cockcroft_gault_ml_min(
    sex: Sex, age_years: int, weight_kg: Decimal, creatinine_mg_dl: Decimal
) -> Decimal:
    """Cockcroft–Gault 1976: (140 − age) × weight / (72 × SCr), × 0.85 if female
    (actual body weight)."""
    clearance = (140 - age_years) * weight_kg / (72 * creatinine_mg_dl)
    if sex is Sex.FEMALE:
        clearance *= Decimal("0.85")
    return clearance.quantize(Decimal("0.1"), ROUND_HALF_UP)


def ckd_epi_2021_egfr(sex: Sex, age_years: int, creatinine_mg_dl: Decimal) -> Decimal:
    """CKD-EPI 2021 (race-free): 142 × min(SCr/κ, 1)^α × max(SCr/κ, 1)^−1.200 × 0.9938^age
    × 1.012 if female; κ 0.7 (F) / 0.9 (M), α −0.241 (F) / −0.302 (M). mL/min/1.73 m²."""
    female = sex is Sex.FEMALE
    kappa = 0.7 if female else 0.9
    alpha = -0.241 if female else -0.302
    ratio = float(creatinine_mg_dl) / kappa
    egfr = 142.0 * min(ratio, 1.0) ** alpha * max(ratio, 1.0) ** -1.200 * 0.9938**age_years
    if female:
        egfr *= 1.012
    return _decimal(egfr, _TENTH)
