"""The room above the schedule that the input message and the summary share (issue 14:
"fixed-size panes do not jump when a message appears").

While the doses are cleared the summary has nothing to say ("No doses are shown until every
input is valid"); the message saying why takes its place instead of a place of its own above
it, which had moved the schedule down by the message's lines as it appeared, and up as it
went. The room keeps the height it reached, as the summary does (``InfoText``), so a shorter
message or the summary back again leaves the schedule where it is; a longer message gets the
lines it needs (nothing it says is cut), once. Another plan, or another width, and the room
is as tall as what it shows again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ui.info_text import InfoText


class MessageSlot(QWidget):
    """The message above the summary, each as tall as it needs at the slot's width, placed by
    hand: a layout inside would answer the window's layout for this widget (Qt asks a
    widget's own layout, not the widget, for its height), and it could not keep a height."""

    _SPACING = 6  # between the message and the summary when both show (a protocol notice)

    def __init__(self, message: QLabel, summary: InfoText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.summary = summary
        message.setParent(self)
        summary.setParent(self)
        self._reached = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def show_message(self, has_plan: bool) -> None:
        """After the message's words and visibility (``window_layout.show_label``) and the
        summary's words are set: the summary is shown with a plan, or while there is no
        message (the protocols still loading)."""
        self.summary.setVisible(has_plan or not self.message.text())
        self._fit()

    def forget_height(self) -> None:
        """Another plan: as tall as what it shows next (``show_message`` after the
        recompute; fitted now, the last plan's message would set the height again)."""
        self._reached = 0

    def sizeHint(self) -> QSize:
        return QSize(self.summary.sizeHint().width(), self.height())

    def event(self, event: QEvent) -> bool:
        # A child's height changed (the summary grew to its text, the message's words).
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._reached = 0  # other lines at another width
            self._fit()

    def _fit(self) -> None:
        width, top = self.width(), 0
        for child in (self.message, self.summary):
            if child.isHidden():
                continue
            if child.width() != width:  # the summary fits its height to its width
                child.resize(width, child.height())
            if child.hasHeightForWidth():  # the wrapped message, at this width
                height = child.heightForWidth(width)
            else:  # the summary, at the fixed height it set itself (its hint is Qt's 192)
                hint = child.sizeHint().expandedTo(child.minimumSize())
                height = hint.boundedTo(child.maximumSize()).height()
            top += self._SPACING if top else 0
            child.setGeometry(0, top, width, height)
            top += height
        self._reached = max(self._reached, top)
        if self.height() != self._reached or self.minimumHeight() != self._reached:
            self.setFixedHeight(self._reached)
