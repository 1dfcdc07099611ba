"""The engine builds its output objects without re-validating them (``dosing.models.trusted``,
for the < 1 ms budget); these tests put every kind of computed plan through full pydantic
validation, so a wrong type or a missing field in an output cannot go unnoticed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.services import compute
from dosing.models import (
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    DroppedDay,
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
