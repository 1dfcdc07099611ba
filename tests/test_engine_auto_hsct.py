"""auto-hsct-ln (seed 000): every item for two patients, each number computed by hand here.

Patient A: female, 35 y, 60 kg, 165 cm. Mosteller √(165 × 60 / 3600) = √2.75 = 1.6583 → 1.66 m².
Patient B: male, 48 y, 82.4 kg, 178 cm. Mosteller √(178 × 82.4 / 3600) = √4.074222 = 2.0185
→ 2.02 m²; Devine IBW 50 + 2.3 × (178 / 2.54 − 60 = 10.0787) = 73.18 kg.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.models import (
    Administration,
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    Sex,
)

A_DAY0 = dt.date(2027, 4, 12)
A_MOB = dt.date(2027, 3, 1)
B_DAY0 = dt.date(2026, 12, 31)
B_MOB = dt.date(2026, 11, 30)


def _plan(
    weight: str,
    height: str,
    sex: Sex,
    age: int,
    *,
    day0: dt.date | None = None,
    mobilization: dt.date | None = None,
    prior: str = "0",
    **extra: Any,
) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            age_years=age,
            sex=sex,
            weight_kg=D(weight),
            height_cm=D(height),
            prior_cyclophosphamide_mg=D(prior),
        ),
        options=PlanOptions(day0_date=day0, mobilization_start_date=mobilization),
        **extra,
    )
    return compute_plan(get_protocol("auto-hsct-ln"), plan_input)


def patient_a(**extra: Any) -> ComputedPlan:
    extra.setdefault("choices", {"methylprednisolone": D(250), "gcsf-mobilization": D(5)})
    return _plan("60", "165", Sex.FEMALE, 35, day0=A_DAY0, mobilization=A_MOB, **extra)


def patient_b(**extra: Any) -> ComputedPlan:
    extra.setdefault("choices", {"methylprednisolone": D(500), "gcsf-mobilization": D(6)})
    return _plan(
        "82.4", "178", Sex.MALE, 48, day0=B_DAY0, mobilization=B_MOB, prior="3000", **extra
    )


def admins(plan: ComputedPlan, item: str) -> list[Administration]:
    return [a for a in plan.administrations if a.item == item]


def scheduled(plan: ComputedPlan, item: str) -> list[Administration]:
    return [a for a in admins(plan, item) if a.status == "scheduled"]


def total(plan: ComputedPlan, item: str) -> D:
    (match,) = [t.value for t in plan.totals if t.item == item]
    return match


def item_result(plan: ComputedPlan, item: str) -> Any:
    (match,) = [i for i in plan.items if i.item == item]
    return match


def days_dates(plan: ComputedPlan, item: str) -> list[tuple[int | None, str, dt.date | None]]:
    return [(a.day, a.day_label, a.date) for a in scheduled(plan, item)]


def values(plan: ComputedPlan, item: str) -> set[D | None]:
    return {a.dose.value if a.dose else None for a in scheduled(plan, item)}


# ---------------------------------------------------------------- anthropometrics


def test_anthropometrics_patient_a() -> None:
    """A: BSA 1.66 m² (Mosteller), IBW 56.91 kg, BMI 22.0."""
    values_a = patient_a().anthropometrics
    assert values_a.bsa_m2 == D("1.66")
    assert values_a.ibw_kg == D("56.91")
    assert values_a.bmi == D("22.0")  # 60 / 1.65² = 22.04


def test_anthropometrics_patient_b() -> None:
    """B: BSA 2.02 m², IBW 73.18 kg, BMI 82.4 / 1.78² = 26.0."""
    values_b = patient_b().anthropometrics
    assert values_b.bsa_m2 == D("2.02")
    assert values_b.ibw_kg == D("73.18")
    assert values_b.bmi == D("26.0")  # 82.4 / 3.1684 = 26.007


# ---------------------------------------------------------------- mobilization cyclophosphamide


def test_cy_mobilization_patient_a() -> None:
    """2.0 g/m² × 1.66 m² = 3.32 g = 3,320 mg on mobilization days 1 and 2."""
    plan = patient_a()
    assert values(plan, "cy-mobilization") == {D(3320)}
    (dose,) = {a.dose.display for a in scheduled(plan, "cy-mobilization") if a.dose}
    assert dose == "3,320 mg"
    assert days_dates(plan, "cy-mobilization") == [
        (1, "mobilization day 1", dt.date(2027, 3, 1)),
        (2, "mobilization day 2", dt.date(2027, 3, 2)),
    ]
    assert total(plan, "cy-mobilization") == 2 * 3320
    result = item_result(plan, "cy-mobilization")
    assert result.course_total_per_basis == "4 g/m²"  # 2 days × 2.0 g/m²
    assert "cyclophosphamide (2.0 g/m2) for 2 days" in result.quote


def test_cy_mobilization_patient_b() -> None:
    """2.0 g/m² × 2.02 m² = 4.04 g = 4,040 mg/day; course 8,080 mg."""
    plan = patient_b()
    assert values(plan, "cy-mobilization") == {D(4040)}
    assert [a.date for a in scheduled(plan, "cy-mobilization")] == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 1),
    ]
    assert total(plan, "cy-mobilization") == 8080


def test_cy_mobilization_with_other_bsa_formula() -> None:
    """DuBois 70 kg / 170 cm 1.8097 → 1.81 m²: 2.0 × 1.81 = 3,620 mg (not Mosteller's 3,640)."""
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=40, sex=Sex.FEMALE, weight_kg=D(70), height_cm=D(170)),
        options=PlanOptions(bsa_formula="dubois"),  # type: ignore[arg-type]
    )
    plan = compute_plan(get_protocol("auto-hsct-ln"), plan_input)
    assert plan.anthropometrics.bsa_m2 == D("1.81")
    assert values(plan, "cy-mobilization") == {D(3620)}


def test_cy_mobilization_with_bsa_cap() -> None:
    """B capped at 2.0 m²: 2.0 g/m² × 2.0 = 4,000 mg, and an info alert says so."""
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=48, sex=Sex.MALE, weight_kg=D("82.4"), height_cm=D(178)),
        options=PlanOptions(bsa_cap_m2=D(2)),
    )
    plan = compute_plan(get_protocol("auto-hsct-ln"), plan_input)
    assert values(plan, "cy-mobilization") == {D(4000)}
    assert "bsa-capped" in {a.code for a in plan.alerts}
    # weight-based items ignore the cap: 40 × 82.4 = 3,296 → 3,300
    assert values(plan, "cy-conditioning") == {D(3300)}


# ---------------------------------------------------------------- mobilization G-CSF


def test_gcsf_mobilization_choice_exact_syringe_patient_a() -> None:
    """5 mcg/kg × 60 kg = 300 mcg: exactly one 300 mcg syringe."""
    plan = patient_a()
    (admin,) = admins(plan, "gcsf-mobilization")
    assert admin.dose is not None
    assert admin.dose.value == 300
    assert admin.dose.display == "300 mcg"
    assert admin.dose.ucum == "ug"
    assert admin.presentation == "1 × 300 mcg prefilled syringe"


def test_gcsf_mobilization_rounds_to_syringe_within_10_percent() -> None:
    """B: 6 mcg/kg × 82.4 kg = 494.4 mcg; a 480 mcg syringe is 2.9% away (within ±10%)."""
    plan = patient_b()
    (admin,) = admins(plan, "gcsf-mobilization")
    assert admin.dose is not None
    assert admin.dose.value == 480
    assert admin.dose.unrounded == D("494.4")
    # (480 − 494.4) / 494.4 = −2.91%
    assert admin.dose.rounding_deviation_percent == D("-2.91")


def test_gcsf_mobilization_no_syringe_within_10_percent() -> None:
    """B at 5 mcg/kg: 412 mcg; 480 is +16.5%, 300 is −27%: stays 412 mcg (1 mcg increment)."""
    plan = patient_b(choices={"methylprednisolone": D(500), "gcsf-mobilization": D(5)})
    (admin,) = admins(plan, "gcsf-mobilization")
    assert admin.dose is not None
    assert admin.dose.value == 412


def test_gcsf_mobilization_rounds_down_to_two_syringes() -> None:
    """B at 10 mcg/kg: 824 mcg; 480 + 300 = 780 is −5.3% (900 = 3 × 300 is +9.2%): 780 mcg."""
    plan = patient_b(choices={"methylprednisolone": D(500), "gcsf-mobilization": D(10)})
    (admin,) = admins(plan, "gcsf-mobilization")
    assert admin.dose is not None
    assert admin.dose.value == 780


def test_gcsf_mobilization_conditional_without_counts() -> None:
    """Without counts: one conditional administration, day None, the WBC rule in words."""
    plan = patient_a()
    (admin,) = admins(plan, "gcsf-mobilization")
    assert admin.status == "conditional"
    assert admin.day is None
    assert admin.date is None
    assert admin.condition is not None
    assert "WBC less than 1.0 × 10⁹/L" in admin.condition
    assert "<" not in admin.condition


def test_gcsf_mobilization_resolved_by_counts_and_harvest() -> None:
    """A: WBC 0.8 on 9 March (M9) starts G-CSF; CD34+ 70 + 60 = 130 > 120 × 10⁶ on 15 March
    (M15) stops it: 7 doses of 300 mcg, 9–15 March."""
    counts = (
        DailyCount(date=dt.date(2027, 3, 8), wbc_10e9_per_l=D("1.5")),
        DailyCount(date=dt.date(2027, 3, 9), wbc_10e9_per_l=D("0.8")),
        DailyCount(date=dt.date(2027, 3, 10), wbc_10e9_per_l=D("0.5")),
    )
    apheresis = (
        ApheresisYield(date=dt.date(2027, 3, 14), cd34_10e6=D(70), mnc_10e8=D(70)),
        ApheresisYield(date=dt.date(2027, 3, 15), cd34_10e6=D(60), mnc_10e8=D(60)),
    )
    plan = patient_a(counts=counts, apheresis=apheresis)
    gcsf = admins(plan, "gcsf-mobilization")
    assert all(a.status == "scheduled" for a in gcsf)
    assert [a.day for a in gcsf] == list(range(9, 16))
    assert [a.date for a in gcsf] == [dt.date(2027, 3, d) for d in range(9, 16)]
    assert gcsf[0].day_label == "mobilization day 9"
    assert total(plan, "gcsf-mobilization") == 7 * 300


def test_gcsf_mobilization_wbc_exactly_threshold_does_not_start() -> None:
    """WBC 1.0 is not less than 1.0 × 10⁹/L: still waiting."""
    counts = (DailyCount(date=dt.date(2027, 3, 9), wbc_10e9_per_l=D("1.0")),)
    plan = patient_a(counts=counts)
    (admin,) = admins(plan, "gcsf-mobilization")
    assert admin.status == "conditional"
    assert admin.day is None


def test_gcsf_mobilization_started_continues_until_harvest() -> None:
    """Started on M9, harvest 70 × 10⁶ not over 120 × 10⁶: days so far, then conditional."""
    counts = (
        DailyCount(date=dt.date(2027, 3, 9), wbc_10e9_per_l=D("0.8")),
        DailyCount(date=dt.date(2027, 3, 12), wbc_10e9_per_l=D("3.1")),
    )
    apheresis = (ApheresisYield(date=dt.date(2027, 3, 12), cd34_10e6=D(70), mnc_10e8=D(50)),)
    plan = patient_a(counts=counts, apheresis=apheresis)
    gcsf = admins(plan, "gcsf-mobilization")
    assert [a.day for a in gcsf if a.status == "scheduled"] == [9, 10, 11, 12]
    assert [a.status for a in gcsf][-1] == "conditional"
    assert gcsf[-1].day is None


# ---------------------------------------------------------------- harvest and reinfusion


def test_harvest_targets_patient_a() -> None:
    """A, 60 kg: CD34+ 2 × 10⁶/kg × 60 = 120 × 10⁶; MNC 2 × 10⁸/kg × 60 = 120 × 10⁸."""
    harvest = patient_a().harvest
    assert harvest is not None
    assert harvest.cd34_target_10e6 == 120
    assert harvest.mnc_target_10e8 == 120
    assert harvest.collections == 0
    assert not harvest.cd34_met


def test_harvest_targets_patient_b() -> None:
    """B, 82.4 kg: 2 × 82.4 = 164.8 × 10⁶ CD34+ and 164.8 × 10⁸ MNC."""
    harvest = patient_b().harvest
    assert harvest is not None
    assert harvest.cd34_target_10e6 == D("164.8")
    assert harvest.mnc_target_10e8 == D("164.8")


def test_harvest_yields_summed_and_reinfusion_dose() -> None:
    """A: 80 + 75 = 155 × 10⁶ CD34+ (155 / 60 = 2.58 × 10⁶/kg, met); MNC 70 + 45 = 115 × 10⁸
    is not more than 120 × 10⁸ (not met). The whole graft is reinfused on day 0."""
    apheresis = (
        ApheresisYield(date=dt.date(2027, 3, 14), cd34_10e6=D(80), mnc_10e8=D(70)),
        ApheresisYield(date=dt.date(2027, 3, 15), cd34_10e6=D(75), mnc_10e8=D(45)),
    )
    plan = patient_a(apheresis=apheresis)
    harvest = plan.harvest
    assert harvest is not None
    assert harvest.cd34_collected_10e6 == 155
    assert harvest.cd34_collected_per_kg_10e6 == D("2.58")
    assert harvest.cd34_met
    assert harvest.mnc_collected_10e8 == 115
    assert harvest.mnc_collected_per_kg_10e8 == D("1.92")  # 115 / 60 = 1.9167
    assert not harvest.mnc_met
    (reinfusion,) = admins(plan, "pbsc-reinfusion")
    assert reinfusion.dose is not None
    assert reinfusion.dose.value == 155_000_000
    assert reinfusion.dose.amount_display == "155 × 10⁶ cells"
    assert "2.58 × 10⁶/kg" in reinfusion.dose.display
    assert (reinfusion.day, reinfusion.day_label, reinfusion.date) == (0, "day 0", A_DAY0)


def test_harvest_reinfusion_patient_b() -> None:
    """B: 100 + 90.5 = 190.5 × 10⁶ CD34+; 190.5 / 82.4 = 2.3119 → 2.31 × 10⁶/kg."""
    apheresis = (
        ApheresisYield(date=dt.date(2026, 12, 12), cd34_10e6=D(100), mnc_10e8=D(100)),
        ApheresisYield(date=dt.date(2026, 12, 13), cd34_10e6=D("90.5"), mnc_10e8=D(80)),
    )
    plan = patient_b(apheresis=apheresis)
    (reinfusion,) = admins(plan, "pbsc-reinfusion")
    assert reinfusion.dose is not None
    assert reinfusion.dose.amount_display == "190.5 × 10⁶ cells"
    assert "2.31 × 10⁶/kg" in reinfusion.dose.display
    assert reinfusion.date == B_DAY0
    assert plan.harvest is not None and plan.harvest.cd34_met and plan.harvest.mnc_met


def test_reinfusion_without_yields_has_no_dose() -> None:
    """No apheresis yields entered: day 0 reinfusion listed without a dose, info alert."""
    plan = patient_a()
    (reinfusion,) = admins(plan, "pbsc-reinfusion")
    assert reinfusion.dose is None
    assert "apheresis-yields-missing" in {a.code for a in plan.alerts}


# ---------------------------------------------------------------- conditioning


def test_conditioning_days_and_dates_patient_a() -> None:
    """Day 0 12 April 2027: day −5 is 7 April, day −2 is 10 April."""
    plan = patient_a()
    assert days_dates(plan, "cy-conditioning") == [
        (-5, "day −5", dt.date(2027, 4, 7)),
        (-4, "day −4", dt.date(2027, 4, 8)),
        (-3, "day −3", dt.date(2027, 4, 9)),
        (-2, "day −2", dt.date(2027, 4, 10)),
    ]
    assert [a.day for a in scheduled(plan, "atg")] == [-4, -3, -2]
    assert [a.day for a in scheduled(plan, "methylprednisolone")] == [-4, -3, -2]
    assert [a.day for a in scheduled(plan, "hydration")] == [-5, -4, -3, -2]
    assert [a.day for a in scheduled(plan, "sodium-bicarbonate")] == [-5, -4, -3, -2]
    assert [a.day for a in scheduled(plan, "anti-emetic")] == [-5, -4, -3, -2]


def test_conditioning_dates_across_year_end_patient_b() -> None:
    """Day 0 31 December 2026: day −5 is 26 December, day +1 is 1 January 2027."""
    plan = patient_b()
    assert [a.date for a in scheduled(plan, "cy-conditioning")] == [
        dt.date(2026, 12, 26),
        dt.date(2026, 12, 27),
        dt.date(2026, 12, 28),
        dt.date(2026, 12, 29),
    ]
    first = scheduled(plan, "gcsf-engraftment")[0]
    assert (first.day, first.day_label, first.date) == (1, "day +1", dt.date(2027, 1, 1))


def test_cy_conditioning_patient_a() -> None:
    """40 mg/kg × 60 kg = 2,400 mg/day × 4 days = 9,600 mg (160 mg/kg)."""
    plan = patient_a()
    assert values(plan, "cy-conditioning") == {D(2400)}
    assert total(plan, "cy-conditioning") == 9600
    result = item_result(plan, "cy-conditioning")
    assert result.course_total_per_basis == "160 mg/kg"
    assert result.dosing_weight_kg == 60
    assert "40 mg/kg × 60 kg" in result.trace
    assert "2,400 mg" in result.trace


def test_cy_conditioning_patient_b() -> None:
    """40 mg/kg × 82.4 kg = 3,296 → 3,300 mg (10 mg increment, +0.12%); course 13,200 mg."""
    plan = patient_b()
    (admin, *_) = scheduled(plan, "cy-conditioning")
    assert admin.dose is not None
    assert admin.dose.value == 3300
    assert admin.dose.unrounded == 3296
    assert admin.dose.rounding_deviation_percent == D("0.12")  # 4 / 3296 = 0.1214%
    assert admin.dose.display == "3,300 mg"
    assert total(plan, "cy-conditioning") == 13200
    # least waste: 2,000 + 1,000 + 500 = 3,500 mg
    assert admin.presentation == "1 × 2,000 mg vial + 1 × 1,000 mg vial + 1 × 500 mg vial"
    assert admin.volume_ml == 500
    assert admin.rate_ml_per_h == 250  # 500 mL over 2 hours


def test_atg_patient_a() -> None:
    """2.5 mg/kg × 60 kg = 150 mg/day × 3 = 450 mg; 6 × 25 mg vials; 500 mL over 6 h."""
    plan = patient_a()
    (admin, *_) = scheduled(plan, "atg")
    assert admin.dose is not None and admin.dose.display == "150 mg"
    assert admin.presentation == "6 × 25 mg vials"
    assert admin.rate_ml_per_h == D("83.3")  # 500 / 6 = 83.33
    assert total(plan, "atg") == 450
    assert item_result(plan, "atg").course_total_per_basis == "7.5 mg/kg"


def test_atg_patient_b() -> None:
    """2.5 mg/kg × 82.4 kg = 206 → 205 mg (5 mg increment); course 615 mg."""
    plan = patient_b()
    assert values(plan, "atg") == {D(205)}
    assert total(plan, "atg") == 615


def test_methylprednisolone_chosen_patient_a() -> None:
    """250 mg/day chosen in 80–500: 250 mg on days −4…−2 with ATG; 750 mg."""
    plan = patient_a()
    (admin, *_) = scheduled(plan, "methylprednisolone")
    assert admin.dose is not None and admin.dose.display == "250 mg"
    assert admin.chosen_value == "250 mg/day (range 80–500 mg/day)"
    assert admin.presentation == "2 × 125 mg vials"
    assert admin.rate_ml_per_h == 100  # 100 mL over 1 hour
    assert total(plan, "methylprednisolone") == 750


def test_methylprednisolone_chosen_patient_b() -> None:
    """500 mg/day (top of the range): 1 × 500 mg vial; 1,500 mg."""
    plan = patient_b()
    (admin, *_) = scheduled(plan, "methylprednisolone")
    assert admin.dose is not None and admin.dose.value == 500
    assert admin.presentation == "1 × 500 mg vial"
    assert total(plan, "methylprednisolone") == 1500


def test_choice_required_when_not_chosen() -> None:
    """No choice: dose None, needs_choice, a soft choice-required alert per ranged item."""
    plan = patient_a(choices={})
    for item in ("methylprednisolone", "gcsf-mobilization"):
        assert all(a.dose is None for a in admins(plan, item))
        assert item_result(plan, item).needs_choice
        (alert,) = [a for a in plan.alerts if a.code == "choice-required" and a.item == item]
        assert alert.severity == "soft"
        assert not alert.acknowledged
    assert "methylprednisolone" not in {t.item for t in plan.totals}
    # the other doses are still computed
    assert values(plan, "cy-conditioning") == {D(2400)}


def test_hydration_patient_a() -> None:
    """50 mL/kg × 60 kg = 3,000 mL/day over 24 h = 125 mL/h; 12,000 mL over 4 days."""
    plan = patient_a()
    (admin, *_) = scheduled(plan, "hydration")
    assert admin.dose is not None and admin.dose.display == "3,000 mL"
    assert admin.volume_ml == 3000
    assert admin.rate_ml_per_h == 125
    assert total(plan, "hydration") == 12000


def test_hydration_patient_b() -> None:
    """50 mL/kg × 82.4 kg = 4,120 mL/day; 4,120 / 24 = 171.67 → 171.7 mL/h; 16,480 mL."""
    plan = patient_b()
    (admin, *_) = scheduled(plan, "hydration")
    assert admin.dose is not None and admin.dose.value == 4120
    assert admin.volume_ml == 4120
    assert admin.rate_ml_per_h == D("171.7")
    assert total(plan, "hydration") == 16480


@pytest.mark.parametrize("patient", [patient_a, patient_b])
def test_sodium_bicarbonate(patient: Any) -> None:
    """250 mL/day whatever the weight; 250 / 24 = 10.42 → 10.4 mL/h; 1,000 mL over 4 days."""
    plan = patient()
    for admin in scheduled(plan, "sodium-bicarbonate"):
        assert admin.dose is not None and admin.dose.display == "250 mL"
        assert admin.volume_ml == 250
        assert admin.rate_ml_per_h == D("10.4")
    assert total(plan, "sodium-bicarbonate") == 1000


@pytest.mark.parametrize("patient", [patient_a, patient_b])
def test_anti_emetic_per_local_protocol(patient: Any) -> None:
    """Listed on the cyclophosphamide days, never dosed here."""
    plan = patient()
    anti = scheduled(plan, "anti-emetic")
    assert len(anti) == 4
    assert all(a.dose is None for a in anti)
    assert all(a.route == "per local protocol" for a in anti)


# ---------------------------------------------------------------- engraftment G-CSF


def test_gcsf_engraftment_without_counts_patient_a() -> None:
    """0.5 mcg/kg × 60 = 30 mcg on day +1, then conditional on ANC; verify alert (soft)."""
    plan = patient_a()
    gcsf = admins(plan, "gcsf-engraftment")
    assert (gcsf[0].status, gcsf[0].day, gcsf[0].date) == ("scheduled", 1, dt.date(2027, 4, 13))
    assert gcsf[0].dose is not None and gcsf[0].dose.display == "30 mcg"
    assert gcsf[-1].status == "conditional" and gcsf[-1].day is None
    assert gcsf[-1].condition is not None
    assert "ANC greater than 1.0 × 10⁹/L on 2 consecutive days" in gcsf[-1].condition
    (alert,) = [a for a in plan.alerts if a.code == "verify-local-protocol"]
    assert alert.severity == "soft"
    assert "5 mcg/kg/day" in alert.message


def test_gcsf_engraftment_patient_b() -> None:
    """0.5 mcg/kg × 82.4 = 41.2 → 41 mcg."""
    plan = patient_b()
    (first, *_) = scheduled(plan, "gcsf-engraftment")
    assert first.dose is not None and first.dose.value == 41


def test_gcsf_engraftment_stops_on_second_consecutive_day() -> None:
    """ANC 1.2 on +10 then 0.9 (run broken), 1.0 on +12 (not greater), 1.1 on +13, 1.3 on
    +14: the 2nd consecutive day is +14, no dose that day: days +1…+13, 13 × 30 = 390 mcg."""
    anc = {1: "0.1", 5: "0.2", 9: "0.8", 10: "1.2", 11: "0.9", 12: "1.0", 13: "1.1", 14: "1.3"}
    counts = tuple(
        DailyCount(date=A_DAY0 + dt.timedelta(days=day), anc_10e9_per_l=D(value))
        for day, value in anc.items()
    )
    plan = patient_a(counts=counts)
    gcsf = admins(plan, "gcsf-engraftment")
    assert all(a.status == "scheduled" for a in gcsf)
    assert [a.day for a in gcsf] == list(range(1, 14))
    assert gcsf[-1].date == dt.date(2027, 4, 25)
    assert total(plan, "gcsf-engraftment") == 390


def test_gcsf_engraftment_continues_while_anc_low() -> None:
    """Counts to +6, none above 1.0: days +1…+6 scheduled, then conditional."""
    counts = tuple(
        DailyCount(date=A_DAY0 + dt.timedelta(days=day), anc_10e9_per_l=D("0.3"))
        for day in range(1, 7)
    )
    plan = patient_a(counts=counts)
    gcsf = admins(plan, "gcsf-engraftment")
    assert [a.day for a in gcsf if a.status == "scheduled"] == [1, 2, 3, 4, 5, 6]
    assert gcsf[-1].status == "conditional"


# ---------------------------------------------------------------- cumulative cyclophosphamide


def test_cumulative_cyclophosphamide_patient_a() -> None:
    """6,640 (mobilization) + 9,600 (conditioning) = 16,240 mg; / 60 kg = 270.67 → 270.7
    mg/kg; 16.24 g / 1.66 m² = 9.783 → 9.78 g/m²."""
    plan = patient_a()
    (cy,) = [d for d in plan.drug_totals if d.drug == "cyclophosphamide"]
    assert cy.plan_mg == 16240
    assert cy.prior_mg == 0
    assert cy.cumulative_mg == 16240
    assert cy.cumulative_mg_per_kg == D("270.7")
    assert cy.cumulative_g_per_m2 == D("9.78")


def test_cumulative_cyclophosphamide_with_prior_patient_b() -> None:
    """8,080 + 13,200 + 3,000 prior = 24,280 mg; / 82.4 = 294.66 → 294.7 mg/kg;
    24.28 / 2.02 = 12.0198 → 12.02 g/m²."""
    plan = patient_b()
    (cy,) = [d for d in plan.drug_totals if d.drug == "cyclophosphamide"]
    assert cy.plan_mg == 21280
    assert cy.prior_mg == 3000
    assert cy.cumulative_mg == 24280
    assert cy.cumulative_mg_per_kg == D("294.7")
    assert cy.cumulative_g_per_m2 == D("12.02")
    assert "24,280 mg cumulative" in cy.display


def test_cumulative_cyclophosphamide_follows_reduction() -> None:
    """A with conditioning at 50%: 1,200 mg × 4 = 4,800; 6,640 + 4,800 = 11,440 mg."""
    plan = patient_a(reductions={"cy-conditioning": Reduction(percent=D(50), reason="renal")})
    (cy,) = [d for d in plan.drug_totals if d.drug == "cyclophosphamide"]
    assert cy.cumulative_mg == 11440


# ---------------------------------------------------------------- follow-up


def test_follow_up_patient_a() -> None:
    """Seed 000: "at stem cell harvest, at transplantation, at 3, 6, 12, 18, and 24 months
    and then once a year", to seven years. Day 0 12 April 2027: 3 months 12 July 2027, …,
    24 months 12 April 2029, then yearly to 84 months, 12 April 2034. No apheresis entered:
    the harvest visit has no date yet, and says why."""
    plan = patient_a()
    harvest, transplantation, *months = plan.follow_up
    assert (harvest.event, harvest.label, harvest.date) == ("harvest", "at stem cell harvest", None)
    assert harvest.date_missing == "no apheresis collection entered yet"
    assert (transplantation.event, transplantation.date) == ("day0", A_DAY0)
    assert transplantation.label == "at transplantation (day 0)"
    assert [(v.months, v.date) for v in months] == [
        (3, dt.date(2027, 7, 12)),
        (6, dt.date(2027, 10, 12)),
        (12, dt.date(2028, 4, 12)),
        (18, dt.date(2028, 10, 12)),
        (24, dt.date(2029, 4, 12)),
        (36, dt.date(2030, 4, 12)),
        (48, dt.date(2031, 4, 12)),
        (60, dt.date(2032, 4, 12)),
        (72, dt.date(2033, 4, 12)),
        (84, dt.date(2034, 4, 12)),
    ]
    assert months[0].label == "3 months"
    assert all(v.after == "day0" and v.checks == ("close observation",) for v in months)


def test_follow_up_month_end_patient_b() -> None:
    """Day 0 31 December 2026: 6 months is 30 June (June has no 31st)."""
    plan = patient_b()
    assert [v.date for v in plan.follow_up if v.months][:5] == [
        dt.date(2027, 3, 31),
        dt.date(2027, 6, 30),
        dt.date(2027, 12, 31),
        dt.date(2028, 6, 30),
        dt.date(2028, 12, 31),
    ]


def test_no_dates_without_anchor_dates() -> None:
    """Without day 0 or mobilization dates, days are known but dates are not."""
    plan = _plan("60", "165", Sex.FEMALE, 35)
    assert all(a.date is None for a in plan.administrations)
    assert [a.day for a in scheduled(plan, "cy-conditioning")] == [-5, -4, -3, -2]
    assert all(v.date is None and v.date_missing for v in plan.follow_up)
