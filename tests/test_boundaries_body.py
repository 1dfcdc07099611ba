"""Both sides of each dosing-weight rule, with the words the trace gives the pharmacist, and
the weight the daily IV volume is read per kg of (issue 16).

auto-hsct-ln conditioning cyclophosphamide, 40 mg/kg/day (adjusted factor 0.4, threshold
120% of IBW); ATG 2.5 mg/kg/day (factor 0.25). Devine IBW: female 45.5 + 2.3 × (165 / 2.54
− 60 = 4.9606) = 56.91 kg; male 50 + 2.3 × (152.4 / 2.54 − 60 = 0) = 50 kg.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.models import ComputedPlan, ItemResult, Patient, PlanInput, PlanOptions, Sex
from dosing.protocol import DosingWeightRule


def _plan(weight: str, height: str, sex: Sex, rule: DosingWeightRule | None) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=40, sex=sex, weight_kg=D(weight), height_cm=D(height)),
        options=PlanOptions(dosing_weight_rule=rule, day0_date=dt.date(2027, 4, 12)),
        choices={"methylprednisolone": D(250), "gcsf-mobilization": D(5)},
    )
    return compute_plan(get_protocol("auto-hsct-ln"), plan_input)


def _item(plan: ComputedPlan, item: str) -> ItemResult:
    (result,) = [i for i in plan.items if i.item == item]
    return result


def _weighed(plan: ComputedPlan, item: str) -> str:
    """The trace up to the dose: "40 mg/kg × 60 kg (actual weight)"."""
    return _item(plan, item).trace.split(" = ")[0]


def test_the_actual_weight_by_default() -> None:
    """60 kg, no rule chosen: 40 mg/kg × 60 kg on the actual weight."""
    plan = _plan("60", "165", Sex.FEMALE, None)
    assert _weighed(plan, "cy-conditioning") == "40 mg/kg × 60 kg (actual weight)"
    assert _item(plan, "cy-conditioning").dosing_weight_rule == "actual"


def test_the_ideal_weight_names_devine() -> None:
    """Rule ideal: 40 mg/kg × 56.91 kg (Devine)."""
    plan = _plan("60", "165", Sex.FEMALE, DosingWeightRule.IDEAL)
    assert _weighed(plan, "cy-conditioning") == ("40 mg/kg × 56.91 kg (ideal body weight (Devine))")


def test_the_adjusted_weight_names_its_ibw_factor_and_actual_weight() -> None:
    """Rule adjusted, 60 kg: 56.91 + 0.4 × (60 − 56.91 = 3.09) = 58.146 → 58.15 kg for
    cyclophosphamide; ATG's factor 0.25: 56.91 + 0.7725 = 57.6825 → 57.68 kg."""
    plan = _plan("60", "165", Sex.FEMALE, DosingWeightRule.ADJUSTED)
    assert _weighed(plan, "cy-conditioning") == (
        "40 mg/kg × 58.15 kg (adjusted body weight (IBW 56.91 kg + 0.4 × (actual 60 kg − IBW)))"
    )
    assert _weighed(plan, "atg") == (
        "2.5 mg/kg × 57.68 kg (adjusted body weight (IBW 56.91 kg + 0.25 × (actual 60 kg − IBW)))"
    )


def test_adjusted_if_over_either_side_of_120_percent_of_ibw() -> None:
    """120% of 56.91 = 68.292 kg. 68.29 kg is not above it: the actual weight. 68.3 kg is:
    56.91 + 0.4 × (68.3 − 56.91 = 11.39) = 61.466 → 61.47 kg."""
    plan = _plan("68.29", "165", Sex.FEMALE, DosingWeightRule.ADJUSTED_IF_OVER)
    assert _weighed(plan, "cy-conditioning") == (
        "40 mg/kg × 68.29 kg (actual weight (not above 120% of IBW))"
    )
    plan = _plan("68.3", "165", Sex.FEMALE, DosingWeightRule.ADJUSTED_IF_OVER)
    assert _weighed(plan, "cy-conditioning") == (
        "40 mg/kg × 61.47 kg (adjusted body weight (IBW 56.91 kg + 0.4 × (actual 68.3 kg − "
        "IBW)), actual above 120% of IBW)"
    )


def test_lesser_of_actual_and_ideal_at_and_above_the_ideal_weight() -> None:
    """Male, 152.4 cm: IBW 50 kg. At 50 kg the ideal is not less than the actual: the actual
    weight, worded so. At 60 kg the ideal 50 kg is less."""
    plan = _plan("50", "152.4", Sex.MALE, DosingWeightRule.LESSER_ACTUAL_IDEAL)
    assert _weighed(plan, "cy-conditioning") == (
        "40 mg/kg × 50 kg (actual weight (not more than ideal))"
    )
    plan = _plan("60", "152.4", Sex.MALE, DosingWeightRule.LESSER_ACTUAL_IDEAL)
    assert _weighed(plan, "cy-conditioning") == (
        "40 mg/kg × 50 kg (ideal body weight (less than actual))"
    )


def test_the_daily_iv_volume_is_per_kg_of_the_hydration_dosing_weight() -> None:
    """Rule adjusted, 100 kg: the hydration is dosed on 56.91 + 0.4 × (100 − 56.91 = 43.09)
    = 74.146 → 74.15 kg, while the mobilization G-CSF before it in the file stays on the
    actual 100 kg. Day −5: hydration 50 mL/kg × 74.15 = 3,707.5 → 3,710 + sodium bicarbonate
    250 + cyclophosphamide 500 = 4,460 mL; 4,460 / 74.15 = 60.148 → 60.1 mL/kg (44.6 on the
    actual 100 kg). Only the IV days of conditioning have rows (no mobilization date given)."""
    plan = _plan("100", "165", Sex.FEMALE, DosingWeightRule.ADJUSTED)
    assert _item(plan, "hydration").dosing_weight_kg == D("74.15")
    assert _item(plan, "gcsf-mobilization").dosing_weight_kg == D(100)
    days = {v.day_label: v for v in plan.daily_iv_volumes}
    assert list(days) == ["day −5", "day −4", "day −3", "day −2"]
    assert (days["day −5"].volume_ml, days["day −5"].ml_per_kg) == (D(4460), D("60.1"))
    assert {v.weight_kg for v in plan.daily_iv_volumes} == {D("74.15")}


def _measured(
    sex: Sex, weight: str, height: str, cap: str | None = None, creatinine: str | None = None
) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            age_years=40,
            sex=sex,
            weight_kg=D(weight),
            height_cm=D(height),
            serum_creatinine=None
            if creatinine is None
            else {"value": D(creatinine), "unit": "mg/dL"},
        ),
        options=PlanOptions(
            day0_date=dt.date(2027, 4, 12), bsa_cap_m2=None if cap is None else D(cap)
        ),
        choices={"methylprednisolone": D(250), "gcsf-mobilization": D(5)},
    )
    return compute_plan(get_protocol("auto-hsct-ln"), plan_input)


def test_a_bsa_exactly_at_the_cap_is_not_capped() -> None:
    """Mosteller: √(180 × 80 / 3600) = √4 = 2 m², the cap 2 m²: not above it, so not capped
    and no "capped" alert. 81 kg: √(180 × 81 / 3600 = 4.05) = 2.0125 → 2.01 m², above the
    cap: 2 m² for every per-m² dose, and the alert names both."""
    at_cap = _measured(Sex.FEMALE, "80", "180", cap="2")
    assert (at_cap.anthropometrics.bsa_m2, at_cap.anthropometrics.bsa_capped) == (D(2), False)
    assert "bsa-capped" not in [alert.code for alert in at_cap.alerts]
    above = _measured(Sex.FEMALE, "81", "180", cap="2")
    assert (above.anthropometrics.bsa_m2, above.anthropometrics.bsa_capped) == (D(2), True)
    (capped,) = [alert for alert in above.alerts if alert.code == "bsa-capped"]
    assert capped.message == "BSA 2.01 m² capped at 2 m² for every per-m² dose."


def test_egfr_and_creatinine_of_a_woman_and_a_man() -> None:
    """Creatinine 0.885 mg/dL, age 40, CKD-EPI 2021. Woman: κ 0.7, 0.885 / 0.7 = 1.2643 above
    1, so 142 × 1.2643^−1.200 (0.7547) × 0.9938^40 (0.7798) × 1.012 = 84.5696 → 84.6.
    Man: κ 0.9, 0.885 / 0.9 = 0.9833 below 1, so 142 × 0.9833^−0.302 (1.0051) × 0.7798 =
    111.289 → 111.3. The creatinine shown is 0.885 half up to 0.01: 0.89 (half-even: 0.88)."""
    woman = _measured(Sex.FEMALE, "80", "180", creatinine="0.885").anthropometrics
    man = _measured(Sex.MALE, "80", "180", creatinine="0.885").anthropometrics
    assert (woman.egfr_ml_min_173m2, woman.creatinine_mg_dl) == (D("84.6"), D("0.89"))
    assert (man.egfr_ml_min_173m2, man.creatinine_mg_dl) == (D("111.3"), D("0.89"))
