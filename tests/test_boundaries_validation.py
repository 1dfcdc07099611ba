"""``validate_plan_input``: every accepted range on both sides, and each refusal read back
exactly — the field a person sees, the value, the range and its unit.

The base input (auto-hsct-ln, 70 kg, 170 cm, 40 years) is accepted; each test changes one
thing. A number given as text reaches the checks only through a copy that is not validated
(``model_copy(update=...)``, as the store builds a verifier's input): each field's name and
unit are pinned that way too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from app.protocols import get_protocol
from dosing.errors import InputError, MissingInput
from dosing.models import (
    Acknowledgement,
    ApheresisYield,
    DailyCount,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    SerumCreatinine,
    Sex,
)
from dosing.validation import check_height_cm, check_weight_kg, validate_plan_input
from dosing.vocabulary import CreatinineUnit

DATE = dt.date(2027, 1, 10)


def _input(
    protocol_id: str = "auto-hsct-ln", patient: dict[str, Any] | None = None, **fields: Any
) -> PlanInput:
    options = fields.pop("options", {})
    return PlanInput(
        protocol_id=protocol_id,
        patient=Patient(
            **{"age_years": 40, "sex": Sex.MALE, "weight_kg": D(70), "height_cm": D(170)}
            | (patient or {})
        ),
        options=PlanOptions(**options),
        **fields,
    )


def _check(plan_input: PlanInput) -> None:
    validate_plan_input(get_protocol(plan_input.protocol_id), plan_input)


def _refusal(plan_input: PlanInput) -> str:
    with pytest.raises(InputError) as refused:
        _check(plan_input)
    assert str(refused.value) == f"{refused.value.field}: {refused.value.message}"
    return str(refused.value)


def _unvalidated_patient(**update: Any) -> PlanInput:
    plan_input = _input()
    return plan_input.model_copy(update={"patient": plan_input.patient.model_copy(update=update)})


def _unvalidated_options(**update: Any) -> PlanInput:
    plan_input = _input()
    return plan_input.model_copy(update={"options": plan_input.options.model_copy(update=update)})


def test_the_base_input_is_accepted() -> None:
    assert _check(_input()) is None


# ---------------------------------------------------------------- the patient


@pytest.mark.parametrize("weight", ["20", "250"])
def test_weight_at_either_end_is_accepted(weight: str) -> None:
    assert _check(_input(patient={"weight_kg": D(weight)})) is None


@pytest.mark.parametrize(
    ("weight", "says"),
    [
        ("19.99", "weight: 19.99 kg is outside the accepted range 20–250 kg"),
        (
            "250.01",
            "weight: 250.01 kg is outside the accepted range 20–250 kg "
            "(was it entered in pounds? choose lb as the unit)",
        ),
    ],
)
def test_weight_just_past_either_end_is_refused(weight: str, says: str) -> None:
    assert _refusal(_input(patient={"weight_kg": D(weight)})) == says


def test_the_pounds_hint_ends_at_250_times_2_2046_kg() -> None:
    """250 × 2.2046 = 551.15 kg gets the hint; 551.16 is past any weight in pounds."""
    assert check_weight_kg(D(250)) == D(250)
    with pytest.raises(InputError) as refused:
        check_weight_kg(D("551.15"))
    assert str(refused.value) == (
        "weight: 551.15 kg is outside the accepted range 20–250 kg "
        "(was it entered in pounds? choose lb as the unit)"
    )
    with pytest.raises(InputError) as refused:
        check_weight_kg(D("551.16"))
    assert str(refused.value) == "weight: 551.16 kg is outside the accepted range 20–250 kg"


@pytest.mark.parametrize("height", ["120", "230"])
def test_height_at_either_end_is_accepted(height: str) -> None:
    assert _check(_input(patient={"height_cm": D(height)})) is None


@pytest.mark.parametrize(
    ("height", "says"),
    [
        (
            "119.99",
            "height: 119.99 cm is outside the accepted range 120–230 cm "
            "(was it entered in inches? choose in as the unit)",
        ),
        ("230.01", "height: 230.01 cm is outside the accepted range 120–230 cm"),
        # 1.7 m × 100 = 170 cm.
        (
            "1.7",
            "height: 1.7 cm is outside the accepted range 120–230 cm "
            "(was it entered in metres? 1.7 m = 170 cm)",
        ),
    ],
)
def test_height_just_past_either_end_is_refused(height: str, says: str) -> None:
    assert _refusal(_input(patient={"height_cm": D(height)})) == says


@pytest.mark.parametrize(
    ("height", "hint"),
    [
        ("0.99", ""),
        # 1 m × 100 = 100 cm; 2.5 m × 100 = 250 cm; 1.75 × 100 = 175.
        ("1", " (was it entered in metres? 1 m = 100 cm)"),
        ("1.75", " (was it entered in metres? 1.75 m = 175 cm)"),
        ("2.5", " (was it entered in metres? 2.5 m = 250 cm)"),
        ("2.51", ""),
        ("46.99", ""),
        ("47", " (was it entered in inches? choose in as the unit)"),
        ("100", " (was it entered in inches? choose in as the unit)"),
    ],
)
def test_the_metres_and_inches_hints_at_their_edges(height: str, hint: str) -> None:
    """Metres 1–2.5 (both ends), inches from 47 cm up to the 120 cm floor; nothing between."""
    with pytest.raises(InputError) as refused:
        check_height_cm(D(height))
    assert refused.value.field == "height"
    assert refused.value.message == (f"{height} cm is outside the accepted range 120–230 cm{hint}")


def test_a_height_of_the_reference_weight_field_is_named_as_given() -> None:
    """check_height_cm and check_weight_kg name the field they are told to."""
    with pytest.raises(InputError) as refused:
        check_height_cm(D(231), "verifier height")
    assert str(refused.value) == "verifier height: 231 cm is outside the accepted range 120–230 cm"


@pytest.mark.parametrize("age", [0, 120])
def test_age_at_either_end_is_accepted(age: int) -> None:
    assert _check(_input(patient={"age_years": age})) is None


@pytest.mark.parametrize("age", [-1, 121])
def test_age_just_past_either_end_is_refused(age: int) -> None:
    assert _refusal(_input(patient={"age_years": age})) == (
        f"age: {age} years is outside the accepted range 0–120 years"
    )


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        (CreatinineUnit.MG_DL, "0.1"),
        (CreatinineUnit.MG_DL, "20"),
        (CreatinineUnit.UMOL_L, "8.8"),
        (CreatinineUnit.UMOL_L, "1768"),
    ],
)
def test_creatinine_at_either_end_of_its_unit_is_accepted(unit: CreatinineUnit, value: str) -> None:
    creatinine = SerumCreatinine(value=D(value), unit=unit)
    assert _check(_input(patient={"serum_creatinine": creatinine})) is None


@pytest.mark.parametrize(
    ("unit", "value", "says"),
    [
        (
            CreatinineUnit.MG_DL,
            "0.09",
            "creatinine: 0.09 mg/dL is outside the accepted range 0.1–20 mg/dL",
        ),
        (
            CreatinineUnit.MG_DL,
            "20.01",
            "creatinine: 20.01 mg/dL is outside the accepted range 0.1–20 mg/dL",
        ),
        # 1,768 µmol/L = 20 mg/dL × 88.4; 8.8 µmol/L ≈ 0.1 mg/dL.
        (
            CreatinineUnit.UMOL_L,
            "8.79",
            "creatinine: 8.79 µmol/L is outside the accepted range 8.8–1,768 µmol/L",
        ),
        (
            CreatinineUnit.UMOL_L,
            "1768.01",
            "creatinine: 1,768.01 µmol/L is outside the accepted range 8.8–1,768 µmol/L",
        ),
        # 25 is inside 8.8–1,768 µmol/L but not inside 0.1–20 mg/dL: the unit decides.
        (
            CreatinineUnit.MG_DL,
            "25",
            "creatinine: 25 mg/dL is outside the accepted range 0.1–20 mg/dL",
        ),
        (
            CreatinineUnit.UMOL_L,
            "5",
            "creatinine: 5 µmol/L is outside the accepted range 8.8–1,768 µmol/L",
        ),
    ],
)
def test_creatinine_just_past_either_end_is_refused_in_its_unit(
    unit: CreatinineUnit, value: str, says: str
) -> None:
    creatinine = SerumCreatinine(value=D(value), unit=unit)
    assert _refusal(_input(patient={"serum_creatinine": creatinine})) == says


@pytest.mark.parametrize("value", ["0", "200000"])
def test_prior_cyclophosphamide_at_either_end_is_accepted(value: str) -> None:
    assert _check(_input(patient={"prior_cyclophosphamide_mg": D(value)})) is None


@pytest.mark.parametrize("value", ["-0.01", "200000.01"])
def test_prior_cyclophosphamide_just_past_either_end_is_refused(value: str) -> None:
    shown = {"-0.01": "-0.01", "200000.01": "200,000.01"}[value]
    assert _refusal(_input(patient={"prior_cyclophosphamide_mg": D(value)})) == (
        f"prior cyclophosphamide: {shown} mg is outside the accepted range 0–200,000 mg"
    )


# ---------------------------------------------------------------- the options


@pytest.mark.parametrize("cap", ["0.5", "3.5"])
def test_a_bsa_cap_at_either_end_is_accepted(cap: str) -> None:
    assert _check(_input(options={"bsa_cap_m2": D(cap)})) is None


@pytest.mark.parametrize("cap", ["0.49", "3.51"])
def test_a_bsa_cap_just_past_either_end_is_refused(cap: str) -> None:
    assert _refusal(_input(options={"bsa_cap_m2": D(cap)})) == (
        f"BSA cap: {cap} m² is outside the accepted range 0.5–3.5 m²"
    )


@pytest.mark.parametrize("places", [0, 4])
def test_bsa_decimals_at_either_end_are_accepted(places: int) -> None:
    assert _check(_input(options={"bsa_decimals": places})) is None


@pytest.mark.parametrize("places", [-1, 5])
def test_bsa_decimals_just_past_either_end_are_refused(places: int) -> None:
    assert _refusal(_input(options={"bsa_decimals": places})) == (
        f"BSA decimals: {places} is outside 0–4"
    )


@pytest.mark.parametrize("weight", ["20", "250"])
def test_a_reference_weight_at_either_end_is_accepted(weight: str) -> None:
    assert _check(_input(options={"reference_weight_kg": D(weight)})) is None


@pytest.mark.parametrize(
    ("weight", "says"),
    [
        ("19.99", "reference weight: 19.99 kg is outside the accepted range 20–250 kg"),
        (
            "251",
            "reference weight: 251 kg is outside the accepted range 20–250 kg "
            "(was it entered in pounds? choose lb as the unit)",
        ),
    ],
)
def test_a_reference_weight_just_past_either_end_is_refused(weight: str, says: str) -> None:
    assert _refusal(_input(options={"reference_weight_kg": D(weight)})) == says


@pytest.mark.parametrize("threshold", ["0", "200"])
def test_the_renal_alert_threshold_at_either_end_is_accepted(threshold: str) -> None:
    assert _check(_input(options={"renal_alert_below_ml_min": D(threshold)})) is None


@pytest.mark.parametrize("threshold", ["-1", "200.5"])
def test_the_renal_alert_threshold_just_past_either_end_is_refused(threshold: str) -> None:
    assert _refusal(_input(options={"renal_alert_below_ml_min": D(threshold)})) == (
        f"renal alert threshold: {threshold} mL/min is outside the accepted range 0–200 mL/min"
    )


# ---------------------------------------------------------------- numbers given as text


@pytest.mark.parametrize(
    ("update", "says"),
    [
        ({"weight_kg": " "}, "weight: is missing: enter a number in kg"),
        ({"height_cm": ""}, "height: is missing: enter a number in cm"),
        ({"prior_cyclophosphamide_mg": ""}, "prior cyclophosphamide: is missing: enter a number"),
        (
            {"serum_creatinine": SerumCreatinine.model_construct(value="", unit="mg/dL")},
            "creatinine: is missing: enter a number",
        ),
    ],
)
def test_an_empty_patient_number_is_missing_by_name_and_unit(
    update: dict[str, Any], says: str
) -> None:
    with pytest.raises(MissingInput) as missing:
        _check(_unvalidated_patient(**update))
    assert str(missing.value) == says


def test_a_typed_patient_number_is_read_then_checked() -> None:
    """ "70.5" and "1,70" would be a weight and a height as typed: 70.5 is read; "1,70" is a
    decimal comma, refused naming the height."""
    assert _check(_unvalidated_patient(weight_kg="70.5")) is None
    with pytest.raises(InputError) as refused:
        _check(_unvalidated_patient(height_cm="1,70"))
    assert str(refused.value) == (
        "height: '1,70': use a point for decimals (67.5); commas only between thousands"
    )


@pytest.mark.parametrize(
    ("update", "says"),
    [
        ({"bsa_cap_m2": ""}, "BSA cap: is missing: enter a number"),
        ({"reference_weight_kg": ""}, "reference weight: is missing: enter a number in kg"),
        ({"renal_alert_below_ml_min": ""}, "renal alert threshold: is missing: enter a number"),
    ],
)
def test_an_empty_option_number_is_missing_by_name_and_unit(
    update: dict[str, Any], says: str
) -> None:
    with pytest.raises(MissingInput) as missing:
        _check(_unvalidated_options(**update))
    assert str(missing.value) == says


# ---------------------------------------------------------------- arms


def test_a_protocol_with_arms_needs_one_chosen() -> None:
    assert _refusal(_input("ucmsc-vs-il2")) == (
        "arm: this protocol has arms: choose one of ucmsc, il2"
    )


@pytest.mark.parametrize("arm", ["ucmsc", "il2"])
def test_each_arm_of_a_protocol_with_arms_is_accepted(arm: str) -> None:
    assert _check(_input("ucmsc-vs-il2", options={"arm": arm})) is None


def test_an_arm_not_of_the_protocol_is_refused_with_its_arms() -> None:
    assert _refusal(_input("ucmsc-vs-il2", options={"arm": "IL2"})) == (
        "arm: 'IL2' is not an arm of ucmsc-vs-il2: ucmsc, il2"
    )


def test_an_arm_for_a_protocol_without_arms_is_refused() -> None:
    assert _refusal(_input(options={"arm": "ucmsc"})) == (
        "arm: 'ucmsc' is not an arm of auto-hsct-ln: none (this protocol has no arms)"
    )


# ---------------------------------------------------------------- choices


@pytest.mark.parametrize("dose", ["80", "500"])
def test_a_chosen_dose_at_either_end_of_its_range_is_accepted(dose: str) -> None:
    assert _check(_input(choices={"methylprednisolone": D(dose)})) is None


@pytest.mark.parametrize("dose", ["79.99", "500.01"])
def test_a_chosen_dose_just_past_its_range_is_refused(dose: str) -> None:
    assert _refusal(_input(choices={"methylprednisolone": D(dose)})) == (
        f"choose methylprednisolone: {dose} mg/day is outside the accepted range 80–500 mg/day"
    )


def test_a_choice_for_an_unknown_item_lists_the_items() -> None:
    assert _refusal(_input("msc-allogeneic", choices={"cy": D(100)})) == (
        "choose cy: no such item in msc-allogeneic; items: cy-pretreatment, msc"
    )


def test_a_choice_for_an_item_of_another_arm_is_an_unknown_item() -> None:
    """Arm il2 has only il2: msc belongs to arm ucmsc."""
    plan_input = _input("ucmsc-vs-il2", options={"arm": "il2"}, choices={"msc": D(1)})
    assert _refusal(plan_input) == "choose msc: no such item in ucmsc-vs-il2; items: il2"


def test_a_prescriber_entered_dose_must_be_above_zero() -> None:
    """0.01 mg is a dose (the engine's own limits judge it); 0 and −1 are not."""
    assert _check(_input("msc-allogeneic", choices={"cy-pretreatment": D("0.01")})) is None
    for dose in ("0", "-1"):
        plan_input = _input("msc-allogeneic", choices={"cy-pretreatment": D(dose)})
        assert _refusal(plan_input) == "choose cy-pretreatment: enter a dose greater than 0 mg"


def test_a_choice_for_a_fixed_dose_is_refused() -> None:
    assert _refusal(_input("msc-allogeneic", choices={"msc": D(2)})) == (
        "choose msc: this item has a fixed protocol dose; there is nothing to choose"
    )


def test_an_empty_choice_is_missing_naming_the_item() -> None:
    plan_input = _input("msc-allogeneic").model_copy(update={"choices": {"cy-pretreatment": ""}})
    with pytest.raises(MissingInput) as missing:
        _check(plan_input)
    assert str(missing.value) == "choose cy-pretreatment: is missing: enter a number"


# ---------------------------------------------------------------- reductions


def test_a_reduction_of_a_small_positive_percent_with_a_reason_is_accepted() -> None:
    """0.01% is above 0; 100% is the protocol dose. The floor is the engine's, not here."""
    for percent in ("0.01", "100"):
        reduction = Reduction(percent=D(percent), reason="renal function")
        assert _check(_input(reductions={"atg": reduction})) is None


@pytest.mark.parametrize("percent", ["0", "-5"])
def test_a_reduction_to_zero_or_below_is_not_a_dose(percent: str) -> None:
    reduction = Reduction(percent=D(percent), reason="renal function")
    assert _refusal(_input(reductions={"atg": reduction})) == (
        f"reduce atg: {percent}% is not a dose: give 1–100% of the protocol dose"
    )


def test_a_reduction_needs_a_reason() -> None:
    reduction = Reduction(percent=D(75), reason=" ok ")
    assert _refusal(_input(reductions={"cy-conditioning": reduction})) == (
        "reduce cy-conditioning: a reason is required: at least 3 visible characters ('ok')"
    )


def test_a_reduction_of_an_item_that_is_not_reducible_lists_the_reducible_ones() -> None:
    reduction = Reduction(percent=D(75), reason="renal function")
    assert _refusal(_input(reductions={"methylprednisolone": reduction})) == (
        "reduce methylprednisolone: the protocol does not allow reducing this item "
        "(reducible: cy-conditioning, atg)"
    )
    assert _refusal(_input("msc-allogeneic", reductions={"msc": reduction})) == (
        "reduce msc: the protocol does not allow reducing this item (reducible: none)"
    )


def test_a_reduction_of_an_unknown_item_lists_the_items() -> None:
    reduction = Reduction(percent=D(75), reason="renal function")
    assert _refusal(_input("msc-allogeneic", reductions={"cy": reduction})) == (
        "reduce cy: no such item in msc-allogeneic; items: cy-pretreatment, msc"
    )


def test_an_empty_reduction_percent_is_missing_in_percent() -> None:
    reduction = Reduction.model_construct(percent="", reason="renal function")
    plan_input = _input().model_copy(update={"reductions": {"atg": reduction}})
    with pytest.raises(MissingInput) as missing:
        _check(plan_input)
    assert str(missing.value) == "reduce atg: is missing: enter a number in %"


# ---------------------------------------------------------------- dropped days


def test_a_dropped_day_of_the_item_with_a_reason_is_accepted() -> None:
    dropped = DroppedDay(item="cy-conditioning", day=-5, reason="held for infection")
    assert _check(_input(dropped_days=(dropped,))) is None


def test_a_dropped_day_that_is_not_a_day_of_the_item_lists_its_days() -> None:
    dropped = DroppedDay(item="cy-conditioning", day=-1, reason="held for infection")
    assert _refusal(_input(dropped_days=(dropped,))) == (
        "drop cy-conditioning: day −1 is not a day of this item (day −5, day −4, day −3, day −2)"
    )


@pytest.mark.parametrize("item", ["gcsf-mobilization", "gcsf-engraftment"])
def test_a_day_of_an_item_given_until_a_condition_may_be_any_day(item: str) -> None:
    """G-CSF for mobilization starts and stops on counts, G-CSF after the graft stops on
    them: its days are open, so day +7 (outside the listed day +1) may be dropped."""
    dropped = DroppedDay(item=item, day=7, reason="held for bone pain")
    assert _check(_input(dropped_days=(dropped,))) is None


def test_a_dropped_day_needs_a_reason() -> None:
    dropped = DroppedDay(item="cy-conditioning", day=-5)
    assert _refusal(_input(dropped_days=(dropped,))) == (
        "drop cy-conditioning: a reason is required: at least 3 visible characters"
    )


def test_a_dropped_day_of_an_unknown_item_lists_the_items() -> None:
    dropped = DroppedDay(item="cy", day=-1, reason="held for infection")
    assert _refusal(_input("msc-allogeneic", dropped_days=(dropped,))) == (
        "drop cy: no such item in msc-allogeneic; items: cy-pretreatment, msc"
    )


# ---------------------------------------------------------------- counts and collections


@pytest.mark.parametrize("value", ["0", "500"])
def test_counts_at_either_end_are_accepted(value: str) -> None:
    count = DailyCount(date=DATE, wbc_10e9_per_l=D(value), anc_10e9_per_l=D(value))
    assert _check(_input(counts=(count,))) is None


@pytest.mark.parametrize(
    ("wbc", "anc", "says"),
    [
        ("-0.01", None, "WBC 2027-01-10: -0.01 × 10⁹/L is outside the accepted range 0–500 × 10⁹/L"),
        ("500.01", "1", "WBC 2027-01-10: 500.01 × 10⁹/L is outside the accepted range 0–500 × 10⁹/L"),
        (None, "-0.01", "ANC 2027-01-10: -0.01 × 10⁹/L is outside the accepted range 0–500 × 10⁹/L"),
        ("1", "500.01", "ANC 2027-01-10: 500.01 × 10⁹/L is outside the accepted range 0–500 × 10⁹/L"),
    ],
)  # fmt: skip
def test_a_count_just_past_either_end_is_refused_by_its_date(
    wbc: str | None, anc: str | None, says: str
) -> None:
    count = DailyCount(
        date=DATE,
        wbc_10e9_per_l=None if wbc is None else D(wbc),
        anc_10e9_per_l=None if anc is None else D(anc),
    )
    assert _refusal(_input(counts=(count,))) == says


def test_an_empty_count_is_missing_naming_it_and_its_date() -> None:
    count = DailyCount.model_construct(date=DATE, wbc_10e9_per_l=None, anc_10e9_per_l="")
    with pytest.raises(MissingInput) as missing:
        _check(_input().model_copy(update={"counts": (count,)}))
    assert str(missing.value) == "ANC 2027-01-10: is missing: enter a number"


@pytest.mark.parametrize(("cd34", "mnc"), [("0", "0"), ("100000", "10000")])
def test_collections_at_either_end_are_accepted(cd34: str, mnc: str) -> None:
    collection = ApheresisYield(date=DATE, cd34_10e6=D(cd34), mnc_10e8=D(mnc))
    assert _check(_input(apheresis=(collection,))) is None


@pytest.mark.parametrize(
    ("cd34", "mnc", "says"),
    [
        ("-0.01", "1", "CD34+ yield 2027-01-10: -0.01 × 10⁶ cells is outside the accepted range 0–100,000 × 10⁶ cells"),
        ("100000.01", "1", "CD34+ yield 2027-01-10: 100,000.01 × 10⁶ cells is outside the accepted range 0–100,000 × 10⁶ cells"),
        ("1", "-0.01", "MNC yield 2027-01-10: -0.01 × 10⁸ cells is outside the accepted range 0–10,000 × 10⁸ cells"),
        ("1", "10000.01", "MNC yield 2027-01-10: 10,000.01 × 10⁸ cells is outside the accepted range 0–10,000 × 10⁸ cells"),
    ],
)  # fmt: skip
def test_a_collection_just_past_either_end_is_refused_by_its_date(
    cd34: str, mnc: str, says: str
) -> None:
    collection = ApheresisYield(date=DATE, cd34_10e6=D(cd34), mnc_10e8=D(mnc))
    assert _refusal(_input(apheresis=(collection,))) == says


# ---------------------------------------------------------------- acknowledgements


def test_an_acknowledgement_needs_a_reason_naming_its_code() -> None:
    ack = Acknowledgement(code="bmi-extreme", reason="  ")
    assert _refusal(_input(acknowledgements=(ack,))) == (
        "acknowledge bmi-extreme: a reason is required: at least 3 visible characters"
    )
    kept = Acknowledgement(code="bmi-extreme", reason="athlete, lean mass")
    assert _check(_input(acknowledgements=(kept,))) is None
