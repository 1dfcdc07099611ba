"""The counts and harvest charts on the protocol summary (issue 14), drawn with reportlab's own
graphics from ``app.chart_data``: the same points, thresholds and targets as the window's
charts, their labels real text in the PDF (searchable, and read back by the tests)."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics import shapes  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether  # type: ignore[import-untyped]

from app.chart_data import (
    COUNT_ZH,
    CountsChart,
    HarvestChart,
    count_thresholds,
    counts_chart,
    counts_text,
    harvest_chart,
    harvest_text,
    say,
    short_date,
)
from app.sheets._context import SheetContext
from app.sheets._fonts import BOLD, REGULAR, glyph_safe, runs, string_width
from app.sheets._language import name_text
from app.sheets._paragraph import Paragraph
from app.sheets._text import esc
from dosing.display import format_number
from dosing.errors import DosingError

WBC = colors.Color(0.12, 0.31, 0.61)
ANC = colors.Color(0.70, 0.15, 0.12)
GREY = colors.Color(0.37, 0.39, 0.41)
GCSF = colors.Color(0.98, 0.89, 0.65)
CD34 = colors.Color(0.12, 0.42, 0.20)
MNC = colors.Color(0.42, 0.24, 0.60)
_FONT = 7.0

# reportlab opens every drawing in Helvetica (its graphics state's default font) before any
# label sets its own: a font reference the PDF would not embed (the printer substitutes).
shapes.STATE_DEFAULTS["fontName"] = REGULAR


def _f(value: Decimal) -> float:
    return float(value)  # a position on the page only: no dose is computed from it


def _text(x: float, y: float, text: str, anchor: str = "start", bold: bool = False) -> Group:
    """A chart label drawn run by run, each in the first font that has its glyphs (Chinese
    in the CJK font), ``anchor`` "start", "middle" or "end" at ``x``."""
    font = BOLD if bold else REGULAR
    text = glyph_safe(text)
    width = string_width(text, font, _FONT)
    at = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
    group = Group()
    for run, run_font in runs(text):
        face = font if run_font == REGULAR else run_font
        group.add(String(at, y, run, fontName=face, fontSize=_FONT, textAnchor="start"))
        at += string_width(run, face, _FONT)
    return group


def _width(text: str, bold: bool = False) -> float:
    return string_width(glyph_safe(text), BOLD if bold else REGULAR, _FONT)


def _count(name: str, language: str) -> str:
    """WBC, ANC, CD34+, MNC as the chart names them: 白细胞 in Chinese, both in bilingual."""
    zh = COUNT_ZH[name]
    return {"en": name, "zh_CN": zh}.get(language, f"{zh} {name}")


def _counts_drawing(chart: CountsChart, width: float, language: str = "en") -> Drawing:
    height = 150.0
    left, bottom, top_pad, right = 30.0, 22.0, 20.0, 8.0
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    drawing = Drawing(width, height)
    days = len(chart.points)
    step = plot_w / max(days, 1)

    def x(index: int) -> float:
        return left + step * (index + 0.5)

    def y(value: Decimal) -> float:
        return bottom + plot_h * _f(value) / _f(chart.y_max)

    for index, point in enumerate(chart.points):
        if point.gcsf:
            drawing.add(
                Rect(left + step * index, bottom, step, plot_h, fillColor=GCSF, strokeColor=None)
            )
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=GREY))
    drawing.add(Line(left, bottom, left, bottom + plot_h, strokeColor=GREY))
    for tick in chart.y_ticks:
        drawing.add(_text(left - 3, y(tick) - 2.5, format_number(tick), "end"))
    every = max(1, int(28 // max(step, 1)) + 1)
    for index, point in enumerate(chart.points):
        if index % every == 0 or index == days - 1:
            drawing.add(_text(x(index), bottom - 10, short_date(point.date, language), "middle"))
    for threshold in chart.thresholds:
        drawing.add(
            Line(
                left,
                y(threshold.value),
                left + plot_w,
                y(threshold.value),
                strokeColor=GREY,
                strokeDashArray=[1, 2],
            )
        )
    if chart.thresholds:
        values = " / ".join(sorted({format_number(t.value) for t in chart.thresholds}))
        label = say(language, f"threshold {values} × 10⁹/L", f"阈值 {values} × 10⁹/L")
        drawing.add(_text(left + 3, y(chart.thresholds[0].value) + 2, label))
    for attribute, colour, dash in (("wbc", WBC, None), ("anc", ANC, [3, 2])):
        points = [
            (x(i), y(value))
            for i, p in enumerate(chart.points)
            if (value := getattr(p, attribute)) is not None
        ]
        if len(points) > 1:
            drawing.add(
                PolyLine(
                    [c for xy in points for c in xy],
                    strokeColor=colour,
                    strokeWidth=1.5,
                    strokeDashArray=dash,
                )
            )
        for px, py in points:
            drawing.add(Rect(px - 2, py - 2, 4, 4, fillColor=colour, strokeColor=colour))
    # The legend, above the plot.
    at, legend_y = left, height - 10
    for count, colour, dash in (("WBC", WBC, None), ("ANC", ANC, [3, 2])):
        name = _count(count, language)
        drawing.add(
            Line(
                at,
                legend_y + 2.5,
                at + 16,
                legend_y + 2.5,
                strokeColor=colour,
                strokeWidth=1.5,
                strokeDashArray=dash,
            )
        )
        drawing.add(_text(at + 19, legend_y, name))
        at += max(44.0, 19 + _width(name) + 9)
    drawing.add(Rect(at, legend_y - 1, 12, 7, fillColor=GCSF, strokeColor=None))
    drawing.add(_text(at + 15, legend_y, say(language, "G-CSF given", "给予 G-CSF")))
    title = say(language, "WBC and ANC (× 10⁹/L)", "白细胞与中性粒细胞（× 10⁹/L）")
    drawing.add(_text(width - right, legend_y, title, "end", bold=True))
    return drawing


def _harvest_panel(
    drawing: Drawing,
    origin: float,
    width: float,
    title: str,
    points: list[tuple[str, Decimal]],
    target: Decimal,
    top: Decimal,
    colour: colors.Color,
) -> None:
    height = float(drawing.height)
    left, bottom, top_pad = 28.0, 14.0, 16.0
    plot_w, plot_h = width - left - 6, height - bottom - top_pad

    def y(value: Decimal) -> float:
        return bottom + plot_h * _f(value) / _f(top)

    base = origin + left
    drawing.add(_text(origin + width / 2, height - 9, title, "middle", bold=True))
    drawing.add(Line(base, bottom, base + plot_w, bottom, strokeColor=GREY))
    drawing.add(Line(base, bottom, base, bottom + plot_h, strokeColor=GREY))
    for tick in (Decimal(0), top):
        drawing.add(_text(base - 3, y(tick) - 2.5, format_number(tick), "end"))
    step = plot_w / max(len(points), 1)
    bar = min(step * 0.6, 24.0)
    for index, (label, value) in enumerate(points):
        centre = base + step * (index + 0.5)
        drawing.add(
            Rect(
                centre - bar / 2, bottom, bar, y(value) - bottom, fillColor=colour, strokeColor=None
            )
        )
        drawing.add(_text(centre, bottom - 9, label, "middle"))
    drawing.add(
        Line(base, y(target), base + plot_w, y(target), strokeColor=GREY, strokeDashArray=[3, 2])
    )


def _panel_title(count: str, power: str, target: Decimal, language: str) -> str:
    """``CD34+ × 10⁶ (target 120)``; ``CD34⁺ 细胞 × 10⁶（目标 120）``."""
    shown = format_number(target)
    return say(
        language,
        f"{count} × {power} (target {shown})",
        f"{COUNT_ZH[count]} × {power}（目标 {shown}）",
    )


def _harvest_drawing(chart: HarvestChart, width: float, language: str = "en") -> Drawing:
    drawing = Drawing(width, 110)
    half = width / 2
    dates = [short_date(p.date, language) for p in chart.points]
    _harvest_panel(
        drawing, 0, half - 6,
        _panel_title("CD34+", "10⁶", chart.cd34_target_10e6, language),
        list(zip(dates, [p.cd34_10e6 for p in chart.points], strict=True)),
        chart.cd34_target_10e6, chart.cd34_max, CD34,
    )  # fmt: skip
    _harvest_panel(
        drawing, half + 6, half - 6,
        _panel_title("MNC", "10⁸", chart.mnc_target_10e8, language),
        list(zip(dates, [p.mnc_10e8 for p in chart.points], strict=True)),
        chart.mnc_target_10e8, chart.mnc_max, MNC,
    )  # fmt: skip
    return drawing


def _caption(text: str) -> str:
    """A chart's words under it, one paragraph: its lines joined by a middle dot."""
    return text.replace("\n", " · ")


def charts(ctx: SheetContext) -> list[Flowable]:
    """The counts chart and the cumulative harvest chart, when the plan has counts or
    yields; nothing otherwise."""
    from app.protocols import get_protocol

    plan, s = ctx.plan, ctx.styles
    language = ctx.meta.language
    story: list[Flowable] = []
    if plan.input.counts:
        try:
            thresholds = count_thresholds(get_protocol(plan.protocol_id))
        except DosingError:  # a protocol file gone since: the counts are still charted
            thresholds = ()
        counts = counts_chart(plan, thresholds)
        if counts is not None:
            story.append(
                KeepTogether(
                    [
                        Paragraph(
                            esc(name_text("Blood counts and G-CSF days", ctx.meta.language)),
                            s.heading,
                        ),
                        _counts_drawing(counts, ctx.width, language),
                        Paragraph(esc(_caption(counts_text(counts, language))), s.note),
                    ]
                )
            )
    harvest = harvest_chart(plan)
    if harvest is not None:
        story.append(
            KeepTogether(
                [
                    Paragraph(
                        esc(name_text("Cumulative harvest against the targets", ctx.meta.language)),
                        s.heading,
                    ),
                    _harvest_drawing(harvest, ctx.width, language),
                    Paragraph(esc(_caption(harvest_text(harvest, language))), s.note),
                ]
            )
        )
    return story
