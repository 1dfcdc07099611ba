"""The counts and harvest charts in the window (issue 14), drawn with QPainter: no charting
library on the start-up path. What they show comes from ``app.chart_data`` (pure, tested by
its points and thresholds); each chart carries the same facts as text in its accessible
description and its tooltip, for a screen reader and for exact values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from dosing.display import format_number

if TYPE_CHECKING:
    from app.chart_data import CountsChart, HarvestChart
    from dosing.models import ComputedPlan
    from dosing.protocol import Protocol

# Colours told apart without colour too: WBC a solid line with circles, ANC a dashed line
# with squares; thresholds dotted; G-CSF days a light amber band.
WBC_COLOUR = QColor("#1f4e9c")
ANC_COLOUR = QColor("#b3261e")
THRESHOLD_COLOUR = QColor("#5f6368")
GCSF_COLOUR = QColor("#fbe3a7")
CD34_COLOUR = QColor("#1e6b34")
MNC_COLOUR = QColor("#6a3d9a")
AXIS_COLOUR = QColor("#3c4043")


def _f(value: Decimal) -> float:
    return float(value)  # a pixel position only: no dose is computed from it


class _Chart(QWidget):
    """Shared frame: margins, a y axis with ticks, the text equivalent."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)
        self.text = ""

    def sizeHint(self) -> QSize:
        return QSize(260, 180)

    def _set_text(self, text: str) -> None:
        self.text = text
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def _empty(self, painter: QPainter, message: str) -> None:
        painter.setPen(AXIS_COLOUR)
        painter.drawText(
            self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message
        )

    def _small_font(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        painter.setFont(font)


class CountsChartWidget(_Chart):
    """WBC and ANC per day, the protocol's thresholds dotted, G-CSF days shaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("WBC and ANC chart"), parent)
        self.chart: CountsChart | None = None
        self._set_text(self.tr("No blood counts entered yet."))

    def set_chart(self, chart: CountsChart | None) -> None:
        if chart == self.chart and self.text:
            return  # a keystroke that changes no count repaints nothing here
        self.chart = chart
        if chart is None:  # the empty window at start-up: no engine import for this
            self._set_text(self.tr("No blood counts entered yet."))
            return
        from app.chart_data import counts_text

        self._set_text(counts_text(chart, _language()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._small_font(painter)
        chart = self.chart
        if chart is None:
            self._empty(painter, self.tr("No blood counts entered yet."))
            return
        from app.chart_data import short_date, spaced_labels

        metrics = painter.fontMetrics()
        line = float(metrics.height())
        left = metrics.horizontalAdvance("00.0") + 8.0
        # Two legend rows above the plot, the dates below it.
        plot = QRectF(left, line * 2.6, self.width() - left - 8, self.height() - line * 4.0)
        days = len(chart.points)
        step = plot.width() / max(days, 1)

        def x(index: int) -> float:
            return plot.left() + step * (index + 0.5)

        def y(value: Decimal) -> float:
            return plot.bottom() - plot.height() * _f(value) / _f(chart.y_max)

        for index, point in enumerate(chart.points):
            if point.gcsf:
                painter.fillRect(
                    QRectF(plot.left() + step * index, plot.top(), step, plot.height()), GCSF_COLOUR
                )
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        for tick in chart.y_ticks:
            painter.drawText(
                QRectF(0, y(tick) - line / 2, left - 4, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                format_number(tick),
            )
        label_width = metrics.horizontalAdvance(short_date(dt.date(2027, 9, 30), _language())) + 8.0
        for index in spaced_labels(days, step, label_width):
            painter.drawText(
                QRectF(
                    _inside(x(index) - label_width / 2, label_width, self.width()),
                    plot.bottom() + 2,
                    label_width,
                    line,
                ),
                Qt.AlignmentFlag.AlignCenter,
                short_date(chart.points[index].date, _language()),
            )
        painter.setPen(QPen(THRESHOLD_COLOUR, 1, Qt.PenStyle.DotLine))
        for threshold in chart.thresholds:
            level = y(threshold.value)
            painter.drawLine(QPointF(plot.left(), level), QPointF(plot.right(), level))
        self._series(painter, [(x(i), p.wbc) for i, p in enumerate(chart.points)], y, WBC_COLOUR)
        self._series(painter, [(x(i), p.anc) for i, p in enumerate(chart.points)], y, ANC_COLOUR)
        if chart.thresholds:
            values = " / ".join(sorted({format_number(t.value) for t in chart.thresholds}))
            _label(
                painter,
                plot,
                y(chart.thresholds[0].value),
                self.tr("threshold {value}").replace("{value}", values),
            )
        self._legend(painter, line)

    def _series(
        self,
        painter: QPainter,
        points: list[tuple[float, Decimal | None]],
        y: Callable[[Decimal], float],
        colour: QColor,
    ) -> None:
        """WBC a solid line with circles, ANC a dashed line with squares: told apart
        without their colours too."""
        square = colour == ANC_COLOUR
        measured = [(px, y(v)) for px, v in points if v is not None]
        if not measured:
            return
        path = QPainterPath(QPointF(*measured[0]))
        for px, py in measured[1:]:
            path.lineTo(px, py)
        style = Qt.PenStyle.DashLine if square else Qt.PenStyle.SolidLine
        painter.setPen(QPen(colour, 2, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(colour)
        for px, py in measured:
            if square:
                painter.drawRect(QRectF(px - 3, py - 3, 6, 6))
            else:
                painter.drawEllipse(QPointF(px, py), 3.2, 3.2)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _legend(self, painter: QPainter, line: float) -> None:
        """Row 1: WBC, ANC and the unit; row 2: the G-CSF band."""
        metrics = painter.fontMetrics()
        at = 6.0
        for text, colour, style in (
            (self.tr("WBC"), WBC_COLOUR, Qt.PenStyle.SolidLine),
            (self.tr("ANC"), ANC_COLOUR, Qt.PenStyle.DashLine),
        ):
            painter.setPen(QPen(colour, 2, style))
            painter.drawLine(QPointF(at, line * 0.6), QPointF(at + 18, line * 0.6))
            painter.setPen(AXIS_COLOUR)
            painter.drawText(QPointF(at + 22, line * 0.9), text)
            at += 30 + metrics.horizontalAdvance(text)
        painter.drawText(
            QRectF(0, 0, self.width() - 6, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.tr("× 10⁹/L"),
        )
        painter.fillRect(QRectF(6, line * 1.25, 18, line * 0.7), GCSF_COLOUR)
        painter.drawText(QPointF(28, line * 1.9), self.tr("G-CSF given"))


def _language() -> str:
    """The window's language for app.chart_data's words and dates (en or zh_CN)."""
    from ui.i18n import current_language

    return current_language()


def _inside(left: float, width: float, total: float) -> float:
    """A label's left edge moved so that the whole label is on the widget (the last date
    at the right-hand edge was cut)."""
    return max(0.0, min(left, total - width))


def _label(painter: QPainter, plot: QRectF, level: float, text: str) -> None:
    """A line's label at the plot's right end, just above the line, on a white ground so
    that a bar or a curve under it does not hide it."""
    metrics = painter.fontMetrics()
    width, height = metrics.horizontalAdvance(text) + 4.0, float(metrics.height())
    box = QRectF(plot.right() - width - 1, level - height - 1, width, height)
    painter.fillRect(box, QColor(255, 255, 255, 215))
    painter.setPen(THRESHOLD_COLOUR)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class HarvestChartWidget(_Chart):
    """Cumulative CD34+ and mononuclear cells, each against its target (two small panels:
    they are counted in different powers of ten)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("cumulative harvest chart"), parent)
        self.chart: HarvestChart | None = None
        self._set_text(self.tr("No apheresis yields entered yet."))

    def set_chart(self, chart: HarvestChart | None) -> None:
        if chart == self.chart and self.text:
            return
        self.chart = chart
        if chart is None:
            self._set_text(self.tr("No apheresis yields entered yet."))
            return
        from app.chart_data import harvest_text

        self._set_text(harvest_text(chart, _language()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._small_font(painter)
        chart = self.chart
        if chart is None:
            self._empty(painter, self.tr("No apheresis yields entered yet."))
            return
        half = self.width() / 2
        self._panel(
            painter,
            QRectF(0, 0, half - 4, self.height()),
            self.tr("CD34+ × 10⁶"),
            [(p.date, p.cd34_10e6) for p in chart.points],
            chart.cd34_target_10e6,
            chart.cd34_max,
            CD34_COLOUR,
        )
        self._panel(
            painter,
            QRectF(half + 4, 0, half - 4, self.height()),
            self.tr("MNC × 10⁸"),
            [(p.date, p.mnc_10e8) for p in chart.points],
            chart.mnc_target_10e8,
            chart.mnc_max,
            MNC_COLOUR,
        )

    def _panel(
        self,
        painter: QPainter,
        area: QRectF,
        title: str,
        points: list[tuple[dt.date, Decimal]],
        target: Decimal,
        top: Decimal,
        colour: QColor,
    ) -> None:
        from app.chart_data import short_date, spaced_labels

        metrics = painter.fontMetrics()
        line = float(metrics.height())
        left = metrics.horizontalAdvance(format_number(top)) + 6.0
        plot = QRectF(
            area.left() + left, area.top() + line * 1.4, area.width() - left - 4,
            area.height() - line * 2.8,
        )  # fmt: skip
        painter.setPen(AXIS_COLOUR)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignCenter, title
        )
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        def y(value: Decimal) -> float:
            return plot.bottom() - plot.height() * _f(value) / _f(top)

        for tick in (Decimal(0), top):
            painter.drawText(
                QRectF(area.left(), y(tick) - line / 2, left - 3, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                format_number(tick),
            )
        step = plot.width() / max(len(points), 1)
        bar = min(step * 0.6, 28.0)
        for index, (_date, value) in enumerate(points):
            centre = plot.left() + step * (index + 0.5)
            painter.fillRect(
                QRectF(centre - bar / 2, y(value), bar, plot.bottom() - y(value)), colour
            )
        label_width = metrics.horizontalAdvance(short_date(dt.date(2027, 9, 30), _language())) + 6.0
        for index in spaced_labels(len(points), step, label_width):
            centre = plot.left() + step * (index + 0.5)
            painter.drawText(
                QRectF(
                    _inside(centre - label_width / 2, label_width, self.width()),
                    plot.bottom() + 1,
                    label_width,
                    line,
                ),
                Qt.AlignmentFlag.AlignCenter,
                short_date(points[index][0], _language()),
            )
        painter.setPen(QPen(THRESHOLD_COLOUR, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), y(target)), QPointF(plot.right(), y(target)))
        _label(
            painter,
            plot,
            y(target),
            self.tr("target {value}").replace("{value}", format_number(target)),
        )


class ChartsPane(QWidget):
    """Both charts, one above the other (the Charts tab of the counts panel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts_chart = CountsChartWidget()
        self.harvest_chart = HarvestChartWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts_chart, 3)
        layout.addWidget(self.harvest_chart, 2)

    def show_plan(self, plan: ComputedPlan | None, protocol: Protocol | None) -> None:
        """The charts of the plan on screen; none while any input is invalid."""
        if plan is None:
            self.counts_chart.set_chart(None)
            self.harvest_chart.set_chart(None)
            return
        from app.chart_data import count_thresholds, counts_chart, harvest_chart

        self.counts_chart.set_chart(counts_chart(plan, count_thresholds(protocol)))
        self.harvest_chart.set_chart(harvest_chart(plan))
