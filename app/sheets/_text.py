"""Words printed on the sheets that the engine does not already phrase.

Dates are spelled out with English names held here rather than ``strftime``, whose names
follow the process locale: a sheet must read the same on every workstation.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from app.services import PlanMeta
from app.sheets._fonts import markup
from app.sheets._language import name_text
from dosing.display import format_dose, format_number, superscript
from dosing.models import Administration, ComputedPlan, ItemResult

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

NOT_ENTERED = "not entered"


def long_date(date: dt.date) -> str:
    """``Wednesday 7 April 2027``: the weekday guards against a digit misread."""
    return f"{_WEEKDAYS[date.weekday()]} {date.day} {_MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """``7 April 2027``: month in words, never 07/04 (day and month swap between countries)."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def date_or_missing(date: dt.date | None) -> str:
    return short_date(date) if date is not None else NOT_ENTERED


def timestamp(moment: dt.datetime) -> str:
    zone = moment.strftime("%Z") if moment.tzinfo is not None else ""
    text = f"{short_date(moment.date())} {moment:%H:%M}"
    return f"{text} {zone}" if zone else text


def kg(value: Decimal | None) -> str:
    return f"{format_number(value)} kg" if value is not None else NOT_ENTERED


class Verbatim(str):
    """Text printed exactly as typed: a patient's name or MRN must match the wristband, so
    its signs are not written in words (a name with ``<b>`` prints ``<b>``, never markup)."""

    __slots__ = ()


def esc(text: str) -> str:
    """Any text into reportlab paragraph markup: the signs in words (DESIGN §5), characters
    the fonts lack made visible, ``&``, ``<``, ``>`` escaped (markup there) and Chinese runs
    set in the CJK font."""
    return markup(text if isinstance(text, Verbatim) else words_for_signs(text))


_MARKDOWN_POWER = re.compile(r"10\s*\\?\^\s*(-?\d+)")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>^~|])")


_LOST_SUPERSCRIPT = re.compile(r"(\d(?:\.\d+)?)\s*×\s*10([6-9])/L")


def printable_quote(quote: str) -> str:
    """A seed quote as printed. The words are verbatim; on paper (DESIGN §5, ISMP):
    markdown escapes from the seed conversion are removed, powers of ten set as superscripts,
    the less-than/greater-than signs written in words, micrograms written mcg and the
    abbreviation for international units written out. Where the seed lost a superscript ("1×109/L") the reading is added
    in brackets, never silently changed."""
    text = _MARKDOWN_POWER.sub(lambda m: "10" + superscript(int(m.group(1))), quote)
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    text = _LOST_SUPERSCRIPT.sub(
        lambda m: f"{m.group(0)} [read: {m.group(1)} × 10{superscript(int(m.group(2)))}/L]", text
    )
    text = re.sub(r"[µμ]g\b", "mcg", text)
    text = re.sub(r"(?<=[\d\s(⁰¹²³⁴⁵⁶⁷⁸⁹])IU\b", " international units", text)
    text = re.sub(r"\s*≥\s*", " greater than or equal to ", text)
    text = re.sub(r"\s*≤\s*", " less than or equal to ", text)
    text = re.sub(r"\s*>\s*", " greater than ", text)
    text = re.sub(r"\s*<\s*", " less than ", text)
    return re.sub(r"  +", " ", text).strip()


def words_for_signs(text: str) -> str:
    """Any free text typed by a person (a reason, a name) with the signs written in words."""
    return (
        text.replace("≥", " greater than or equal to ")
        .replace("≤", " less than or equal to ")
        .replace(">", " greater than ")
        .replace("<", " less than ")
        .replace("  ", " ")
    )


def item_of(plan: ComputedPlan, item_id: str) -> ItemResult | None:
    for item in plan.items:
        if item.item == item_id:
            return item
    return None


def dropped_reason(plan: ComputedPlan, admin: Administration) -> str:
    for dropped in plan.input.dropped_days:
        if dropped.item == admin.item and dropped.day == admin.day:
            return dropped.reason or "no reason recorded"
    return "no reason recorded"


def hard_alert_for(plan: ComputedPlan, item_id: str) -> str | None:
    for alert in plan.alerts:
        if alert.severity == "hard" and alert.item == item_id:
            return alert.message
    return None


def dose_text(plan: ComputedPlan, admin: Administration, language: str = "en") -> tuple[str, bool]:
    """What the dose cell says, and whether it is a warning (no dose to give as printed).

    A dose of None never prints blank: it says why there is no dose.
    """
    if admin.dose is not None:
        from app.alert_text import dose_display

        return dose_display(admin, language), False
    reason = admin.no_dose
    if language != "en" and reason in _NO_DOSE_ZH:
        zh, warning = _NO_DOSE_ZH[reason]
        if reason == "dropped":
            typed = dropped_reason(plan, admin)
            zh += "未记录原因" if typed == "no reason recorded" else words_for_signs(typed)
        if language == "zh_CN":
            return zh, warning
        return f"{zh} · {dose_text(plan, admin)[0]}", warning  # bilingual: both
    if reason == "dropped":
        return f"DROPPED — not given. Reason: {words_for_signs(dropped_reason(plan, admin))}", True
    if reason == "refused":
        refused = hard_alert_for(plan, admin.item) or "see the pharmacist worksheet"
        return f"NO DOSE — refused: {refused}", True
    if reason == "choice-required":
        item = item_of(plan, admin.item)
        wanted = f" ({item.protocol_dose_text})" if item is not None else ""
        return f"NO DOSE — choice required{wanted}", True
    if reason == "local-protocol":
        return (
            "Per local protocol: drug and dose as prescribed by the ward (not set by this plan)",
            False,
        )
    if reason == "awaiting-yields":
        return "The whole collected graft (CD34+ count not yet entered)", False
    return "NO DOSE — ask the pharmacist", True


# Why there is no dose, in Chinese; a refusal and a required choice keep the English with
# the engine's own words (the alert box above says them in Chinese).
_NO_DOSE_ZH = {
    "dropped": ("已停用 — 不给药。原因：", True),
    "local-protocol": ("按本院方案：药物及剂量按病房医嘱（本计划未规定）", False),
    "awaiting-yields": ("回输全部采集的移植物（尚未填写 CD34⁺ 计数）", False),
}


def patient_sex(plan: ComputedPlan) -> str:
    return str(plan.input.patient.sex.value)


def weight_line(plan: ComputedPlan) -> str:
    patient = plan.input.patient
    weighed = (
        f" (weighed {short_date(patient.weigh_date)})"
        if patient.weigh_date
        else " (weigh date not entered)"
    )
    return f"{format_number(patient.weight_kg)} kg{weighed}"


def bsa_line(plan: ComputedPlan) -> str:
    values = plan.anthropometrics
    text = f"{format_number(values.bsa_m2)} m² ({formula_name(plan)})"
    if values.bsa_capped:
        text += f" — capped; uncapped {format_number(values.bsa_unrounded_m2)} m²"
    return text


_FORMULAS = {
    "mosteller": "Mosteller",
    "dubois": "DuBois",
    "haycock": "Haycock",
    "gehan-george": "Gehan–George",
    "boyd": "Boyd",
}


def formula_name(plan: ComputedPlan) -> str:
    key = str(plan.anthropometrics.bsa_formula.value)
    return _FORMULAS.get(key, key)


_RULES = {
    "actual": "actual weight",
    "ideal": "ideal body weight",
    "adjusted": "adjusted body weight",
    "adjusted-if-over": "adjusted body weight when over the limit, else actual",
    "lesser-actual-ideal": "lesser of actual and ideal weight",
}


def rule_name(rule: object) -> str:
    key = str(getattr(rule, "value", rule))
    return _RULES.get(key, key)


def dosing_weights(plan: ComputedPlan, language: str = "en") -> list[str]:
    """``60 kg (actual weight): Cyclophosphamide, Rabbit ATG`` — drugs grouped by the weight
    their dose is calculated on, so a different weight for one drug stands out."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in plan.items:
        if item.dosing_weight_kg is None:
            continue
        key = (format_number(item.dosing_weight_kg), rule_name(item.dosing_weight_rule))
        names = groups.setdefault(key, [])
        if item.name not in names:
            names.append(item.name)
    if language != "en":  # Chinese names only: the bilingual rows below give the English
        return [
            f"{weight} kg（{name_text(rule, 'zh_CN')}）："
            + "、".join(name_text(name, "zh_CN") for name in names)
            for (weight, rule), names in groups.items()
        ]
    return [f"{weight} kg ({rule}): {', '.join(names)}" for (weight, rule), names in groups.items()]


def status_text(meta: PlanMeta) -> str:
    return meta.status.upper()


def footer_text(meta: PlanMeta) -> str:
    if meta.language == "zh_CN":
        return _chinese_footer(meta)
    plan_id = f"plan {meta.plan_id}" if meta.plan_id else "plan unsaved"
    version = f"version {meta.version}" if meta.version is not None else "version —"
    content = f"content hash {meta.content_hash}" if meta.content_hash else "content hash —"
    return (
        f"{plan_id} · {version} · {content} · status {status_text(meta)} · "
        f"printed {timestamp(meta.printed_at)} · {meta.paper}"
    )


def _chinese_footer(meta: PlanMeta) -> str:
    """The footer's facts in Chinese; ids, the hash and the time as they are."""
    from app.sheets._language import chinese, short_chinese_date

    plan_id = f"计划 {meta.plan_id}" if meta.plan_id else "计划未保存"
    version = f"版本 {meta.version}" if meta.version is not None else "版本 —"
    content = f"内容哈希 {meta.content_hash or '—'}"
    status = chinese(meta.status.strip().capitalize()) or meta.status
    moment = meta.printed_at
    zone = moment.strftime("%Z") if moment.tzinfo is not None else ""
    printed = f"{short_chinese_date(moment.date())} {moment:%H:%M}" + (f" {zone}" if zone else "")
    return f"{plan_id} · {version} · {content} · 状态 {status} · 打印于 {printed} · {meta.paper}"


def amount(value: Decimal, unit: str) -> str:
    return format_dose(value, unit)


def rate_text(admin: Administration, language: str = "en") -> str:
    parts: list[str] = []
    if admin.rate_ml_per_h is not None:
        parts.append(f"{format_number(admin.rate_ml_per_h)} mL/h")
    if admin.duration:
        parts.append(name_text(admin.duration, language))
    return ("，" if language == "zh_CN" else ", ").join(parts) if parts else "—"


def diluent_text(admin: Administration, language: str = "en") -> str:
    parts: list[str] = []
    if admin.diluent:
        parts.append(name_text(admin.diluent, language))
    if admin.volume_ml is not None:
        parts.append(f"{format_number(admin.volume_ml)} mL")
    return ("，" if language == "zh_CN" else ", ").join(parts) if parts else "—"
