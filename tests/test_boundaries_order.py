"""Rules whose slip changes what a nurse reads, in what order, or on which day (issue 16):
each test here kills a mutant that survived ``make mutation`` (docs/MUTATION.md).

auto-hsct-ln patient A (tests/test_engine_auto_hsct.py): day 0 is 12 April 2027,
mobilization day 1 is 1 March 2027.
"""

from __future__ import annotations

from decimal import Decimal as D

from test_engine_auto_hsct import patient_a

from dosing.models import Reduction


def test_schedule_is_given_day_by_day_in_bedside_order() -> None:
    """The engine builds administrations item by item (all cyclophosphamide days, then all
    mesna days …); the schedule is read day by day, and within a day in the protocol file's
    bedside order. Mobilization day 1 (1 March) has cyclophosphamide then mesna; day 2
    (2 March) the same; then the G-CSF that waits on counts closes the phase; conditioning
    day −5 (7 April) starts with hydration. Built order would list cyclophosphamide on
    days 1 and 2 before either mesna."""
    plan = patient_a()
    first = [(a.item, a.day) for a in plan.administrations[:6]]
    assert first == [
        ("cy-mobilization", 1),
        ("uroprotection-mobilization", 1),
        ("cy-mobilization", 2),
        ("uroprotection-mobilization", 2),
        ("gcsf-mobilization", None),
        ("hydration", -5),
    ]
    dates = [a.date for a in plan.administrations if a.date is not None]
    assert dates == sorted(dates)


def test_a_reduced_course_shows_the_protocol_course_beside_it() -> None:
    """Conditioning cyclophosphamide 40 mg/kg × 60 kg = 2,400 mg a day on days −5 … −2;
    reduced to 75%: 1,800 mg a day, course 4 × 1,800 = 7,200 mg, beside the protocol course
    4 × 2,400 = 9,600 mg (÷ 4 would show 600 mg)."""
    plan = patient_a(reductions={"cy-conditioning": Reduction(percent=D(75), reason="renal")})
    (item,) = [i for i in plan.items if i.item == "cy-conditioning"]
    assert item.given_days == (-5, -4, -3, -2)
    course = item.course_total
    assert course is not None
    assert (course.value, course.display) == (7200, "7,200 mg")
    assert (course.protocol_value, course.protocol_display) == (9600, "9,600 mg")
