"""The words a sheet prints in the language chosen for it: English, Chinese (zh_CN), or
bilingual (Chinese first, the English beside it, so a nurse and a visiting clinician read the
same paper).

Drug, phase and arm names come from ``resources/i18n/glossary.tsv``, the file a reviewer
checks line by line, so what prints is what was reviewed. Doses keep their conventions in
every language (``mcg``, ``units``, thousands separators, no trailing zero).
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache

from app import resources

LANGUAGES = ("en", "zh_CN", "bilingual")
GLOSSARY_FILE = resources.i18n_dir() / "glossary.tsv"

_WATERMARK = {
    "en": "NOT VERIFIED — NOT FOR ADMINISTRATION",
    "zh_CN": "未经药师核对 — 不得据此给药",
}
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language '{language}' is not offered; choose {', '.join(LANGUAGES)}")
    return language


@cache
def glossary() -> dict[str, str]:
    """English term -> its one Chinese name."""
    with GLOSSARY_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {row[0]: row[1] for row in rows[1:] if len(row) >= 2}


def chinese(english: str) -> str:
    """The reviewed Chinese name, or the English one where the glossary has none (a local
    protocol's own drug): printed as written rather than guessed."""
    return glossary().get(english, english)


def name_lines(english: str, language: str) -> list[str]:
    """A drug, phase or arm name as printed: one line, or Chinese over English (bilingual)."""
    if language == "en":
        return [english]
    zh = chinese(english)
    if language == "zh_CN" or zh == english:
        return [zh]
    return [zh, english]


def name_text(english: str, language: str) -> str:
    return " · ".join(name_lines(english, language))


def label_text(english: str, language: str) -> str:
    """A column or field label: Chinese, or Chinese then English (bilingual)."""
    zh = chinese(english) if language != "en" else english
    return english if zh == english else (zh if language == "zh_CN" else f"{zh} {english}")


def say(language: str, english: str, zh: str) -> str:
    """A sheet's own phrase (with its numbers filled in) in ``language``: the English, the
    Chinese, or bilingual the Chinese then the English."""
    return {"en": english, "zh_CN": zh}.get(language, f"{zh} · {english}")


def chinese_phase(phase_id: str) -> str:
    """A phase id (``conditioning``) by the glossary's name of the phase (预处理), else as
    it is."""
    named = chinese(phase_id.capitalize())
    return phase_id if named == phase_id.capitalize() else named


def watermark_lines(language: str) -> list[str]:
    if language == "bilingual":
        return [_WATERMARK["zh_CN"], _WATERMARK["en"]]
    return [_WATERMARK[language]]


def page_of(number: int, total: int, language: str) -> str:
    english = f"page {number} of {total}"
    zh = f"第 {number} 页，共 {total} 页"
    return {"en": english, "zh_CN": zh}.get(language, f"{zh} · {english}")


def short_chinese_date(date: dt.date) -> str:
    """``2027年4月7日`` (a date of birth or weighing: no weekday needed)."""
    return f"{date.year}年{date.month}月{date.day}日"


def chinese_date(date: dt.date) -> str:
    """``2027年4月7日 星期三``: the month as a number is unambiguous in this order."""
    return f"{date.year}年{date.month}月{date.day}日 {_WEEKDAYS_ZH[date.weekday()]}"


_DAY_PREFIXES = (("mobilization day ", "动员"), ("treatment day ", "治疗"), ("day ", ""))


def chinese_day(day_label: str) -> str:
    """``day −5`` -> ``第−5天`` (the true minus kept), ``mobilization day 2`` -> ``动员第2天``;
    any other label as it is."""
    for prefix, zh in _DAY_PREFIXES:
        if day_label.startswith(prefix):
            return f"{zh}第{day_label[len(prefix) :]}天"
    return day_label
