"""A fixed dose's trace says its arithmetic once (found reading ``txdose plan --json`` as a
pharmacist): "10 mg = 10 mg; rounded …" repeated the dose as if something had been computed.
A fixed dose in its own unit has no step before rounding; one converted still shows it."""

from __future__ import annotations

from decimal import Decimal as D

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.models import Administration, Patient, PlanInput, Sex


def _first(protocol_id: str, item: str, **choices: D) -> Administration:
    plan_input = PlanInput(
        protocol_id=protocol_id,
        patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
        choices=choices,
    )
    plan = compute_plan(get_protocol(protocol_id), plan_input)
    return next(a for a in plan.administrations if a.item == item and a.dose is not None)


def test_a_fixed_dose_is_not_said_twice() -> None:
    """Chlorpheniramine 10 mg (seed 003), increment 1 mg: nothing to compute but rounding."""
    admin = _first("msc-adipose", "chlorpheniramine")
    assert admin.trace == "10 mg; rounded to the nearest 1 mg: 10 mg (0% from unrounded)"


def test_a_chosen_fixed_dose_is_not_said_twice() -> None:
    """Methylprednisolone 120 mg chosen in 80–500 mg/day."""
    admin = _first("auto-hsct-ln", "methylprednisolone", methylprednisolone=D(120))
    assert admin.trace.startswith("120 mg; rounded to the nearest 1 mg: 120 mg")
