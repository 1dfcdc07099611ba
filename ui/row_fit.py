"""Row heights from each cell's own height hint, kept per cell and per text (issue 14:
keystroke latency): what ``QTableView.resizeRowToContents`` sets, without asking the delegate
again for the cells a recompute did not change. Used for the schedule (``window_layout``) and
for the rows a ``ColumnFitter`` refits in place (the course totals)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from ui.models import FONT_KEY_ROLE, RowTableModel, cell_value


class RowFitter(QObject):
    """Row heights as ``QTableView.resizeRowToContents`` sets them, from each cell's own
    height hint kept per cell: a recompute that changes three cells of a row asks the
    delegate for those three, not for all seven (a keystroke changes ~20 rows; asking for
    every cell was a third of its time). Forgotten when the rows or the widths change.

    ``fit(..., hold=True)`` (a field being typed in): a row grows to its words but does not
    shrink; ``settle`` makes the rows held taller than their words as tall as they need."""

    def __init__(self, view: QTableView, quiet: bool = True) -> None:
        """``quiet=False``: resize rows the usual way, with ``rowResized`` (a table without
        spans, whose row heights others follow: the course totals' whole-rows page)."""
        super().__init__(view)  # a child of the view: gone with it, and its connections too
        model = view.model()
        self._view = view
        self._model = model
        self._quiet = quiet
        self._hints: dict[int, list[int]] = {}
        # A cell's height depends only on its text, font and width: a weight typed and
        # deleted again brings back doses already measured (~0.15 ms each to lay out).
        self._by_text: dict[tuple[int, int, str, str], int] = {}
        # Rows kept taller than their words while a field was typed in: row -> fitted height.
        self._held: dict[int, int] = {}
        view.horizontalHeader().sectionResized.connect(self.forget)
        model.modelReset.connect(self.forget)
        model.layoutChanged.connect(self.forget)

    def forget(self, *_: object) -> None:
        self._hints = {}
        self._held = {}  # new rows or widths: every row is fitted afresh

    def fit(self, rows: list[int], cells: list[tuple[int, int]], hold: bool = False) -> None:
        view, model = self._view, self._model
        columns = model.columnCount()
        changed: dict[int, list[int]] = {}
        for row, column in cells:
            changed.setdefault(row, []).append(column)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        resized: list[int] = []
        # The least height the row header asks: a RowTableModel has no row header data, so
        # it is every row's (asked per row, it was a tenth of the keystroke's fitting).
        same_header = isinstance(model, RowTableModel)
        header_hint: int | None = None
        for row in rows:
            hints = self._hints.get(row)
            if hints is not None and row not in changed:
                continue  # nothing shown in the row changed (its trace did, say)
            if view.columnSpan(row, 0) > 1:
                view.resizeRowToContents(row)  # a heading across the table: Qt's own way
                self._hints[row] = []
                continue
            if not hints:
                hints = self._hints[row] = [self._hint(option, row, c) for c in range(columns)]
            else:
                for column in changed[row]:
                    hints[column] = self._hint(option, row, column)
            height = max(hints) + (1 if view.showGrid() else 0)
            if header_hint is None or not same_header:
                header_hint = view.verticalHeader().sectionSizeHint(row)
            height = max(height, header_hint)
            self._held.pop(row, None)
            if hold and height < view.rowHeight(row):
                self._held[row] = height  # shorter words: the row keeps its height for now
                continue
            if view.rowHeight(row) != height:
                resized.append(row)
                self._set_height(row, height)
        if resized and self._quiet:
            self._repaint_below(min(resized))

    def settle(self, *_: object) -> None:
        """The rows held taller than their words (``fit(hold=True)``) as tall as they need:
        the field typed in has lost the focus, and the rows below move up once."""
        held, self._held = self._held, {}
        count = self._model.rowCount()
        resized = []
        for row, height in held.items():
            if row < count and self._view.rowHeight(row) != height:
                resized.append(row)
                self._set_height(row, height)
        if resized and self._quiet:
            self._repaint_below(min(resized))

    def _set_height(self, row: int, height: int) -> None:
        if self._quiet:
            self._resize_quietly(row, height)
        else:
            self._view.setRowHeight(row, height)

    def _resize_quietly(self, row: int, height: int) -> None:
        """A row's new height without ``QTableView.rowResized``: on a table with spans (the
        day headings) Qt repaints the whole viewport for any row resized, even one far
        below it (a keystroke that re-wraps the ATG rows of days -5 … -3 repainted every
        visible dose: half the keystroke's time). ``_repaint_below`` does its work."""
        header = self._view.verticalHeader()
        blocked = header.blockSignals(True)
        try:
            header.resizeSection(row, height)
        finally:
            header.blockSignals(blocked)

    def _repaint_below(self, first: int) -> None:
        """What ``rowResized`` does, for one-row spans: the scroll range, and a repaint
        from the first resized row down when it is above the viewport's bottom (rows
        below it moved); nothing on screen moved when every resized row is below."""
        view = self._view
        view.updateGeometries()
        viewport = view.viewport()
        # A row above the view changed height (negative position): everything shown moved.
        top = max(0, view.rowViewportPosition(first))
        if top < viewport.height():
            viewport.update(0, top, viewport.width(), viewport.height() - top)

    def _hint(self, option: QStyleOptionViewItem, row: int, column: int) -> int:
        """``QTableViewPrivate::heightHintForIndex`` for a wrapped cell, in Python."""
        view, model = self._view, self._model
        width = view.columnWidth(column)
        text = str(cell_value(model, row, column) or "")
        key = (column, width, text, cell_value(model, row, column, FONT_KEY_ROLE))
        known = self._by_text.get(key)
        if known is not None:
            return known
        index = model.index(row, column)
        option.rect.setRect(
            view.columnViewportPosition(column),
            view.rowViewportPosition(row),
            view.columnWidth(column) - (1 if view.showGrid() else 0),
            max(1, view.rowHeight(row)),
        )
        height = int(view.itemDelegateForIndex(index).sizeHint(option, index).height())
        if len(self._by_text) > 4096:  # every weight typed makes new doses: stay small
            self._by_text = {}
        self._by_text[key] = height
        return height
