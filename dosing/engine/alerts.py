"""Alerts about the patient rather than one item: body size, eligibility, weight change,
renal function."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dosing import anthropometrics as anthro
from dosing.codes import AlertCode
from dosing.decimals import HUNDRED
from dosing.display import format_number, format_percent
from dosing.engine.context import Context
from dosing.models import Anthropometrics
from dosing.protocol import Anchor, Item


def patient_alerts(ctx: Context, values: Anthropometrics) -> None:
    patient = ctx.plan_input.patient
    options = ctx.plan_input.options
    if values.bmi >= 35 or values.bmi <= 17:
        ctx.alert(
            "soft",
            AlertCode.BMI_EXTREME,
            f"BMI {format_number(values.bmi)} kg/m² is outside 17–35: check the weight and the dosing-weight rule.",
            field_name="weight",
            params={"bmi": format_number(values.bmi)},
        )
    eligibility = ctx.protocol.eligibility
    if eligibility is not None:
        low, high = eligibility.min_age_years, eligibility.max_age_years
        if (low is not None and patient.age_years < low) or (
            high is not None and patient.age_years > high
        ):
            ctx.alert(
                "soft",
                AlertCode.AGE_OUTSIDE_ELIGIBILITY,
                f'Age {patient.age_years} years is outside the protocol\'s eligibility ({low}–{high} years): "{eligibility.quote}".',
                field_name="age",
                params={
                    "age": str(patient.age_years),
                    "low": str(low),
                    "high": str(high),
                    "quote": eligibility.quote,
                },
            )
    if patient.height_cm < anthro.CM_PER_INCH * 60:
        # Soft, not info: an extrapolated IBW changes every IBW- or adjusted-weight dose.
        ctx.alert(
            "soft",
            AlertCode.IBW_EXTRAPOLATED,
            "Height under 152.4 cm (60 in): the Devine ideal body weight is extrapolated below "
            "its base; check every dose on ideal or adjusted body weight.",
            field_name="height",
        )
    reference = options.reference_weight_kg
    if reference is not None and abs(patient.weight_kg - reference) * 10 >= reference:
        change = ((patient.weight_kg - reference) * HUNDRED / reference).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
        ctx.alert(
            "soft",
            AlertCode.WEIGHT_CHANGED,
            f"Weight changed by {'+' if change > 0 else ''}{format_percent(change)} since the plan "
            f"was computed ({format_number(reference)} kg → {format_number(patient.weight_kg)} kg): "
            "every weight-based dose has been recalculated and the plan must be verified again.",
            field_name="weight",
            params={
                "change": f"{'+' if change > 0 else ''}{format_percent(change)}",
                "reference": format_number(reference),
                "weight": format_number(patient.weight_kg),
            },
        )
    weighed, day0 = patient.weigh_date, options.day0_date
    if weighed is not None and day0 is not None and weighed > day0:
        # Conditioning is dosed days before day 0: a weight recorded after day 0 cannot be the
        # one those doses were meant for (a mistyped date, or a plan computed ahead of time).
        ctx.alert(
            "soft",
            AlertCode.WEIGH_DATE_AFTER_DAY0,
            f"Weigh date {weighed.isoformat()} is after day 0 ({day0.isoformat()}): the doses "
            "before day 0 need the weight taken before them — check the date or weigh again.",
            field_name="weigh date",
            params={"weigh_date": weighed.isoformat(), "day0": day0.isoformat()},
        )
    if values.bsa_capped:
        bsa = format_number(values.bsa_unrounded_m2.quantize(Decimal("0.01"), ROUND_HALF_UP))
        ctx.alert(
            "info",
            AlertCode.BSA_CAPPED,
            f"BSA {bsa} m² capped at {format_number(values.bsa_m2)} m² for every per-m² dose.",
            params={"bsa": bsa, "cap": format_number(values.bsa_m2)},
        )
    threshold = options.renal_alert_below_ml_min
    renal = [
        f"{name} {format_number(value)} {unit}"
        for name, value, unit in (
            ("CrCl (Cockcroft–Gault)", values.crcl_ml_min, "mL/min"),
            ("eGFR (CKD-EPI 2021)", values.egfr_ml_min_173m2, "mL/min/1.73 m²"),
        )
        if value is not None and value < threshold
    ]
    if renal:
        reducible = [i.name for i in ctx.protocol.items_in_arm(options.arm) if i.reducible]
        permits = (
            f"the protocol permits reducing {' and '.join(dict.fromkeys(reducible))}"
            if reducible
            else "review the doses"
        )
        ctx.alert(
            "soft",
            AlertCode.RENAL_FUNCTION_LOW,
            f"{'; '.join(renal)} below {format_number(threshold)} mL/min: {permits}. Doses are not reduced automatically.",
            field_name="creatinine",
            params={
                **{
                    key: format_number(value)
                    for key, value in (
                        ("crcl", values.crcl_ml_min),
                        ("egfr", values.egfr_ml_min_173m2),
                    )
                    if value is not None and value < threshold
                },
                "threshold": format_number(threshold),
                "reducible": "\n".join(dict.fromkeys(reducible)),
            },
        )


def alert_missing_treatment_start(ctx: Context) -> None:
    """Doses counted from a treatment start (IL-2 cycles) have no dates without it: say so,
    like a dose still to be chosen, rather than print undated doses silently."""
    options = ctx.plan_input.options
    if options.treatment_start_date is not None:
        return
    phases = ctx.protocol.phases_by_id
    names = [
        item.name
        for item in ctx.protocol.items_in_arm(options.arm)
        if phases[item.phase].anchor is Anchor.TREATMENT
    ]
    if names:
        ctx.alert(
            "soft",
            AlertCode.TREATMENT_START_REQUIRED,
            f"{', '.join(dict.fromkeys(names))}: enter the treatment start date (treatment day 1) "
            "to date every dose.",
            field_name="treatment start",
            params={"drugs": "\n".join(dict.fromkeys(names))},
        )


def alert_reading(ctx: Context, item: Item) -> None:
    """An ambiguous source sentence and how the dose reads it: soft, so a person confirms the
    reading (acknowledges it) before the plan can be verified."""
    reading = item.reading
    assert reading is not None
    phase = ctx.protocol.phases_by_id[item.phase].name.lower()
    ctx.alert(
        "soft",
        AlertCode.SOURCE_READING,
        f'{item.name} ({phase}): the source says "{reading.quote}" — read here as '
        f"{reading.read_as}; the other reading is {reading.alternative}. Confirm the reading "
        "with the prescriber and acknowledge it before verification.",
        item.id,
        params={
            "drug": item.name,
            "phase": ctx.protocol.phases_by_id[item.phase].name,
            "quote": reading.quote,
            "read_as": reading.read_as,
            "alternative": reading.alternative,
        },
    )
