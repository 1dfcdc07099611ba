"""msc-allogeneic, msc-adipose and ucmsc-vs-il2 (seeds 001–004): every item, two patients
each, numbers computed by hand here. Cells round to 0.1 × 10⁶ (100,000 cells), half up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.errors import InputError
from dosing.models import (
    Acknowledgement,
    Administration,
    ComputedPlan,
    Patient,
    PlanInput,
    PlanOptions,
    Sex,
)


def _plan(
    protocol_id: str,
    weight: str,
    height: str,
    sex: Sex,
    age: int,
    *,
    prior: str = "0",
    options: PlanOptions | None = None,
    **extra: Any,
) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id=protocol_id,
        patient=Patient(
            age_years=age,
            sex=sex,
            weight_kg=D(weight),
            height_cm=D(height),
            prior_cyclophosphamide_mg=D(prior),
        ),
        options=options or PlanOptions(),
        **extra,
    )
    return compute_plan(get_protocol(protocol_id), plan_input)


def only(plan: ComputedPlan, item: str) -> Administration:
    (admin,) = [a for a in plan.administrations if a.item == item]
    return admin


# ---------------------------------------------------------------- msc-allogeneic

ALLO_DAY0 = dt.date(2027, 2, 1)


def test_allogeneic_patient_a_msc_and_cy_choice() -> None:
    """Female 35 y, 67.3 kg, 160 cm: 1 × 10⁶ cells/kg × 67.3 = 67.3 × 10⁶ cells on day 0;
    cyclophosphamide 1,000 mg entered, day −1 (24 h before), 31 January 2027."""
    plan = _plan(
        "msc-allogeneic",
        "67.3",
        "160",
        Sex.FEMALE,
        35,
        options=PlanOptions(day0_date=ALLO_DAY0),
        choices={"cy-pretreatment": D(1000)},
    )
    msc = only(plan, "msc")
    assert msc.dose is not None
    assert msc.dose.value == 67_300_000
    assert msc.dose.display == "67.3 × 10⁶ cells"
    assert msc.dose.ucum == "{cells}"
    assert (msc.day, msc.day_label, msc.date) == (0, "day 0", ALLO_DAY0)
    assert msc.route == "IV"
    cy = only(plan, "cy-pretreatment")
    assert cy.dose is not None and cy.dose.display == "1,000 mg"
    assert (cy.day, cy.day_label, cy.date) == (-1, "day −1", dt.date(2027, 1, 31))
    assert cy.presentation == "1 × 1,000 mg vial"
    assert cy.volume_ml == 250
    assert cy.rate_ml_per_h == 250  # 250 mL over 1 hour
    assert "prescriber-entered" in {a.code for a in plan.alerts}
    assert not any(a.code == "age-outside-eligibility" for a in plan.alerts)


def test_allogeneic_patient_b_rounding_and_cumulative() -> None:
    """Male 72 y, 58.75 kg, 170 cm: 58.75 × 10⁶ → 58.8 × 10⁶ cells (587.5 steps of 0.1 →
    588); cyclophosphamide 555 mg → 560 mg (10 mg increment); prior 5,000 mg: cumulative
    5,560 mg, / 58.75 = 94.64 → 94.6 mg/kg; BSA √(170 × 58.75 / 3600) = 1.6656 → 1.67 m²,
    5.56 / 1.67 = 3.329 → 3.33 g/m². Age 72 is outside 15–70: soft alert."""
    plan = _plan(
        "msc-allogeneic",
        "58.75",
        "170",
        Sex.MALE,
        72,
        prior="5000",
        choices={"cy-pretreatment": D(555)},
    )
    msc = only(plan, "msc")
    assert msc.dose is not None and msc.dose.value == 58_800_000
    assert msc.dose.display == "58.8 × 10⁶ cells"
    cy = only(plan, "cy-pretreatment")
    assert cy.dose is not None and cy.dose.value == 560
    (total,) = [d for d in plan.drug_totals if d.drug == "cyclophosphamide"]
    assert total.plan_mg == 560
    assert total.cumulative_mg == 5560
    assert total.cumulative_mg_per_kg == D("94.6")
    assert total.cumulative_g_per_m2 == D("3.33")
    (age,) = [a for a in plan.alerts if a.code == "age-outside-eligibility"]
    assert age.severity == "soft"
    assert "15–70" in age.message


@pytest.mark.parametrize(("age", "alerted"), [(14, True), (15, False), (70, False), (71, True)])
def test_allogeneic_eligibility_bounds(age: int, alerted: bool) -> None:
    """Eligibility 15–70 years inclusive (seed 002)."""
    plan = _plan("msc-allogeneic", "60", "165", Sex.FEMALE, age)
    assert any(a.code == "age-outside-eligibility" for a in plan.alerts) is alerted


def test_allogeneic_cy_without_choice() -> None:
    """No cyclophosphamide dose entered: dose None and a soft choice-required alert."""
    plan = _plan("msc-allogeneic", "60", "165", Sex.FEMALE, 35)
    assert only(plan, "cy-pretreatment").dose is None
    (alert,) = [a for a in plan.alerts if a.code == "choice-required"]
    assert alert.severity == "soft" and alert.item == "cy-pretreatment"
    # MSC is still dosed: 60 × 10⁶ cells
    msc = only(plan, "msc")
    assert msc.dose is not None and msc.dose.display == "60 × 10⁶ cells"


def test_allogeneic_prescriber_choice_must_be_positive() -> None:
    """A prescriber-entered dose of 0 mg is refused by name."""
    with pytest.raises(InputError) as info:
        _plan("msc-allogeneic", "60", "165", Sex.FEMALE, 35, choices={"cy-pretreatment": D(0)})
    assert info.value.field == "choose cy-pretreatment"


def test_allogeneic_follow_up_monthly() -> None:
    """Monthly visits to 24 months, then every 6 months (site reading of "every 6-12
    months thereafter") to 60; 1 month after 31 January is 28 February."""
    plan = _plan(
        "msc-allogeneic",
        "60",
        "165",
        Sex.FEMALE,
        35,
        options=PlanOptions(day0_date=dt.date(2027, 1, 31)),
    )
    assert [v.months for v in plan.follow_up] == [*range(1, 25), 30, 36, 42, 48, 54, 60]
    assert plan.follow_up[0].label == "1 month"
    assert plan.follow_up[0].date == dt.date(2027, 2, 28)
    assert plan.follow_up[1].date == dt.date(2027, 3, 31)


def test_allogeneic_age_alert_acknowledged() -> None:
    """An acknowledgement with a reason marks the soft age alert acknowledged."""
    plan = _plan(
        "msc-allogeneic",
        "60",
        "165",
        Sex.FEMALE,
        72,
        choices={"cy-pretreatment": D(1000)},
        acknowledgements=(
            Acknowledgement(code="age-outside-eligibility", reason="compassionate use", by="JD"),
            Acknowledgement(
                code="prescriber-entered", item="cy-pretreatment", reason="as prescribed", by="JD"
            ),
        ),
    )
    (age,) = [a for a in plan.alerts if a.code == "age-outside-eligibility"]
    assert age.acknowledged
    assert age.acknowledgement is not None and "compassionate use" in age.acknowledgement
    assert plan.unacknowledged_soft_alerts == ()


def test_prescriber_entered_dose_needs_acknowledgement_with_context() -> None:
    """The prescriber's cyclophosphamide has no protocol dose to check against: a soft alert
    shows it per kg and per m² (1,000 mg ÷ 60 kg = 16.7 mg/kg; ÷ 1.66 m² = 0.6 g/m²)."""
    plan = _plan(
        "msc-allogeneic", "60", "165", Sex.FEMALE, 40, choices={"cy-pretreatment": D(1000)}
    )
    (alert,) = [a for a in plan.alerts if a.code == "prescriber-entered"]
    assert alert.severity == "soft"
    assert not alert.acknowledged
    assert "1,000 mg = 16.7 mg/kg = 0.6 g/m²" in alert.message


# ---------------------------------------------------------------- msc-adipose


@pytest.mark.parametrize(
    ("weight", "cells", "display"),
    [
        ("60", 120_000_000, "120 × 10⁶ cells"),  # 2 × 10⁶ × 60
        # 2 × 10⁶ × 73.46 = 146,920,000 = 1,469.2 steps of 100,000 → 1,469
        ("73.46", 146_900_000, "146.9 × 10⁶ cells"),
        # 2 × 10⁶ × 50.025 = 100,050,000 = 1,000.5 steps → 1,001 (half up)
        ("50.025", 100_100_000, "100.1 × 10⁶ cells"),
    ],
)
def test_adipose_msc(weight: str, cells: int, display: str) -> None:
    """2 × 10⁶ cells/kg IV on day 0, rounded to 0.1 × 10⁶ cells."""
    plan = _plan("msc-adipose", weight, "165", Sex.FEMALE, 40)
    msc = only(plan, "msc")
    assert msc.dose is not None
    assert msc.dose.value == cells
    assert msc.dose.display == display
    assert msc.day == 0


@pytest.mark.parametrize("weight", ["60", "73.46"])
def test_adipose_premedication_fixed(weight: str) -> None:
    """Chlorpheniramine 10 mg IV, hydrocortisone 200 mg IV, acetaminophen 500 mg oral on
    day 0, whatever the weight."""
    plan = _plan(
        "msc-adipose",
        weight,
        "165",
        Sex.FEMALE,
        40,
        options=PlanOptions(day0_date=dt.date(2027, 5, 3)),
    )
    expected = {
        "chlorpheniramine": ("10 mg", "IV"),
        "hydrocortisone": ("200 mg", "IV"),
        "acetaminophen": ("500 mg", "oral"),
    }
    for item, (dose, route) in expected.items():
        admin = only(plan, item)
        assert admin.dose is not None and admin.dose.display == dose
        assert admin.route == route
        assert (admin.day, admin.date) == (0, dt.date(2027, 5, 3))
    assert {a.item for a in plan.administrations} == {*expected, "msc"}


# ---------------------------------------------------------------- ucmsc-vs-il2

IL2_DAYS = [1, 3, 5, 7, 9, 11, 13, 29, 31, 33, 35, 37, 39, 41, 57, 59, 61, 63, 65, 67, 69]


@pytest.mark.parametrize(
    ("weight", "display"),
    [
        ("60", "60 × 10⁶ cells"),
        # 81.66 × 10⁶ = 816.6 steps of 0.1 × 10⁶ → 817
        ("81.66", "81.7 × 10⁶ cells"),
    ],
)
def test_ucmsc_arm(weight: str, display: str) -> None:
    """1 × 10⁶ cells/kg in 30 mL saline, IV drip once on day 0; no IL-2 in this arm."""
    plan = _plan(
        "ucmsc-vs-il2",
        weight,
        "170",
        Sex.FEMALE,
        30,
        options=PlanOptions(arm="ucmsc", day0_date=dt.date(2027, 6, 7)),
    )
    msc = only(plan, "msc")
    assert msc.dose is not None and msc.dose.display == display
    assert msc.volume_ml == 30
    assert msc.route == "IV drip"
    assert msc.date == dt.date(2027, 6, 7)
    assert {a.item for a in plan.administrations} == {"msc"}


@pytest.mark.parametrize("weight", ["48", "95.5"])
def test_il2_arm_21_doses(weight: str) -> None:
    """1,000,000 international units SC on treatment days 1, 3 … 13, 29 … 41, 57 … 69
    (21 doses; 21,000,000 in all), whatever the weight; treatment day 1 = 4 January 2027."""
    start = dt.date(2027, 1, 4)
    plan = _plan(
        "ucmsc-vs-il2",
        weight,
        "170",
        Sex.MALE,
        30,
        options=PlanOptions(arm="il2", treatment_start_date=start),
    )
    il2 = [a for a in plan.administrations if a.item == "il2"]
    assert {a.item for a in plan.administrations} == {"il2"}
    assert [a.day for a in il2] == IL2_DAYS
    assert len(il2) == 21
    assert il2[0].day_label == "treatment day 1"
    assert [a.date for a in il2][:2] == [start, dt.date(2027, 1, 6)]
    assert il2[6].date == dt.date(2027, 1, 16)  # day 13 = start + 12 days
    assert il2[7].date == dt.date(2027, 2, 1)  # day 29 = start + 28 days
    assert il2[13].date == dt.date(2027, 2, 13)  # day 41
    assert il2[14].date == dt.date(2027, 3, 1)  # day 57 = start + 56 days
    assert il2[-1].date == dt.date(2027, 3, 13)  # day 69
    for admin in il2:
        assert admin.dose is not None
        assert admin.dose.value == 1_000_000
        assert admin.dose.display == "1,000,000 international units"
        assert admin.dose.ucum == "[iU]"
        assert admin.route == "subcutaneous"
    (total,) = [t for t in plan.totals if t.item == "il2"]
    assert total.value == 21_000_000
    assert total.display == "21,000,000 international units"


def test_arms_protocol_needs_an_arm() -> None:
    """No arm chosen for a two-arm protocol: InputError naming 'arm'."""
    with pytest.raises(InputError) as info:
        _plan("ucmsc-vs-il2", "60", "170", Sex.FEMALE, 30)
    assert info.value.field == "arm"


def test_unknown_arm_refused() -> None:
    """An arm the protocol lacks is refused by name."""
    with pytest.raises(InputError) as info:
        _plan("ucmsc-vs-il2", "60", "170", Sex.FEMALE, 30, options=PlanOptions(arm="both"))
    assert info.value.field == "arm"
