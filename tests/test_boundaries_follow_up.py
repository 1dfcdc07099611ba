"""Follow-up months at the end of a month (issue 16: the survivor of ``make mutation`` in
``dosing/engine/follow_up.py``, ``_add_months``'s fallback days 30, 29, 28).

auto-hsct-ln (seed 000): visits at 3, 6, 12, 18 and 24 months after day 0, then yearly to
84 months. A month that has no such day gives its last day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from app.protocols import get_protocol, load_protocol_file
from dosing.engine import compute_plan
from dosing.models import Patient, PlanInput, PlanOptions, Sex
from dosing.protocol import parse_protocol


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


def test_visits_without_their_dates_say_which_date_is_missing() -> None:
    """auto-hsct-ln with no apheresis and no day 0: the harvest visit waits on "no apheresis
    collection entered yet"; day 0 and the month visits on "day 0 date not entered"; none has
    a date. The harvest and day-0 visits are events (no "after"), the months count after
    day 0."""
    plan = compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
        ),
    )
    assert [
        (v.label, v.date, v.date_missing, v.event, v.after, v.months) for v in plan.follow_up[:3]
    ] == [
        (
            "at stem cell harvest",
            None,
            "no apheresis collection entered yet",
            "harvest",
            None,
            None,
        ),
        ("at transplantation (day 0)", None, "day 0 date not entered", "day0", None, None),
        ("3 months", None, "day 0 date not entered", None, "day0", 3),
    ]
    assert {v.date_missing for v in plan.follow_up[1:]} == {"day 0 date not entered"}


def test_one_month_is_singular_and_a_shared_visit_has_both_checks() -> None:
    """msc-allogeneic (seed 002), day 0 on 15 March 2027: "1 month" (15 April), "2 months"
    (15 May); 3 months (15 June) adds the T-regulatory analysis to the monthly checks."""
    plan = compute_plan(
        get_protocol("msc-allogeneic"),
        PlanInput(
            protocol_id="msc-allogeneic",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
            options=PlanOptions(day0_date=dt.date(2027, 3, 15)),
        ),
    )
    monthly = "lupus serology and renal function tests"
    assert [(v.label, v.date, v.checks) for v in plan.follow_up[:3]] == [
        ("1 month", dt.date(2027, 4, 15), (monthly,)),
        ("2 months", dt.date(2027, 5, 15), (monthly,)),
        ("3 months", dt.date(2027, 6, 15), (monthly, "T regulatory population analysis")),
    ]


FOLLOW_UP = load_protocol_file(
    Path(__file__).parent / "fixtures" / "protocols" / "follow-up-mt.toml"
)


def test_week_and_month_visits_in_one_order_with_merged_checks_and_notes() -> None:
    """tests/fixtures/protocols/follow-up-mt.toml, day 0 on 12 April 2027. The event first
    ("at day 0"), then weeks and months in days (a month ≈ 30.44 days): baseline (0), week 4
    (28 days, 10 May), 1 month (30.44, 12 May), week 8 (56, 7 June), week 100 (700 days,
    12 March 2029), 23 months (700.12 days, also 12 March 2029). Two schedules share 1 month:
    one check ("blood count", not twice), both notes ("bring the diary; fasting"), both
    quotes. 23 months also gets a schedule without a check: still one check, two quotes."""
    plan = compute_plan(
        FOLLOW_UP,
        PlanInput(
            protocol_id="follow-up-mt",
            patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(60), height_cm=D(165)),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        ),
    )
    check = ("blood count",)
    assert [
        (v.label, v.date, v.checks, v.note, len(v.sources), v.event, v.after)
        for v in plan.follow_up
    ] == [
        ("at day 0", dt.date(2027, 4, 12), check, None, 1, "day0", None),
        ("baseline", dt.date(2027, 4, 12), check, None, 1, None, "day0"),
        ("week 4", dt.date(2027, 5, 10), check, None, 1, None, "day0"),
        ("1 month", dt.date(2027, 5, 12), check, "bring the diary; fasting", 2, None, "day0"),
        ("week 8", dt.date(2027, 6, 7), check, None, 1, None, "day0"),
        ("week 100", dt.date(2029, 3, 12), check, None, 1, None, "day0"),
        ("23 months", dt.date(2029, 3, 12), check, "bring the diary", 2, None, "day0"),
    ]


def _reordered(weeks: str, months: str, day0: dt.date | None) -> list[tuple[str, dt.date | None]]:
    """follow-up-mt.toml with its weeks and its first months list replaced, nothing else."""
    text = (Path(__file__).parent / "fixtures" / "protocols" / "follow-up-mt.toml").read_text()
    text = text.replace("weeks = [0, 4, 8, 100]", f"weeks = {weeks}")
    text = text.replace("months = [1, 23]", f"months = {months}", 1)
    plan = compute_plan(
        parse_protocol(text, "follow-up-reordered.toml"),
        PlanInput(
            protocol_id="follow-up-mt",
            patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(60), height_cm=D(165)),
            options=PlanOptions(day0_date=day0),
        ),
    )
    return [(v.label, v.date) for v in plan.follow_up]


def test_a_week_visit_a_day_before_a_month_visit_is_listed_first() -> None:
    """Day 0 on 12 April 2027. Week 187 is 187 × 7 = 1,309 days later: 11 November 2030.
    43 months later is the same day of the month: 12 November 2030. A month counted as
    30.44 days (43 × 30.44 = 1,308.92 days) would put 43 months first; the list is read
    as a calendar, so week 187 comes first. The other visits keep their dates: 1 month
    (12 May 2027, from the fasting schedule) and 23 months (12 March 2029)."""
    assert _reordered("[187]", "[43]", dt.date(2027, 4, 12)) == [
        ("at day 0", dt.date(2027, 4, 12)),
        ("1 month", dt.date(2027, 5, 12)),
        ("23 months", dt.date(2029, 3, 12)),
        ("week 187", dt.date(2030, 11, 11)),
        ("43 months", dt.date(2030, 11, 12)),
    ]


def test_without_day_0_the_visits_keep_the_protocol_s_order() -> None:
    """No day 0 date: no visit has a date, and the list keeps the order the protocol's
    weeks and months give (a month ≈ 30.44 days): 1 month, 23 months, 43 months
    (1,308.92 days), week 187 (1,309 days)."""
    assert [label for label, _ in _reordered("[187]", "[43]", None)] == [
        "at day 0",
        "1 month",
        "23 months",
        "43 months",
        "week 187",
    ]
