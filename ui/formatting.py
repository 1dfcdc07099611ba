"""Text for the window's cells and labels, built from the engine's own strings.

Nothing here computes a dose: doses come as ``Dose.display`` from the engine; these helpers
only lay out dates, volumes and labels the way DESIGN §5 prints them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from dosing.codes import AlertCode
from dosing.display import format_number

if TYPE_CHECKING:
    from dosing.models import Administration, Alert, ItemResult

# Fixed English names: the printed sheets and the screen read the same whatever the locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_text(date: dt.date | None) -> str:
    """``2027-04-07`` -> ``Wed 7 Apr 2027``; no date -> ``date not set``."""
    if date is None:
        return "date not set"
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]} {date.year}"


def group_title(admin: Administration) -> str:
    """The heading above one day of one phase: ``Conditioning — day −5 · Wed 7 Apr 2027``."""
    if admin.day is None:
        return f"{admin.phase_name} — to be set by blood counts"
    return f"{admin.phase_name} — {admin.day_label} · {date_text(admin.date)}"


def dose_text(admin: Administration, item: ItemResult | None) -> str:
    """The dose cell: the engine's display string, or why there is no dose."""
    if admin.dose is not None:
        return admin.dose.display
    if admin.no_dose == AlertCode.CHOICE_REQUIRED:
        wanted = item.protocol_dose_text if item is not None else "see the adjustments"
        return f"choose a value ({wanted})"
    return _NO_DOSE_TEXT.get(admin.no_dose or "refused", "refused — see alerts")


# Why a row has no dose (the engine's Administration.no_dose), in the window's words.
_NO_DOSE_TEXT = {
    "dropped": "dropped",
    "local-protocol": "per local protocol",
    "awaiting-yields": "the whole collected graft (enter apheresis yields)",
    "refused": "refused — see alerts",
}


def volume_text(value: Decimal | None) -> str:
    return "" if value is None else f"{format_number(value)} mL"


def rate_text(value: Decimal | None) -> str:
    return "" if value is None else f"{format_number(value)} mL/h"


def notes_text(admin: Administration, item_note: str | None = None) -> str:
    """Condition in words first (a nurse must see why a day is not fixed), then what is
    particular to this administration. The item's standing protocol note (``item_note``)
    is left to the calculation panel and the tooltip, so the column stays readable."""
    note = admin.note if admin.note and admin.note != item_note else None
    parts = [p for p in (admin.condition, note) if p]
    if admin.chosen_value:
        parts.append(f"chosen {admin.chosen_value}")
    return "; ".join(parts)


def weight_rule_text(rule: str | None) -> str:
    return {
        "actual": "actual weight",
        "ideal": "ideal body weight",
        "adjusted": "adjusted body weight",
        "adjusted-if-over": "adjusted body weight when over threshold",
        "lesser-actual-ideal": "lesser of actual and ideal weight",
        None: "",
    }.get(rule, str(rule))


SEVERITY_TEXT = {"hard": "HARD", "soft": "Soft", "info": "Info"}


def severity_text(alert: Alert) -> str:
    """Short, so the message keeps the width: HARD, Soft, Soft ✓, Choose, Info."""
    if alert.code == AlertCode.CHOICE_REQUIRED:
        return "Choose"
    if alert.severity == "soft" and alert.acknowledged:
        return "Soft ✓"
    return SEVERITY_TEXT[alert.severity]


def acknowledgeable(alert: Alert) -> bool:
    """Soft alerts are acknowledged with a reason; a required choice is resolved by choosing."""
    return alert.severity == "soft" and alert.code != AlertCode.CHOICE_REQUIRED


def count_text(value: Decimal | None) -> str:
    return "" if value is None else f"{format_number(value)} × 10⁹/L"
