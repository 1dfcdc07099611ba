"""Widgets that let the form pane fit its column (issue 14): at 1280 × 800 the schedule needs
the width, so the patient / protocol / adjustments pane is about 320 px wide, and a check box
or combo box as wide as its longest text pushed it into sideways scrolling — the G-CSF range
"5–10 mcg/kg/day" and the age behind a scroll bar.

``CheckLabel`` is a check box whose words wrap; ``CompactComboBox`` does not widen with its
longest entry (its whole text is in its popup and tooltip); ``FormScrollArea`` never scrolls
sideways and never lets the splitter make it narrower than the form needs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolTip,
    QWidget,
)

from ui.text_wrap import WORD_JOINER, join_latin_words


class _ClickLabel(QLabel):
    """The check box's words: a click on them toggles the box, as on a QCheckBox's own text."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class CheckLabel(QWidget):
    """A check box and its text on a label that wraps by words: "Filgrastim (G-CSF)
    (5–10 mcg/kg/day)" takes two lines in a narrow pane instead of widening it. Word joiners
    keep "5–10", "G-CSF" and "mcg/kg/day" whole on one line. The box takes the focus, the
    accessible name and the keyboard; a click on the words toggles it."""

    toggled = Signal(bool)

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.label = _ClickLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setText(text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.setFocusProxy(self.box)
        self.box.toggled.connect(self.toggled)
        self.label.clicked.connect(self._clicked)

    def _clicked(self) -> None:
        if self.box.isEnabled():
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
            self.box.toggle()

    def text(self) -> str:
        return self.label.text().replace(WORD_JOINER, "")

    def setText(self, text: str) -> None:
        self.label.setText(join_latin_words(text))

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)

    def setAccessibleName(self, name: str) -> None:
        self.box.setAccessibleName(name)


class CompactComboBox(QComboBox):
    """A combo box as wide as its row, not as its longest entry: "auto-hsct-ln — Autologous
    HSCT for refractory lupus nephritis" shown elided ("…") where the row is narrower, the
    whole text in its popup (as wide as the longest entry) and in its tooltip. A tooltip of
    its own (why a field is refused, what a choice applies to) is kept and shown below."""

    def __init__(
        self,
        parent: QWidget | None = None,
        elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self.elide = elide  # ElideMiddle keeps the end: "Rabbit anti-thy…(ATG) — day −4"
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)

    def text_width(self) -> int:
        """The width the current text is drawn in (the style's edit field)."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            self,
        )
        return field.width() - 2  # the label is drawn 1 px in from each side

    def is_elided(self, text: str | None = None) -> bool:
        shown = self.currentText() if text is None else text
        return self.fontMetrics().horizontalAdvance(shown) > self.text_width()

    def shown_text(self, text: str | None = None) -> str:
        """``text`` (the current entry's by default) as drawn: elided where it is too wide."""
        whole = self.currentText() if text is None else text
        return self.fontMetrics().elidedText(whole, self.elide, self.text_width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text(option.currentText)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def showPopup(self) -> None:
        view = self.view()
        scroll = view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(view.sizeHintForColumn(0) + scroll + 2 * view.frameWidth() + 8)
        super().showPopup()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.is_elided():
            own = self.toolTip()
            words = self.currentText() + (f"\n{own}" if own else "")
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), words, self)
            return True
        return super().event(event)


class FormScrollArea(QScrollArea):
    """The form pane: it scrolls up and down only, gives the form the viewport's width (so
    wrapping labels wrap), and is never narrower than the form's minimum width plus its
    vertical scroll bar — a splitter dragged narrower stops there, nothing is cut."""

    def __init__(self, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(form)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._minimum = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The form's minimum grew (the protocol's adjustments were built): the splitter is
        # told at once, not at the next keystroke (it re-laid out the whole window then).
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            width = self.minimumSizeHint().width()
            if width != self._minimum:
                self._minimum = width
                self.updateGeometry()
        return super().eventFilter(watched, event)

    def _chrome(self) -> int:
        return self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is not None:
            hint.setWidth(form.minimumSizeHint().width() + self._chrome())
        return hint

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        form = self.widget()
        if form is not None:
            hint.setWidth(form.sizeHint().width() + self._chrome())
        return hint
