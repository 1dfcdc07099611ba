"""A course total on a sheet: the one wording of app/course_text.py (an open course says its
doses are those so far and what ends it), with the unit words in Chinese on a zh_CN sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.alert_text import unit_words
from app.course_text import course_total_text, item_total_text

if TYPE_CHECKING:
    from dosing.models import CourseStop, ItemResult


def total_text(amount: str, stop: CourseStop | None, language: str) -> str:
    """``Total.display`` / ``Dose.amount_display`` and the course's stop, as printed."""
    return course_total_text(unit_words(amount) if language == "zh_CN" else amount, stop, language)


def item_total(item: ItemResult, language: str) -> str:
    """An item's course total with its per-kg or per-m² total: "10,720 mg (160 mg/kg)"."""
    return item_total_text(item, language)
