"""Text for the window's cells and labels, built from the engine's own strings.

Nothing here computes a dose: doses come as ``Dose.display`` from the engine; these helpers
only lay out dates, volumes and labels the way DESIGN §5 prints them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from dosing.codes import AlertCode
from dosing.display import format_number, signed_percent
from ui.i18n import QT_TRANSLATE_NOOP, current_language, translate

if TYPE_CHECKING:
    from dosing.models import Administration, Alert, ItemResult

# Fixed English names: the printed sheets and the screen read the same whatever the locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_text(date: dt.date | None) -> str:
    """``2027-04-07`` -> ``Wed 7 Apr 2027``; in another language the locale's long date
    (``2027年4月7日星期三``); no date -> ``date not set``."""
    if date is None:
        return translate("Schedule", "date not set")
    if current_language() != "en":
        from PySide6.QtCore import QDate, QLocale

        return QLocale().toString(
            QDate(date.year, date.month, date.day), QLocale.FormatType.LongFormat
        )
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]} {date.year}"


def glossary_text(english: str) -> str:
    """A drug, phase or route name in the window's language: in Chinese the glossary's one
    reviewed name (the one the sheets print), else the English one as written."""
    if current_language() != "zh_CN":
        return english
    from app.sheets._language import chinese

    return chinese(english)


def protocol_text(english: str | None) -> str:
    """A protocol file's sentence (a title, a condition, a note) or the engine's phrase
    around it (``cycle 2 · dose 3``) in the window's language: in Chinese from the protocol
    catalogue (``app/protocol_text.py``), else, or where it has none, as written."""
    if not english:
        return ""
    if current_language() != "zh_CN":
        return english
    from app.protocol_text import chinese_text

    return chinese_text(english) or english


def terms_text(english: str, separator: str = " · ") -> str:
    """Glossary terms joined (``once daily · over 2 hours``), each in the window's language."""
    return separator.join(glossary_text(part) for part in english.split(separator))


def dose_words(display: str) -> str:
    """A dose as the engine displays it (or the store's why-no-dose words), with its unit
    words in the window's language (``1,000,000 国际单位``); the numbers untouched."""
    if current_language() != "zh_CN":
        return display
    from app.alert_text import unit_words

    return unit_words(glossary_text(display))


def alert_message(alert: Alert) -> str:
    """An engine alert in the window's language (app.alert_text; English as the engine
    wrote it when there is no Chinese sentence for it)."""
    if current_language() == "en":
        return alert.message
    from app.alert_text import alert_text

    return alert_text(alert, current_language())


def item_phase_text(name: str, phase: str) -> str:
    """``Cyclophosphamide (mobilization)``; ``环磷酰胺（动员）`` in Chinese."""
    if current_language() != "zh_CN":
        return f"{name} ({phase})"
    return f"{glossary_text(name)}（{phase_text(phase)}）"


def phase_text(phase: str) -> str:
    """A phase id (``mobilization``) as the window names it: in Chinese the glossary's name
    of the phase when it has one (动员), else the id as it is."""
    if current_language() != "zh_CN":
        return phase
    named = glossary_text(phase.capitalize())
    if named != phase.capitalize():
        return named
    # A phase id that is not its name (engraftment: "Engraftment support"): the loaded
    # protocols' name of it (cached with the protocols).
    from app.protocols import load_protocols

    for protocol in load_protocols().values():
        for found in protocol.phases:
            if found.id == phase:
                return glossary_text(found.name)
    return phase


def day_label_text(label: str) -> str:
    """``day −5`` as the engine labels it; in Chinese ``第−5天`` (as on the sheets)."""
    if current_language() != "zh_CN":
        return label
    from app.sheets._language import chinese_day

    zh = chinese_day(label)
    return protocol_text(label) if zh == label else zh  # "to be set by counts"


def short_date_text(date: dt.date) -> str:
    """``2027-03-03`` -> ``Wed 3 Mar`` (``3月3日``, as the charts' axis): a counts table's
    rows, days apart, in a narrow pane. Without the weekday in Chinese: with it (3月10日 周三,
    75 px) the count columns beside it were too narrow for their unit (× 10⁹/L)."""
    if current_language() == "zh_CN":
        return f"{date.month}月{date.day}日"
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]}"


def trace_words(trace: str) -> str:
    """A dose's calculation in the window's language (its arithmetic untouched)."""
    if current_language() == "en":
        return trace
    from app.alert_text import trace_text

    return trace_text(trace, current_language())


def protocol_dose_text(english: str) -> str:
    """A protocol dose (``80–500 mg/day``, ``per local protocol``) in the window's language."""
    if current_language() != "zh_CN":
        return english
    from app.alert_text import protocol_dose_words

    return protocol_dose_words(english, "zh_CN")


# A phase name longer than this heads only its phase's first day: "Low-dose IL-2, 3 cycles
# of 4 weeks" said above each of 21 doses buried the dates; "Conditioning" helps each day.
LONG_PHASE_NAME = 24


def group_title(admin: Administration, first_of_phase: bool = True) -> str:
    """The heading above one day of one phase: ``Conditioning — day −5 · Wed 7 Apr 2027``;
    after its first day a long phase name is left out: ``treatment day 3 · Wed 6 Jan 2027``."""
    phase = glossary_text(admin.phase_name)
    if admin.day is None:
        return translate("Schedule", "{phase} — to be set by blood counts").format(phase=phase)
    day = f"{day_label_text(admin.day_label)} · {date_text(admin.date)}"
    if not first_of_phase and len(admin.phase_name) > LONG_PHASE_NAME:
        return day
    return f"{phase} — {day}"


def dose_text(admin: Administration, item: ItemResult | None) -> str:
    """The dose cell: the engine's display string, or why there is no dose."""
    if admin.dose is not None:
        if current_language() != "en":
            from app.alert_text import dose_display

            return dose_display(admin, current_language())
        return admin.dose.display
    if admin.no_dose == AlertCode.CHOICE_REQUIRED:
        wanted = (
            protocol_dose_text(item.protocol_dose_text)
            if item is not None
            else translate("Schedule", "see the adjustments")
        )
        return translate("Schedule", "choose a value ({wanted})").format(wanted=wanted)
    text = _NO_DOSE_TEXT.get(admin.no_dose or "refused", _NO_DOSE_TEXT["refused"])
    return translate("Schedule", text)


def draw_text(admin: Administration) -> str:
    """The volume to draw for the dose from its vials or syringes, as the engine and the
    nurse sheet say it ("draw 0.56 mL of 480 mcg/0.8 mL"; 从 480 mcg/0.8 mL 中抽取 0.56 mL)."""
    if admin.dose is None or not admin.draw:
        return ""
    if current_language() == "en":
        return admin.draw
    from app.alert_text import draw_words

    return draw_words(admin.draw, current_language())


def draw_cell_text(admin: Administration) -> str:
    """The volume to draw as the schedule cell shows it. One vial or syringe: the whole
    instruction ("draw 0.56 mL of 480 mcg/0.8 mL"). Several: only the total volume ("draw
    166 mL"; 抽取 166 mL), since the vial list wrapped in a narrow dose column filled a
    1280 × 800 schedule with two rows; the list is in the dose cell's tooltip and on the
    nurse sheet. Where the volume delivers other than the dose above it, what it delivers
    and by how much ("— delivers 36 mcg (+5.9%)"; 实际给药 36 mcg（+5.9%）)."""
    if admin.dose is None or not admin.draw:
        return ""
    from app.alert_text import delivered_words, draw_words

    language = current_language()
    how = admin.draw.split(" — delivers ", 1)[0]
    if language != "en":
        how = draw_words(how, language)
    if ": " in how or "：" in how:
        how = how.replace("：", ": ").split(": ", 1)[0]
    delivered = admin.draw_delivered
    if delivered is None or delivered.value == admin.dose.value:
        return how
    words = delivered_words(
        delivered.display, language, deviation=signed_percent(delivered.deviation_percent)
    )
    return f"{how} — {words}" if language == "en" else f"{how}，{words}"


# Why a row has no dose (the engine's Administration.no_dose), in the window's words.
_NO_DOSE_TEXT = {
    "dropped": QT_TRANSLATE_NOOP("Schedule", "dropped"),
    "local-protocol": QT_TRANSLATE_NOOP("Schedule", "per local protocol"),
    "awaiting-yields": QT_TRANSLATE_NOOP(
        "Schedule", "the whole collected graft (enter apheresis yields)"
    ),
    "refused": QT_TRANSLATE_NOOP("Schedule", "refused — see alerts"),
}


def is_refused(admin: Administration) -> bool:
    """A dose the engine refused (shown in red), whatever the window's language."""
    return (
        admin.dose is None
        and admin.no_dose != AlertCode.CHOICE_REQUIRED
        and (admin.no_dose or "refused") not in ("dropped", "local-protocol", "awaiting-yields")
    )


def course_total_text(item: ItemResult) -> str:
    """An item's course total in the window's language (its per-kg total has a column of
    its own); an open course says the doses are those so far and what ends it
    (app/course_text.py: the CLI's and the sheets' words)."""
    from app.course_text import item_total_text

    return item_total_text(item, current_language(), per_basis=False)


def volume_text(value: Decimal | None) -> str:
    return "" if value is None else f"{format_number(value)} mL"


def rate_text(value: Decimal | None) -> str:
    return "" if value is None else f"{format_number(value)} mL/h"


def notes_text(admin: Administration, item_note: str | None = None) -> str:
    """Condition in words first (a nurse must see why a day is not fixed), then what is
    particular to this administration. The item's standing protocol note (``item_note``)
    is left to the calculation panel and the tooltip, so the column stays readable."""
    note = admin.note if admin.note and admin.note != item_note else None
    # "cycle 2 · dose 3" first: which of a course's 21 doses this is, at a glance.
    parts = [protocol_text(p) for p in (admin.course_label, admin.condition, note) if p]
    if admin.chosen_value:
        value = protocol_text(admin.chosen_value)
        parts.append(translate("Schedule", "chosen {value}").format(value=value))
    return "; ".join(parts)


def weight_rule_text(rule: str | None) -> str:
    if rule is None:
        return ""
    text = _WEIGHT_RULES.get(rule)
    return translate("WeightRule", text) if text is not None else str(rule)


_WEIGHT_RULES = {
    "actual": QT_TRANSLATE_NOOP("WeightRule", "actual weight"),
    "ideal": QT_TRANSLATE_NOOP("WeightRule", "ideal body weight"),
    "adjusted": QT_TRANSLATE_NOOP("WeightRule", "adjusted body weight"),
    "adjusted-if-over": QT_TRANSLATE_NOOP("WeightRule", "adjusted body weight when over threshold"),
    "lesser-actual-ideal": QT_TRANSLATE_NOOP("WeightRule", "lesser of actual and ideal weight"),
}

SEVERITY_TEXT = {
    "hard": QT_TRANSLATE_NOOP("Severity", "HARD"),
    "soft": QT_TRANSLATE_NOOP("Severity", "Soft"),
    "info": QT_TRANSLATE_NOOP("Severity", "Info"),
}


def severity_text(alert: Alert) -> str:
    """Short, so the message keeps the width: HARD, Soft, Soft ✓, Choose, Info."""
    if alert.code == AlertCode.CHOICE_REQUIRED:
        return translate("Severity", "Choose")
    if alert.severity == "soft" and alert.acknowledged:
        return translate("Severity", "Soft ✓")
    return translate("Severity", SEVERITY_TEXT[alert.severity])


def acknowledgeable(alert: Alert) -> bool:
    """Soft alerts are acknowledged with a reason; a required choice is resolved by choosing."""
    return alert.severity == "soft" and alert.code != AlertCode.CHOICE_REQUIRED
