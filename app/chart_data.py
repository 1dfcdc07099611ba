"""What the counts and harvest charts show (issue 14), as plain data: the window draws it with
QPainter (``ui/charts.py``), the protocol summary sheet with reportlab's graphics, and a
screen reader reads the same facts as text. Pure: no Qt, no reportlab.

- WBC and ANC per morning (× 10⁹/L), with the protocol's count thresholds (G-CSF starts when
  WBC falls below 1.0; stops once ANC is above 1.0 on two consecutive days) and the days
  G-CSF is given in this plan;
- the CD34+ and mononuclear cells collected, cumulated over the collections, against this
  patient's targets.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from dosing.display import format_number
from dosing.models import ComputedPlan
from dosing.protocol import Protocol
from dosing.vocabulary import ConditionKind

# The growth factors a plan gives as "G-CSF" (the shaded days of the counts chart).
GCSF_DRUGS = frozenset({"filgrastim", "lenograstim", "pegfilgrastim"})


@dataclass(frozen=True)
class Threshold:
    count: str  # "WBC" or "ANC"
    value: Decimal  # × 10⁹/L
    label: str  # "G-CSF starts: WBC less than 1.0 × 10⁹/L"
    label_zh: str = ""  # "G-CSF 开始：白细胞低于 1.0 × 10⁹/L"

    def text(self, language: str = "en") -> str:
        return say(language, self.label, self.label_zh or self.label)


LANGUAGES = ("en", "zh_CN", "bilingual")  # as the sheets' (app/sheets/_language.py)

# The counts' names on the charts, in Chinese: the glossary's 白细胞计数 / 中性粒细胞绝对计数
# shortened to what a chart's legend holds (the same words the ward's count reports use).
COUNT_ZH = {"WBC": "白细胞", "ANC": "中性粒细胞", "CD34+": "CD34⁺ 细胞", "MNC": "单个核细胞"}


def say(language: str, english: str, zh: str) -> str:
    """``english`` in English, ``zh`` in Chinese, both (Chinese first) in bilingual."""
    if language == "en":
        return english
    return zh if language == "zh_CN" else f"{zh} · {english}"


@dataclass(frozen=True)
class CountPoint:
    date: dt.date
    wbc: Decimal | None
    anc: Decimal | None
    gcsf: bool  # G-CSF is given that day in this plan


@dataclass(frozen=True)
class CountsChart:
    points: tuple[CountPoint, ...]  # one per day from the first to the last date, in order
    thresholds: tuple[Threshold, ...]
    gcsf_days: tuple[dt.date, ...]
    y_max: Decimal  # the top of the axis: a round number above every value and threshold
    y_ticks: tuple[Decimal, ...]

    @property
    def first(self) -> dt.date:
        return self.points[0].date

    @property
    def last(self) -> dt.date:
        return self.points[-1].date


@dataclass(frozen=True)
class HarvestPoint:
    date: dt.date
    cd34_10e6: Decimal  # cumulative, × 10⁶ cells
    mnc_10e8: Decimal  # cumulative, × 10⁸ cells


@dataclass(frozen=True)
class HarvestChart:
    points: tuple[HarvestPoint, ...]
    cd34_target_10e6: Decimal
    mnc_target_10e8: Decimal
    cd34_max: Decimal  # axis tops: a round number above the target and the collected total
    mnc_max: Decimal


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (an axis top read at a
    glance): 0.8 → 1, 1.1 → 2, 2.2 → 2.5, 3.6 → 5, 11 → 20, 0 → 1."""
    if value <= 0:
        return Decimal(1)
    scale = Decimal(10) ** value.adjusted()  # value is below 10 × scale
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)):
        if step * scale >= value:
            return step * scale
    return 10 * scale


def _ticks(top: Decimal) -> tuple[Decimal, ...]:
    """Five steps from 0 to ``top`` (a nice ceiling, so every tick is a short number)."""
    return tuple(top * i / 5 for i in range(6))


def count_thresholds(protocol: Protocol | None) -> tuple[Threshold, ...]:
    """The protocol's count rules that carry a threshold, in protocol order, once each."""
    if protocol is None:
        return ()
    found: dict[tuple[str, Decimal], Threshold] = {}
    for item in protocol.items:
        for condition in (item.start_condition, item.stop_condition):
            if condition is None or condition.threshold_10e9_per_l is None:
                continue
            value = condition.threshold_10e9_per_l
            shown = f"{format_number(value)} × 10⁹/L"
            if condition.kind == ConditionKind.WBC_BELOW:
                key, label = ("WBC", value), f"G-CSF starts: WBC less than {shown}"
                zh = f"G-CSF 开始：白细胞低于 {shown}"
            elif condition.kind == ConditionKind.ANC_ABOVE_CONSECUTIVE:
                days = condition.consecutive_days
                key = ("ANC", value)
                label = f"G-CSF stops: ANC greater than {shown} on {days} consecutive days"
                zh = f"G-CSF 停用：中性粒细胞连续 {days} 天高于 {shown}"
            else:  # pragma: no cover - only count conditions carry a threshold
                continue
            found.setdefault(key, Threshold(key[0], value, label, zh))
    return tuple(found.values())


def gcsf_days(plan: ComputedPlan) -> tuple[dt.date, ...]:
    """The dates G-CSF is given in this plan (scheduled, with a dose; not dropped)."""
    days = {
        a.date
        for a in plan.administrations
        if a.drug in GCSF_DRUGS and a.date is not None and a.status == "scheduled"
    }
    return tuple(sorted(days))


def counts_chart(plan: ComputedPlan, thresholds: tuple[Threshold, ...]) -> CountsChart | None:
    """Every day from the first count to the last, widened to the G-CSF days that run on
    from it (a course started or still going past the last count); None without a count:
    a chart of nothing is not drawn. G-CSF days of another episode (engraftment weeks after
    mobilization) stay off this chart's span."""
    counts = {c.date: c for c in plan.input.counts}
    if not counts:
        return None
    first, last = min(counts), max(counts)
    gcsf = set(gcsf_days(plan))
    one = dt.timedelta(days=1)
    while first - one in gcsf:
        first -= one
    while last + one in gcsf:
        last += one
    points = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        count = counts.get(day)
        points.append(
            CountPoint(
                date=day,
                wbc=count.wbc_10e9_per_l if count else None,
                anc=count.anc_10e9_per_l if count else None,
                gcsf=day in gcsf,
            )
        )
    shaded = tuple(p.date for p in points if p.gcsf)
    values = [v for c in counts.values() for v in (c.wbc_10e9_per_l, c.anc_10e9_per_l) if v]
    top = nice_ceiling(max([*values, *(t.value for t in thresholds), Decimal(0)]))
    return CountsChart(tuple(points), thresholds, shaded, top, _ticks(top))


def harvest_chart(plan: ComputedPlan) -> HarvestChart | None:
    """The yields cumulated collection by collection; None without a harvest or a yield."""
    harvest = plan.harvest
    if harvest is None or not plan.input.apheresis:
        return None
    cd34, mnc = Decimal(0), Decimal(0)
    points = []
    for collection in sorted(plan.input.apheresis, key=lambda a: a.date):
        cd34 += collection.cd34_10e6
        mnc += collection.mnc_10e8
        points.append(HarvestPoint(collection.date, cd34, mnc))
    return HarvestChart(
        points=tuple(points),
        cd34_target_10e6=harvest.cd34_target_10e6,
        mnc_target_10e8=harvest.mnc_target_10e8,
        cd34_max=nice_ceiling(max(cd34, harvest.cd34_target_10e6)),
        mnc_max=nice_ceiling(max(mnc, harvest.mnc_target_10e8)),
    )


def short_date(day: dt.date, language: str = "en") -> str:
    """``3 Mar`` (the axis); the year is on the sheet's header and the window's dates. In
    Chinese (and on a bilingual sheet's axis, where both would not fit) ``3月5日``."""
    if language != "en":
        return f"{day.month}月{day.day}日"
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{day.day} {months[day.month - 1]}"


def _value(value: Decimal | None, language: str = "en") -> str:
    if value is None:
        return "未测" if language == "zh_CN" else "not measured"
    return format_number(value)


def day_runs(days: tuple[dt.date, ...], language: str = "en") -> str:
    """Consecutive dates as ranges: ``5–11 Mar, 13 Mar`` (``3月5日 – 3月11日、3月13日``)."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ("、" if language == "zh_CN" else ", ").join(
        short_date(r[0], language)
        if len(r) == 1
        else f"{short_date(r[0], language)} – {short_date(r[-1], language)}"
        for r in runs
    )


def _in_language(lines: Callable[[str], list[str]], language: str) -> str:
    """A chart's words in one language, or bilingual: each line in Chinese then English."""
    if language == "bilingual":
        pairs = zip(lines("zh_CN"), lines("en"), strict=True)
        return "\n".join(f"{zh} · {en}" for zh, en in pairs)
    return "\n".join(lines(language))


def counts_text(chart: CountsChart, language: str = "en") -> str:
    """The counts chart in words, for a screen reader (and the tooltip); in Chinese, or
    bilingual each line in Chinese then English."""
    return _in_language(lambda lang: _counts_lines(chart, lang), language)


def _counts_lines(chart: CountsChart, language: str) -> list[str]:
    if language == "zh_CN":
        lines = ["白细胞和中性粒细胞（× 10⁹/L），按日；阴影：给予 G-CSF。"]
        lines += [t.text("zh_CN") + "。" for t in chart.thresholds]
        if chart.gcsf_days:
            lines.append(f"给予 G-CSF：{day_runs(chart.gcsf_days, language)}。")
        lines += [
            f"{short_date(p.date, language)}：白细胞 {_value(p.wbc, language)}，"
            f"中性粒细胞 {_value(p.anc, language)}" + ("（G-CSF）" if p.gcsf else "")
            for p in chart.points
            if p.wbc is not None or p.anc is not None
        ]
        return lines
    lines = ["WBC and ANC, × 10⁹/L, by day; shaded: G-CSF given."]
    lines += [t.label + "." for t in chart.thresholds]
    if chart.gcsf_days:
        lines.append(f"G-CSF given: {day_runs(chart.gcsf_days)}.")
    lines += [
        f"{short_date(p.date)}: WBC {_value(p.wbc)}, ANC {_value(p.anc)}"
        + (" (G-CSF)" if p.gcsf else "")
        for p in chart.points
        if p.wbc is not None or p.anc is not None
    ]
    return lines


def harvest_text(chart: HarvestChart, language: str = "en") -> str:
    """The harvest chart in words, for a screen reader (and the tooltip)."""
    return _in_language(lambda lang: _harvest_lines(chart, lang), language)


def _harvest_lines(chart: HarvestChart, language: str) -> list[str]:
    if language == "zh_CN":
        return [
            f"累计采集量与目标：CD34⁺ 细胞 × 10⁶（目标 {format_number(chart.cd34_target_10e6)}），"
            f"单个核细胞 × 10⁸（目标 {format_number(chart.mnc_target_10e8)}）。",
            *(
                f"{short_date(p.date, language)}：CD34⁺ 细胞 {format_number(p.cd34_10e6)}，"
                f"单个核细胞 {format_number(p.mnc_10e8)}"
                for p in chart.points
            ),
        ]
    lines = [
        "Cumulative harvest against the targets: CD34+ × 10⁶ cells (target "
        f"{format_number(chart.cd34_target_10e6)}), mononuclear cells × 10⁸ cells (target "
        f"{format_number(chart.mnc_target_10e8)})."
    ]
    lines += [
        f"{short_date(p.date)}: CD34+ {format_number(p.cd34_10e6)}, MNC {format_number(p.mnc_10e8)}"
        for p in chart.points
    ]
    return lines


def spaced_labels(count: int, step: float, label: float) -> list[int]:
    """Which of ``count`` evenly spaced positions (``step`` apart) get a label ``label`` wide
    without two touching: every n-th from the first, and the last one, which takes the place
    of the label before it when they would overlap."""
    if count <= 0:
        return []
    every = max(1, math.ceil(label / step)) if step > 0 else count
    chosen = list(range(0, count, every))
    last = count - 1
    if chosen[-1] != last:
        if (last - chosen[-1]) * step < label and len(chosen) > 1:
            chosen[-1] = last
        elif (last - chosen[-1]) * step >= label:
            chosen.append(last)
    return chosen
