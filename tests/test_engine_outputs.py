"""The engine builds its output objects with pydantic's own constructors; these tests put every
kind of computed plan through a second full validation and a JSON round trip, so a value that
only survives construction cannot go unnoticed, and check
that the per-protocol tables the engine keeps never outlive a change to the protocol."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.protocols import get_protocol
from app.services import compute
from dosing.engine import compute_plan
from dosing.models import (
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    DroppedDay,
    ItemResult,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    SerumCreatinine,
    Sex,
)

PATIENT = Patient(
    age_years=44,
    sex=Sex.MALE,
    weight_kg=Decimal("91.4"),
    height_cm=Decimal("181"),
    serum_creatinine=SerumCreatinine(value=Decimal("1.6")),
    prior_cyclophosphamide_mg=Decimal(3000),
)
DAY0 = dt.date(2027, 5, 3)

PLANS = {
    "auto-hsct-ln, everything entered": PlanInput(
        protocol_id="auto-hsct-ln",
        patient=PATIENT,
        options=PlanOptions(day0_date=DAY0, mobilization_start_date=dt.date(2027, 3, 1)),
        choices={"methylprednisolone": Decimal(125), "gcsf-mobilization": Decimal(10)},
        reductions={
            "atg": Reduction(percent=Decimal(80), reason="CrCl"),
            "cy-conditioning": Reduction(percent=Decimal(120), reason="typo"),
        },
        dropped_days=(DroppedDay(item="methylprednisolone", day=-2, reason="reaction"),),
        counts=(
            DailyCount(date=dt.date(2027, 3, 6), wbc_10e9_per_l=Decimal("0.6")),
            DailyCount(date=DAY0 + dt.timedelta(days=9), anc_10e9_per_l=Decimal("1.4")),
        ),
        apheresis=(
            ApheresisYield(date=dt.date(2027, 3, 12), cd34_10e6=Decimal(120), mnc_10e8=Decimal(90)),
        ),
    ),
    "auto-hsct-ln, nothing chosen": PlanInput(protocol_id="auto-hsct-ln", patient=PATIENT),
    "msc-allogeneic": PlanInput(
        protocol_id="msc-allogeneic", patient=PATIENT, choices={"cy-pretreatment": Decimal(1000)}
    ),
    "msc-adipose": PlanInput(protocol_id="msc-adipose", patient=PATIENT),
    "ucmsc arm": PlanInput(
        protocol_id="ucmsc-vs-il2", patient=PATIENT, options=PlanOptions(arm="ucmsc")
    ),
    "il2 arm": PlanInput(
        protocol_id="ucmsc-vs-il2",
        patient=PATIENT,
        options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 1, 4)),
    ),
}


@pytest.mark.parametrize("name", list(PLANS))
def test_computed_plan_passes_full_validation(name: str) -> None:
    """Dumping and re-validating the plan through pydantic gives back the same plan."""
    plan = compute(PLANS[name])
    revalidated = ComputedPlan.model_validate(plan.model_dump())
    assert revalidated == plan
    assert ComputedPlan.model_validate_json(plan.model_dump_json()) == plan
    assert plan.administrations, "a plan with no administrations proves nothing"


@pytest.mark.parametrize("name", list(PLANS))
def test_outputs_built_from_dicts_hold_exactly_their_fields(name: str) -> None:
    """Administrations, item results and follow-up visits carry every field, each set
    explicitly by the engine (none left to a default it did not mean)."""
    plan = compute(PLANS[name])
    for output in (*plan.administrations, *plan.items, *plan.follow_up):
        fields = set(type(output).model_fields)
        assert set(output.__dict__) == fields, type(output).__name__
        assert output.model_fields_set == fields


def test_a_copied_protocol_with_a_changed_dose_uses_its_own_values() -> None:
    """The engine keeps per-item tables on the protocol object; a copy made with a changed
    dose (model_copy) must not reuse the original's tables or its cached texts."""
    original = get_protocol("auto-hsct-ln")
    plan_input = PLANS["auto-hsct-ln, nothing chosen"]

    def conditioning(plan: ComputedPlan) -> ItemResult:
        return next(item for item in plan.items if item.item == "cy-conditioning")

    # 40 mg/kg × 91.4 kg = 3,656 mg → 3,660 mg at the 10 mg increment.
    assert conditioning(compute_plan(original, plan_input)).dose.value == Decimal(3660)  # type: ignore[union-attr]
    items = tuple(
        item.model_copy(update={"dose": Decimal(30)}) if item.id == "cy-conditioning" else item
        for item in original.items
    )
    changed = original.model_copy(update={"items": items})
    result = conditioning(compute_plan(changed, plan_input))
    # 30 mg/kg × 91.4 kg = 2,742 mg → 2,740 mg.
    assert result.dose is not None and result.dose.value == Decimal(2740)
    assert result.protocol_dose_text == "30 mg/kg/day"
    assert conditioning(compute_plan(original, plan_input)).dose.value == Decimal(3660)  # type: ignore[union-attr]
