"""The nurse schedule's days and dates in the sheet's language: ``day −5 · Wednesday 7 April
2027``, ``第−5天 · 2027年4月7日 星期三``, or both (bilingual); a date not yet set said so."""

from __future__ import annotations

from collections.abc import Sequence

from app.sheets._language import chinese_date, chinese_day
from app.sheets._text import long_date
from dosing.models import Administration
from dosing.protocol import Anchor


def day_key(admin: Administration) -> tuple[int, int]:
    order = {Anchor.DAY0: 0, Anchor.TREATMENT: 1, Anchor.MOBILIZATION: 2}
    return (order.get(admin.anchor, 3), admin.day if admin.day is not None else 0)


def day_heading(admin: Administration, language: str = "en") -> str:
    """``day −5 · Wednesday 7 April 2027``; ``第−5天 · 2027年4月7日 星期三`` in Chinese, both
    in the bilingual sheet."""
    when = long_date(admin.date) if admin.date is not None else date_not_set(admin)
    english = f"{admin.day_label} · {when}"
    if language == "en":
        return english
    if admin.date is None:
        zh = f"{chinese_day(admin.day_label)} · {date_not_set(admin, 'zh_CN')}"
        return zh if language == "zh_CN" else f"{zh} · {english}"
    zh = f"{chinese_day(admin.day_label)} · {chinese_date(admin.date)}"
    return zh if language == "zh_CN" else f"{zh} · {english}"


def date_not_set(admin: Administration, language: str = "en") -> str:
    anchor = {
        Anchor.DAY0: ("the day 0 date", "第0天日期"),
        Anchor.TREATMENT: ("the treatment start date", "治疗开始日期"),
        Anchor.MOBILIZATION: ("the mobilization start date", "动员开始日期"),
    }.get(admin.anchor, ("the start date", "开始日期"))
    english = f"DATE NOT SET — enter {anchor[0]} in the plan"
    zh = f"未设定日期 — 请在计划中填写{anchor[1]}"
    return {"en": english, "zh_CN": zh}.get(language, f"{zh} · {english}")


def range_text(administrations: Sequence[Administration], language: str = "en") -> str:
    dated = [a for a in administrations if a.day is not None]
    if not dated:
        return ""
    ordered = sorted(dated, key=day_key)
    first, last = ordered[0].day_label, ordered[-1].day_label
    if language != "en":
        first, last = chinese_day(first), chinese_day(last)
        return first if first == last else f"{first}至{last}"
    return first if first == last else f"{first} to {last}"


def day_lines(admin: Administration, language: str) -> list[str]:
    """A compact row's day and date: ``treatment day 3`` over ``Wednesday 14 April 2027``; in
    Chinese ``治疗第3天`` over ``2027年4月14日 星期三``; bilingual both."""
    english = [
        admin.day_label,
        long_date(admin.date) if admin.date is not None else date_not_set(admin),
    ]
    if language == "en":
        return english
    zh = [
        chinese_day(admin.day_label),
        chinese_date(admin.date) if admin.date is not None else date_not_set(admin, "zh_CN"),
    ]
    return zh if language == "zh_CN" else [zh[0], zh[1], *english]
