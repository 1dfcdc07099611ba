"""A table whose height is cut to whole rows, above a fixed-height text (the course totals
and the cumulative drug totals). A layout gives the table whatever height the pane has, so its
last row showed cut in half; here the table ends below the last row that fits, the text keeps
its place at the bottom, and the gap between them is blank."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTableView, QWidget


def whole_rows_height(view: QTableView, available: int) -> int:
    """The height of ``view`` within ``available`` pixels that shows whole rows from its top
    row: ``available`` itself when every row from the top fits, or when not even one does."""
    chrome = 2 * view.frameWidth()
    if view.horizontalHeader().isVisible():
        chrome += view.horizontalHeader().sizeHint().height()
    if view.horizontalScrollBar().isVisible():
        chrome += view.horizontalScrollBar().sizeHint().height()
    space = available - chrome
    model = view.model()
    top = max(view.rowAt(0), 0)
    used = 0
    for row in range(top, model.rowCount() if model is not None else 0):
        height = view.rowHeight(row)
        if used + height > space:
            return chrome + used if used else available
        used += height
    return available


class WholeRowsPage(QWidget):
    """``view`` at the top, cut to whole rows; ``below`` (fixed height) at the bottom."""

    def __init__(self, view: QTableView, below: QWidget, margin: int = 4, spacing: int = 6):
        super().__init__()
        self._view, self._below = view, below
        self._margin, self._spacing = margin, spacing
        self._placed_below = -1
        view.setParent(self)
        below.setParent(self)
        # Rows resize one by one after a recompute: one placing once they have.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.place)
        # (Through a slot of no arguments: a signal's int would become the timer's interval.)
        view.verticalHeader().sectionResized.connect(self._place_soon)
        # The text below grows when what it says needs more lines (ui/info_text.py).
        below.installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self._place_soon)
        model = view.model()
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._place_soon)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._below and event.type() == QEvent.Type.Resize:
            if self._below.height() != self._placed_below:
                self._place_soon()
        return False

    def _place_soon(self, *_: object) -> None:
        self._timer.start()

    def place(self) -> None:
        m = self._margin
        width, height = self.width() - 2 * m, self.height() - 2 * m
        below = self._placed_below = self._below.height()
        self._below.setGeometry(m, m + height - below, width, below)
        available = max(height - below - self._spacing, 0)
        self._view.setGeometry(m, m, width, whole_rows_height(self._view, available))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place()

    def sizeHint(self) -> QSize:
        view, below = self._view.sizeHint(), self._below.sizeHint()
        extra = 2 * self._margin
        return QSize(
            max(view.width(), below.width()) + extra,
            view.height() + self._spacing + self._below.height() + extra,
        )

    def minimumSizeHint(self) -> QSize:
        view, below = self._view.minimumSizeHint(), self._below.minimumSizeHint()
        extra = 2 * self._margin
        return QSize(
            max(view.width(), below.width()) + extra,
            view.height() + self._spacing + self._below.height() + extra,
        )
