"""Table columns that fit the viewport: no sideways scrolling, no number cut.

Each column gets at least its widest word (and its header), so word wrap never has to cut a
number or a unit; the space left is handed out by priority — the short number columns whole
first, then the long texts — and whatever remains goes to one stretch column. Refitted when
the viewport or the contents change, then every row is made as tall as its wrapped lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from ui.models import FONT_KEY_ROLE, MEASURE_ROLE, RowTableModel, cell_value
from ui.row_fit import RowFitter
from ui.text_wrap import pieces

# Room for the cell's margins and the grid line (and the header's sort arrow).
_PAD = 12


class _Metrics(QFontMetrics):
    """A font's metrics with the font's key, for the measures kept per text and font."""

    def __init__(self, font: QFont, font_key: str) -> None:
        super().__init__(font)
        self.font_key = font_key


class ColumnFitter(QObject):
    def __init__(
        self, view: QTableView, priority: list[int], stretch: int, fit_changed_rows: bool = True
    ) -> None:
        """``fit_changed_rows=False``: the owner fits rows changed in place itself, at once
        (the schedule: ``window_layout.fit_rows``), so they are not fitted twice."""
        super().__init__(view)
        model = view.model()
        self._model = model
        self._changed_rows: set[int] = set()
        self._changed_cells: list[tuple[int, int]] = []
        # Rows changed in place are refitted from per-cell, per-text height hints: a
        # keystroke changes the totals' numbers, rarely their height (Qt's own
        # resizeRowToContents asked the delegate for every cell of each row, every time).
        self._row_fitter = RowFitter(view, quiet=False) if fit_changed_rows else None
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
        # Each cell's widest word and widest line, per column by row, measured once: a
        # keystroke that changes twenty doses re-measures those twenty cells, not the
        # course. None: measure all.
        self._cells: tuple[list[dict[int, int]], list[dict[int, int]]] | None = None
        self._stale: set[tuple[int, int]] = set()
        self._measured_rows = 0
        # A text's measure, in a cell's font (at this view font).
        self._by_text: dict[tuple[str, str], tuple[int, int]] = {}
        self._metrics: dict[str, _Metrics] = {}
        self._measured_font = ""
        self._all_rows = True  # refit every row's height (new rows, or new widths)
        # Each column's widest line so far, while the rows stay the same rows: a typed weight
        # changes the rates ("83.3 mL/h", "8.3 mL/h"), and sharing the room out by each
        # keystroke's own widest lines moved the columns back and forth as the user typed
        # (and repainted the whole table each time). Forgotten on new rows or a new width.
        self._line_floor: list[int] = []
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self._schedule_all)
        model.dataChanged.connect(self._schedule_cells)
        model.headerDataChanged.connect(self._schedule_all)

    def share_afresh(self) -> None:
        """Another plan is loaded: its columns are shared out by its own widest lines."""
        self._line_floor = []
        self._pending.start()

    def _schedule_all(self, *_: object) -> None:
        self._line_floor = []
        self._changed_rows = set()
        self._changed_cells = []
        self._cells = None
        self._all_rows = True
        self._pending.start()

    def _schedule_cells(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: object) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            for column in range(top_left.column(), bottom_right.column() + 1):
                self._stale.add((row, column))
                self._changed_cells.append((row, column))
            self._changed_rows.add(row)
        self._pending.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            assert isinstance(event, QResizeEvent)
            if event.size().width() != event.oldSize().width():
                self._line_floor = []  # a new width: the columns are shared out afresh
            self.fit()
        return False

    def _needs(self) -> tuple[list[int], list[int]]:
        """Per column: (widest word, widest line) in pixels, each cell in its own font (a
        reduced dose is bold; bold for every cell took ~30 px from the number columns at
        1280 × 800, and "250 mL/h" wrapped as "250" over "mL/h")."""
        view, model = self._view, self._view.model()
        columns, rows = model.columnCount(), model.rowCount()
        if self._cells is None or self._measured_font != view.font().key():
            if self._measured_font != view.font().key():
                self._by_text = {}
                self._metrics = {}
            self._measured_font = view.font().key()
            self._cells = ([{} for _ in range(columns)], [{} for _ in range(columns)])
            self._stale = {(r, c) for r in range(rows) for c in range(columns)}
        word_cells, line_cells = self._cells
        while len(word_cells) < columns:
            word_cells.append({})
            line_cells.append({})
        for row, column in self._stale:
            if row < rows and column < columns:
                word_cells[column][row], line_cells[column][row] = self._measure(row, column)
        self._stale = set()
        if rows < self._measured_rows:  # rows gone (without a reset): not measured
            for by_row in (*word_cells, *line_cells):
                for row in [r for r in by_row if r >= rows]:
                    del by_row[row]
        self._measured_rows = rows
        words, lines = self._header()
        for column in range(columns):
            words[column] = max(words[column], max(word_cells[column].values(), default=0))
            lines[column] = max(lines[column], max(line_cells[column].values(), default=0))
        return [w + _PAD for w in words], [w + _PAD for w in lines]

    def _header(self) -> tuple[list[int], list[int]]:
        model = self._view.model()
        header_metrics = self._view.horizontalHeader().fontMetrics()
        words = []
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            # The header is not wrapped: the whole title, except the stretch column's.
            if column != self._stretch:
                words.append(header_metrics.horizontalAdvance(title))
            else:
                words.append(
                    max((header_metrics.horizontalAdvance(w) for w in title.split()), default=0)
                )
        return words, list(words)

    def _measure(self, row: int, column: int) -> tuple[int, int]:
        view, model = self._view, self._model
        if view.columnSpan(row, 0) > 1:
            return 0, 0  # a heading across the table
        # A model without a measured text: what it shows.
        measured = cell_value(model, row, column, MEASURE_ROLE)
        text = str((measured if measured is not None else cell_value(model, row, column)) or "")
        font_key = cell_value(model, row, column, FONT_KEY_ROLE)
        # Keyed by the cell's own font key (the view's font is the same for every cell:
        # a new one forgets these): resolving each cell's font per keystroke cost ~1 ms.
        key = (text, font_key)
        known = self._by_text.get(key)
        if known is not None:
            return known  # the same dose on every day of a course is measured once
        metrics = self._cell_metrics(cell_value(model, row, column, int(Qt.ItemDataRole.FontRole)))
        word_width = line_width = 0
        for line in text.split("\n"):
            line_width = max(line_width, metrics.horizontalAdvance(line))
            for word in (piece for spaced in line.split() for piece in pieces(spaced)):
                word_width = max(word_width, metrics.horizontalAdvance(word))
        if len(self._by_text) > 4096:  # every weight typed makes new doses: stay small
            self._by_text = {}
        self._by_text[key] = (word_width, line_width)
        return word_width, line_width

    def _cell_metrics(self, font: object) -> _Metrics:
        """The metrics of a cell's font (FontRole, over the view's), kept per font."""
        resolved = font.resolve(self._view.font()) if isinstance(font, QFont) else self._view.font()
        key = resolved.key()
        metrics = self._metrics.get(key)
        if metrics is None:
            metrics = self._metrics[key] = _Metrics(resolved, key)
        return metrics

    def _keep_units(self, widths: list[int]) -> None:
        """The model shows a number beside its unit wherever the two fit these widths (the
        text rect of Fusion's item view: the column less the grid line and a focus-frame
        margin each side), each cell in its own font."""
        view, model = self._view, self._view.model()
        if not isinstance(model, RowTableModel):
            return
        style = view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        grid = 1 if view.showGrid() else 0

        def text_width(text: str, font: object) -> int:
            return self._cell_metrics(font).horizontalAdvance(text)

        model.set_text_widths(
            [width - grid - 2 * margin for width in widths], text_width, view.font().key()
        )

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
        if len(self._line_floor) == len(lines):
            lines = [max(line, floor) for line, floor in zip(lines, self._line_floor, strict=True)]
        self._line_floor = lines
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
        resized = False
        # The columns that narrow first: widening one first made the table wider than the
        # view for a moment, and the sideways scroll bar came and went (a resize each time).
        for column, width in sorted(
            enumerate(widths), key=lambda cw: cw[1] - header.sectionSize(cw[0])
        ):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
                resized = True
        self._keep_units(widths)
        # Rows changed in place at unchanged widths were fitted by whoever changed them
        # (``window_layout.fit_rows``, at once); every row only when the widths moved.
        if resized or self._all_rows:
            view.resizeRowsToContents()
        elif self._row_fitter is not None:
            count = view.model().rowCount()
            self._row_fitter.fit(
                [row for row in sorted(self._changed_rows) if row < count],
                [(row, column) for row, column in self._changed_cells if row < count],
            )
        self._all_rows = False
        self._changed_rows = set()
        self._changed_cells = []
