"""Mobilization before conditioning (dosing/engine/phases.py) at its edge, word for word
(issue 16: the module's mutants).

auto-hsct-ln (tests/test_engine_course.py): day 0 2027-04-12, conditioning from day −5 =
2027-04-07; mobilization cyclophosphamide on mobilization days 1 and 2.

``tests/fixtures/protocols/alerts-phases.toml``, day 0 2027-04-12: in both arms mobilization
days 1 and 2, a count-driven mobilization item listed on days 1 and 6, and conditioning on
day −2 (2027-04-10); arm "early" adds a mobilization day 4 and conditioning on day −6
(2027-04-06).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from test_engine_course import DAY0, MOBILIZATION
from test_engine_course import _plan as course_plan
from test_engine_msc import _plan as msc_plan

from app.protocols import load_protocol_file
from dosing.engine import compute_plan
from dosing.errors import InputError
from dosing.models import ComputedPlan, DailyCount, Patient, PlanInput, PlanOptions, Sex

PHASES = load_protocol_file(Path(__file__).parent / "fixtures" / "protocols" / "alerts-phases.toml")


def phases(arm: str, start: dt.date) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="alerts-phases",
        patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(80), height_cm=D(175)),
        options=PlanOptions(day0_date=DAY0, mobilization_start_date=start, arm=arm),
    )
    return compute_plan(PHASES, plan_input)


def refusal(start: dt.date, arm: str | None = None) -> tuple[str, str]:
    with pytest.raises(InputError) as refused:
        course_plan(DAY0, start) if arm is None else phases(arm, start)
    return refused.value.field, refused.value.message


def test_mobilization_reaching_conditioning_is_refused_word_for_word() -> None:
    """Start 2027-04-06: mobilization day 2 = 2027-04-07, the first conditioning day (day −5
    = 2027-04-12 − 5): not before it, refused on the mobilization start."""
    assert refusal(dt.date(2027, 4, 6)) == (
        "mobilization start",
        "2027-04-06 puts mobilization day 2 on 2027-04-07, not before conditioning starts "
        "2027-04-07 (day −5, day 0 2027-04-12): mobilization and its harvest come before "
        "conditioning",
    )


def test_the_arms_own_conditioning_and_mobilization_days_set_the_edge() -> None:
    """Arm "early": conditioning from day −6 = 2027-04-06, mobilization's last fixed day is
    its own day 4. Start 2027-04-03: day 4 = 2027-04-06, on the first conditioning day:
    refused. Start 2027-04-02: day 4 = 2027-04-05, the day before: given. (The common items
    alone would give day 2 against day −2, 2027-04-10.)"""
    assert refusal(dt.date(2027, 4, 3), "early") == (
        "mobilization start",
        "2027-04-03 puts mobilization day 4 on 2027-04-06, not before conditioning starts "
        "2027-04-06 (day −6, day 0 2027-04-12): mobilization and its harvest come before "
        "conditioning",
    )
    plan = phases("early", dt.date(2027, 4, 2))
    dated = {(a.item, a.day): a.date for a in plan.administrations if a.date is not None}
    assert dated[("mob-early", 4)] == dt.date(2027, 4, 5)
    assert dated[("cond-early", -6)] == dt.date(2027, 4, 6)


def test_in_the_plain_arm_day_2_on_day_minus_2_is_refused() -> None:
    """Arm "plain": conditioning from day −2 = 2027-04-10. Start 2027-04-09: day 2 =
    2027-04-10, refused; start 2027-04-08: day 2 = 2027-04-09, the day before, given."""
    assert refusal(dt.date(2027, 4, 9), "plain") == (
        "mobilization start",
        "2027-04-09 puts mobilization day 2 on 2027-04-10, not before conditioning starts "
        "2027-04-10 (day −2, day 0 2027-04-12): mobilization and its harvest come before "
        "conditioning",
    )
    plan = phases("plain", dt.date(2027, 4, 8))
    assert [(a.item, a.day, a.date) for a in plan.administrations if a.item == "mob-fixed"] == [
        ("mob-fixed", 1, dt.date(2027, 4, 8)),
        ("mob-fixed", 2, dt.date(2027, 4, 9)),
    ]


def test_a_count_driven_items_later_days_are_not_fixed_days() -> None:
    """Arm "plain", start 2027-04-05: the count-driven item's listed day 6 would be
    2027-04-05 + 5 = 2027-04-10, the first conditioning day; only its first day (1,
    2027-04-05) is fixed, with mob-fixed's day 2 (2027-04-06): given, the counted item waiting
    on its count."""
    plan = phases("plain", dt.date(2027, 4, 5))
    assert [(a.item, a.day, a.status) for a in plan.administrations if a.phase == "mob"] == [
        ("mob-fixed", 1, "scheduled"),
        ("mob-fixed", 2, "scheduled"),
        ("mob-counted", None, "conditional"),
    ]


def test_without_a_mobilization_start_only_conditioning_is_dated() -> None:
    """auto-hsct-ln with day 0 (2027-04-12) and no mobilization start: nothing to check
    against conditioning; mobilization days stay undated, conditioning day −5 is
    2027-04-12 − 5 = 2027-04-07."""
    plan = course_plan(DAY0, None)
    assert [(a.item, a.day, a.date) for a in plan.administrations[:6]] == [
        ("cy-mobilization", 1, None),
        ("uroprotection-mobilization", 1, None),
        ("cy-mobilization", 2, None),
        ("uroprotection-mobilization", 2, None),
        ("gcsf-mobilization", None, None),
        ("hydration", -5, dt.date(2027, 4, 7)),
    ]


def test_without_day_0_only_mobilization_is_dated() -> None:
    """auto-hsct-ln mobilization from 2027-02-01 and no day 0: no conditioning date to come
    before; mobilization day 2 is 2027-02-02, conditioning undated."""
    plan = course_plan(None, dt.date(2027, 2, 1))
    dated = {(a.item, a.day): a.date for a in plan.administrations}
    assert dated[("cy-mobilization", 2)] == dt.date(2027, 2, 2)
    assert dated[("hydration", -5)] is None


def test_an_arm_with_nothing_on_day_0_has_no_conditioning_edge() -> None:
    """ucmsc-vs-il2 arm il2 has only treatment-day doses: a day 0 entered sets no edge, and
    the 21 IL-2 doses are dated from treatment day 1 = 2027-01-04 to treatment day 69 =
    2027-01-04 + 68 days = 2027-03-13."""
    options = PlanOptions(arm="il2", day0_date=DAY0, treatment_start_date=dt.date(2027, 1, 4))
    plan = msc_plan("ucmsc-vs-il2", "60", "165", Sex.FEMALE, 30, options=options)
    dates = [a.date for a in plan.administrations]
    assert (len(dates), dates[0], dates[-1]) == (21, dt.date(2027, 1, 4), dt.date(2027, 3, 13))


def _gcsf_dates(last_count: dt.date) -> list[dt.date | None]:
    """auto-hsct-ln mobilization G-CSF started by WBC 0.8 on 2027-02-07 (mobilization day 7),
    with one more count (WBC 3) on ``last_count``; no harvest entered."""
    counts = (
        DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),
        DailyCount(date=last_count, wbc_10e9_per_l=D(3)),
    )
    plan = course_plan(DAY0, MOBILIZATION, counts=counts)
    return [a.date for a in plan.administrations if a.item == "gcsf-mobilization"]


def test_mobilization_g_csf_ends_on_the_day_before_conditioning() -> None:
    """The last mobilization date is the day before conditioning: 2027-04-07 − 1 day =
    2027-04-06 = mobilization day 65. A count on that day closes the course there: days 7 … 65
    (65 − 7 + 1 = 59 doses), the last on 2027-04-06, no row left waiting."""
    dates = _gcsf_dates(dt.date(2027, 4, 6))
    assert (len(dates), dates[0], dates[-2], dates[-1]) == (
        59,
        dt.date(2027, 2, 7),
        dt.date(2027, 4, 5),
        dt.date(2027, 4, 6),
    )


def test_a_count_on_the_first_conditioning_day_gives_no_mobilization_dose_on_it() -> None:
    """A count on 2027-04-07 (conditioning day −5) is past the last mobilization date
    (2027-04-06): no G-CSF mobilization dose is dated on or after 2027-04-07."""
    dates = [d for d in _gcsf_dates(dt.date(2027, 4, 7)) if d is not None]
    assert dates[0] == dt.date(2027, 2, 7)
    assert max(dates) < dt.date(2027, 4, 7)
