"""What a protocol's compiled tables (dosing/engine/compiled.py) put on the plan, and the
treatment-start alert, at edges no shipped protocol reaches (issue 16: the module's mutants).

``tests/fixtures/protocols/alerts-cycles.toml``: drugs A (treatment days 1, 27, 28, 29 of
28-day cycles; a second item also named "Drug A" on day 2) and B (day 1), all reducible; day-0
drugs C (10.5 mg from 5 mg vials, 0.5 mg steps), D (2 mg, 0.5 mg steps) and E (119.5 mg from 60
and 100 mg vials, ±10% to a presentation, 0.5 mg steps, hard ceiling 119.5 mg) and F (1.25 mg/kg
from 5 and 10 mg vials, ±10%, 1 mg steps, hard ceiling 99 mg). Patient: male,
40 y, 80 kg, 175 cm, day 0 2027-04-12.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from test_engine_auto_hsct import item_result
from test_engine_course import DAY0, MOBILIZATION
from test_engine_course import _plan as course_plan
from test_engine_msc import _plan as msc_plan

from app.protocols import get_protocol, load_protocol_file
from dosing.engine import compute_plan
from dosing.engine.compiled import compiled_for
from dosing.models import ComputedPlan, DailyCount, Patient, PlanInput, PlanOptions, Sex
from dosing.models import SerumCreatinine as Creatinine

CYCLES = load_protocol_file(Path(__file__).parent / "fixtures" / "protocols" / "alerts-cycles.toml")


def cycles(treatment_start: dt.date | None = None, creatinine: str | None = None) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="alerts-cycles",
        patient=Patient(
            age_years=40,
            sex=Sex.MALE,
            weight_kg=D(80),
            height_cm=D(175),
            serum_creatinine=None if creatinine is None else Creatinine(value=D(creatinine)),
        ),
        options=PlanOptions(day0_date=dt.date(2027, 4, 12), treatment_start_date=treatment_start),
    )
    return compute_plan(CYCLES, plan_input)


# ---------------------------------------------------------------- treatment start


def test_a_missing_treatment_start_names_each_drug_once_word_for_word() -> None:
    """Drugs A, B and A again are counted from the treatment start: named once each, in the
    protocol's order ("Drug A, Drug B"); the day-0 drugs C and D have their dates from day 0
    and are not named."""
    assert [
        (a.severity, a.message, a.item, a.field, dict(a.params))
        for a in cycles().alerts
        if a.code == "treatment-start-required"
    ] == [
        (
            "soft",
            "Drug A, Drug B: enter the treatment start date (treatment day 1) to date every dose.",
            None,
            "treatment start",
            {"drugs": "Drug A\nDrug B"},
        )
    ]


def test_a_treatment_start_dates_every_dose_and_quiets_the_alert() -> None:
    """Treatment day 1 = 2027-05-03: day 29 is 2027-05-03 + 28 days = 2027-05-31."""
    plan = cycles(dt.date(2027, 5, 3))
    assert "treatment-start-required" not in {a.code for a in plan.alerts}
    dates = {a.day: a.date for a in plan.administrations if a.item == "drug-a"}
    assert dates == {
        1: dt.date(2027, 5, 3),
        27: dt.date(2027, 5, 29),
        28: dt.date(2027, 5, 30),
        29: dt.date(2027, 5, 31),
    }


def test_the_renal_alert_names_each_reducible_drug_once() -> None:
    """CrCl (140 − 40) × 80 / (72 × 2.0) = 8,000 / 144 = 55.56 → 55.6 mL/min; eGFR 142 ×
    (2.0 / 0.9)^−1.200 × 0.9938^40 = 142 × 0.38357 × 0.77975 = 42.47 → 42.5; both under 60.
    Reducible: Drug A, Drug B, Drug A again → "Drug A and Drug B"."""
    (alert,) = [a for a in cycles(creatinine="2.0").alerts if a.code == "renal-function-low"]
    assert alert.message == (
        "CrCl (Cockcroft–Gault) 55.6 mL/min; eGFR (CKD-EPI 2021) 42.5 mL/min/1.73 m² below "
        "60 mL/min: the protocol permits reducing Drug A and Drug B. Doses are not reduced "
        "automatically."
    )
    assert alert.params["reducible"] == "Drug A\nDrug B"


# ---------------------------------------------------------------- cycle labels


def test_cycle_labels_at_the_end_of_a_28_day_cycle() -> None:
    """Cycle = (day − 1) // 28 + 1: day 27 → 26 // 28 + 1 = 1, day 28 → 27 // 28 + 1 = 1 (the
    cycle's last day), day 29 → 28 // 28 + 1 = 2; each day's dose counts within its cycle."""
    labels = {a.day: a.course_label for a in cycles().administrations if a.item == "drug-a"}
    assert labels == {
        1: "cycle 1 · dose 1",
        27: "cycle 1 · dose 2",
        28: "cycle 1 · dose 3",
        29: "cycle 2 · dose 1",
    }
    (again,) = [a.course_label for a in cycles().administrations if a.item == "drug-a-again"]
    assert again == "cycle 1 · dose 1"


# ---------------------------------------------------------------- vials and rounding


def test_vial_search_at_a_finer_step_than_the_vial_sizes() -> None:
    """10.5 mg in 0.5 mg steps from 5 mg vials: searched in tenths, 105 tenths from vials of
    50 tenths → ⌈105 / 50⌉ = 3 vials (2 × 5 = 10 mg would not cover 10.5)."""
    (admin,) = [a for a in cycles().administrations if a.item == "drug-c"]
    assert admin.dose is not None and admin.dose.value == D("10.5")
    assert admin.presentation == "3 × 5 mg vials"


def test_a_vial_total_above_the_ceiling_is_not_taken_at_a_finer_step() -> None:
    """119.5 mg from 60 and 100 mg vials, searched in tenths (1,195; vials 600 and 1,000):
    above it 2 × 60 = 120 mg, 0.5 mg away, but above the 119.5 mg ceiling, so not taken;
    below it 100 mg, 19.5 mg away: 19.5 × 100 = 1,950 > 119.5 × 10 = 1,195, outside ±10%.
    The dose stays 119.5 mg, drawn from 2 × 60 mg vials. (Searched in whole mg, 119.5 would
    be 120 and "below" it 120 mg itself: rounded up to 120 mg, refused above the ceiling.)"""
    plan = cycles()
    (admin,) = [a for a in plan.administrations if a.item == "drug-e"]
    assert admin.dose is not None and admin.dose.value == D("119.5")
    assert admin.presentation == "2 × 60 mg vials"
    assert item_result(plan, "drug-e").trace == (
        "119.5 mg; rounded to the nearest 0.5 mg: 119.5 mg (0% from unrounded)"
    )
    assert [a.code for a in plan.alerts if a.item == "drug-e"] == []


def test_vials_that_divide_each_other_round_down_under_the_ceiling() -> None:
    """1.25 mg/kg × 80 kg = 100 mg from 5 and 10 mg vials (5 divides 10): 10 × 10 mg = 100 mg
    is above the 99 mg ceiling; the largest total under the dose is 95 mg, 5 mg away:
    5 × 100 = 500 ≤ 100 × 10 = 1,000, within ±10%, so 95 mg = 9 × 10 mg + 1 × 5 mg, −5%.
    (Taking the dose itself as "the total under it" would keep 100 mg and refuse it.)"""
    plan = cycles()
    (admin,) = [a for a in plan.administrations if a.item == "drug-f"]
    assert admin.dose is not None and admin.dose.value == 95
    assert admin.presentation == "9 × 10 mg vials + 1 × 5 mg vial"
    assert item_result(plan, "drug-f").trace == (
        "1.25 mg/kg × 80 kg (actual weight) = 100 mg; rounded to the nearest 1 mg: 100 mg; "
        "rounded to a presentation within ±10%: 95 mg (-5% from unrounded)"
    )
    assert [a.code for a in plan.alerts if a.item == "drug-f"] == []


def test_a_dose_on_a_fine_step_is_kept_in_plain_form() -> None:
    """2 mg in 0.5 mg steps: 2 / 0.5 = 4 steps × 0.5 = 2.0, kept as "2" (the plan file and
    every field read from it carry the value as written, never "2.0")."""
    (admin,) = [a for a in cycles().administrations if a.item == "drug-d"]
    assert admin.dose is not None
    assert str(admin.dose.value) == "2"
    assert admin.dose.display == "2 mg"


# ---------------------------------------------------------------- result fields


def test_range_fields_of_a_ranged_a_prescriber_entered_and_a_fixed_item() -> None:
    """auto-hsct-ln G-CSF mobilization 5–10 mcg/kg/day: its range and the unit a choice is
    given in; conditioning cyclophosphamide (40 mg/kg, fixed): none of the three;
    msc-allogeneic cyclophosphamide (prescriber-entered, no range): only the unit, mg."""
    hsct = course_plan(DAY0, MOBILIZATION)
    fields = ("range_min", "range_max", "range_unit")
    gcsf = item_result(hsct, "gcsf-mobilization")
    assert tuple(getattr(gcsf, f) for f in fields) == (D(5), D(10), "mcg/kg/day")
    cy = item_result(hsct, "cy-conditioning")
    assert tuple(getattr(cy, f) for f in fields) == (None, None, None)
    msc = msc_plan("msc-allogeneic", "60", "165", Sex.FEMALE, 40)
    entered = item_result(msc, "cy-pretreatment")
    assert tuple(getattr(entered, f) for f in fields) == (None, None, "mg")


# ---------------------------------------------------------------- a course that continues


def test_a_continuing_mobilization_course_waits_on_its_stop_condition_only() -> None:
    """Mobilization G-CSF started on day 7 (WBC 0.8 on 2027-02-07, tests/test_engine_course.py),
    no harvest yet: its last row waits on the stop condition alone, not on the start
    condition it has already met."""
    counts = (DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),)
    plan = course_plan(DAY0, MOBILIZATION, counts=counts)
    gcsf = [
        (a.day, a.status, a.condition)
        for a in plan.administrations
        if a.item == "gcsf-mobilization"
    ]
    assert gcsf == [
        (
            7,
            "scheduled",
            "start when WBC less than 1.0 × 10⁹/L, not within 24 hours of cyclophosphamide; "
            "daily until the CD34+ cells collected exceed the target (more than 2 × 10⁶/kg)",
        ),
        (
            None,
            "conditional",
            "daily until the CD34+ cells collected exceed the target (more than 2 × 10⁶/kg)",
        ),
    ]


# ---------------------------------------------------------------- compiled once per load


def test_a_protocol_is_compiled_once_per_load() -> None:
    """DESIGN §9: the tables are built once per protocol load and kept on it; every later
    plan reuses them (the same object, stored under the protocol's "engine" key)."""
    protocol = get_protocol("msc-adipose")
    first = compiled_for(protocol)
    assert compiled_for(protocol) is first
    assert protocol.derived["engine"] is first
