"""Table columns that fit the viewport: no sideways scrolling, no number cut.

Each column gets at least its widest word (and its header), so word wrap never has to cut a
number or a unit; the space left is handed out by priority — the short number columns whole
first, then the long texts — and whatever remains goes to one stretch column. Refitted when
the viewport or the contents change, then every row is made as tall as its wrapped lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

# Room for the cell's margins and the grid line (and the header's sort arrow).
_PAD = 12


class ColumnFitter(QObject):
    def __init__(self, view: QTableView, priority: list[int], stretch: int) -> None:
        super().__init__(view)
        self._view = view
        self._priority = priority
        self._stretch = stretch
        self._fitting = False
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(20)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        view.viewport().installEventFilter(self)
        # A recompute changes many cells at once: one refit (~20 ms for a whole course) when
        # the event loop is next idle, not one per changed cell.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        model = view.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.dataChanged,
            model.rowsInserted,
        ):
            signal.connect(self._schedule)

    def _schedule(self, *_: object) -> None:
        self._pending.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _needs(self) -> tuple[list[int], list[int]]:
        """Per column: (widest word, widest line) in pixels, bold counted for every cell."""
        view, model = self._view, self._view.model()
        regular = view.fontMetrics()
        bold_font = QFont(view.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        header_metrics = view.horizontalHeader().fontMetrics()
        columns = model.columnCount()
        words, lines = [0] * columns, [0] * columns
        for column in range(columns):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            # The header is not wrapped: the whole title, except the stretch column's.
            words[column] = max(
                (header_metrics.horizontalAdvance(w) for w in title.split()), default=0
            )
            if column != self._stretch:
                words[column] = header_metrics.horizontalAdvance(title)
            lines[column] = words[column]
        for row in range(model.rowCount()):
            if view.columnSpan(row, 0) > 1:
                continue  # a heading across the table
            for column in range(columns):
                text = model.index(row, column).data()
                if not text:
                    continue
                for line in str(text).split("\n"):
                    lines[column] = max(lines[column], bold.horizontalAdvance(line))
                    for word in line.split():
                        width = max(regular.horizontalAdvance(word), bold.horizontalAdvance(word))
                        words[column] = max(words[column], width)
        return [w + _PAD for w in words], [w + _PAD for w in lines]

    def fit(self, *_: object) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False

    def _fit(self) -> None:
        view = self._view
        header = view.horizontalHeader()
        words, lines = self._needs()
        widths = list(words)
        extra = view.viewport().width() - sum(widths)
        for column in self._priority:
            if extra <= 0:
                break
            grow = min(extra, max(0, lines[column] - widths[column]))
            widths[column] += grow
            extra -= grow
        if extra > 0:
            widths[self._stretch] += extra
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        view.resizeRowsToContents()
