"""Input widgets shared by the panels: marking a field invalid, optional dates, unit fields.

Unit conversions happen here, at the edge, with exact factors (1 lb = 0.45359237 kg by
definition; 1 in = 2.54 cm; creatinine 1 mg/dL = 88.4 µmol/L), and the converted value is
shown beside the field so the pharmacist sees what the engine receives.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dosing.display import format_number
from dosing.errors import InputError
from dosing.numbers import shown
from dosing.validation import parse_decimal
from ui.refusal_mark import mark
from ui.theme import NOTE_STYLE

LB_TO_KG = Decimal("0.45359237")  # exact, by definition of the international pound
IN_TO_CM = Decimal("2.54")  # exact, by definition of the inch
# Scales read to 0.1 kg; 0.01 kg keeps a lb entry within rounding of its kg value.
KG_PLACES = Decimal("0.01")
CM_PLACES = Decimal("0.1")
_NOT_SET = QDate(1900, 1, 1)
_FIRST_DATE = dt.date(1900, 1, 2)  # the day after the "not set" marker
_LAST_DATE = dt.date(2100, 12, 31)


_DATE_USAGE = "type the whole date as yyyy-mm-dd (2027-04-18) or yyyymmdd (20270418)"
# A Chinese keyboard types the separators full width (２０２７－０４－１８) or as 年 月 日.
_CHINESE_DATE_MARKS = str.maketrans({"年": "-", "月": "-", "日": ""})


def _date_text(typed: str) -> str:
    """What was typed, with full-width characters and 年/月/日 read as yyyy-mm-dd."""
    return unicodedata.normalize("NFKC", typed).translate(_CHINESE_DATE_MARKS)


def _whole_date_typed(typed: str) -> bool:
    """Eight digits, or year, month and a two-digit day: nothing more will be typed."""
    typed = _date_text(typed)
    parts = re.split(r"[-/.]", typed)
    if len(parts) == 1:
        return len(typed) >= 8
    if len(parts) > 3:
        return True
    # Day first (18-04-2027) is refused, but only once its year is typed: refusing at
    # "18-04-20" would leave "27" to start another date.
    last = 2 if len(parts[0]) >= 4 else 4
    return len(parts) == 3 and len(parts[2]) >= last


def set_invalid(widget: QWidget, message: str | None) -> None:
    """Mark ``widget`` (a red border and a tinted background, which change no size: see
    ``ui.refusal_mark``) and say why in its tooltip."""
    invalid = message is not None
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        mark(widget, invalid)
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


def read_typed_date(text: str, field: str) -> dt.date:
    """A whole date as typed: ``2027-04-18``, ``2027/4/18``, ``2027.04.18`` or ``20270418``,
    within the fields' 1900-01-02 – 2100-12-31 (1900-01-01 is the "not set" marker), or an
    ``InputError`` naming ``field``. Never a guess: ``20270418`` is 18 Apr 2027 or nothing.
    Full-width digits and separators, and 2027年4月18日, read the same."""
    digits = _date_text(text)
    parts = re.split(r"[-/.]", digits)
    if len(parts) == 1 and len(digits) == 8 and digits.isdigit():
        parts = [digits[:4], digits[4:6], digits[6:]]
    usage = _DATE_USAGE
    if (
        len(parts) != 3
        or len(parts[0]) != 4
        or not all(p.isdigit() and len(p) <= 2 for p in parts[1:])
    ):
        raise InputError(field, f"'{shown(text)}' is not a whole date: {usage}")
    try:
        date = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise InputError(field, f"'{shown(text)}' is not a date of the calendar: {usage}") from None
    if not _FIRST_DATE <= date <= _LAST_DATE:
        raise InputError(
            field,
            f"{date.isoformat()} is outside {_FIRST_DATE.isoformat()} – {_LAST_DATE.isoformat()}",
        )
    return date


class OptionalDateEdit(QDateEdit):
    """A date with a calendar popup that can also be 'not set' (shown as such).

    Typing never goes through Qt's sections: with the day section selected (Shift+Tab into
    the field selects it), Qt read ``20270418`` as 20 Feb 2027. Every digit typed starts or
    continues one whole date, shown as typed; once complete (eight digits, or yyyy-mm-dd) it
    becomes exactly that date, or ``typing_error`` says why not and the date stays as it was
    — the panel reports the error and no plan is computed from the old date. The same
    whether the field shows a date or "not set". Up/Down on "not set" do nothing (Qt stepped
    from the 1900 marker to 1901: a patient aged 125).
    """

    def __init__(
        self, not_set_text: str | None = None, parent: QWidget | None = None, field: str = "date"
    ) -> None:
        super().__init__(parent)
        if not_set_text is None:
            not_set_text = self.tr("not set")
        self.field = field
        self.typing_error: InputError | None = None
        self._typed: str | None = None  # a whole date being typed, as typed so far
        self._announcing = False
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        # The text shown while a date is typed is not a date yet: Qt must not read
        # "2027-02-2" as 2 Feb (or "2027-02-29" as the 28th) on the way.
        self.setKeyboardTracking(False)
        self.setMinimumDate(_NOT_SET)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(not_set_text)
        self.setDate(_NOT_SET)
        self._calendar_watched = False
        # A date set any other way (the calendar, a step, a saved plan) ends an error.
        self.dateChanged.connect(self._date_set)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._watch_calendar()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._watch_calendar()
        if self._typing_key(event):
            return
        if self._typed is not None:
            key = event.key()
            if key == Qt.Key.Key_Escape:  # the date as it was, and no refusal
                self._typed = None
                self._show_date()
                self._announce(None)
                return
            self._finish_typing()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return
        super().keyPressEvent(event)

    def _typing_key(self, event: QKeyEvent) -> bool:
        """A digit or a date separator: part of a whole date being typed (consumed)."""
        if event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            return False
        if event.key() == Qt.Key.Key_Backspace and self._typed is not None:
            self._typed = self._typed[:-1]
            if not self._typed:  # all rubbed out: the date shown is the date again
                self._typed = None
                self._show_date()
                self._announce(None)
                return True
            self._show_typed()
            self._announce_typed()
            return True
        text = event.text()
        return len(text) == 1 and self._type_character(text)

    def event(self, event: QEvent) -> bool:
        # A Chinese input method commits what is typed in full-width mode (２０２７－０４－１８,
        # 2027年4月18日) as text, not as key events: read the same, character by character.
        # (Here, not in inputMethodEvent: the spin box hands the event to its line edit.)
        if isinstance(event, QInputMethodEvent) and self._input_method_typed(event):
            event.accept()
            return True
        return super().event(event)

    def _input_method_typed(self, event: QInputMethodEvent) -> bool:
        commit = event.commitString()
        if not commit or event.preeditString() or not self._type_character(commit[0]):
            return False
        for character in commit[1:]:
            if not self._type_character(character):
                break  # a whole date was typed: what follows (日) ends it
        return True

    def _type_character(self, text: str) -> bool:
        """A digit or a date separator typed: part of a whole date (consumed), else False."""
        if text.isdigit():
            text = str(unicodedata.digit(text, 0))  # full-width and Arabic-Indic digits too
        elif _date_text(text) not in ("-", "/", ".", "") or self._typed is None:
            return False
        self._typed = (self._typed or "") + text
        self._show_typed()
        self._announce_typed()
        return True

    def _announce_typed(self) -> None:
        """A whole date typed becomes the date; a part of one is refused as it stands."""
        typed = self._typed or ""
        if _whole_date_typed(typed) or typed.endswith("日"):  # 日 ends 2027年4月8日 too
            self._finish_typing()
        else:
            # A part of a date is no date: no plan stands beside it (the old date's plan
            # did, until the field was left).
            self._announce(
                InputError(self.field, f"'{shown(typed)}' is not a whole date: {_DATE_USAGE}")
            )

    def _show_typed(self) -> None:
        # Unheard by the spin box: it read the first change of its text as a date edit,
        # found no date in "2" and put the old date's text back, so what was typed never
        # showed (the old date did, with the cursor inside it).
        edit = self.lineEdit()
        blocked = edit.blockSignals(True)
        try:
            edit.setText(self._typed or "")
            edit.setCursorPosition(len(self._typed or ""))
        finally:
            edit.blockSignals(blocked)
        edit.update()

    def _show_date(self) -> None:
        date = self.date()
        self.lineEdit().setText(
            self.specialValueText() if date == _NOT_SET else date.toString("yyyy-MM-dd")
        )

    def _finish_typing(self) -> None:
        typed, self._typed = self._typed, None
        if typed is None:
            return
        try:
            date = read_typed_date(typed, self.field) if typed else None
        except InputError as refused:
            self._show_date()
            # A fresh error, never raised: it keeps no frames (nor the key event) alive.
            self._announce(InputError(refused.field, refused.message))
            return
        if date is None:  # everything typed was rubbed out: nothing changes
            self._show_date()
            self._announce(None)
            return
        wanted = QDate(date.year, date.month, date.day)
        if wanted != self.date():
            self.typing_error = None
            self.setDate(wanted)
        else:
            self._show_date()
            self._announce(None)

    def _announce(self, error: InputError | None) -> None:
        """Set ``typing_error`` and, when it changed, tell the panel (``dateChanged``)."""
        if error is None and self.typing_error is None:
            return
        self.typing_error = error
        self._announcing = True
        try:
            self.dateChanged.emit(self.date())
        finally:
            self._announcing = False

    def _date_set(self) -> None:
        if not self._announcing:
            self.typing_error = None

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # Leaving with a part of a date typed: it is read as it stands (or refused).
        self._finish_typing()
        super().focusOutEvent(event)

    def stepBy(self, steps: int) -> None:
        self._finish_typing()
        before = self.date()
        if before == _NOT_SET:
            return
        super().stepBy(steps)
        if self.date() == _NOT_SET:  # stepping onto the marker would unset the date silently
            self.setDate(before)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        if self.date() == _NOT_SET:
            return QAbstractSpinBox.StepEnabledFlag.StepNone
        return super().stepEnabled()

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
        self._typed = None
        self.typing_error = None
        if value is None:
            self.setDate(_NOT_SET)
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class UnitField(QWidget):
    """A number with a unit chooser and a line showing the converted value.

    ``to_base`` turns (value, unit) into the engine's unit; ``from_base`` does the reverse
    when the unit is switched. Switching never changes the quantity: the number shown in the
    new unit is rounded (165 cm is 64.96… in, shown 65), so until it is edited the plan keeps
    the exact value it stands for (165 cm, not 65 in read back as 165.1 cm). A value
    ``accepts`` refuses (300 kg, which the hint says was probably typed in pounds) is not a
    quantity to keep: it stays as typed and is read in the unit now chosen (300 lb).
    """

    changed = Signal()

    def __init__(
        self,
        field: str,
        units: tuple[str, ...],
        to_base: Callable[[Decimal, str], Decimal],
        from_base: Callable[[Decimal, str], Decimal],
        explain: Callable[[Decimal, str], str],
        accepts: Callable[[Decimal], bool] = lambda base: True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self._to_base = to_base
        self.from_base = from_base
        self._explain = explain
        self._accepts = accepts
        # After a unit switch: the exact value (in the base unit) the rounded number shown
        # stands for, until the number is edited.
        self._kept: Decimal | None = None
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
        self.edit.textEdited.connect(self._forget_kept)
        self.unit.currentTextChanged.connect(self._unit_switched)

    def _forget_kept(self) -> None:
        self._kept = None  # typed over: the number typed is the value

    def _unit_switched(self, unit: str) -> None:
        previous, self._last_unit = self._last_unit, unit
        base = self._kept
        if base is None:
            try:
                base = self._to_base(parse_decimal(self.edit.text(), self.field), previous)
            except InputError:
                base = None  # not a number (or empty): left as typed, it stays refused
        self._kept = None
        if base is not None and self._accepts(base):
            self.edit.blockSignals(True)
            self.edit.setText(decimal_text(self.from_base(base, unit)))
            self.edit.blockSignals(False)
            self._kept = base
        self.changed.emit()

    def base_value(self) -> Decimal | None:
        """The value in the engine's unit, None when empty; ``InputError`` if not a number."""
        text = self.edit.text().strip()
        note = ""
        try:
            if not text:
                return None
            if self._kept is not None:
                note = self.tr("= {value} {unit}, as entered").format(
                    value=format_number(self._kept), unit=self.unit.itemText(0)
                )
                return self._kept
            value = parse_decimal(text, self.field, self.unit.currentText())
            base = self._to_base(value, self.unit.currentText())
            note = self._explain(value, self.unit.currentText())
            return base
        finally:
            # Set once, and only when it changes: every keystroke reads every field, and a
            # label set (even to its own text) repaints the form around it.
            if self.note.text() != note:
                self.note.setText(note)

    def set_base_value(self, value: Decimal | None, unit: str | None = None) -> None:
        """Show ``value`` (in the engine's unit) in ``unit`` (the base unit by default)."""
        self.unit.blockSignals(True)
        if unit is not None:
            self.unit.setCurrentText(unit)
        else:
            self.unit.setCurrentIndex(0)
        self._last_unit = self.unit.currentText()
        self.unit.blockSignals(False)
        self._kept = None
        self.edit.setText(
            "" if value is None else decimal_text(self.from_base(value, self.unit.currentText()))
        )
