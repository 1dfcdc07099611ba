"""Input checks: every refusal names the field, the value and the accepted range.

Hard limits from DESIGN §3 (weight 20–250 kg, height 120–230 cm) refuse the input;
soft limits (BMI, eligibility age) become alerts in the engine instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from dosing.display import format_day, format_number
from dosing.errors import InputError, MissingInput
from dosing.numbers import read_number, shown
from dosing.text import read_reason
from dosing.vocabulary import CreatinineUnit

if TYPE_CHECKING:
    # Type names only: the window's field parsing imports this module before its first
    # paint, which must not load pydantic.
    from dosing.models import PlanInput
    from dosing.protocol import Protocol

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


def parse_decimal(text: str | Decimal, field: str, unit: str = "") -> Decimal:
    """Read a number typed by a person ("67", " 67.5 ", "1,234") or refuse it by name.

    The one grammar of ``dosing.numbers.read_number`` (no exponent, no underscore, no decimal
    comma, bounded length), shared with the command line; an int or a float is refused, since
    a binary float has already lost what was typed. An empty field is ``MissingInput``.
    """
    if isinstance(text, str) and not text.strip():
        raise MissingInput(field, "enter a number" + (f" in {unit}" if unit else ""))
    return read_number(text, field, unit)


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


def accepted(bounds: tuple[Decimal, Decimal] | tuple[int, int], unit: str) -> str:
    """``accepted 20–250 kg``: what a refusal of a value that is not a number adds, so the
    person reads the range however the value was wrong (the command line and the window)."""
    return (
        f"accepted {format_number(Decimal(bounds[0]))}–{format_number(Decimal(bounds[1]))} {unit}"
    )


def with_range(
    refused: InputError, bounds: tuple[Decimal, Decimal] | tuple[int, int], unit: str
) -> InputError:
    """``refused`` (a value that is not a number) with the accepted range added to its words."""
    return InputError(refused.field, f"{refused.message} ({accepted(bounds, unit)})")


def read_in_range(
    text: str, field: str, unit: str, bounds: tuple[Decimal, Decimal] | tuple[int, int]
) -> Decimal:
    """``read_number``, its refusal naming the accepted range (the range itself is checked
    by the caller, with the value's own hint: pounds, inches, metres)."""
    try:
        return read_number(text, field, unit)
    except InputError as refused:
        raise with_range(refused, bounds, unit) from None


def read_age_years(text: str, field: str = "age") -> int:
    """An age typed in whole years, 0–120: ``12.5`` or ``150`` is refused, never cut."""
    number = read_in_range(text, field, "years", AGE_YEARS)
    if number != number.to_integral_value():
        raise InputError(
            field, f"'{shown(text)}' is not a whole number ({accepted(AGE_YEARS, 'years')})"
        )
    # Bounded: read_number refuses more than a couple of dozen digits.
    return check_age_years(int(number), field)


def check_age_years(value: int, field: str = "age") -> int:
    if not AGE_YEARS[0] <= value <= AGE_YEARS[1]:
        raise InputError(
            field,
            f"{value} years is outside the accepted range {AGE_YEARS[0]}–{AGE_YEARS[1]} years",
        )
    return value


def require_reason(reason: str, field: str) -> str:
    """A real reason (``dosing.text.read_reason``: a few visible characters once zero-width
    and other default-ignorable code points are removed), checked here as well as where it is
    typed, so no path — the window, the store, the Python API — keeps an adjustment without
    one."""
    return read_reason(reason, field)


def validate_plan_input(protocol: Protocol, plan_input: PlanInput) -> None:
    """Refuse any input outside its accepted range with an ``InputError`` naming it."""
    patient = plan_input.patient
    check_weight_kg(parse_decimal(patient.weight_kg, "weight", "kg"))
    check_height_cm(parse_decimal(patient.height_cm, "height", "cm"))
    check_age_years(patient.age_years)
    if patient.serum_creatinine is not None:
        value = parse_decimal(patient.serum_creatinine.value, "creatinine")
        if patient.serum_creatinine.unit is CreatinineUnit.UMOL_L:
            check_range(value, "creatinine", CREATININE_UMOL_L, "µmol/L")
        else:
            check_range(value, "creatinine", CREATININE_MG_DL, "mg/dL")
    check_range(
        parse_decimal(patient.prior_cyclophosphamide_mg, "prior cyclophosphamide"),
        "prior cyclophosphamide",
        PRIOR_CYCLOPHOSPHAMIDE_MG,
        "mg",
    )
    options = plan_input.options
    if options.bsa_cap_m2 is not None:
        check_range(parse_decimal(options.bsa_cap_m2, "BSA cap"), "BSA cap", BSA_CAP_M2, "m²")
    if not 0 <= options.bsa_decimals <= 4:
        raise InputError("BSA decimals", f"{options.bsa_decimals} is outside 0–4")
    if options.reference_weight_kg is not None:
        check_weight_kg(
            parse_decimal(options.reference_weight_kg, "reference weight", "kg"),
            "reference weight",
        )
    check_range(
        parse_decimal(options.renal_alert_below_ml_min, "renal alert threshold"),
        "renal alert threshold",
        RENAL_ALERT_ML_MIN,
        "mL/min",
    )
    arm_ids = [arm.id for arm in protocol.arms]
    if arm_ids and options.arm is None:
        raise InputError("arm", f"this protocol has arms: choose one of {', '.join(arm_ids)}")
    if options.arm is not None and options.arm not in arm_ids:
        accepted = ", ".join(arm_ids) if arm_ids else "none (this protocol has no arms)"
        raise InputError("arm", f"'{options.arm}' is not an arm of {protocol.id}: {accepted}")

    items = protocol.items_by_id(options.arm)
    for item_id, value in plan_input.choices.items():
        name = f"choose {item_id}"
        item = items.get(item_id)
        if item is None:
            raise InputError(name, f"no such item in {protocol.id}; items: {', '.join(items)}")
        value = parse_decimal(value, name)
        unit = item.choice_unit
        if item.dose_range is not None:
            check_range(value, name, (item.dose_range.min, item.dose_range.max), unit)
        elif item.prescriber_entered:
            if value <= 0:
                raise InputError(name, f"enter a dose greater than 0 {unit}")
        else:
            raise InputError(
                name, "this item has a fixed protocol dose; there is nothing to choose"
            )
    for item_id, reduction in plan_input.reductions.items():
        name = f"reduce {item_id}"
        item = items.get(item_id)
        if item is None:
            raise InputError(name, f"no such item in {protocol.id}; items: {', '.join(items)}")
        if not item.reducible:
            reducible = ", ".join(i.id for i in items.values() if i.reducible) or "none"
            raise InputError(
                name, f"the protocol does not allow reducing this item (reducible: {reducible})"
            )
        percent = parse_decimal(reduction.percent, name, "%")
        if percent <= 0:
            raise InputError(
                name, f"{format_number(percent)}% is not a dose: give 1–100% of the protocol dose"
            )
        require_reason(reduction.reason, name)
    for dropped in plan_input.dropped_days:
        name = f"drop {dropped.item}"
        item = items.get(dropped.item)
        if item is None:
            raise InputError(name, f"no such item in {protocol.id}; items: {', '.join(items)}")
        if (
            item.start_condition is None
            and item.stop_condition is None
            and dropped.day not in item.days
        ):
            days = ", ".join(format_day(d) for d in item.days)
            raise InputError(name, f"{format_day(dropped.day)} is not a day of this item ({days})")
        # A dropped day prints "DROPPED — not given. Reason: …" on the nurse sheet: never blank.
        require_reason(dropped.reason, name)
    for count in plan_input.counts:
        for label, count_value in (("WBC", count.wbc_10e9_per_l), ("ANC", count.anc_10e9_per_l)):
            if count_value is not None:
                check_range(
                    parse_decimal(count_value, f"{label} {count.date}"),
                    f"{label} {count.date}",
                    COUNT_10E9_PER_L,
                    "× 10⁹/L",
                )
    for collection in plan_input.apheresis:
        check_range(
            collection.cd34_10e6, f"CD34+ yield {collection.date}", CD34_10E6, "× 10⁶ cells"
        )
        check_range(collection.mnc_10e8, f"MNC yield {collection.date}", MNC_10E8, "× 10⁸ cells")
    for ack in plan_input.acknowledgements:
        require_reason(ack.reason, f"acknowledge {ack.code}")
