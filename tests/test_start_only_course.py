"""An item with a start condition and no stop condition (issue 10, noticed at stop 19): a
course started by a count and given on its listed days, counted from the day the count
started it — days 1–5 started on day 3 are days 3–7 — and, like every count-driven course,
never past its phase. Before the fix it was given on its start day only.

tests/fixtures/protocols/conditions.toml: ``start-only`` days 1–5, "start when WBC less than
1.0 × 10⁹/L", day 0 = 1 March 2027, so day N is March N + 1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from app.protocols import get_protocol, load_protocol_file
from dosing.engine import compute_plan
from dosing.models import (
    Administration,
    ComputedPlan,
    DailyCount,
    Patient,
    PlanInput,
    PlanOptions,
    Sex,
)

CONDITIONS = load_protocol_file(
    Path(__file__).parent / "fixtures" / "protocols" / "conditions.toml"
)
DAY0 = dt.date(2027, 3, 1)
PATIENT = Patient(age_years=35, sex=Sex.FEMALE, weight_kg=D(60), height_cm=D(165))


def _rows(plan: ComputedPlan, item: str) -> list[Administration]:
    return [a for a in plan.administrations if a.item == item]


def _start_only(*low_on_days: int) -> list[Administration]:
    plan_input = PlanInput(
        protocol_id="conditions",
        patient=PATIENT,
        options=PlanOptions(day0_date=DAY0),
        counts=tuple(
            DailyCount(date=DAY0 + dt.timedelta(days=day), wbc_10e9_per_l=D("0.5"))
            for day in low_on_days
        ),
    )
    return _rows(compute_plan(CONDITIONS, plan_input), "start-only")


def test_started_on_its_first_day_it_is_given_on_all_five() -> None:
    """WBC 0.5 on day 1 (2 March): days 1, 2, 3, 4, 5 — 2 to 6 March — each scheduled,
    the count that started it noted."""
    rows = _start_only(1)
    assert [(a.day, a.date, a.status) for a in rows] == [
        (day, dt.date(2027, 3, day + 1), "scheduled") for day in (1, 2, 3, 4, 5)
    ]
    assert rows[0].note == "started 2027-03-02: WBC 0.5 × 10⁹/L"
    assert all(a.dose is not None and a.dose.value == 1 for a in rows)


def test_started_later_its_five_days_count_from_the_start() -> None:
    """WBC 0.5 first on day 3 (4 March): the five listed days counted from day 3 are days
    3–7 (4 to 8 March); the course total is 5 × 1 mg = 5 mg, closed (no stop to wait for)."""
    plan_input = PlanInput(
        protocol_id="conditions",
        patient=PATIENT,
        options=PlanOptions(day0_date=DAY0),
        counts=(DailyCount(date=dt.date(2027, 3, 4), wbc_10e9_per_l=D("0.5")),),
    )
    plan = compute_plan(CONDITIONS, plan_input)
    assert [a.day for a in _rows(plan, "start-only")] == [3, 4, 5, 6, 7]
    total = next(t for t in plan.totals if t.item == "start-only")
    assert (total.value, total.open) == (5, False)


def test_without_a_low_count_it_waits() -> None:
    """No count below 1.0: one conditional row, no day, as before."""
    (row,) = _start_only()
    assert (row.day, row.status) == (None, "conditional")


def test_a_course_started_near_conditioning_ends_with_its_phase() -> None:
    """Mobilization G-CSF edited to days 1–5 with no stop condition. Mobilization day 1 is
    1 Feb 2027, day 0 is 12 Apr 2027, conditioning starts day −5 = 7 Apr = mobilization day
    65 + 1 = 66. A WBC of 0.8 on 4 Apr (day 63) starts it: days 63–67 are clipped to 63–65,
    the day before conditioning."""
    protocol = get_protocol("auto-hsct-ln")
    items = tuple(
        item.model_copy(update={"days": (1, 2, 3, 4, 5), "stop_condition": None})
        if item.id == "gcsf-mobilization"
        else item
        for item in protocol.items
    )
    edited = protocol.model_copy(update={"items": items})
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=PATIENT,
        options=PlanOptions(
            day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 2, 1)
        ),
        choices={"methylprednisolone": D(120), "gcsf-mobilization": D(5)},
        counts=(DailyCount(date=dt.date(2027, 4, 4), wbc_10e9_per_l=D("0.8")),),
    )
    rows = _rows(compute_plan(edited, plan_input), "gcsf-mobilization")
    assert [(a.day, a.date) for a in rows] == [
        (63, dt.date(2027, 4, 4)),
        (64, dt.date(2027, 4, 5)),
        (65, dt.date(2027, 4, 6)),
    ]
