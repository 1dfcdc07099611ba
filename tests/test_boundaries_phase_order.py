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
from test_engine_course import DAY0
from test_engine_course import _plan as course_plan

from app.protocols import load_protocol_file
from dosing.engine import compute_plan
from dosing.errors import InputError
from dosing.models import ComputedPlan, Patient, PlanInput, PlanOptions, Sex

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
