"""The clinical course (issue 10): phases in order, count-driven courses inside their phase.

auto-hsct-ln (seed 000): mobilization day 1 = the first cyclophosphamide day; conditioning
from day −5 to day −2; day 0 the reinfusion.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.errors import InputError
from dosing.models import (
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Sex,
)

DAY0 = dt.date(2027, 4, 12)  # conditioning starts day −5 = 2027-04-07
MOBILIZATION = dt.date(2027, 2, 1)


def _plan(day0: dt.date | None, mobilization: dt.date | None, **extra: Any) -> ComputedPlan:
    return compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
            options=PlanOptions(day0_date=day0, mobilization_start_date=mobilization),
            choices={"methylprednisolone": D(120), "gcsf-mobilization": D(5)},
            **extra,
        ),
    )


def test_mobilization_starting_after_day_0_is_refused_naming_both_dates() -> None:
    with pytest.raises(InputError) as refused:
        _plan(DAY0, dt.date(2027, 4, 20))
    assert refused.value.field == "mobilization start"
    assert "2027-04-20" in refused.value.message and "2027-04-07" in refused.value.message


def test_mobilization_overlapping_conditioning_is_refused() -> None:
    """Mobilization cyclophosphamide is given on mobilization days 1 and 2: starting on
    2027-04-06 puts day 2 on 2027-04-07, the first conditioning day (day −5)."""
    with pytest.raises(InputError, match="2027-04-07"):
        _plan(DAY0, dt.date(2027, 4, 6))
    # A day earlier, day 2 is 2027-04-06, the day before conditioning: accepted.
    _plan(DAY0, dt.date(2027, 4, 5))


def test_mobilization_gcsf_is_never_a_fabricated_run_into_conditioning() -> None:
    """The issue's example: WBC 0.8 on 2027-02-07 (mobilization day 7) starts G-CSF; no
    apheresis yet; the next count is on day +2 (2027-04-14), after conditioning began.
    Before, G-CSF ran every day up to day +2 (68 doses); then to the day before
    conditioning (59 doses, 19,765 mcg): a run nobody prescribed. A count after the phase
    tells nothing about mobilization, so the doses known are the one on day 7 (5 mcg/kg ×
    67 kg = 335 mcg), shown open ("so far"), and the pharmacist is told the harvest is not
    complete although conditioning has started (2027-04-07)."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=(
            DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8"), anc_10e9_per_l=D("0.4")),
            DailyCount(date=dt.date(2027, 4, 14), wbc_10e9_per_l=D("0.2"), anc_10e9_per_l=D("0.1")),
        ),
    )
    doses = [
        a for a in plan.administrations if a.item == "gcsf-mobilization" and a.status == "scheduled"
    ]
    assert [a.date for a in doses] == [dt.date(2027, 2, 7)]
    assert doses[0].dose is not None and doses[0].dose.value == D(335)
    total = next(t for t in plan.totals if t.item == "gcsf-mobilization")
    assert total.value == D(335)
    assert total.open and total.stop is not None
    assert total.stop.kind == "harvest-complete"  # the doses so far, until the harvest
    alert = next(a for a in plan.alerts if a.code == "harvest-incomplete-at-conditioning")
    assert alert.severity == "soft"
    assert "2027-04-07" in alert.message


def test_mobilization_gcsf_known_days_follow_the_counts_inside_the_phase() -> None:
    """Daily counts from 2027-02-07 (day 7, WBC 0.8) to 2027-02-12 (day 12): G-CSF days 7 …
    12 are known (6 × 335 mcg = 2,010 mcg so far); no harvest yet, conditioning (2027-04-07)
    is far, so no harvest alert."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=tuple(
            DailyCount(date=dt.date(2027, 2, day), wbc_10e9_per_l=D("0.8")) for day in range(7, 13)
        ),
    )
    doses = [
        a for a in plan.administrations if a.item == "gcsf-mobilization" and a.status == "scheduled"
    ]
    assert [a.date for a in doses] == [dt.date(2027, 2, day) for day in range(7, 13)]
    total = next(t for t in plan.totals if t.item == "gcsf-mobilization")
    assert total.value == D(2010)
    assert total.open and total.stop is not None
    assert total.stop.kind == "harvest-complete"  # the doses so far, until the harvest
    assert not [a for a in plan.alerts if a.code == "harvest-incomplete-at-conditioning"]


def test_mobilization_gcsf_ends_the_day_before_conditioning_when_counts_reach_it() -> None:
    """Counts every day from day 7 (2027-02-07) to 2027-04-10 (inside conditioning): the
    known days stop at 2027-04-06 (day 65), the day before conditioning: days 7 … 65 = 59
    doses × 335 mcg = 19,765 mcg, and the alert says G-CSF ends on 2027-04-06."""
    first = dt.date(2027, 2, 7)
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=tuple(
            DailyCount(date=first + dt.timedelta(days=n), wbc_10e9_per_l=D("0.8"))
            for n in range((dt.date(2027, 4, 10) - first).days + 1)
        ),
    )
    doses = [
        a for a in plan.administrations if a.item == "gcsf-mobilization" and a.status == "scheduled"
    ]
    assert doses[0].date == first and doses[-1].date == dt.date(2027, 4, 6)
    assert len(doses) == 59
    total = next(t for t in plan.totals if t.item == "gcsf-mobilization")
    assert total.value == D(19765)
    alert = next(a for a in plan.alerts if a.code == "harvest-incomplete-at-conditioning")
    assert "2027-04-06" in alert.message


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    lead=st.integers(min_value=3, max_value=120),
    counts=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=140),
            st.decimals(min_value=0, max_value=5, places=1),
        ),
        max_size=6,
        unique_by=lambda c: c[0],
    ),
    yields=st.lists(
        st.tuples(st.integers(min_value=0, max_value=140), st.decimals(min_value=0, max_value=400)),
        max_size=3,
    ),
)
def test_no_mobilization_dose_on_or_after_conditioning(
    lead: int, counts: list[tuple[int, D]], yields: list[tuple[int, D]]
) -> None:
    """Whatever the counts and yields, every mobilization administration is dated before the
    first conditioning day (day −5), and a refused phase order names the conditioning date."""
    mobilization = DAY0 - dt.timedelta(days=lead)
    extra = {
        "counts": tuple(
            DailyCount(date=mobilization + dt.timedelta(days=offset), wbc_10e9_per_l=wbc)
            for offset, wbc in sorted(counts)
        ),
        "apheresis": tuple(
            ApheresisYield(
                date=mobilization + dt.timedelta(days=offset), cd34_10e6=cd34, mnc_10e8=D(1)
            )
            for offset, cd34 in yields
        ),
    }
    try:
        plan = _plan(DAY0, mobilization, **extra)
    except InputError as refused:
        # Mobilization days 1–2 reach 2027-04-07 only when it starts 2027-04-06 or later.
        assert lead <= 6 and "2027-04-07" in refused.message
        return
    for a in plan.administrations:
        if a.phase == "mobilization" and a.date is not None:
            assert a.date < dt.date(2027, 4, 7), a


def test_mobilization_gcsf_waits_24_hours_after_the_last_cyclophosphamide() -> None:
    """A lupus patient leukopenic at baseline: WBC 0.8 on mobilization days 1 and 2 (the
    cyclophosphamide days, 2027-02-01/02) and 0.6 on day 3. Before, G-CSF started on day 1,
    with the chemotherapy. Now: not before 24 h after the last cyclophosphamide (day 2) →
    day 2 + ceil(24 / 24) = day 3 (2027-02-03), the first WBC below 1.0 from then on."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=tuple(
            DailyCount(date=dt.date(2027, 2, day), wbc_10e9_per_l=D(wbc))
            for day, wbc in ((1, "0.8"), (2, "0.8"), (3, "0.6"))
        ),
    )
    doses = [a for a in plan.administrations if a.item == "gcsf-mobilization" and a.date]
    assert doses[0].date == dt.date(2027, 2, 3)
    assert doses[0].day_label == "mobilization day 3"
    assert "2027-02-03" in (doses[0].note or "")


def _engraftment(plan: ComputedPlan) -> list[Any]:
    return [a for a in plan.administrations if a.item == "gcsf-engraftment"]


def test_engraftment_gcsf_is_not_stopped_by_counts_before_the_nadir() -> None:
    """Seed 000: "until the level of absolute peripheral neutrophil count was consecutively
    higher than 1.0 × 10^9/L" — recovery after the nadir. ANC 3.1 on day +1 and 2.4 on day +2
    (pre-transplant blood) used to stop G-CSF on day +2 (last dose day +1). Now the nadir is
    the first count at or below 1.0 (0.1 on day +6); recovery is 1.2 on day +12 and 1.6 on
    day +13: no dose on day +13, the last dose on day +12 → days +1 … +12, 12 doses."""
    anc = {1: "3.1", 2: "2.4", 6: "0.1", 9: "0.3", 12: "1.2", 13: "1.6"}
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=tuple(
            DailyCount(date=DAY0 + dt.timedelta(days=day), anc_10e9_per_l=D(value))
            for day, value in anc.items()
        ),
    )
    given = [a.day for a in _engraftment(plan) if a.status == "scheduled"]
    assert given == list(range(1, 13))
    assert not [a for a in _engraftment(plan) if a.status == "conditional"]
    assert "nadir 2027-04-18" in (_engraftment(plan)[0].note or "")


def test_engraftment_stop_needs_two_consecutive_days_after_the_nadir() -> None:
    """Nadir 0.2 on day +5; 1.4 on day +9, 0.9 on day +10, 1.3 on day +11: not two consecutive
    days above 1.0, so the course is still open after day +11 (the doses known so far)."""
    anc = {5: "0.2", 9: "1.4", 10: "0.9", 11: "1.3"}
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=tuple(
            DailyCount(date=DAY0 + dt.timedelta(days=day), anc_10e9_per_l=D(value))
            for day, value in anc.items()
        ),
    )
    given = [a.day for a in _engraftment(plan) if a.status == "scheduled"]
    assert given == list(range(1, 12))
    assert [a.status for a in _engraftment(plan)][-1] == "conditional"


def test_harvest_stopping_on_cd34_with_mnc_short_is_a_soft_alert() -> None:
    """67 kg: CD34+ target 2 × 67 = 134 × 10⁶, MNC target 2 × 67 = 134 × 10⁸. One collection
    of 150 × 10⁶ CD34+ (met: G-CSF stops) and 90 × 10⁸ MNC (not met): soft alert."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=(DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),),
        apheresis=(ApheresisYield(date=dt.date(2027, 2, 12), cd34_10e6=D(150), mnc_10e8=D(90)),),
    )
    alert = next(a for a in plan.alerts if a.code == "harvest-mnc-unmet")
    assert alert.severity == "soft" and not alert.acknowledged
    assert "90 × 10⁸" in alert.message and "134 × 10⁸" in alert.message
    assert plan.harvest is not None
    assert plan.harvest.cd34_met and not plan.harvest.mnc_met
    met = _plan(
        DAY0,
        MOBILIZATION,
        counts=(DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),),
        apheresis=(ApheresisYield(date=dt.date(2027, 2, 12), cd34_10e6=D(150), mnc_10e8=D(135)),),
    )
    assert not [a for a in met.alerts if a.code == "harvest-mnc-unmet"]


def test_dropping_an_atg_day_drops_that_days_methylprednisolone_with_the_reason() -> None:
    """Seed 000: methylprednisolone "at the same time with ATG to reduce anaphylaxis"
    (with_items = ["atg"]). Dropping ATG on day −3 used to leave methylprednisolone scheduled
    on day −3. Now it is dropped too, its trace naming ATG and the reason; days −4 and −2
    stay: 2 × 120 mg = 240 mg course total."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        dropped_days=(DroppedDay(item="atg", day=-3, reason="fever 39.2 °C"),),
    )
    mp = {a.day: a for a in plan.administrations if a.item == "methylprednisolone"}
    assert mp[-3].status == "dropped" and mp[-3].dose is None
    assert (
        mp[-3].note
        == "Dropped with Rabbit anti-thymocyte globulin (ATG), which it is given with: fever 39.2 °C"
    )
    assert mp[-4].status == mp[-2].status == "scheduled"
    total = next(t for t in plan.totals if t.item == "methylprednisolone")
    assert total.value == D(240)
    assert any(
        a.code == "day-dropped"
        and a.item == "methylprednisolone"
        and "(ATG), which it is given with" in a.message
        for a in plan.alerts
    )


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    drops=st.sets(
        st.tuples(st.sampled_from(["atg", "cy-conditioning"]), st.sampled_from([-5, -4, -3, -2])),
        max_size=5,
    )
)
def test_dropping_a_parent_never_leaves_a_dependant_alone(drops: set[tuple[str, int]]) -> None:
    """For every dropped day of an item others are given with (ATG; conditioning
    cyclophosphamide, which hydration, bicarbonate and the anti-emetic follow), no dependant
    is scheduled that day."""
    protocol = get_protocol("auto-hsct-ln")
    valid = {(item, day) for item, day in drops if day in protocol.item(item).days}
    plan = _plan(
        DAY0,
        MOBILIZATION,
        dropped_days=tuple(DroppedDay(item=i, day=d, reason="unwell") for i, d in sorted(valid)),
    )
    for a in plan.administrations:
        for parent in protocol.item(a.item).with_items:
            if (parent, a.day) in valid:
                assert a.status == "dropped", a


def test_a_short_patient_gets_a_soft_ibw_extrapolated_alert() -> None:
    """150 cm < 152.4 cm (60 in): Devine extrapolates below its base (45.5 + 2.3 × (59.055 −
    60) = 45.5 − 2.173 = 43.327 → 43.33 kg for a woman): that changes IBW-based doses, so it is
    soft, not info."""
    plan = compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(50), height_cm=D(150)),
        ),
    )
    assert plan.anthropometrics.ibw_kg == D("43.33")
    alert = next(a for a in plan.alerts if a.code == "ibw-extrapolated")
    assert alert.severity == "soft"


def test_il2_doses_are_labelled_by_cycle_and_dose() -> None:
    """Seed 004: "every other day for 2 weeks (7 times) … 4 weeks is a cycle" (cycle_days =
    28). Treatment day 33 is in cycle (33 − 1) // 28 + 1 = 2; cycle 2's days are 29, 31, 33:
    dose 3. Day 69: cycle 3, days 57 … 69: dose 7."""
    plan = compute_plan(
        get_protocol("ucmsc-vs-il2"),
        PlanInput(
            protocol_id="ucmsc-vs-il2",
            patient=Patient(age_years=30, sex=Sex.FEMALE, weight_kg=D(60), height_cm=D(165)),
            options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 1, 4)),
        ),
    )
    labels = {a.day: a.course_label for a in plan.administrations if a.item == "il2"}
    assert len(labels) == 21
    assert labels[1] == "cycle 1 · dose 1"
    assert labels[33] == "cycle 2 · dose 3"
    assert labels[69] == "cycle 3 · dose 7"


def test_a_missing_treatment_start_is_a_soft_alert_naming_the_field() -> None:
    """IL-2 arm without --treatment-start: the 21 doses have no dates; before, nothing said
    so. Now a soft treatment-start-required alert on the field "treatment start"."""
    plan_input = PlanInput(
        protocol_id="ucmsc-vs-il2",
        patient=Patient(age_years=30, sex=Sex.FEMALE, weight_kg=D(60), height_cm=D(165)),
        options=PlanOptions(arm="il2"),
    )
    plan = compute_plan(get_protocol("ucmsc-vs-il2"), plan_input)
    alert = next(a for a in plan.alerts if a.code == "treatment-start-required")
    assert alert.severity == "soft" and alert.field == "treatment start"
    assert alert.message.startswith("Interleukin-2 (low dose): enter the treatment start date")
    dated = plan_input.model_copy(
        update={"options": PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 1, 4))}
    )
    plan = compute_plan(get_protocol("ucmsc-vs-il2"), dated)
    assert not [a for a in plan.alerts if a.code == "treatment-start-required"]


def test_rounding_to_a_syringe_never_goes_above_the_chosen_ranges_maximum() -> None:
    """Mobilization G-CSF 5–10 mcg/kg, 10 chosen, 45 kg: 450 mcg. The 480 mcg syringe is
    within ±10% (30 ≤ 45) but is 10.67 mcg/kg, above the range's 10: the dose stays 450 mcg
    (from one 480 mcg syringe); 300 mcg is 150 away, outside the window. Before: 480 mcg."""
    plan = compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(45), height_cm=D(160)),
            options=PlanOptions(day0_date=DAY0, mobilization_start_date=MOBILIZATION),
            choices={"methylprednisolone": D(120), "gcsf-mobilization": D(10)},
            counts=(DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),),
        ),
    )
    gcsf = next(a for a in plan.administrations if a.item == "gcsf-mobilization" and a.dose)
    assert gcsf.dose is not None and gcsf.dose.value == D(450)
    assert gcsf.presentation == "1 × 480 mcg prefilled syringe"


def _weighed_on(weigh_date: dt.date | None, day0: dt.date | None = DAY0) -> ComputedPlan:
    return compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(
                age_years=36,
                sex=Sex.FEMALE,
                weight_kg=D(67),
                height_cm=D(171),
                weigh_date=weigh_date,
            ),
            options=PlanOptions(day0_date=day0, mobilization_start_date=MOBILIZATION),
            choices={"methylprednisolone": D(120), "gcsf-mobilization": D(5)},
        ),
    )


def test_a_weigh_date_after_day_0_asks_to_weigh_again() -> None:
    """Weighed 2027-04-13, day 0 2027-04-12: conditioning (from 2027-04-07) was dosed on a weight
    taken after it — soft "weigh again" on the weigh-date field (issue 11). Weighed on day 0
    itself or before: no alert; no weigh date or no day 0: nothing to compare."""
    alert = next(
        a for a in _weighed_on(dt.date(2027, 4, 13)).alerts if a.code == "weigh-date-after-day0"
    )
    assert alert.severity == "soft" and alert.field == "weigh date"
    assert "2027-04-13" in alert.message and "2027-04-12" in alert.message
    for quiet in (_weighed_on(DAY0), _weighed_on(dt.date(2027, 4, 1)), _weighed_on(None)):
        assert "weigh-date-after-day0" not in {a.code for a in quiet.alerts}
    assert "weigh-date-after-day0" not in {
        a.code for a in _weighed_on(dt.date(2027, 4, 13), day0=None).alerts
    }
