"""Input widgets shared by the panels: marking a field invalid, optional dates, unit fields.

Unit conversions happen here, at the edge, with exact factors (1 lb = 0.45359237 kg by
definition; 1 in = 2.54 cm; creatinine 1 mg/dL = 88.4 µmol/L), and the converted value is
shown beside the field so the pharmacist sees what the engine receives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dosing.display import format_number
from dosing.errors import InputError
from dosing.validation import parse_decimal
from ui.theme import INVALID_STYLE, NOTE_STYLE

LB_TO_KG = Decimal("0.45359237")  # exact, by definition of the international pound
IN_TO_CM = Decimal("2.54")  # exact, by definition of the inch
# Scales read to 0.1 kg; 0.01 kg keeps a lb entry within rounding of its kg value.
KG_PLACES = Decimal("0.01")
CM_PLACES = Decimal("0.1")
_NOT_SET = QDate(1900, 1, 1)


def set_invalid(widget: QWidget, message: str | None) -> None:
    """Mark ``widget`` (red border via the style sheet) and say why in its tooltip."""
    invalid = message is not None
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(INVALID_STYLE if invalid else "")
    if widget.toolTip() != (message or ""):
        widget.setToolTip(message or "")
        widget.setAccessibleDescription(message or "")


def lb_to_kg(pounds: Decimal) -> Decimal:
    return (pounds * LB_TO_KG).quantize(KG_PLACES, ROUND_HALF_UP)


def kg_to_lb(kilograms: Decimal) -> Decimal:
    return (kilograms / LB_TO_KG).quantize(KG_PLACES, ROUND_HALF_UP)


def in_to_cm(inches: Decimal) -> Decimal:
    return (inches * IN_TO_CM).quantize(CM_PLACES, ROUND_HALF_UP)


def cm_to_in(centimetres: Decimal) -> Decimal:
    return (centimetres / IN_TO_CM).quantize(CM_PLACES, ROUND_HALF_UP)


def decimal_text(value: Decimal) -> str:
    """A value put back into an edit box: plain digits, no separators, no trailing zero."""
    return format_number(value).replace(",", "")


class InfoText(QTextBrowser):
    """Read-only rich text, a fixed number of lines high. Changing a word-wrapped QLabel
    re-lays out (and repaints) the whole window on every keystroke; this does not."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._html = ""
        self.setFrameShape(QFrame.Shape.NoFrame)
        # No scroll bars: one appearing or going would re-lay out the window.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setOpenLinks(False)
        margin = int(self.document().documentMargin())
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 2 * margin + 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def setText(self, html: str) -> None:
        if html != self._html:
            self._html = html
            self.setHtml(html)

    def text(self) -> str:
        return self.toPlainText()


class DecimalSpinBox(QDoubleSpinBox):
    """A bounded number box that never shows a trailing zero ("5 mcg/kg/day", not "5.0",
    which can be misread as 50: ISMP error-prone list)."""

    def textFromValue(self, value: float) -> str:
        return decimal_text(Decimal(f"{value:.{self.decimals()}f}"))


class CompactComboBox(QComboBox):
    """A combo box that does not widen its panel to fit its longest entry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)


class OptionalDateEdit(QDateEdit):
    """A date with a calendar popup that can also be 'not set' (shown as such)."""

    def __init__(self, not_set_text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not_set_text is None:
            not_set_text = self.tr("not set")
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(_NOT_SET)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(not_set_text)
        self.setDate(_NOT_SET)
        self._calendar_watched = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._watch_calendar()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._watch_calendar()
        super().keyPressEvent(event)

    def _watch_calendar(self) -> None:
        # The popup's calendar exists once asked for; watch it lazily (not at start-up).
        if not self._calendar_watched:
            self._calendar_watched = True
            self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An unset date opens its calendar on this month, not on the 1900 "not set" marker.
        # Only the page moves: a date is set when the person picks one.
        if event.type() == QEvent.Type.Show and self.date() == _NOT_SET:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return False

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the field (Qt would step through year, month, day): the tab order stays
        # one stop per field; '-' or the arrow keys move between the date's parts.
        return QWidget.focusNextPrevChild(self, next)

    def value(self) -> dt.date | None:
        date = self.date()
        if date == _NOT_SET:
            return None
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.setDate(_NOT_SET)
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class UnitField(QWidget):
    """A number with a unit chooser and a line showing the converted value.

    ``to_base`` turns (value, unit) into the engine's unit; ``from_base`` does the reverse
    when the unit is switched, so the number on screen stays the same quantity.
    """

    changed = Signal()

    def __init__(
        self,
        field: str,
        units: tuple[str, ...],
        to_base: Callable[[Decimal, str], Decimal],
        from_base: Callable[[Decimal, str], Decimal],
        explain: Callable[[Decimal, str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self._to_base = to_base
        self.from_base = from_base
        self._explain = explain
        self.edit = QLineEdit()
        self.edit.setAccessibleName(field)
        self.unit = QComboBox()
        self.unit.addItems(list(units))
        self.unit.setAccessibleName(self.tr("{field} unit").format(field=field))
        self.note = QLabel()
        self.note.setStyleSheet(NOTE_STYLE)
        # A fixed size: a changing conversion would otherwise re-lay out the whole window.
        metrics = self.note.fontMetrics()
        self.note.setFixedSize(
            metrics.horizontalAdvance("188.88 lb × 0.45359237 kg/lb = 88.88 kg"),
            metrics.lineSpacing() + 2,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.unit)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self._last_unit = self.unit.currentText()
        self.edit.textChanged.connect(self.changed)
        self.unit.currentTextChanged.connect(self._unit_switched)

    def _unit_switched(self, unit: str) -> None:
        previous, self._last_unit = self._last_unit, unit
        text = self.edit.text().strip()
        if text:
            try:
                base = self._to_base(parse_decimal(text, self.field), previous)
            except InputError:
                pass  # leave a value that is not a number as typed: it stays marked invalid
            else:
                self.edit.blockSignals(True)
                self.edit.setText(decimal_text(self.from_base(base, unit)))
                self.edit.blockSignals(False)
        self.changed.emit()

    def base_value(self) -> Decimal | None:
        """The value in the engine's unit, None when empty; ``InputError`` if not a number."""
        text = self.edit.text().strip()
        self.note.setText("")
        if not text:
            return None
        value = parse_decimal(text, self.field, self.unit.currentText())
        base = self._to_base(value, self.unit.currentText())
        self.note.setText(self._explain(value, self.unit.currentText()))
        return base

    def set_base_value(self, value: Decimal | None, unit: str | None = None) -> None:
        """Show ``value`` (in the engine's unit) in ``unit`` (the base unit by default)."""
        self.unit.blockSignals(True)
        if unit is not None:
            self.unit.setCurrentText(unit)
        else:
            self.unit.setCurrentIndex(0)
        self._last_unit = self.unit.currentText()
        self.unit.blockSignals(False)
        self.edit.setText(
            "" if value is None else decimal_text(self.from_base(value, self.unit.currentText()))
        )
