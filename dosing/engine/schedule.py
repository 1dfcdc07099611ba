"""Days and dates: the one rule that turns a protocol day into a date and back, and the
bedside order of the schedule."""

from __future__ import annotations

import datetime as dt

from dosing.display import format_day
from dosing.models import Administration, PlanInput
from dosing.protocol import Anchor

ANCHOR_ORDER = {Anchor.MOBILIZATION: 0, Anchor.DAY0: 1, Anchor.TREATMENT: 2}
# Rows that wait on counts close their day group.
LAST = float("inf")


def day_offset(anchor: Anchor, day: int) -> int:
    """Days from the anchor's date to protocol ``day``. Day 0 is the reinfusion date itself
    (day −5 is five days before); mobilization and treatment count from day 1, which is
    their start date."""
    return day if anchor is Anchor.DAY0 else day - 1


def anchor_date_of(plan_input: PlanInput, anchor: Anchor) -> dt.date | None:
    options = plan_input.options
    if anchor is Anchor.DAY0:
        return options.day0_date
    if anchor is Anchor.MOBILIZATION:
        return options.mobilization_start_date
    return options.treatment_start_date


def date_of(anchor: Anchor, anchor_date: dt.date | None, day: int) -> dt.date | None:
    if anchor_date is None:
        return None
    return anchor_date + dt.timedelta(days=day_offset(anchor, day))


def day_of(anchor: Anchor, anchor_date: dt.date, date: dt.date) -> int:
    """The protocol day ``date`` falls on: the inverse of ``date_of``."""
    return (date - anchor_date).days - day_offset(anchor, 0)


def day_label(anchor: Anchor, day: int) -> str:
    if anchor is Anchor.DAY0:
        return format_day(day)
    if anchor is Anchor.MOBILIZATION:
        return f"mobilization day {day}"
    return f"treatment day {day}"


def chronological(
    administrations: list[Administration], order_keys: list[tuple[int, float, int]]
) -> tuple[Administration, ...]:
    """The schedule as it is given: mobilization, then day −5 … day 0 … day +n, then
    treatment days; within a day, the protocol file's (bedside) item order; rows that wait
    on counts close their group. Ties keep the order they were built in."""
    order = sorted(range(len(administrations)), key=order_keys.__getitem__)
    return tuple(administrations[index] for index in order)
