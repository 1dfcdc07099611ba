"""Follow-up months at the end of a month (issue 16: the survivor of ``make mutation`` in
``dosing/engine/follow_up.py``, ``_add_months``'s fallback days 30, 29, 28).

auto-hsct-ln (seed 000): visits at 3, 6, 12, 18 and 24 months after day 0, then yearly to
84 months. A month that has no such day gives its last day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.models import Patient, PlanInput, PlanOptions, Sex


def month_visits(day0: dt.date) -> list[tuple[str, dt.date | None]]:
    plan = compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
            options=PlanOptions(day0_date=day0, mobilization_start_date=dt.date(2027, 8, 2)),
        ),
    )
    return [(v.label, v.date) for v in plan.follow_up if v.label.endswith("months")][:3]


def test_a_visit_months_after_the_30th_lands_on_29_february_in_a_leap_year() -> None:
    """Day 0 on 30 November 2027: 3 months is February 2028, which has 29 days (2028 is a leap
    year): 29 February 2028, not the 28th; 6 months, 30 May 2028; 12 months, 30 November 2028."""
    assert month_visits(dt.date(2027, 11, 30)) == [
        ("3 months", dt.date(2028, 2, 29)),
        ("6 months", dt.date(2028, 5, 30)),
        ("12 months", dt.date(2028, 11, 30)),
    ]


def test_a_visit_months_after_the_31st_lands_on_the_month_s_last_day() -> None:
    """Day 0 on 31 October 2027: 3 months is January 2028 (31 days): 31 January; 6 months,
    April 2028 (30 days): 30 April; 12 months, 31 October 2028. Day 0 on 30 November 2028:
    3 months is February 2029, 28 days (not a leap year): 28 February 2029."""
    assert month_visits(dt.date(2027, 10, 31)) == [
        ("3 months", dt.date(2028, 1, 31)),
        ("6 months", dt.date(2028, 4, 30)),
        ("12 months", dt.date(2028, 10, 31)),
    ]
    assert month_visits(dt.date(2028, 11, 30))[0] == ("3 months", dt.date(2029, 2, 28))
