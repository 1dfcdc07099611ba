"""A table whose height is cut to whole rows (the course totals). A layout gives the table
whatever height the pane has, so its last row showed cut in half; here the table ends below the
last row that fits, and the gap below it is blank."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTableView, QWidget


def whole_rows_height(view: QTableView, available: int) -> int:
    """The height of ``view`` within ``available`` pixels that shows whole rows from its top
    row: ``available`` itself when not even one fits. When every row from the top fits, it
    ends below the last: taller, Qt would scroll the last rows up to its bottom and show the
    row above the top one cut (the course totals scrolled to their end at 1920 × 1200)."""
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
    return chrome + used if used else available


class WholeRowsPage(QWidget):
    """``view``, its height cut to whole rows; the rest of the page blank below it."""

    def __init__(self, view: QTableView, margin: int = 4):
        super().__init__()
        self._view = view
        self._margin = margin
        view.setParent(self)
        # Rows resize one by one after a recompute: one placing once they have.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.place)
        # (Through a slot of no arguments: a signal's int would become the timer's interval.)
        view.verticalHeader().sectionResized.connect(self._place_soon)
        view.verticalScrollBar().valueChanged.connect(self._place_soon)
        model = view.model()
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._place_soon)

    def _place_soon(self, *_: object) -> None:
        self._timer.start()

    def place(self) -> None:
        m = self._margin
        width, height = self.width() - 2 * m, max(self.height() - 2 * m, 0)
        self._view.setGeometry(m, m, width, whole_rows_height(self._view, height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place()

    def sizeHint(self) -> QSize:
        return self._view.sizeHint() + QSize(2 * self._margin, 2 * self._margin)

    def minimumSizeHint(self) -> QSize:
        return self._view.minimumSizeHint() + QSize(2 * self._margin, 2 * self._margin)
