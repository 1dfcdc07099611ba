"""Count-driven starts the shipped protocols do not have (issue 16; mutants that survived
``make mutation``, docs/MUTATION.md), on tests/fixtures/protocols/conditions.toml:
``start-only`` starts when the WBC is below 1.0 (no stop condition, no "not before");
``after-25-hours`` likewise but not within 25 hours of ``given-first`` (day 0), so not
before day 0 + ⌈25 / 24⌉ = day 2. Day 0 is 1 March 2027, so day N is March N + 1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from app.protocols import load_protocol_file
from dosing.engine import compute_plan
from dosing.models import Administration, DailyCount, Patient, PlanInput, PlanOptions, Sex

CONDITIONS = load_protocol_file(
    Path(__file__).parent / "fixtures" / "protocols" / "conditions.toml"
)
DAY0 = dt.date(2027, 3, 1)


def first_given(item: str, wbc_below_on_day: int) -> Administration:
    plan_input = PlanInput(
        protocol_id="conditions",
        patient=Patient(age_years=35, sex=Sex.FEMALE, weight_kg=D(60), height_cm=D(165)),
        options=PlanOptions(day0_date=DAY0),
        counts=(
            DailyCount(date=DAY0 + dt.timedelta(days=wbc_below_on_day), wbc_10e9_per_l=D("0.5")),
        ),
    )
    plan = compute_plan(CONDITIONS, plan_input)
    return next(a for a in plan.administrations if a.item == item)


def test_a_start_without_not_before_starts_on_the_first_listed_day() -> None:
    """WBC 0.5 on day 1 (2 March), the item's first day, with no other item to wait for:
    started on day 1, noted with the count that started it."""
    given = first_given("start-only", 1)
    assert (given.day, given.date, given.status) == (1, dt.date(2027, 3, 2), "scheduled")
    assert given.note == "started 2027-03-02: WBC 0.5 × 10⁹/L"


def test_not_within_25_hours_is_two_days_later() -> None:
    """25 hours after a day-0 dose is ⌈25 / 24⌉ = 2 days: a low WBC on day 1 does not start
    it (still conditional); on day 2 it does."""
    waiting = first_given("after-25-hours", 1)
    assert (waiting.day, waiting.status) == (None, "conditional")
    started = first_given("after-25-hours", 2)
    assert (started.day, started.status) == (2, "scheduled")
    assert started.note == "started 2027-03-03: WBC 0.5 × 10⁹/L"
