"""An item waiting on counts before its dose is chosen (issue 16: survivors of
``make mutation`` in dosing/engine/administrations.py and dosing/engine/plan.py): its row
says a choice is required, not that it was dropped, and with no dose it has neither a
course total nor a stop for one.

auto-hsct-ln (seed 000), the patient of tests/test_engine_course.py: female, 36 y, 67 kg,
171 cm; day 0 = 2027-04-12, mobilization day 1 = 2027-02-01; methylprednisolone chosen
(120 mg), mobilization G-CSF (5–10 mcg/kg, no default) not chosen, no counts entered.
"""

from __future__ import annotations

from decimal import Decimal as D

from test_engine_course import DAY0, MOBILIZATION

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.models import ComputedPlan, Patient, PlanInput, PlanOptions, Sex

# The item's condition: its start and its stop (the protocol file's texts, joined by "; ").
GCSF_CONDITION = (
    "start when WBC less than 1.0 × 10⁹/L, not within 24 hours of cyclophosphamide; daily "
    "until the CD34+ cells collected exceed the target (more than 2 × 10⁶/kg)"
)


def unchosen_gcsf() -> ComputedPlan:
    return compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
            options=PlanOptions(day0_date=DAY0, mobilization_start_date=MOBILIZATION),
            choices={"methylprednisolone": D(120)},
        ),
    )


def test_g_csf_waiting_on_counts_without_a_chosen_dose_is_choice_required() -> None:
    """One row, waiting on the WBC, undated, no dose: "choice-required" (never "dropped":
    no day of it was dropped)."""
    plan = unchosen_gcsf()
    rows = [
        (a.day, a.day_label, a.date, a.status, a.condition, a.dose, a.no_dose)
        for a in plan.administrations
        if a.item == "gcsf-mobilization"
    ]
    assert rows == [
        (None, "to be set by counts", None, "conditional", GCSF_CONDITION, None, "choice-required")
    ]


def test_an_open_course_with_no_dose_has_no_total_and_no_stop() -> None:
    """No dose, so no course total; the harvest-complete stop belongs to a total ("… so far,
    until …") and is not set either, though the course is open."""
    plan = unchosen_gcsf()
    (gcsf,) = [item for item in plan.items if item.item == "gcsf-mobilization"]
    assert (gcsf.dose, gcsf.course_total, gcsf.course_stop, gcsf.given_days) == (
        None,
        None,
        None,
        (),
    )
    assert "gcsf-mobilization" not in {total.item for total in plan.totals}
