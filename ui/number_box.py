"""A number typed into the window, read exactly as typed: the chosen doses, the reductions,
the age.

These were spin boxes, and a spin box rewrites what is typed to fit its range and its
decimals: a typed 150% became 15% (the last key dropped), 1,000 mg of methylprednisolone
100 mg, 7.25 mcg/kg 7.2, an age of 150 became 15 (eligible, no alert). Here the text is the
value: nothing is clamped, rounded or dropped while typing, and what cannot be used is refused
by name with its range, like the weight (every input has exactly one reading). The arrow keys
still step, as in a spin box, but only from a number that reads and only within the range.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from dosing.errors import InputError
from dosing.validation import parse_decimal
from ui.fields import decimal_text

_GAP = 4  # px between the number and its unit


class NumberBox(QLineEdit):
    """A line edit with its unit drawn inside its right edge (``mg/day``, ``years``).

    ``suffix`` gives the unit in the window's language; it is asked again when the language
    changes (View → Language), and the room for it follows."""

    def __init__(
        self,
        suffix: Callable[[], str],
        step: Decimal,
        bounds: tuple[Decimal, Decimal],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.step = step
        self.bounds = bounds
        self._suffix_words = suffix
        self._suffix = QLabel(self)
        # Clicks go to the edit under it; the label is disabled (greyed) with the edit.
        self._suffix.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._suffix.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        self._set_suffix(suffix())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._set_suffix(self._suffix_words())

    def _set_suffix(self, suffix: str) -> None:
        self._suffix.setText(suffix)
        width = self._suffix.fontMetrics().horizontalAdvance(suffix) + _GAP if suffix else 0
        self.setTextMargins(0, 0, width, 0)
        self._place_suffix()
        self.updateGeometry()

    def suffix(self) -> str:
        return self._suffix.text()

    def _place_suffix(self) -> None:
        rect = self.contentsRect().adjusted(0, 0, -_GAP, 0)
        self._suffix.setGeometry(rect)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_suffix()

    def sizeHint(self) -> QSize:
        """Room for the widest number of the range and the unit, so nothing is cut, and no
        more: a line edit's own hint is some 17 characters, which widened the form pane and
        squeezed the schedule."""
        # The minimum hint holds the frame, the margins and the unit (the text margin), and
        # room for the font's widest glyph (22 px here), which is the digits' room instead.
        # One digit more than the widest bound is for a decimal typed; 2 px for the cursor.
        digits = max(len(decimal_text(bound)) for bound in self.bounds) + 1
        metrics = self.fontMetrics()
        frame = super().minimumSizeHint().width() - metrics.maxWidth()
        width = frame + metrics.horizontalAdvance("8" * digits) + 2
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.sizeHint().width(), super().minimumSizeHint().height())

    def number(self, field: str, unit: str) -> Decimal | None:
        """The number typed, exactly; None when the box is empty; ``InputError`` naming
        ``field`` when the text is not a number (the caller checks the range, as the engine
        does, so the refusal is the engine's words)."""
        text = self.text()
        if not text.strip():
            return None
        return parse_decimal(text, field, unit)

    def set_number(self, value: Decimal | None) -> None:
        text = "" if value is None else decimal_text(value)
        if self.text() != text:  # setting it unchanged would recompute the plan again
            self.setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Up: 1,
            Qt.Key.Key_Down: -1,
            Qt.Key.Key_PageUp: 10,
            Qt.Key.Key_PageDown: -10,
        }.get(Qt.Key(event.key()))
        if steps is None or self.isReadOnly():
            super().keyPressEvent(event)
            return
        try:
            current = self.number("", "")
        except InputError:
            return  # a text that is not a number is not stepped from: it stays refused
        low, high = self.bounds
        stepped = (current if current is not None else low) + steps * self.step
        self.set_number(min(max(stepped, low), high))
        self.selectAll()
