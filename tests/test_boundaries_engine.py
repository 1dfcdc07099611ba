"""Both sides of every count-, harvest- and presentation-driven rule of the engine (issue 16).

Each test sits where a one-character slip in the rule (``>`` for ``>=``, ``break`` for
``continue``, ``/`` for ``*``) changes a dose, a day or an alert; the arithmetic is in the
docstrings. Only the public API is used: ``compute_plan`` with a ``Protocol`` and a
``PlanInput``, ``app.services.compute`` and the output models.

auto-hsct-ln patient A (from test_engine_auto_hsct): female, 35 y, 60 kg, 165 cm; day 0 is
12 April 2027; mobilization day 1 is 1 March 2027 (mobilization day N = 1 March + N − 1).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from test_engine_auto_hsct import A_DAY0, admins, patient_a, patient_b, scheduled, total

from app.protocols import load_protocol_file
from app.services import compute
from dosing.engine import compute_plan
from dosing.models import (
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    Sex,
)

CONVERSIONS = load_protocol_file(
    Path(__file__).parent / "fixtures" / "protocols" / "conversions.toml"
)


def mobilization(day: int) -> dt.date:
    return dt.date(2027, 3, 1) + dt.timedelta(days=day - 1)


def engraftment_counts(anc: dict[int, str]) -> tuple[DailyCount, ...]:
    return tuple(
        DailyCount(date=A_DAY0 + dt.timedelta(days=day), anc_10e9_per_l=D(value))
        for day, value in anc.items()
    )


def engraftment_days(plan: ComputedPlan) -> tuple[list[int | None], bool]:
    """The scheduled engraftment G-CSF days, and whether it still continues (conditional)."""
    gcsf = admins(plan, "gcsf-engraftment")
    return (
        [a.day for a in gcsf if a.status == "scheduled"],
        any(a.status == "conditional" for a in gcsf),
    )


def mobilization_days(plan: ComputedPlan) -> tuple[list[int | None], bool]:
    gcsf = admins(plan, "gcsf-mobilization")
    return (
        [a.day for a in gcsf if a.status == "scheduled"],
        any(a.status == "conditional" for a in gcsf),
    )


# ---------------------------------------------------------------- engraftment G-CSF stop rule
# Stop rule: ANC greater than 1.0 × 10⁹/L on 2 consecutive days; counts are read in the
# morning, so no dose on the day the rule is met. First day +1.


def test_engraftment_two_non_consecutive_days_above_do_not_stop() -> None:
    """ANC 1.2 on +10, no count on +11, 1.3 on +12: two days above 1.0 but not consecutive
    (12 − 10 = 2 days apart): G-CSF continues, +1…+12 scheduled (last count +12)."""
    plan = patient_a(counts=engraftment_counts({10: "1.2", 12: "1.3"}))
    assert engraftment_days(plan) == (list(range(1, 13)), True)


def test_engraftment_anc_exactly_1_is_not_above() -> None:
    """ANC exactly 1.0 on +10 and +11 is not greater than 1.0: continues (+1…+11)."""
    plan = patient_a(counts=engraftment_counts({10: "1.0", 11: "1.0"}))
    assert engraftment_days(plan) == (list(range(1, 12)), True)


def test_engraftment_just_above_1_on_two_consecutive_days_stops() -> None:
    """Nadir ANC 0.1 on +5, then 1.01 on +10 and +11: met on +11, last dose +10: +1…+10,
    10 × 30 mcg = 300 mcg."""
    plan = patient_a(counts=engraftment_counts({5: "0.1", 10: "1.01", 11: "1.01"}))
    assert engraftment_days(plan) == (list(range(1, 11)), False)
    assert total(plan, "gcsf-engraftment") == 300


def test_engraftment_count_before_the_course_is_skipped_not_the_end() -> None:
    """ANC 0.5 on day 0, before the first dose on +1, is not the nadir (the nadir rule counts
    from the course's first day); 1.5 on +1 and +2 are pre-nadir and stop nothing: G-CSF
    continues, +1 and +2 scheduled. Counting the day-0 count as the nadir would stop after
    +1; a scan that ended at it would schedule only +1."""
    plan = patient_a(counts=engraftment_counts({0: "0.5", 1: "1.5", 2: "1.5"}))
    assert engraftment_days(plan) == ([1, 2], True)


def test_engraftment_count_without_anc_is_skipped() -> None:
    """A WBC-only count on +2 between ANC 1.5 on +1 and +3 does not break the scan; +1 and
    +3 are not consecutive: continues to the last ANC day, +1…+3."""
    counts = (
        *engraftment_counts({1: "1.5"}),
        DailyCount(date=A_DAY0 + dt.timedelta(days=2), wbc_10e9_per_l=D("4.0")),
        *engraftment_counts({3: "1.5"}),
    )
    plan = patient_a(counts=counts)
    assert engraftment_days(plan) == ([1, 2, 3], True)


def test_engraftment_run_broken_by_a_low_day_restarts() -> None:
    """1.2 on +5, 0.8 on +6, 1.2 on +7, 1.2 on +8: the run restarts on +7, met on +8:
    last dose +7 (+1…+7, 7 × 30 = 210 mcg)."""
    plan = patient_a(counts=engraftment_counts({5: "1.2", 6: "0.8", 7: "1.2", 8: "1.2"}))
    assert engraftment_days(plan) == (list(range(1, 8)), False)
    assert total(plan, "gcsf-engraftment") == 210


# ---------------------------------------------------------------- mobilization G-CSF start
# Start rule: the first day on or after mobilization day 1 whose WBC is below 1.0 × 10⁹/L.


def test_mobilization_gcsf_starts_on_the_first_eligible_day() -> None:
    """Cyclophosphamide on mobilization days 1 and 2; G-CSF not within 24 h of it, so the
    first eligible day is 2 + ⌈24 / 24⌉ = day 3. WBC 0.9 on day 3: G-CSF starts that day;
    still conditional on the harvest after it."""
    plan = patient_a(counts=(DailyCount(date=mobilization(3), wbc_10e9_per_l=D("0.9")),))
    assert mobilization_days(plan) == ([3], True)


def test_mobilization_gcsf_low_wbc_before_the_first_eligible_day_does_not_start() -> None:
    """WBC 0.9 on day 2 (a cyclophosphamide day, a leukopenic baseline): not started."""
    plan = patient_a(counts=(DailyCount(date=mobilization(2), wbc_10e9_per_l=D("0.9")),))
    assert mobilization_days(plan) == ([], True)
    assert admins(plan, "gcsf-mobilization")[0].day is None


def test_mobilization_gcsf_wbc_just_below_threshold_starts() -> None:
    """WBC 0.99 on day 4 is below 1.0 (1.0 exactly is tested as not starting): starts day 4."""
    plan = patient_a(counts=(DailyCount(date=mobilization(4), wbc_10e9_per_l=D("0.99")),))
    assert mobilization_days(plan) == ([4], True)


# ---------------------------------------------------------------- harvest stop (CD34+ target)
# Patient A: target CD34+ greater than 2 × 10⁶/kg × 60 kg = 120 × 10⁶; G-CSF started day 9.

_STARTED_DAY_9 = (DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),)


def _harvest_plan(*yields: tuple[int, str]) -> ComputedPlan:
    apheresis = tuple(
        ApheresisYield(date=mobilization(day), cd34_10e6=D(cd34), mnc_10e8=D(cd34))
        for day, cd34 in yields
    )
    return patient_a(counts=_STARTED_DAY_9, apheresis=apheresis)


def test_harvest_exactly_at_cd34_target_does_not_stop() -> None:
    """60 + 60 = 120 × 10⁶ on days 14 and 15 is not more than 120: G-CSF continues (9…15),
    target not met."""
    plan = _harvest_plan((14, "60"), (15, "60"))
    assert mobilization_days(plan) == (list(range(9, 16)), True)
    assert plan.harvest is not None and not plan.harvest.cd34_met


def test_harvest_just_under_target_does_not_stop() -> None:
    """119.5 × 10⁶ on day 14 is under 120 (a running total started at 1 would make it 120.5,
    over): continues (9…14)."""
    plan = _harvest_plan((14, "119.5"))
    assert mobilization_days(plan) == (list(range(9, 15)), True)
    assert plan.harvest is not None and not plan.harvest.cd34_met


def test_harvest_just_over_target_stops_that_day() -> None:
    """120.1 × 10⁶ on day 14 is over 120: last G-CSF dose day 14 (9…14, 6 × 300 = 1,800 mcg)."""
    plan = _harvest_plan((14, "120.1"))
    assert mobilization_days(plan) == (list(range(9, 15)), False)
    assert total(plan, "gcsf-mobilization") == 1800
    assert plan.harvest is not None and plan.harvest.cd34_met


def test_harvest_dated_before_start_is_skipped_not_the_end() -> None:
    """A 10 × 10⁶ collection dated day 5 (before the day-9 start) is not counted and does not
    end the scan: 70 (day 14) + 60 (day 15) = 130 > 120 stops on day 15 (9…15). It raises a
    soft alert naming the date."""
    plan = _harvest_plan((5, "10"), (14, "70"), (15, "60"))
    assert mobilization_days(plan) == (list(range(9, 16)), False)
    (alert,) = [a for a in plan.alerts if a.code == "apheresis-before-start"]
    assert alert.severity == "soft"
    assert "2027-03-05" in alert.message


def test_cd34_per_kg_rounds_half_up() -> None:
    """150.3 × 10⁶ CD34+ / 60 kg = 2.505 → 2.51 × 10⁶/kg (half-even 2.50); MNC likewise."""
    plan = _harvest_plan((14, "150.3"))
    assert plan.harvest is not None
    assert plan.harvest.cd34_collected_per_kg_10e6 == D("2.51")
    assert plan.harvest.mnc_collected_per_kg_10e8 == D("2.51")
    (reinfusion,) = admins(plan, "pbsc-reinfusion")
    assert reinfusion.dose is not None
    assert "2.51 × 10⁶/kg" in reinfusion.dose.display


# ---------------------------------------------------------------- unit conversion and totals
# conversions fixture, female 35 y, 100 kg, 200 cm (BMI 25, no alert), day 0 1 March 2027.


def conversions(weight: str = "100", **extra: Any) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="conversions",
        patient=Patient(age_years=35, sex=Sex.FEMALE, weight_kg=D(weight), height_cm=D(200)),
        options=PlanOptions(day0_date=dt.date(2027, 3, 1)),
        **extra,
    )
    return compute_plan(CONVERSIONS, plan_input)


def dose_of(plan: ComputedPlan, item: str) -> tuple[D, str, str | None]:
    first = admins(plan, item)[0]
    assert first.dose is not None
    return first.dose.value, first.dose.display, first.presentation


def test_mg_per_kg_given_in_grams() -> None:
    """25 mg/kg × 100 kg = 2,500 mg × 0.001 = 2.5 g (÷ 0.001 would be 2,500,000 g);
    drug total 2.5 g × 1 day × 1,000 = 2,500 mg."""
    plan = conversions()
    assert dose_of(plan, "per-kg-in-g") == (D("2.5"), "2.5 g", None)
    (drug,) = [d for d in plan.drug_totals if d.drug == "drug-per-kg-in-g"]
    assert drug.plan_mg == 2500


def test_mg_per_kg_given_in_micrograms_and_course_total_multiplied() -> None:
    """0.005 mg/kg × 100 kg = 0.5 mg × 1,000 = 500 mcg; 3 days × 500 = 1,500 mcg course."""
    plan = conversions()
    assert dose_of(plan, "per-kg-in-mcg") == (D(500), "500 mcg", None)
    assert total(plan, "per-kg-in-mcg") == 1500
    (item,) = [i for i in plan.items if i.item == "per-kg-in-mcg"]
    assert item.course_total is not None and item.course_total.value == 1500
    assert item.given_days == (0, 1, 2)


def test_fixed_mg_dose_given_in_grams() -> None:
    """500 mg × 0.001 = 0.5 g on days +1 and +2: course 1 g; drug total 0.5 × 2 × 1,000 =
    1,000 mg (÷ 2 days would be 250)."""
    plan = conversions()
    assert dose_of(plan, "fixed-in-g") == (D("0.5"), "0.5 g", None)
    assert total(plan, "fixed-in-g") == 1
    (drug,) = [d for d in plan.drug_totals if d.drug == "drug-fixed-in-g"]
    assert drug.plan_mg == 1000


def test_mcg_per_kg_in_mg_is_refused_when_the_protocol_loads(tmp_path: Path) -> None:
    """No mcg → mg conversion exists: a protocol that doses mcg/kg in mg is refused by
    name at load time rather than dosed with a wrong factor."""
    text = (Path(__file__).parent / "fixtures" / "protocols" / "conversions.toml").read_text()
    broken = text.replace(
        'basis = "mg/kg"\ndose = "0.005"\ndose_unit = "mcg"',
        'basis = "mcg/kg"\ndose = "5"\ndose_unit = "mg"',
    )
    assert broken != text
    path = tmp_path / "mcg-in-mg.toml"
    path.write_text(broken)
    with pytest.raises(Exception, match="cannot be given in dose_unit 'mg'"):
        load_protocol_file(path)


def test_no_cumulative_alert_for_other_mg_drugs() -> None:
    """The cumulative alert is for cyclophosphamide only: the fixture's mg drugs get a drug
    total but no cumulative-cyclophosphamide alert."""
    plan = conversions()
    assert {d.drug for d in plan.drug_totals} >= {"drug-per-kg-in-g", "drug-fixed-in-g"}
    assert "cumulative-cyclophosphamide" not in {a.code for a in plan.alerts}


def test_cumulative_cyclophosphamide_alert_once_for_cyclophosphamide() -> None:
    """Patient A: 6,640 + 9,600 = 16,240 mg cyclophosphamide: one info alert naming it."""
    plan = patient_a()
    (alert,) = [a for a in plan.alerts if a.code == "cumulative-cyclophosphamide"]
    assert alert.severity == "info"
    assert alert.message.startswith("Cyclophosphamide: 16,240 mg")


# ---------------------------------------------------------------- presentation window (±10%)


def test_vial_exactly_10_percent_below_is_taken() -> None:
    """1 mg/kg × 100 kg = 100 mg; one 90 mg vial is |90 − 100| / 100 = 10% away, exactly on
    the ±10% edge (10 × 100 ≤ 100 × 10): 90 mg, 1 × 90 mg vial. (2 vials = 180 is +80%.)"""
    assert dose_of(conversions(), "vial-below") == (D(90), "90 mg", "1 × 90 mg vial")


def test_vial_just_over_10_percent_below_is_not_taken() -> None:
    """101 kg → 101 mg; 90 mg is 11 / 101 = 10.9% away: stays 101 mg, drawn from 2 vials."""
    assert dose_of(conversions("101"), "vial-below") == (D(101), "101 mg", "2 × 90 mg vials")


def test_vial_exactly_10_percent_above_is_taken() -> None:
    """100 mg; one 110 mg vial is 10 / 100 = 10% above: 110 mg."""
    assert dose_of(conversions(), "vial-above") == (D(110), "110 mg", "1 × 110 mg vial")


def test_vial_just_over_10_percent_above_is_not_taken() -> None:
    """99 kg → 99 mg; 110 is 11 / 99 = 11.1% above: stays 99 mg."""
    assert dose_of(conversions("99"), "vial-above") == (D(99), "99 mg", "1 × 110 mg vial")


def test_divisible_vials_round_down() -> None:
    """1.6 mg/kg × 100 = 160 mg, 50 and 100 mg vials (50 divides 100): 150 mg is −6.25%,
    200 mg +25%: rounds down to 150 mg = 1 × 100 + 1 × 50."""
    assert dose_of(conversions(), "vial-divisible") == (
        D(150),
        "150 mg",
        "1 × 100 mg vial + 1 × 50 mg vial",
    )


def test_divisible_vials_round_up() -> None:
    """60 kg → 96 mg: 100 mg is +4.2% (1 × 100), 50 mg is −48%: 100 mg."""
    assert dose_of(conversions("60"), "vial-divisible") == (D(100), "100 mg", "1 × 100 mg vial")


def test_decimal_vial_sizes_round_down() -> None:
    """0.026 mg/kg × 100 = 2.6 mg, vials 0.5 and 2.5 mg: 2.5 mg is −3.85%, 3 mg +15.4%:
    2.5 mg, 1 × 2.5 mg vial."""
    assert dose_of(conversions(), "vial-decimal-down") == (D("2.5"), "2.5 mg", "1 × 2.5 mg vial")


def test_decimal_vial_sizes_round_up() -> None:
    """0.029 mg/kg × 100 = 2.9 mg: 3 mg (2.5 + 0.5) is +3.4%, 2.5 mg −13.8%: 3 mg."""
    assert dose_of(conversions(), "vial-decimal-up") == (
        D(3),
        "3 mg",
        "1 × 2.5 mg vial + 1 × 0.5 mg vial",
    )


def test_decimal_vial_sizes_below_one_vial() -> None:
    """60 kg: 0.026 × 60 = 1.56 → 1.6 mg (0.1 mg increment); 1.5 mg (3 × 0.5) is −3.8%,
    2 mg +28%: 1.5 mg from 3 × 0.5 mg vials."""
    assert dose_of(conversions("60"), "vial-decimal-down") == (
        D("1.5"),
        "1.5 mg",
        "3 × 0.5 mg vials",
    )


def test_equidistant_vials_take_the_smaller_total() -> None:
    """1.05 mg/kg × 100 = 105 mg, vials 100 and 110 (neither divides the other): both 5 mg
    (4.8%) away; the tie goes to the smaller dose, 100 mg."""
    assert dose_of(conversions(), "vial-tie") == (D(100), "100 mg", "1 × 100 mg vial")


def test_nearer_vial_wins_over_the_smaller() -> None:
    """101 kg → 106.05 → 106 mg: 110 is 3.95 away, 100 is 6.05 away: 110 mg."""
    assert dose_of(conversions("101"), "vial-tie") == (D(110), "110 mg", "1 × 110 mg vial")


# ---------------------------------------------------------------- refused dose keeps its facts


def test_refused_dose_keeps_its_reduction_and_dosing_weight() -> None:
    """101% of 25 mg/kg is above the protocol dose: refused (hard alert), and the item
    still reports the 101% asked for and the 100 kg actual weight it was computed on."""
    plan = conversions(reductions={"per-kg-in-g": Reduction(percent=D(101), reason="typo")})
    (item,) = [i for i in plan.items if i.item == "per-kg-in-g"]
    assert item.dose is None
    assert (item.dosing_weight_kg, item.dosing_weight_rule) == (100, "actual")
    assert not item.needs_choice
    (admin,) = admins(plan, "per-kg-in-g")
    assert admin.dose is None
    assert (admin.reduced_percent, admin.reduction_reason) == (101, "typo")
    assert (admin.dosing_weight_kg, admin.dosing_weight_rule) == (100, "actual")
    assert "dose-above-protocol" in {a.code for a in plan.alerts if a.severity == "hard"}


def test_reduction_at_100_percent_is_given() -> None:
    """100% is not above the protocol dose: 2.5 g given."""
    plan = conversions(reductions={"per-kg-in-g": Reduction(percent=D(100), reason="none")})
    assert dose_of(plan, "per-kg-in-g")[0] == D("2.5")


# ---------------------------------------------------------------- IBW extrapolation alert


@pytest.mark.parametrize(("height", "alerted"), [("152.3", True), ("152.4", False)])
def test_ibw_extrapolated_alert_below_60_inches(height: str, alerted: bool) -> None:
    """60 in = 152.4 cm: 152.3 cm is under it (alert), 152.4 cm is not."""
    plan_input = PlanInput(
        protocol_id="conversions",
        patient=Patient(age_years=35, sex=Sex.FEMALE, weight_kg=D(60), height_cm=D(height)),
        options=PlanOptions(day0_date=dt.date(2027, 3, 1)),
    )
    codes = {a.code for a in compute_plan(CONVERSIONS, plan_input).alerts}
    assert ("ibw-extrapolated" in codes) is alerted


# ---------------------------------------------------------------- through the app service


def test_service_computes_the_same_boundary() -> None:
    """app.services.compute on the shipped protocol gives patient B's 480 mcg syringe
    (6 mcg/kg × 82.4 = 494.4, −2.91%) like the engine."""
    plan = patient_b()
    served = compute(plan.input)
    assert [a.dose for a in scheduled(served, "gcsf-mobilization")] == [
        a.dose for a in scheduled(plan, "gcsf-mobilization")
    ]
