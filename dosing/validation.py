"""Input checks: every refusal names the field, the value and the accepted range.

Hard limits from DESIGN §3 (weight 20–250 kg, height 120–230 cm) refuse the input;
soft limits (BMI, eligibility age) become alerts in the engine instead.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from dosing.display import format_number
from dosing.errors import InputError

WEIGHT_KG = (Decimal(20), Decimal(250))
HEIGHT_CM = (Decimal(120), Decimal(230))
AGE_YEARS = (0, 120)
CREATININE_MG_DL = (Decimal("0.1"), Decimal(20))
CREATININE_UMOL_L = (Decimal("8.8"), Decimal(1768))
PRIOR_CYCLOPHOSPHAMIDE_MG = (Decimal(0), Decimal(200000))
BSA_CAP_M2 = (Decimal("0.5"), Decimal("3.5"))
COUNT_10E9_PER_L = (Decimal(0), Decimal(500))
CD34_10E6 = (Decimal(0), Decimal(100000))
MNC_10E8 = (Decimal(0), Decimal(10000))
RENAL_ALERT_ML_MIN = (Decimal(0), Decimal(200))
# A weight up to 250 kg × 2.2046 was probably typed in pounds; 1–2.5 a height in metres,
# 47 cm up to the floor one in inches.
_POUNDS_LIKELY_UP_TO = WEIGHT_KG[1] * Decimal("2.2046")
_METRES_LIKELY = (Decimal(1), Decimal("2.5"))
_INCHES_LIKELY_FROM = Decimal(47)


def parse_decimal(text: str | Decimal | float | int, field: str, unit: str = "") -> Decimal:
    """Read a number typed by a person ("67", " 67.5 ", "1,234") or refuse it by name."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, float | int) and not isinstance(text, bool):
        value = Decimal(repr(text)) if isinstance(text, float) else Decimal(text)
    else:
        cleaned = str(text).strip().replace(",", "")
        # A decimal comma ("67,5") read as a thousands separator would be a tenfold error.
        grouped = re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", str(text).strip())
        if "," in str(text) and not grouped:
            raise InputError(
                field, f"'{text}': use a point for decimals (67.5); commas only between thousands"
            )
        if not cleaned:
            raise InputError(field, "is missing: enter a number" + (f" in {unit}" if unit else ""))
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InputError(
                field, f"'{text}' is not a number" + (f"; enter it in {unit}" if unit else "")
            ) from None
    if not value.is_finite():
        raise InputError(field, f"'{text}' is not a finite number")
    return value


def check_range(
    value: Decimal, field: str, bounds: tuple[Decimal, Decimal], unit: str, hint: str = ""
) -> Decimal:
    low, high = bounds
    if not low <= value <= high:
        text = (
            f"{format_number(value)} {unit} is outside the accepted range "
            f"{format_number(low)}–{format_number(high)} {unit}"
        )
        raise InputError(field, text + (f" ({hint})" if hint else ""))
    return value


def check_weight_kg(value: Decimal, field: str = "weight") -> Decimal:
    hint = ""
    if WEIGHT_KG[1] < value <= _POUNDS_LIKELY_UP_TO:
        hint = "was it entered in pounds? choose lb as the unit"
    return check_range(value, field, WEIGHT_KG, "kg", hint)


def check_height_cm(value: Decimal, field: str = "height") -> Decimal:
    hint = ""
    if _METRES_LIKELY[0] <= value <= _METRES_LIKELY[1]:
        hint = (
            f"was it entered in metres? {format_number(value)} m = {format_number(value * 100)} cm"
        )
    elif _INCHES_LIKELY_FROM <= value < HEIGHT_CM[0]:
        hint = "was it entered in inches? choose in as the unit"
    return check_range(value, field, HEIGHT_CM, "cm", hint)


def check_age_years(value: int, field: str = "age") -> int:
    if not AGE_YEARS[0] <= value <= AGE_YEARS[1]:
        raise InputError(
            field,
            f"{value} years is outside the accepted range {AGE_YEARS[0]}–{AGE_YEARS[1]} years",
        )
    return value


def require_reason(reason: str, field: str) -> str:
    if not reason.strip():
        raise InputError(field, "a reason is required")
    return reason.strip()
