"""Both sides of the totals' rules (issue 16): the cumulative thresholds, the drug totals
with the prior cyclophosphamide, each item's course total and stop, and the harvest.

tests/fixtures/protocols/totals-edges.toml, for 80 kg and 180 cm: Mosteller BSA
√(180 × 80 / 3600) = √4 = 2.00 m²; cyclophosphamide 10 mg/kg × 80 = 800 mg, melphalan
100 mg/m² × 2.00 = 200 mg, each on day 0 only. Its thresholds, in this order: melphalan
2.4 mg/kg, cyclophosphamide 25.2 mg/kg, cyclophosphamide 1.00 g/m². Each figure compared
is the figure printed: 0.01 g/m² and 0.1 mg/kg, rounded half up.

auto-hsct-ln patient A (tests/test_engine_auto_hsct.py): 60 kg, harvest targets
2 × 10⁶/kg CD34+ and 2 × 10⁸/kg MNC, 120 of each for 60 kg.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from test_boundaries_engine import engraftment_counts, mobilization
from test_engine_auto_hsct import patient_a

from app.alert_text import chinese_alert
from app.protocols import load_protocol_file
from dosing.codes import AlertCode
from dosing.engine import compute_plan
from dosing.models import (
    Alert,
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    DrugTotal,
    ItemResult,
    Patient,
    PlanInput,
    Sex,
)

FIXTURES = Path(__file__).parent / "fixtures" / "protocols"
EDGES = load_protocol_file(FIXTURES / "totals-edges.toml")
TINY = load_protocol_file(FIXTURES / "tiny.toml")


def _edges(prior: str) -> ComputedPlan:
    patient = Patient(
        age_years=40,
        sex=Sex.MALE,
        weight_kg=D(80),
        height_cm=D(180),
        prior_cyclophosphamide_mg=D(prior),
    )
    return compute_plan(EDGES, PlanInput(protocol_id="totals-edges", patient=patient))


def _above(plan: ComputedPlan, drug: str) -> list[Alert]:
    return [
        a
        for a in plan.alerts
        if a.code == AlertCode.CUMULATIVE_ABOVE_THRESHOLD and a.params["drug"] == drug
    ]


def _total(plan: ComputedPlan, drug: str) -> DrugTotal:
    (total,) = [t for t in plan.drug_totals if t.drug == drug]
    return total


def _items(plan: ComputedPlan) -> dict[str, ItemResult]:
    return {i.item: i for i in plan.items}


# ---------------------------------------------------------------- thresholds


def test_a_g_per_m2_threshold_after_a_skipped_and_an_uncrossed_one_still_alerts() -> None:
    """Prior 1,210 mg: 800 + 1,210 = 2,010 mg. In mg/kg 2,010 / 80 = 25.125 → 25.1, not above
    25.2; in g/m² 2.010 / 2.00 = 1.005 → 1.01 half up (1.00 half to even, or 2.010 / 1.001),
    above 1.00. The melphalan threshold before them is for another drug and the mg/kg one is
    not crossed: neither stops the g/m² one. This plan 0.8 / 2 = 0.40 → "0.4"; prior 1.21 / 2
    = 0.605 → 0.61."""
    plan = _edges("1210")
    (alert,) = _above(plan, "Cyclophosphamide")
    assert (alert.severity, alert.field) == ("soft", "prior cyclophosphamide")
    assert alert.message == (
        "Cumulative cyclophosphamide 1.01 g/m² (this plan 800 mg = 0.4 g/m², prior 1,210 mg = "
        "0.61 g/m²; 2,010 mg in all) is above the site threshold of 1 g/m²: review the "
        "cumulative exposure before the plan is verified."
    )
    assert alert.params == {
        "drug": "Cyclophosphamide",
        "cumulative": "1.01",
        "unit": "g/m²",
        "plan": "800 mg",
        "plan_per": "0.4",
        "prior": "1,210 mg",
        "prior_per": "0.61",
        "total": "2,010 mg",
        "threshold": "1",
    }
    assert chinese_alert(alert) == (
        "环磷酰胺累积剂量 1.01 g/m²（本计划 800 mg = 0.4 g/m²，既往 1,210 mg = 0.61 g/m²；"
        "合计 2,010 mg）超过本院设定的阈值 1 g/m²：核对前请复核累积暴露量。"
    )


def test_a_mg_per_kg_threshold_rounds_half_up_before_comparing() -> None:
    """Prior 1,220 mg: 2,020 mg / 80 kg = 25.25 → 25.3 half up (25.2 half to even, not above
    25.2), above 25.2; and 2.020 / 2.00 = 1.01 g/m², above 1.00: two alerts, mg/kg first as
    the file lists them. This plan 800 / 80 = 10 mg/kg; prior 1,220 / 80 = 15.25 → 15.3."""
    plan = _edges("1220")
    per_kg, per_m2 = _above(plan, "Cyclophosphamide")
    assert per_kg.message == (
        "Cumulative cyclophosphamide 25.3 mg/kg (this plan 800 mg = 10 mg/kg, prior 1,220 mg = "
        "15.3 mg/kg; 2,020 mg in all) is above the site threshold of 25.2 mg/kg: review the "
        "cumulative exposure before the plan is verified."
    )
    assert per_kg.params == {
        "drug": "Cyclophosphamide",
        "cumulative": "25.3",
        "unit": "mg/kg",
        "plan": "800 mg",
        "plan_per": "10",
        "prior": "1,220 mg",
        "prior_per": "15.3",
        "total": "2,020 mg",
        "threshold": "25.2",
    }
    assert per_kg.field == "prior cyclophosphamide"
    assert per_m2.message.startswith(
        "Cumulative cyclophosphamide 1.01 g/m² (this plan 800 mg = 0.4 g/m², prior 1,220 mg = "
        "0.61 g/m²; 2,020 mg in all)"
    )


def test_a_cumulative_exactly_at_a_threshold_is_not_above_it() -> None:
    """Prior 1,200 mg: 2,000 mg = 25.0 mg/kg and 2.000 / 2.00 = 1.00 g/m², neither above its
    threshold: no cyclophosphamide alert. Prior 1,216 mg: 2,016 / 80 = 25.2 mg/kg exactly,
    not above 25.2, while 2.016 / 2 = 1.008 → 1.01 g/m² is: the g/m² alert alone."""
    assert _above(_edges("1200"), "Cyclophosphamide") == []
    (alert,) = _above(_edges("1216"), "Cyclophosphamide")
    assert alert.params["unit"] == "g/m²"
    assert alert.params["cumulative"] == "1.01"
    assert alert.params["total"] == "2,016 mg"


def test_a_threshold_for_another_drug_names_no_prior_field() -> None:
    """Melphalan 200 mg / 80 kg = 2.5 mg/kg, above its 2.4 mg/kg with no prior exposure (the
    prior entered is cyclophosphamide's): the alert points at no input field."""
    plan = _edges("1210")
    (alert,) = _above(plan, "Melphalan")
    assert (alert.severity, alert.field) == ("soft", None)
    assert alert.message == (
        "Cumulative melphalan 2.5 mg/kg (this plan 200 mg = 2.5 mg/kg, prior 0 mg = 0 mg/kg; "
        "200 mg in all) is above the site threshold of 2.4 mg/kg: review the cumulative "
        "exposure before the plan is verified."
    )


# ---------------------------------------------------------------- drug totals


def test_drug_totals_round_half_up_and_add_the_prior_to_cyclophosphamide_only() -> None:
    """Prior 1,210 mg: cyclophosphamide 2,010 mg = 25.125 → 25.1 mg/kg and 1.005 → 1.01 g/m²
    (1.00 half to even); melphalan 200 mg alone (the prior is not melphalan's): 2.5 mg/kg and
    0.2 / 2 = 0.1 g/m². Prior 1,220 mg: 2,020 / 80 = 25.25 → 25.3 mg/kg (25.2 half to even)."""
    plan = _edges("1210")
    cy = _total(plan, "cyclophosphamide")
    assert (cy.plan_mg, cy.prior_mg, cy.cumulative_mg) == (D(800), D(1210), D(2010))
    assert (cy.cumulative_mg_per_kg, cy.cumulative_g_per_m2) == (D("25.1"), D("1.01"))
    assert cy.display == (
        "800 mg in this plan + 1,210 mg prior = 2,010 mg cumulative (25.1 mg/kg; 1.01 g/m²)"
    )
    mel = _total(plan, "melphalan")
    assert (mel.plan_mg, mel.prior_mg, mel.cumulative_mg) == (D(200), D(0), D(200))
    assert mel.display == "200 mg in this plan (2.5 mg/kg; 0.1 g/m²)"
    (info,) = [a for a in plan.alerts if a.code == AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE]
    assert info.severity == "info"
    assert info.message == f"Cyclophosphamide: {cy.display}."
    assert info.params == {
        "plan": "800 mg",
        "prior": "1,210 mg",
        "cumulative": "2,010 mg",
        "per_kg": "25.1",
        "per_m2": "1.01",
    }
    assert chinese_alert(info) == (
        "环磷酰胺：本计划 800 mg + 既往 1,210 mg = 累积 2,010 mg（25.1 mg/kg；1.01 g/m²）。"
    )
    cy = _total(_edges("1220"), "cyclophosphamide")
    assert cy.cumulative_mg_per_kg == D("25.3")
    assert cy.display.endswith("= 2,020 mg cumulative (25.3 mg/kg; 1.01 g/m²)")


def test_with_no_prior_the_cyclophosphamide_info_names_no_prior() -> None:
    """No prior: 800 mg = 10 mg/kg and 0.8 / 2 = 0.4 g/m²; the "prior" fact is empty."""
    plan = _edges("0")
    (info,) = [a for a in plan.alerts if a.code == AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE]
    assert info.message == "Cyclophosphamide: 800 mg in this plan (10 mg/kg; 0.4 g/m²)."
    assert info.params == {
        "plan": "800 mg",
        "prior": "",
        "cumulative": "800 mg",
        "per_kg": "10",
        "per_m2": "0.4",
    }
    assert chinese_alert(info) == "环磷酰胺：本计划 800 mg（10 mg/kg；0.4 g/m²）。"


def test_a_prior_with_no_cyclophosphamide_in_the_plan_is_a_total_of_its_own() -> None:
    """tiny.toml gives no cyclophosphamide; a prior 1,000 mg for 60 kg, 165 cm (BSA
    √(165 × 60 / 3600) = 1.66 m²) is still totalled: 0 mg in this plan, 1,000 / 60 = 16.67 →
    16.7 mg/kg, 1.0 / 1.66 = 0.6024 → 0.6 g/m²."""
    patient = Patient(
        age_years=35,
        sex=Sex.FEMALE,
        weight_kg=D(60),
        height_cm=D(165),
        prior_cyclophosphamide_mg=D(1000),
    )
    plan = compute_plan(TINY, PlanInput(protocol_id="tiny", patient=patient))
    cy = _total(plan, "cyclophosphamide")
    assert (cy.plan_mg, cy.prior_mg, cy.cumulative_mg) == (D(0), D(1000), D(1000))
    assert cy.display == (
        "0 mg in this plan + 1,000 mg prior = 1,000 mg cumulative (16.7 mg/kg; 0.6 g/m²)"
    )


# ---------------------------------------------------------------- course totals and stops


def test_a_course_total_is_the_dose_times_its_days_with_no_rounding_deviation() -> None:
    """Patient A: cyclophosphamide 40 mg/kg × 60 kg = 2,400 mg on 4 days = 9,600 mg; a course
    total is a sum of rounded doses, so its own rounding deviation is 0."""
    course = _items(patient_a())["cy-conditioning"].course_total
    assert course is not None
    assert (course.value, course.display, course.protocol_display) == (
        D(9600),
        "9,600 mg",
        "9,600 mg",
    )
    assert course.rounding_deviation_percent == D(0)


def test_an_open_course_names_its_stop_and_a_closed_one_none() -> None:
    """WBC 0.8 on mobilization day 9 starts G-CSF; with no harvest it is open, ending on CD34+
    above 2 × 10⁶/kg × 60 kg = 120 × 10⁶. Once 130 × 10⁶ is collected on day 14 the course
    is closed (days 9–14): it names no stop. Engraftment G-CSF stays open on ANC above 1.0
    × 10⁹/L on 2 consecutive days, with no harvest numbers."""
    started = (DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),)
    stop = _items(patient_a(counts=started))["gcsf-mobilization"].course_stop
    assert stop is not None
    assert (stop.kind, stop.params) == (
        "harvest-complete",
        {"per_kg": "2", "target": "120", "weight": "60"},
    )
    collected = (ApheresisYield(date=mobilization(14), cd34_10e6=D(130), mnc_10e8=D(120)),)
    items = _items(patient_a(counts=started + engraftment_counts({10: "1.2"}), apheresis=collected))
    assert items["gcsf-mobilization"].given_days == (9, 10, 11, 12, 13, 14)
    assert items["gcsf-mobilization"].course_stop is None
    stop = items["gcsf-engraftment"].course_stop
    assert stop is not None
    assert (stop.kind, stop.params) == (
        "anc-above-consecutive",
        {"threshold": "1.0", "days": "2"},
    )


def test_an_item_needs_a_choice_only_while_its_choice_is_missing() -> None:
    """Patient A with both choices made: no item needs one. With none made, methylprednisolone
    (a range) and the mobilization G-CSF (5 or 10 mcg/kg) do; cyclophosphamide never."""
    items = _items(patient_a())
    assert [i for i, r in items.items() if r.needs_choice] == []
    assert items["gcsf-mobilization"].chosen == D(5)
    items = _items(patient_a(choices={}))
    assert items["methylprednisolone"].needs_choice
    assert items["gcsf-mobilization"].needs_choice
    assert not items["cy-conditioning"].needs_choice


# ---------------------------------------------------------------- harvest


def test_the_harvest_status_at_the_mnc_target_is_not_met_and_words_the_targets() -> None:
    """CD34+ 130 × 10⁶ > 120: met; MNC 120 × 10⁸ is not more than 120: not met. Per kg:
    130 / 60 = 2.1667 → 2.17 and 120 / 60 = 2."""
    started = (DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),)
    collected = (ApheresisYield(date=mobilization(14), cd34_10e6=D(130), mnc_10e8=D(120)),)
    harvest = patient_a(counts=started, apheresis=collected).harvest
    assert harvest is not None
    assert (harvest.cd34_met, harvest.mnc_met) == (True, False)
    assert (harvest.cd34_collected_per_kg_10e6, harvest.mnc_collected_per_kg_10e8) == (
        D("2.17"),
        D(2),
    )
    assert harvest.target_text == (
        "CD34+ greater than 2 × 10⁶/kg (more than 120 × 10⁶ cells for 60 kg); mononuclear "
        "cells greater than 2 × 10⁸/kg (more than 120 × 10⁸ cells)"
    )
