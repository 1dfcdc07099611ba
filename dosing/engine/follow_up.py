"""Follow-up visits: at an event (the harvest, day 0), or a number of weeks or months after
day 0 or treatment day 1 — a month later is the same day of the month (or its last day)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING, Any

from dosing.models import FollowUpSource, FollowUpVisit, PlanInput
from dosing.protocol import Protocol

if TYPE_CHECKING:
    from dosing.engine.compiled import CompiledProtocol

# Visit fields that do not depend on the patient, and the key visits merge on.
VisitTemplate = dict[str, Any]

_EVENT_LABELS = {"harvest": "at stem cell harvest", "day0": "day 0"}
_EVENT_ORDER = {"harvest": 0, "day0": 1}
_MISSING = {
    "harvest": "no apheresis collection entered yet",
    "day0": "day 0 date not entered",
    "treatment": "treatment start date not entered",
}


def _add_months(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day if it has no such day
    (30 November 2027 + 3 months = 29 February 2028)."""
    month_index = date.month - 1 + months
    year = date.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def compile_follow_up(protocol: Protocol) -> dict[str | None, tuple[VisitTemplate, ...]]:
    """Each arm's visits, patient-independent, in time order. Schedules landing on the same
    visit (the 3-monthly T-regulatory analysis on the monthly visit) make one visit with
    both checks and both quotes."""
    arms: list[str | None] = [None, *(arm.id for arm in protocol.arms)]
    by_arm: dict[str | None, tuple[VisitTemplate, ...]] = {}
    for arm in arms:
        visits: dict[tuple[object, ...], VisitTemplate] = {}
        for schedule in protocol.follow_up:
            if schedule.arm is not None and schedule.arm != arm:
                continue
            source = FollowUpSource(seed=schedule.seed, quote=schedule.quote)
            offsets: list[tuple[str, int | None, int | None, str]] = []
            if schedule.event is not None:
                label = schedule.label or _EVENT_LABELS[schedule.event]
                offsets.append((schedule.event, None, None, label))
            for week in schedule.weeks:
                offsets.append((schedule.after, week, None, f"week {week}" if week else "baseline"))
            for month in schedule.all_months:
                offsets.append((schedule.after, None, month, f"{month} month{'s' * (month != 1)}"))
            for anchor, weeks, months, label in offsets:
                key = (anchor, weeks, months, schedule.event)
                visit = visits.setdefault(
                    key,
                    {
                        "months": months,
                        "weeks": weeks,
                        "event": schedule.event,
                        "after": None if schedule.event else schedule.after,
                        "label": label,
                        "checks": (),
                        "note": None,
                        "sources": (),
                    },
                )
                if schedule.checks and schedule.checks not in visit["checks"]:
                    visit["checks"] += (schedule.checks,)
                if source not in visit["sources"]:
                    visit["sources"] += (source,)
                if schedule.note:
                    visit["note"] = "; ".join(filter(None, (visit["note"], schedule.note)))

        def order(visit: VisitTemplate) -> tuple[int, int]:
            if visit["event"] is not None:
                return (0, _EVENT_ORDER[visit["event"]])
            # Weeks and months in one order, in hundredths of a day (a month ~30.44 days).
            weeks, months = visit["weeks"], visit["months"]
            return (1, weeks * 700 if weeks is not None else months * 3044)

        by_arm[arm] = tuple(sorted(visits.values(), key=order))
    return by_arm


def follow_up(compiled: CompiledProtocol, plan_input: PlanInput) -> tuple[FollowUpVisit, ...]:
    options = plan_input.options
    collections = [collection.date for collection in plan_input.apheresis]
    anchors: dict[str, dt.date | None] = {
        # "At stem cell harvest": the day of the first apheresis collection.
        "harvest": min(collections) if collections else None,
        "day0": options.day0_date,
        "treatment": options.treatment_start_date,
    }
    visits = []
    # Every arm of the protocol and None are keys; validation refused any other arm.
    for template in compiled.follow_up_by_arm[options.arm]:
        anchor = template["event"] or template["after"]
        start = anchors[anchor]
        date: dt.date | None = None
        if start is not None:
            if template["weeks"] is not None:
                date = start + dt.timedelta(weeks=template["weeks"])
            elif template["months"] is not None:
                date = _add_months(start, template["months"])
            else:
                date = start
        visits.append(
            FollowUpVisit.model_validate(
                {
                    **template,
                    "date": date,
                    "date_missing": None if start is not None else _MISSING[anchor],
                }
            )
        )
    # The compiled order counts a month as ~30.44 days; the calendar can disagree by a day
    # (week 187 before 43 months). Visits with a date are listed by that date (the
    # compiled order breaks ties); a visit still waiting for its date keeps its place.
    dated = [index for index, visit in enumerate(visits) if visit.date is not None]
    by_date = sorted(dated, key=lambda index: (visits[index].date, index))
    ordered = list(visits)
    for slot, index in zip(dated, by_date, strict=True):
        ordered[slot] = visits[index]
    return tuple(ordered)
