"""The patient's alerts (dosing/engine/alerts.py) at their thresholds, both sides, word for
word (issue 16: the module's mutants). Each alert is read back whole: severity, code,
message, the field it points at and its params (the Chinese texts are filled from the
params, app/alert_text.py), so a slip in a threshold, a word or a key fails here.

auto-hsct-ln, female 35 y, 165 cm unless said: 1.65² = 2.7225 m², so BMI = weight / 2.7225.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from test_engine_course import _weighed_on
from test_engine_msc import _plan as msc_plan

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.models import (
    Acknowledgement,
    ComputedPlan,
    Patient,
    PlanInput,
    PlanOptions,
    SerumCreatinine,
    Sex,
)

CHOICES = {"methylprednisolone": D(250), "gcsf-mobilization": D(5)}
Read = tuple[str, str, str, str | None, str | None, dict[str, str]]


def hsct(
    weight: str = "60",
    height: str = "165",
    sex: Sex = Sex.FEMALE,
    age: int = 35,
    creatinine: str | None = None,
    protocol: str = "auto-hsct-ln",
    **options: Any,
) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id=protocol,
        patient=Patient(
            age_years=age,
            sex=sex,
            weight_kg=D(weight),
            height_cm=D(height),
            serum_creatinine=None if creatinine is None else SerumCreatinine(value=D(creatinine)),
        ),
        options=PlanOptions(**options),
        choices=CHOICES if protocol == "auto-hsct-ln" else {},
    )
    return compute_plan(get_protocol(protocol), plan_input)


def read(plan: ComputedPlan, code: str) -> list[Read]:
    """Severity, code, message, item, field and params of each alert with ``code``."""
    return [
        (a.severity, a.code, a.message, a.item, a.field, dict(a.params))
        for a in plan.alerts
        if a.code == code
    ]


# ---------------------------------------------------------------- BMI


@pytest.mark.parametrize(
    ("weight", "bmi"),
    [
        ("95.2875", "35"),  # 35 × 2.7225 = 95.2875: BMI exactly 35.0
        ("46.2825", "17"),  # 17 × 2.7225 = 46.2825: BMI exactly 17.0
        ("100", "36.7"),  # 100 / 2.7225 = 36.73 → 36.7
    ],
)
def test_bmi_at_or_outside_17_and_35_word_for_word(weight: str, bmi: str) -> None:
    """BMI ≥ 35 or ≤ 17: one soft alert on the weight, the BMI written without trailing
    zeros (35.0 → "35")."""
    assert read(hsct(weight), "bmi-extreme") == [
        (
            "soft",
            "bmi-extreme",
            f"BMI {bmi} kg/m² is outside 17–35: check the weight and the dosing-weight rule.",
            None,
            "weight",
            {"bmi": bmi},
        )
    ]


@pytest.mark.parametrize(
    "weight",
    [
        "95.15",  # 95.15 / 2.7225 = 34.949 → 34.9: under 35
        "46.56",  # 46.56 / 2.7225 = 17.102 → 17.1: over 17
    ],
)
def test_bmi_just_inside_17_to_35_is_not_alerted(weight: str) -> None:
    """One tenth inside either edge: no BMI alert."""
    assert read(hsct(weight), "bmi-extreme") == []


# ---------------------------------------------------------------- eligibility (msc-allogeneic 15–70)


@pytest.mark.parametrize("age", [14, 71])
def test_age_outside_eligibility_word_for_word(age: int) -> None:
    """msc-allogeneic's eligibility is 15–70 years (seed 002): 14 is under 15 and 71 over
    70; the soft alert quotes the source and points at the age."""
    plan = msc_plan("msc-allogeneic", "60", "165", Sex.FEMALE, age)
    assert read(plan, "age-outside-eligibility") == [
        (
            "soft",
            "age-outside-eligibility",
            f"Age {age} years is outside the protocol's eligibility (15–70 years): "
            '"man or woman aged from 15 to 70 years old".',
            None,
            "age",
            {
                "age": str(age),
                "low": "15",
                "high": "70",
                "quote": "man or woman aged from 15 to 70 years old",
            },
        )
    ]


@pytest.mark.parametrize("age", [15, 70])
def test_age_at_either_end_of_eligibility_is_not_alerted(age: int) -> None:
    """15 and 70 are inside 15–70 (inclusive): no eligibility alert."""
    plan = msc_plan("msc-allogeneic", "60", "165", Sex.FEMALE, age)
    assert read(plan, "age-outside-eligibility") == []


# ---------------------------------------------------------------- IBW extrapolated


def test_ibw_extrapolated_word_for_word() -> None:
    """152.3 cm < 60 in × 2.54 = 152.4 cm: the soft alert on the height, with no params."""
    assert read(hsct(height="152.3"), "ibw-extrapolated") == [
        (
            "soft",
            "ibw-extrapolated",
            "Height under 152.4 cm (60 in): the Devine ideal body weight is extrapolated below "
            "its base; check every dose on ideal or adjusted body weight.",
            None,
            "height",
            {},
        )
    ]


def test_ibw_at_exactly_60_inches_is_not_alerted() -> None:
    """152.4 cm = 60 × 2.54 exactly: not under 60 in."""
    assert read(hsct(height="152.4"), "ibw-extrapolated") == []


# ---------------------------------------------------------------- weight changed


def _weight_changed(change: str, reference: str, weight: str) -> Read:
    return (
        "soft",
        "weight-changed",
        f"Weight changed by {change} since the plan was computed ({reference} kg → {weight} kg): "
        "every weight-based dose has been recalculated and the plan must be verified again.",
        None,
        "weight",
        {"change": change, "reference": reference, "weight": weight},
    )


@pytest.mark.parametrize(
    ("weight", "change"),
    [
        ("66", "+10%"),  # |66 − 60| × 10 = 60 ≥ 60; (66 − 60) × 100 / 60 = +10.0%
        ("54", "-10%"),  # |54 − 60| × 10 = 60 ≥ 60; (54 − 60) × 100 / 60 = −10.0%
        ("67", "+11.7%"),  # 7 × 100 / 60 = 11.666… → 11.7
    ],
)
def test_a_weight_change_of_10_percent_or_more_word_for_word(weight: str, change: str) -> None:
    """Reference weight 60 kg: a change of exactly 10% either way is alerted, with its sign
    (+ for a gain, the number's own minus for a loss)."""
    plan = hsct(weight, reference_weight_kg=D(60))
    assert read(plan, "weight-changed") == [_weight_changed(change, "60", weight)]


@pytest.mark.parametrize("weight", ["65.9", "54.1", "60"])
def test_a_weight_change_under_10_percent_is_not_alerted(weight: str) -> None:
    """Reference 60 kg: |65.9 − 60| × 10 = 59 < 60 and |54.1 − 60| × 10 = 59 < 60; no change
    at all is 0 < 60."""
    assert read(hsct(weight, reference_weight_kg=D(60)), "weight-changed") == []


def test_a_weight_change_rounds_half_up_to_a_tenth() -> None:
    """Reference 80 kg, now 88.04 kg: 8.04 × 100 / 80 = 10.05% → 10.1% half up (half-even
    would give 10.0%)."""
    plan = hsct("88.04", reference_weight_kg=D(80))
    assert read(plan, "weight-changed") == [_weight_changed("+10.1%", "80", "88.04")]


# ---------------------------------------------------------------- weigh date


def test_a_weigh_date_after_day_0_word_for_word() -> None:
    """Weighed 2027-04-13, day 0 2027-04-12 (tests/test_engine_course.py): one day after."""
    assert read(_weighed_on(dt.date(2027, 4, 13)), "weigh-date-after-day0") == [
        (
            "soft",
            "weigh-date-after-day0",
            "Weigh date 2027-04-13 is after day 0 (2027-04-12): the doses before day 0 need "
            "the weight taken before them — check the date or weigh again.",
            None,
            "weigh date",
            {"weigh_date": "2027-04-13", "day0": "2027-04-12"},
        )
    ]


def test_weighed_on_day_0_itself_is_not_after_it() -> None:
    """Weighed 2027-04-12 = day 0: not after day 0, no alert."""
    assert read(_weighed_on(dt.date(2027, 4, 12)), "weigh-date-after-day0") == []


# ---------------------------------------------------------------- BSA capped


def test_bsa_capped_rounds_the_uncapped_bsa_half_up() -> None:
    """Male 48 y, 180 cm, 90.3125 kg: Mosteller √(180 × 90.3125 / 3600) = √4.515625 = 2.125
    exactly; capped at 2 m². The alert shows the uncapped 2.125 → 2.13 half up (half-even
    would write 2.12); info, on no field."""
    plan = hsct("90.3125", "180", Sex.MALE, 48, bsa_cap_m2=D(2))
    assert plan.anthropometrics.bsa_m2 == 2
    assert read(plan, "bsa-capped") == [
        (
            "info",
            "bsa-capped",
            "BSA 2.13 m² capped at 2 m² for every per-m² dose.",
            None,
            None,
            {"bsa": "2.13", "cap": "2"},
        )
    ]


def test_bsa_under_the_cap_is_not_alerted() -> None:
    """The same patient, cap 2.2 m²: 2.125 → 2.13 m² is under it, nothing capped."""
    plan = hsct("90.3125", "180", Sex.MALE, 48, bsa_cap_m2=D("2.2"))
    assert plan.anthropometrics.bsa_m2 == D("2.13")
    assert read(plan, "bsa-capped") == []


# ---------------------------------------------------------------- renal function
# Male 60 y, 80 kg, 175 cm, SCr 2.0 mg/dL (tests/test_engine_rules.py): CrCl (140 − 60) × 80
# / (72 × 2.0) = 44.4 mL/min, eGFR (CKD-EPI 2021) 37.5. The threshold is moved around them.

REDUCIBLE = "Cyclophosphamide\nRabbit anti-thymocyte globulin (ATG)"
PERMITS = "the protocol permits reducing Cyclophosphamide and Rabbit anti-thymocyte globulin (ATG)"


def renal(threshold: str, protocol: str = "auto-hsct-ln") -> list[Read]:
    plan = hsct(
        "80",
        "175",
        Sex.MALE,
        60,
        creatinine="2.0",
        protocol=protocol,
        renal_alert_below_ml_min=D(threshold),
    )
    assert (plan.anthropometrics.crcl_ml_min, plan.anthropometrics.egfr_ml_min_173m2) == (
        D("44.4"),
        D("37.5"),
    )
    return read(plan, "renal-function-low")


def test_renal_both_below_the_threshold_word_for_word() -> None:
    """Threshold 44.5: 44.4 < 44.5 and 37.5 < 44.5, both named; auto-hsct-ln's two reducible
    items (conditioning cyclophosphamide, ATG) named; never reduced automatically."""
    assert renal("44.5") == [
        (
            "soft",
            "renal-function-low",
            "CrCl (Cockcroft–Gault) 44.4 mL/min; eGFR (CKD-EPI 2021) 37.5 mL/min/1.73 m² below "
            f"44.5 mL/min: {PERMITS}. Doses are not reduced automatically.",
            None,
            "creatinine",
            {"crcl": "44.4", "egfr": "37.5", "threshold": "44.5", "reducible": REDUCIBLE},
        )
    ]


def test_renal_crcl_exactly_at_the_threshold_is_not_below_it() -> None:
    """Threshold 44.4: CrCl 44.4 is not below 44.4; eGFR 37.5 is, and only it is named."""
    assert renal("44.4") == [
        (
            "soft",
            "renal-function-low",
            f"eGFR (CKD-EPI 2021) 37.5 mL/min/1.73 m² below 44.4 mL/min: {PERMITS}. Doses are "
            "not reduced automatically.",
            None,
            "creatinine",
            {"egfr": "37.5", "threshold": "44.4", "reducible": REDUCIBLE},
        )
    ]


def test_renal_egfr_exactly_at_the_threshold_is_no_alert() -> None:
    """Threshold 37.5: neither 44.4 nor 37.5 is below 37.5; one tenth higher (37.6) the eGFR
    is below it."""
    assert renal("37.5") == []
    ((*_, params),) = renal("37.6")
    assert params == {"egfr": "37.5", "threshold": "37.6", "reducible": REDUCIBLE}


def test_renal_with_nothing_reducible_asks_to_review_the_doses() -> None:
    """msc-allogeneic has no reducible item: "review the doses", and an empty reducible list.
    Threshold 60 (the default): 44.4 and 37.5 both below."""
    assert renal("60", "msc-allogeneic") == [
        (
            "soft",
            "renal-function-low",
            "CrCl (Cockcroft–Gault) 44.4 mL/min; eGFR (CKD-EPI 2021) 37.5 mL/min/1.73 m² below "
            "60 mL/min: review the doses. Doses are not reduced automatically.",
            None,
            "creatinine",
            {"crcl": "44.4", "egfr": "37.5", "threshold": "60", "reducible": ""},
        )
    ]


# ---------------------------------------------------------------- the source reading


def test_source_reading_word_for_word() -> None:
    """auto-hsct-ln mobilization cyclophosphamide "(2.0 g/m2) for 2 days" (seed 000): the
    phase lower-cased inside the sentence ("mobilization"), as named in the params
    ("Mobilization")."""
    assert read(hsct(), "source-reading") == [
        (
            "soft",
            "source-reading",
            'Cyclophosphamide (mobilization): the source says "cyclophosphamide (2.0 g/m2) for '
            '2 days" — read here as 2.0 g/m² on each of the 2 days (4.0 g/m² in all); the '
            "other reading is a total of 2.0 g/m² (1.0 g/m² a day). Confirm the reading with "
            "the prescriber and acknowledge it before verification.",
            "cy-mobilization",
            None,
            {
                "drug": "Cyclophosphamide",
                "phase": "Mobilization",
                "quote": "cyclophosphamide (2.0 g/m2) for 2 days",
                "read_as": "2.0 g/m² on each of the 2 days (4.0 g/m² in all)",
                "alternative": "a total of 2.0 g/m² (1.0 g/m² a day)",
            },
        )
    ]


# ---------------------------------------------------------------- acknowledgements (Context.alert)


@pytest.mark.parametrize(("by", "shown"), [("", "weighed twice"), ("AB", "weighed twice (AB)")])
def test_an_acknowledgement_shows_who_only_when_someone_is_named(by: str, shown: str) -> None:
    """BMI 100 / 2.7225 = 36.7 acknowledged "weighed twice": by nobody, the reason alone (no
    empty " ()"); by AB, "weighed twice (AB)"."""
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=35, sex=Sex.FEMALE, weight_kg=D(100), height_cm=D(165)),
        choices=CHOICES,
        acknowledgements=(Acknowledgement(code="bmi-extreme", reason="weighed twice", by=by),),
    )
    plan = compute_plan(get_protocol("auto-hsct-ln"), plan_input)
    (alert,) = [a for a in plan.alerts if a.code == "bmi-extreme"]
    assert (alert.acknowledged, alert.acknowledgement) == (True, shown)
