"""Dropped days and count-resolved days, word for word (issue 16: the survivors of
``make mutation`` in ``dosing/engine/administrations.py``).

auto-hsct-ln (seed 000), the patient of tests/test_engine_course.py: female, 36 y, 67 kg,
171 cm; day 0 = 2027-04-12, mobilization day 1 = 2027-02-01. Uroprotection (mesna) is given
with mobilization cyclophosphamide; methylprednisolone with ATG; hydration, bicarbonate, the
anti-emetic and mesna with conditioning cyclophosphamide.

tests/fixtures/protocols/linked-mt.toml: "Follower" (phase "second") is given with Drug B
(phase "first") and with Drug A (phase "second"), days −2 and −1 each.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from test_engine_course import DAY0, MOBILIZATION, _plan

from app.protocols import get_protocol, load_protocol_file
from dosing.codes import AlertCode
from dosing.engine import compute_plan
from dosing.models import ComputedPlan, DailyCount, DroppedDay, Patient, PlanInput, PlanOptions, Sex

LINKED = load_protocol_file(Path(__file__).parent / "fixtures" / "protocols" / "linked-mt.toml")

GCSF_NOTE = (
    "Verify against local protocol: the source gives 0.5 mcg/kg/day; post-transplant G-CSF is "
    "usually 5 mcg/kg/day."
)
GCSF_STOP = "daily until ANC greater than 1.0 × 10⁹/L on 2 consecutive days after the nadir"


def dropped_alerts(plan: ComputedPlan) -> list[tuple[str, str, str, dict[str, str]]]:
    return [
        (a.severity, a.item or "", a.message, dict(a.params))
        for a in plan.alerts
        if a.code == AlertCode.DAY_DROPPED
    ]


def rows(plan: ComputedPlan, item: str) -> list[tuple[int | None, str, str | None, str | None]]:
    return [(a.day, a.status, a.condition, a.note) for a in plan.administrations if a.item == item]


def test_dropped_days_say_who_dropped_them_and_why() -> None:
    """Mobilization cyclophosphamide dropped on mobilization day 2 ("nausea") and ATG on
    day −3 ("fever 39.2 °C"), by the prescriber; mesna follows the first (its parent is named),
    methylprednisolone the second. Each dropped row's note and each day-dropped alert (info),
    its day label in its own phase's words ("mobilization day 2", "day −3") and its params,
    read back whole."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        dropped_days=(
            DroppedDay(item="cy-mobilization", day=2, reason="nausea"),
            DroppedDay(item="atg", day=-3, reason="fever 39.2 °C"),
        ),
    )
    cy = "Cyclophosphamide"
    atg = "Rabbit anti-thymocyte globulin (ATG)"
    assert rows(plan, "cy-mobilization")[1] == (
        2,
        "dropped",
        None,
        "Dropped by the prescriber: nausea",
    )
    assert rows(plan, "uroprotection-mobilization")[1] == (
        2,
        "dropped",
        None,
        f"Dropped with {cy}, which it is given with: nausea",
    )
    assert rows(plan, "atg")[1] == (-3, "dropped", None, "Dropped by the prescriber: fever 39.2 °C")
    assert rows(plan, "methylprednisolone") == [
        (-4, "scheduled", None, None),
        (-3, "dropped", None, f"Dropped with {atg}, which it is given with: fever 39.2 °C"),
        (-2, "scheduled", None, None),
    ]
    assert dropped_alerts(plan) == [
        (
            "info",
            "cy-mobilization",
            "Cyclophosphamide: mobilization day 2 dropped — nausea.",
            {"drug": cy, "day": "mobilization day 2", "with": "", "reason": "nausea"},
        ),
        (
            "info",
            "uroprotection-mobilization",
            "Uroprotection (mesna): mobilization day 2 dropped with Cyclophosphamide, which it "
            "is given with — nausea.",
            {
                "drug": "Uroprotection (mesna)",
                "day": "mobilization day 2",
                "with": cy,
                "reason": "nausea",
            },
        ),
        (
            "info",
            "methylprednisolone",
            f"Methylprednisolone: day −3 dropped with {atg}, which it is given with — "
            "fever 39.2 °C.",
            {"drug": "Methylprednisolone", "day": "day −3", "with": atg, "reason": "fever 39.2 °C"},
        ),
        (
            "info",
            "atg",
            f"{atg}: day −3 dropped — fever 39.2 °C.",
            {"drug": atg, "day": "day −3", "with": "", "reason": "fever 39.2 °C"},
        ),
    ]


def test_a_count_course_names_its_condition_only_once_counts_resolve_it() -> None:
    """Engraftment G-CSF (from day +1, until ANC > 1.0 on 2 consecutive days after the nadir).
    No counts: day +1 is scheduled with no condition and the item's note, then a row "to be set
    by counts" with the stop condition. ANC 0.1 on 2027-04-13 (day +1), the nadir: day +1 now
    shows the condition and, as its note, what the counts said ("nadir 2027-04-13: ANC 0.1 ×
    10⁹/L"). The dose, 67 kg × 0.5 mcg/kg = 33.5 → 34 mcg, either way."""
    unresolved = _plan(DAY0, MOBILIZATION)
    assert rows(unresolved, "gcsf-engraftment") == [
        (1, "scheduled", None, GCSF_NOTE),
        (None, "conditional", GCSF_STOP, GCSF_NOTE),
    ]
    resolved = _plan(
        DAY0,
        MOBILIZATION,
        counts=(DailyCount(date=dt.date(2027, 4, 13), anc_10e9_per_l=D("0.1")),),
    )
    assert rows(resolved, "gcsf-engraftment") == [
        (1, "scheduled", GCSF_STOP, "nadir 2027-04-13: ANC 0.1 × 10⁹/L"),
        (None, "conditional", GCSF_STOP, GCSF_NOTE),
    ]
    assert [
        a.dose.value for a in resolved.administrations if a.item == "gcsf-engraftment" and a.dose
    ] == [D(34), D(34)]
    # The course so far, 1 × 34 mcg, stays open until the ANC stop is met.
    for plan in (unresolved, resolved):
        (total,) = [t for t in plan.totals if t.item == "gcsf-engraftment"]
        assert (total.value, total.open) == (D(34), True)
        assert total.stop is not None
        assert (total.stop.kind, total.stop.params) == (
            "anc-above-consecutive",
            {"threshold": "1.0", "days": "2"},
        )


def linked(*dropped: DroppedDay) -> ComputedPlan:
    return compute_plan(
        LINKED,
        PlanInput(
            protocol_id="linked-mt",
            patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(60), height_cm=D(165)),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
            dropped_days=dropped,
        ),
    )


def test_a_drop_follows_only_a_parent_of_the_same_phase() -> None:
    """Drug B (phase "first", listed first in Follower's with_items) dropped on day −2, Drug A
    (phase "second", Follower's own) on day −1: Follower keeps day −2 (Drug B is of another
    phase) and is dropped on day −1 with Drug A and its reason."""
    plan = linked(
        DroppedDay(item="drug-b", day=-2, reason="rash"),
        DroppedDay(item="drug-a", day=-1, reason="fever"),
    )
    assert rows(plan, "follower") == [
        (-2, "scheduled", None, None),
        (-1, "dropped", None, "Dropped with Drug A, which it is given with: fever"),
    ]
    assert dropped_alerts(plan) == [
        ("info", "drug-b", "Drug B: day −2 dropped — rash.", {
            "drug": "Drug B", "day": "day −2", "with": "", "reason": "rash"}),
        ("info", "drug-a", "Drug A: day −1 dropped — fever.", {
            "drug": "Drug A", "day": "day −1", "with": "", "reason": "fever"}),
        ("info", "follower", "Follower: day −1 dropped with Drug A, which it is given with — "
         "fever.", {"drug": "Follower", "day": "day −1", "with": "Drug A", "reason": "fever"}),
    ]  # fmt: skip
    (total,) = [t for t in plan.totals if t.item == "follower"]
    assert total.value == D(5)  # 5 mg on day −2 only


def test_a_dropped_day_keeps_the_item_fields_and_loses_the_dose_fields() -> None:
    """ATG dropped on day −3: methylprednisolone (120 mg chosen, range 80–500 mg/day) keeps
    day −4 whole and loses, on day −3 (12 April − 3 = 9 April 2027), its dose, volume, rate,
    vials and draw ("dropped" stands for the dose), keeping route, diluent, duration and the
    choice. Day −4 (8 April): 120 mg = 3 × 40 mg/1 mL vials whole, 3 mL; 100 mL over 1 hour,
    100 mL/h."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        dropped_days=(DroppedDay(item="atg", day=-3, reason="fever 39.2 °C"),),
    )
    kept, dropped = (
        {k: v for k, v in a.model_dump().items() if k != "trace"}
        for a in plan.administrations
        if a.item == "methylprednisolone" and a.day in (-4, -3)
    )
    shared = {
        "item": "methylprednisolone", "drug": "methylprednisolone", "name": "Methylprednisolone",
        "phase": "conditioning", "phase_name": "Conditioning", "anchor": "day0",
        "condition": None, "route": "IV", "frequency": "once daily",
        "diluent": "sodium chloride 0.9%", "duration": "over 1 hour, before ATG",
        "reduced_percent": None, "reduction_reason": None,
        "chosen_value": "120 mg/day (range 80–500 mg/day)", "dosing_weight_kg": None,
        "dosing_weight_rule": None, "course_label": None,
    }  # fmt: skip
    assert kept == {
        **shared, "day": -4, "day_label": "day −4", "date": dt.date(2027, 4, 8),
        "status": "scheduled",
        "dose": {
            "value": D(120), "unit": "mg", "ucum": "mg", "display": "120 mg",
            "amount_display": "120 mg", "unrounded": D(120),
            "rounding_deviation_percent": D(0), "protocol_value": D(120),
            "protocol_display": "120 mg",
        },
        "no_dose": None, "volume_ml": D(100), "rate_ml_per_h": D(100),
        "presentation": "3 × 40 mg vials", "draw_volume_ml": D(3),
        "draw": "draw 3 mL: 3 × 40 mg/1 mL whole — delivers 120 mg",
        "draw_delivered": {
            "value": D(120), "unit": "mg", "ucum": "mg", "display": "120 mg",
            "deviation_percent": D(0),
        },
        "note": None,
    }  # fmt: skip
    assert dropped == {
        **shared, "day": -3, "day_label": "day −3", "date": dt.date(2027, 4, 9),
        "status": "dropped", "dose": None, "no_dose": "dropped", "volume_ml": None,
        "rate_ml_per_h": None, "presentation": None, "draw_volume_ml": None, "draw": None,
        "draw_delivered": None,
        "note": "Dropped with Rabbit anti-thymocyte globulin (ATG), which it is given with: "
        "fever 39.2 °C",
    }  # fmt: skip


def test_rows_waiting_on_counts_close_their_phase_group() -> None:
    """No counts: mobilization G-CSF waits to start ("to be set by counts", no date) and closes
    the mobilization group, after mobilization days 1 and 2 (1–2 February 2027) and before
    conditioning day −5; engraftment G-CSF's continuing row closes the plan, after day +1
    (13 April 2027)."""
    plan = _plan(DAY0, MOBILIZATION)
    listed = [(a.item, a.day_label, a.date, a.status) for a in plan.administrations]
    assert listed[:6] == [
        ("cy-mobilization", "mobilization day 1", dt.date(2027, 2, 1), "scheduled"),
        ("uroprotection-mobilization", "mobilization day 1", dt.date(2027, 2, 1), "scheduled"),
        ("cy-mobilization", "mobilization day 2", dt.date(2027, 2, 2), "scheduled"),
        ("uroprotection-mobilization", "mobilization day 2", dt.date(2027, 2, 2), "scheduled"),
        ("gcsf-mobilization", "to be set by counts", None, "conditional"),
        ("hydration", "day −5", dt.date(2027, 4, 7), "scheduled"),
    ]
    assert listed[-2:] == [
        ("gcsf-engraftment", "day +1", dt.date(2027, 4, 13), "scheduled"),
        ("gcsf-engraftment", "to be set by counts", None, "conditional"),
    ]


def test_a_course_with_a_dropped_dose_keeps_its_cycle_labels() -> None:
    """ucmsc-vs-il2, arm il2 (seed 004): IL-2 on treatment days 1, 3 … 13 (cycle 1), 29 … 41
        (cycle 2), 57 … 69 (cycle 3), cycles of 28 days. Treatment day 3 dropped ("fever"): days
        1 and 5 stay "cycle 1 · dose 1" and "cycle 1 · dose 3", the dropped day keeps "cycle 1 ·
        dose 2", and day 29 ((29 − 1) // 28 + 1 = 2) is "cycle 2 · dose 1". Treatment day 1 =
        4 January 2027, so day 3 = 6 January and day 29 = 4 + 28 = 1 February 2027. 20 doses of
        1,000,000 international units: 20,000,000. Without the drop (the usual path), day 13 is
    "cycle 1 · dose 7", day 29 "cycle 2 · dose 1" and day 69 "cycle 3 · dose 7"."""
    plan = compute_plan(
        get_protocol("ucmsc-vs-il2"),
        PlanInput(
            protocol_id="ucmsc-vs-il2",
            patient=Patient(age_years=30, sex=Sex.MALE, weight_kg=D(70), height_cm=D(170)),
            options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 1, 4)),
            dropped_days=(DroppedDay(item="il2", day=3, reason="fever"),),
        ),
    )
    il2 = [(a.day, a.date, a.status, a.course_label) for a in plan.administrations]
    undropped = compute_plan(
        get_protocol("ucmsc-vs-il2"),
        plan.input.model_copy(update={"dropped_days": ()}),
    )
    assert [(a.day, a.course_label) for a in undropped.administrations][6:8] == [
        (13, "cycle 1 · dose 7"),
        (29, "cycle 2 · dose 1"),
    ]
    assert undropped.administrations[-1].course_label == "cycle 3 · dose 7"
    assert il2[:3] == [
        (1, dt.date(2027, 1, 4), "scheduled", "cycle 1 · dose 1"),
        (3, dt.date(2027, 1, 6), "dropped", "cycle 1 · dose 2"),
        (5, dt.date(2027, 1, 8), "scheduled", "cycle 1 · dose 3"),
    ]
    assert il2[7] == (29, dt.date(2027, 2, 1), "scheduled", "cycle 2 · dose 1")
    assert len(il2) == 21
    (total,) = [t for t in plan.totals if t.item == "il2"]
    assert total.value == D(20_000_000)


def test_a_dropped_day_keeps_every_row_in_its_bedside_place() -> None:
    """ATG dropped on day −3: day −4 is still hydration, cyclophosphamide, mesna,
    methylprednisolone, ATG (the file's order), and day −3 the same with methylprednisolone
    and ATG dropped, before day −2."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        dropped_days=(DroppedDay(item="atg", day=-3, reason="fever 39.2 °C"),),
    )
    by_day = [(a.day, a.item, a.status) for a in plan.administrations if a.day in (-4, -3)]
    order = ["hydration", "sodium-bicarbonate", "anti-emetic", "cy-conditioning", "uroprotection"]
    assert [(d, i) for d, i, _ in by_day] == [
        *((-4, i) for i in [*order, "methylprednisolone", "atg"]),
        *((-3, i) for i in [*order, "methylprednisolone", "atg"]),
    ]
    assert [i for d, i, s in by_day if s == "dropped"] == ["methylprednisolone", "atg"]
