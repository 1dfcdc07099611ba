"""A course total in the reader's language, and what ends a course that is still open.

The one wording of an open course, used by the CLI's text table and JSON, the window and the
three sheets: the engine gives the amount (``Dose``) and, while the course is open, its stop
condition as facts (``CourseStop``: the condition's kind and numbers); here they become
"335 mcg so far; ends when the CD34+ cells collected exceed the target (more than
2 × 10⁶/kg: 134 × 10⁶ cells for 67 kg)", or in Chinese "目前 335 mcg；…时停止". "Exceed" and
"more than", never "reach": seed 000 sets the harvest target as "CD34+ cells > 2×10^6/kg".
Counts are said in words ("greater than"), never ``>`` (ISMP's error-prone symbols).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from dosing.vocabulary import ConditionKind  # an enum: no pydantic on the CLI's cold path

if TYPE_CHECKING:
    from dosing.models import CourseStop, ItemResult

_Words = Callable[[Mapping[str, str]], str]

_ENDS_EN: dict[ConditionKind, _Words] = {
    ConditionKind.HARVEST_COMPLETE: lambda p: (
        "the CD34+ cells collected exceed the target (more than "
        f"{p['per_kg']} × 10⁶/kg: {p['target']} × 10⁶ cells for {p['weight']} kg)"
        if "target" in p
        else "the CD34+ cells collected exceed the harvest target"
    ),
    ConditionKind.ANC_ABOVE_CONSECUTIVE: lambda p: (
        f"ANC is greater than {p['threshold']} × 10⁹/L on {p['days']} consecutive days "
        "after the nadir"
    ),
    ConditionKind.WBC_BELOW: lambda p: f"WBC is less than {p['threshold']} × 10⁹/L",
}

_ENDS_ZH: dict[ConditionKind, _Words] = {
    ConditionKind.HARVEST_COMPLETE: lambda p: (
        f"采集的 CD34⁺ 细胞超过目标（大于 {p['per_kg']} × 10⁶/kg：{p['weight']} kg 即 "
        f"{p['target']} × 10⁶ 个细胞）"
        if "target" in p
        else "采集的 CD34⁺ 细胞超过采集目标"
    ),
    ConditionKind.ANC_ABOVE_CONSECUTIVE: lambda p: (
        f"最低点之后中性粒细胞绝对计数连续 {p['days']} 天大于 {p['threshold']} × 10⁹/L"
    ),
    ConditionKind.WBC_BELOW: lambda p: f"白细胞计数低于 {p['threshold']} × 10⁹/L",
}


def ends_when(stop: CourseStop, language: str = "en") -> str:
    """What ends the course, in words: "the CD34+ cells collected exceed the target (…)"."""
    if language == "zh_CN":
        return _ENDS_ZH[stop.kind](stop.params)
    return _ENDS_EN[stop.kind](stop.params)


def course_total_text(amount: str, stop: CourseStop | None, language: str = "en") -> str:
    """A course total as printed: the amount (``Total.display``, ``Dose.amount_display``) of
    a closed course ("10,720 mg"); an open one says the doses are those so far and what ends
    it. ``language``: en, zh_CN or bilingual (Chinese, then the English)."""
    if stop is None:
        return amount
    english = f"{amount} so far; ends when {ends_when(stop)}"
    if language == "en":
        return english
    chinese = f"目前 {amount}；{ends_when(stop, 'zh_CN')}时停止"
    return chinese if language == "zh_CN" else f"{chinese} · {english}"


def item_total_text(item: ItemResult, language: str = "en", per_basis: bool = True) -> str:
    """An item's course total (and, if ``per_basis``, its per-kg or per-m² total when it has
    one: "10,720 mg (160 mg/kg)"), as printed. In Chinese the unit words too ("150 × 10⁶
    个细胞（1 × 10⁶ 个细胞/kg）"); bilingual, the Chinese then the English with the per-kg
    total, or the Chinese alone where the two differ only in their brackets."""
    if item.course_total is None:
        return ""
    amount, stop = item.course_total.amount_display, item.course_stop
    basis = item.course_total_per_basis if per_basis else None
    english = course_total_text(amount, stop) + (f" ({basis})" if basis else "")
    if language == "en":
        return english
    from app.alert_text import unit_words  # the engine's models: not on the CLI's cold path

    zh_amount, zh_basis = unit_words(amount), unit_words(basis) if basis else None
    chinese = course_total_text(zh_amount, stop, "zh_CN")
    if language == "zh_CN" or (stop is None and zh_amount == amount and zh_basis == basis):
        return chinese + (f"（{zh_basis}）" if zh_basis else "")
    return f"{chinese} · {english}"  # the per-kg total once, after the English
