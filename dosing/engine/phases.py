"""Phase order: mobilization (with its harvest) ends before conditioning begins.

The order is the protocol's phase order; the boundary is the first day-0-anchored
administration of the arm (conditioning, day −5 in auto-hsct-ln). A mobilization whose fixed
days reach that date is refused; a count-driven mobilization course (G-CSF "until the CD34+
cells collected exceed the target") ends at the latest the day before it.
"""

from __future__ import annotations

import datetime as dt

from dosing.display import format_day
from dosing.engine.schedule import date_of, day_label
from dosing.errors import InputError
from dosing.models import PlanInput
from dosing.protocol import Anchor, Protocol


def conditioning_start(protocol: Protocol, plan_input: PlanInput) -> dt.date | None:
    """The date of the arm's first day-0-anchored administration, if day 0 is known."""
    day0 = plan_input.options.day0_date
    phases = protocol.phases_by_id
    days = [
        item.days[0]
        for item in protocol.items_in_arm(plan_input.options.arm)
        if phases[item.phase].anchor is Anchor.DAY0
    ]
    if day0 is None or not days:
        return None
    return date_of(Anchor.DAY0, day0, min(days))


def check_phase_order(protocol: Protocol, plan_input: PlanInput) -> dt.date | None:
    """Refuse a mobilization whose fixed days reach conditioning (``InputError`` naming both
    dates); return the last date a mobilization dose may be given, or None if unknown."""
    start = plan_input.options.mobilization_start_date
    boundary = conditioning_start(protocol, plan_input)
    if start is None or boundary is None:
        return None
    phases = protocol.phases_by_id
    fixed = [
        day
        for item in protocol.items_in_arm(plan_input.options.arm)
        if phases[item.phase].anchor is Anchor.MOBILIZATION
        for day in (item.days if item.start_condition is None else item.days[:1])
    ]
    if fixed:
        last = max(fixed)
        last_date = date_of(Anchor.MOBILIZATION, start, last)
        assert last_date is not None
        if last_date >= boundary:
            day0 = plan_input.options.day0_date
            assert day0 is not None
            raise InputError(
                "mobilization start",
                f"{start.isoformat()} puts {day_label(Anchor.MOBILIZATION, last)} on "
                f"{last_date.isoformat()}, not before conditioning starts "
                f"{boundary.isoformat()} ({format_day((boundary - day0).days)}, day 0 "
                f"{day0.isoformat()}): mobilization and its harvest come before conditioning",
            )
    return boundary - dt.timedelta(days=1)
