"""A plan on one arm of a two-arm protocol (issue 16: survivors of ``make mutation`` in
dosing/engine/alerts.py and dosing/engine/plan.py): the plan's arm, not the items common to
every arm, decides what the renal alert names and which drops follow an item given with
another; the computed plan says which arm it is on.

tests/fixtures/protocols/arms-mt.toml: "Common drug" in both arms (reducible, days −1 and 0);
arm a adds "Arm A drug" (reducible, days −1 and 0) and "Arm A follower" (given with it, days
−1 and 0); arm b adds "Arm B drug" (reducible, day 0).

Renal patient (tests/test_boundaries_patient_alerts.py): male 60 y, 80 kg, 175 cm, SCr
2.0 mg/dL: CrCl (140 − 60) × 80 / (72 × 2.0) = 44.4 mL/min, eGFR (CKD-EPI 2021) 37.5; both
below a threshold of 50 mL/min.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from test_engine_msc import _plan as msc_plan

from app.protocols import load_protocol_file
from dosing.codes import AlertCode
from dosing.engine import compute_plan
from dosing.models import (
    ComputedPlan,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    SerumCreatinine,
    Sex,
)

ARMS = load_protocol_file(Path(__file__).parent / "fixtures" / "protocols" / "arms-mt.toml")
DAY0 = dt.date(2027, 5, 10)


def arms(arm: str, creatinine: str | None = None, **extra: Any) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="arms-mt",
        patient=Patient(
            age_years=60,
            sex=Sex.MALE,
            weight_kg=D(80),
            height_cm=D(175),
            serum_creatinine=None if creatinine is None else SerumCreatinine(value=D(creatinine)),
        ),
        options=PlanOptions(arm=arm, day0_date=DAY0, renal_alert_below_ml_min=D(50)),
        **extra,
    )
    return compute_plan(ARMS, plan_input)


def renal(plan: ComputedPlan) -> list[tuple[str, dict[str, str]]]:
    return [(a.message, dict(a.params)) for a in plan.alerts if a.code == "renal-function-low"]


def test_renal_alert_names_the_reducible_items_of_the_plans_arm() -> None:
    """Arm a: the common drug and arm a's own reducible drug, in the file's order; arm b's
    drug is not named."""
    assert renal(arms("a", creatinine="2.0")) == [
        (
            "CrCl (Cockcroft–Gault) 44.4 mL/min; eGFR (CKD-EPI 2021) 37.5 mL/min/1.73 m² below "
            "50 mL/min: the protocol permits reducing Common drug and Arm A drug. Doses are not "
            "reduced automatically.",
            {
                "crcl": "44.4",
                "egfr": "37.5",
                "threshold": "50",
                "reducible": "Common drug\nArm A drug",
            },
        )
    ]


def test_renal_alert_on_the_other_arm_names_its_own_drug() -> None:
    """Arm b: the common drug and Arm B drug, never arm a's."""
    ((message, params),) = renal(arms("b", creatinine="2.0"))
    assert "permits reducing Common drug and Arm B drug." in message
    assert params["reducible"] == "Common drug\nArm B drug"


def test_a_drop_of_an_arm_item_drops_what_is_given_with_it() -> None:
    """Arm a, Arm A drug dropped on day −1 (2027-05-10 − 1 = 2027-05-09): its follower, given
    with it, is dropped that day too with its reason; day 0 of both stays given."""
    plan = arms("a", dropped_days=(DroppedDay(item="arm-a-drug", day=-1, reason="ANC low"),))
    rows = [
        (a.item, a.day, a.date, a.status, a.note)
        for a in plan.administrations
        if a.item.startswith("arm-a")
    ]
    assert rows == [
        ("arm-a-drug", -1, dt.date(2027, 5, 9), "dropped", "Dropped by the prescriber: ANC low"),
        (
            "arm-a-follower",
            -1,
            dt.date(2027, 5, 9),
            "dropped",
            "Dropped with Arm A drug, which it is given with: ANC low",
        ),
        ("arm-a-drug", 0, DAY0, "scheduled", None),
        ("arm-a-follower", 0, DAY0, "scheduled", None),
    ]
    assert [
        (a.message, dict(a.params))
        for a in plan.alerts
        if a.code == AlertCode.DAY_DROPPED and a.item == "arm-a-follower"
    ] == [
        (
            "Arm A follower: day −1 dropped with Arm A drug, which it is given with — ANC low.",
            {"drug": "Arm A follower", "day": "day −1", "with": "Arm A drug", "reason": "ANC low"},
        )
    ]
    (follower,) = [r for r in plan.items if r.item == "arm-a-follower"]
    assert follower.given_days == (0,)


def test_the_computed_plan_is_on_the_arm_chosen() -> None:
    """ucmsc-vs-il2 on arm il2 (female 30 y, 60 kg, 165 cm, treatment from 2027-01-04): the
    plan says arm il2, and holds only the 21 IL-2 doses, no MSC infusion."""
    options = PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 1, 4))
    plan = msc_plan("ucmsc-vs-il2", "60", "165", Sex.FEMALE, 30, options=options)
    assert plan.arm == "il2"
    assert {a.item for a in plan.administrations} == {"il2"}
    assert len(plan.administrations) == 21
