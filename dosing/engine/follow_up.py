"""Follow-up visits: each a number of months after day 0, on the same day of the month."""

from __future__ import annotations

import datetime as dt

from dosing.engine.compiled import CompiledProtocol
from dosing.models import FollowUpVisit


def _add_months(date: dt.date, months: int) -> dt.date:
    month_index = date.month - 1 + months
    year = date.year + month_index // 12
    month = month_index % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def follow_up(compiled: CompiledProtocol, day0: dt.date | None) -> tuple[FollowUpVisit, ...]:
    if day0 is None:
        return compiled.undated_follow_up
    year, day = day0.year, day0.day
    visits = []
    for months, label, years_later, month in compiled.follow_up_by_start_month[day0.month - 1]:
        # Every month has a 28th; later days may need the month's last day instead.
        date = dt.date(year + years_later, month, day) if day <= 28 else _add_months(day0, months)
        visits.append(
            FollowUpVisit.model_validate({"months": months, "label": label, "date": date})
        )
    return tuple(visits)
