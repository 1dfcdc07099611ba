"""What a verification must check beyond the blind re-entry (issue 15).

- **Blind means blind**: a user who has seen a draft's values (``plans show``, Open in the
  window, a printed or exported draft) cannot then re-enter them "blind"; those sightings are
  audit events, so the refusal rests on the chain, not on anyone's word.
- **Each adjustment confirmed**: the blind re-entry checks weight, height, protocol and arm;
  a 50% reduction with a weak reason, a dropped day or a chosen range value would pass it
  untouched. So after the re-entry matches, the verifier confirms each one by its key
  (``reduce:atg``, ``drop:atg@-2``, ``choose:methylprednisolone``,
  ``acknowledge:weight-changed``); every confirmation goes into the verify event.

Pure functions: the store gathers the events and the recomputed plan.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from app.store.identity import same_user
from app.store.records import AuditEvent
from dosing.display import format_day, format_number, format_percent
from dosing.models import ComputedPlan

# What shows a draft's values to the person doing it (a "viewed" event is written for
# ``plans show`` and Open; a printed or exported draft carries its values on paper).
_SIGHTINGS = ("viewed", "print", "export")


@dataclass(frozen=True)
class Adjustment:
    """One thing the preparer chose that the verifier must confirm: its key and, in words,
    what is confirmed (with the reason given)."""

    key: str
    what: str


def adjustments(plan: ComputedPlan) -> list[Adjustment]:
    """Every adjustment of a plan, in a stable order: reductions, dropped days, chosen
    values, acknowledgements."""
    entered = plan.input
    names = {item.item: item.name for item in plan.items}
    chosen_text = {a.item: a.chosen_value for a in plan.administrations if a.chosen_value}
    found: list[Adjustment] = []
    for item, reduction in sorted(entered.reductions.items()):
        found.append(
            Adjustment(
                f"reduce:{item}",
                f"{names.get(item, item)} given at {format_percent(reduction.percent)} of the "
                f"protocol dose — reason: {reduction.reason}",
            )
        )
    for dropped in sorted(entered.dropped_days, key=lambda d: (d.item, d.day)):
        found.append(
            Adjustment(
                f"drop:{dropped.item}@{dropped.day}",
                f"{names.get(dropped.item, dropped.item)} {format_day(dropped.day)} not given"
                + (f" — reason: {dropped.reason}" if dropped.reason else ""),
            )
        )
    for item, value in sorted(entered.choices.items()):
        found.append(
            Adjustment(
                f"choose:{item}",
                f"{names.get(item, item)}: "
                + (chosen_text.get(item) or f"{format_number(value)} chosen"),
            )
        )
    for ack in entered.acknowledgements:
        target = f"{ack.code}@{ack.item}" if ack.item else ack.code
        about = f" ({names.get(ack.item, ack.item)})" if ack.item else ""
        found.append(
            Adjustment(
                f"acknowledge:{target}",
                f"alert {ack.code}{about} acknowledged"
                + (f" by {ack.by}" if ack.by else "")
                + f" — reason: {ack.reason}",
            )
        )
    return found


def duplicate_confirmations(confirmed: Sequence[str]) -> list[str]:
    """The keys given more than once (a key confirms one adjustment, once)."""
    seen: set[str] = set()
    twice: list[str] = []
    for key in confirmed:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    return twice


def confirmation_problems(required: Sequence[Adjustment], confirmed: Sequence[str]) -> list[str]:
    """Why the confirmations do not cover exactly the plan's adjustments (empty: they do)."""
    keys = [a.key for a in required]
    problems = []
    twice = duplicate_confirmations(confirmed)
    if twice:
        problems.append(f"confirmed more than once: {', '.join(twice)}")
    unknown = [key for key in dict.fromkeys(confirmed) if key not in keys]
    if unknown:
        problems.append(f"not an adjustment of this plan: {', '.join(unknown)}")
    missing = [a for a in required if a.key not in confirmed]
    if missing:
        problems.append(f"not confirmed: {', '.join(a.key for a in missing)}")
    return problems


def describe_required(required: Sequence[Adjustment]) -> str:
    """The adjustments as the refusal lists them: one ``key (what)`` each."""
    return "; ".join(f"{a.key} ({a.what})" for a in required)


def _detail(event: AuditEvent) -> dict[str, object]:
    try:
        value = json.loads(event.detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def sighting(events: Sequence[AuditEvent], user: str) -> AuditEvent | None:
    """The first event in which ``user`` saw a draft of this plan's values: a "viewed"
    event, or a print or export of a draft (a plan's values carry from one version to the
    next, so a sighting of any draft version counts)."""
    for event in events:
        if event.action not in _SIGHTINGS or not same_user(event.actor, user):
            continue
        if event.action == "viewed" or _detail(event).get("status") == "draft":
            return event
    return None


def is_sighting(status: str, viewer: str, preparer: str) -> bool:
    """Whether showing a version to ``viewer`` is a "viewed" event: a draft, shown to
    someone other than the person who prepared it (who may go on to verify it)."""
    return status == "draft" and not same_user(viewer, preparer)
