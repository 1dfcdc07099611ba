"""The follow-up visits in ``txdose plan`` output: the JSON list and the text-table lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dosing.models import ComputedPlan


def follow_up_json(plan: ComputedPlan) -> list[dict[str, Any]]:
    """One object per visit: ``label``, ``date`` (null when its anchor date is not entered,
    ``date_missing`` saying which), ``event`` (``harvest`` | ``day0``) or ``weeks`` /
    ``months`` after ``after`` (``day0`` | ``treatment``), ``checks`` and the quoted sources."""
    return [
        {
            "label": visit.label,
            "date": visit.date,
            "date_missing": visit.date_missing,
            "event": visit.event,
            "after": visit.after,
            "weeks": visit.weeks,
            "months": visit.months,
            "checks": list(visit.checks),
            "note": visit.note,
            "sources": [{"seed": s.seed, "quote": s.quote} for s in visit.sources],
        }
        for visit in plan.follow_up
    ]


def follow_up_lines(plan: ComputedPlan) -> list[str]:
    if not plan.follow_up:
        return []
    lines = ["", "Follow-up visits:"]
    previous_note = None
    for visit in plan.follow_up:
        date = visit.date.strftime("%a %d %b %Y") if visit.date else f"({visit.date_missing})"
        checks = f" — {'; '.join(visit.checks)}" if visit.checks else ""
        lines.append(f"  {visit.label}: {date}{checks}")
        # A schedule's note once, under its first visit, not under each of its visits.
        if visit.note and visit.note != previous_note:
            lines.append(f"      {visit.note}")
        previous_note = visit.note
    return lines
