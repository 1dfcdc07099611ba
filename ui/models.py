"""One Qt table model per table. Rows are engine objects; text comes from ``ui.formatting``.

Every model: ``COL_*`` constants, a ``headers`` tuple, ``set_rows()`` inside a model reset,
``SORT_ROLE`` returning the raw value of a cell and ``ROW_ROLE`` returning the row object.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ui import formatting as fmt
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.text_wrap import (
    NO_BREAK_SPACE,
    has_wide,
    join_latin_words,
    join_units,
    wrap_wide,
)
from ui.units_within import UnitsWithinColumns

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dosing.models import (
        Administration,
        ComputedPlan,
        ItemResult,
    )

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 2
# The text as a column fitter should measure it (its lines at the width the cell is meant
# to have), where that differs from what is shown: a Chinese cell is shown unbroken and
# wrapped by Qt at whatever width the column gets.
MEASURE_ROLE = int(Qt.ItemDataRole.UserRole) + 3

_Index = QModelIndex | QPersistentModelIndex
_MISSING = object()  # a cached None is an answer

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
# The key of the cell's font (FontRole), kept with the cell: the fitters key their
# measures by it, and ``QFont.key`` for each cell of each keystroke cost ~0.5 ms.
FONT_KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 4
_ROLES = frozenset(
    {
        _DISPLAY,
        _TOOLTIP,
        _BACKGROUND,
        _FOREGROUND,
        _FONT,
        SORT_ROLE,
        ROW_ROLE,
        MEASURE_ROLE,
        FONT_KEY_ROLE,
    }
)

# A light look: tints readable on white, text dark enough for 4.5:1 contrast.
GROUP_BACKGROUND = QColor("#e8eef6")
ADJUSTED_BACKGROUND = QColor("#fff1c2")
HARD_BACKGROUND = QColor("#fbe0e0")
HARD_FOREGROUND = QColor("#9b1c1c")
SOFT_BACKGROUND = QColor("#fff4d6")
ACKNOWLEDGED_BACKGROUND = QColor("#e6f4ea")
CHOICE_FOREGROUND = QColor("#8a5300")
MUTED_FOREGROUND = QColor("#5f6368")


class RowTableModel(QAbstractTableModel):
    """The shared part: a list of row objects, read-only, one column per header."""

    headers: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        # Per row: (column, role) -> what ``data`` answered (a changed row drops its own).
        self._cache: dict[int, dict[tuple[int, int], Any]] = {}
        self.last_changed_cells: list[tuple[int, int]] = []
        # Once a column fitter has set the widths: a number beside its unit where they fit.
        self._units = UnitsWithinColumns()

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cache = {}
        self.last_changed_cells = []
        self.endResetModel()

    def update_rows(self, rows: Iterable[Any]) -> list[int]:
        """Like ``set_rows``, but when the new rows are the same rows (same ``row_key`` in
        the same order) only the rows whose content changed are replaced and repainted
        (``dataChanged``): a keystroke then repaints the doses it changed, not the table.
        Returns the changed row numbers (all of them after a reset)."""
        new = list(rows)
        old = self._rows
        if len(new) != len(old) or any(
            self.row_key(a) != self.row_key(b) for a, b in zip(old, new, strict=True)
        ):
            self.set_rows(new)
            return list(range(len(new)))
        changed = [number for number, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        if not changed:
            return []
        cells = self.changed_cells(old, new, changed)
        self.last_changed_cells = cells  # the window refits the rows of these cells only
        self._rows = new
        for number in changed:
            self._cache.pop(number, None)
        # One signal per changed cell: the view repaints those cells only (a range would
        # make it repaint the whole table).
        for number, column in cells:
            index = self.index(number, column)
            self.dataChanged.emit(index, index)
        return changed

    def changed_cells(
        self, old: list[Any], new: list[Any], rows: list[int]
    ) -> list[tuple[int, int]]:
        """The cells of ``rows`` whose text or look differs (every cell unless overridden)."""
        return [(number, column) for number in rows for column in range(len(self.headers))]

    def row_key(self, row: Any) -> Any:
        """What identifies a row across updates (the row itself unless overridden)."""
        return row

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            # Translated when asked: a language switch repaints the headers in the new one.
            if 0 <= section < len(self.headers):
                return translate("Table", self.headers[section])
            return None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every paint: answer the roles this model
        # has from a cache filled once per reset, everything else at once.
        role = int(role)
        if role not in _ROLES:
            return None
        return self.value(index.row(), index.column(), role)

    def value(self, number: int, column: int, role: int = _DISPLAY) -> Any:
        """What ``data`` answers for a cell, read without a QModelIndex: the column and row
        fitters read each changed cell's text and font, ~40 cells a keystroke, and each
        read through Qt (an index, a call into C++ and back) cost more than the answer."""
        row_cache = self._cache.get(number)
        if row_cache is not None:
            known = row_cache.get((column, role), _MISSING)
            if known is not _MISSING:
                return known
        if not (0 <= number < len(self._rows) and 0 <= column < len(self.headers)):
            return None
        row = self._rows[number]
        if role == ROW_ROLE:
            value: Any = row
        elif role == _DISPLAY:
            value = self._units.keep(
                self.shown_text(row, column),
                column,
                self.value(number, column, FONT_KEY_ROLE),
                lambda: self.value(number, column, _FONT),
            )
        elif role == SORT_ROLE:
            value = self.sort_value(row, column)
        elif role == _TOOLTIP:
            value = self.tooltip(row, column)
        elif role == MEASURE_ROLE:
            value = self.measure_text(row, column)
        elif role == FONT_KEY_ROLE:
            font = self.value(number, column, _FONT)
            value = font.key() if isinstance(font, QFont) else ""
        else:
            value = self.style(row, column, role)
        self._cache.setdefault(number, {})[(column, role)] = value
        return value

    def set_text_widths(
        self, widths: list[int], text_width: Callable[[str, Any], int], font_key: str
    ) -> None:
        """Each column's text width in pixels, from the column fitter once it has set them
        (``text_width(text, font)``: a text's width in a cell's font). The columns whose
        width changed are shown again, a number beside its unit wherever the two fit."""
        changed = set(self._units.set_widths(widths, text_width, font_key))
        if not changed:
            return
        for row_cache in self._cache.values():
            for column in changed:
                row_cache.pop((column, _DISPLAY), None)
        if self._rows:
            last = len(self._rows) - 1
            for column in sorted(changed):
                self.dataChanged.emit(self.index(0, column), self.index(last, column))

    # Subclasses fill these in.
    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: Any, column: int) -> Any:
        return self.display(row, column)

    def measure_text(self, row: Any, column: int) -> str:
        return self.display(row, column)

    def shown_text(self, row: Any, column: int) -> str:
        """What the view draws (``display`` unless a model keeps words together)."""
        return self.display(row, column)

    def tooltip(self, row: Any, column: int) -> str | None:
        text = self.display(row, column)
        return text or None

    def style(self, row: Any, column: int, role: int) -> Any:
        return None


def cell_value(model: QAbstractItemModel, row: int, column: int, role: int = _DISPLAY) -> Any:
    """A cell's ``data``: from a ``RowTableModel`` without a QModelIndex (``value``), from
    any other model through its index (``FONT_KEY_ROLE`` made from its FontRole)."""
    if isinstance(model, RowTableModel):
        return model.value(row, column, role)
    index = model.index(row, column)
    if role == FONT_KEY_ROLE:
        font = index.data(_FONT)
        return font.key() if isinstance(font, QFont) else ""
    return index.data(role)


# ---------------------------------------------------------------- schedule


@dataclass(frozen=True)
class ScheduleRow:
    """Either a day heading (``admin`` is None) or one administration."""

    title: str
    admin: Administration | None = None
    item: ItemResult | None = None

    @property
    def is_group(self) -> bool:
        return self.admin is None


def schedule_rows(plan: ComputedPlan) -> list[ScheduleRow]:
    """Administrations grouped by phase (protocol order), then day, with a heading per day;
    days waiting on blood counts come last in their phase."""
    items = {item.item: item for item in plan.items}
    phase_order: dict[str, int] = {}
    for admin in plan.administrations:
        phase_order.setdefault(admin.phase, len(phase_order))
    indexed = list(enumerate(plan.administrations))
    indexed.sort(
        key=lambda pair: (
            phase_order[pair[1].phase],
            pair[1].day is None,
            pair[1].day if pair[1].day is not None else 0,
            pair[0],
        )
    )
    rows: list[ScheduleRow] = []
    current: tuple[str, int | None] | None = None
    for _, admin in indexed:
        key = (admin.phase, admin.day)
        if key != current:
            first_of_phase = current is None or current[0] != admin.phase
            rows.append(ScheduleRow(fmt.group_title(admin, first_of_phase)))
            current = key
        rows.append(ScheduleRow(admin.name, admin, items.get(admin.item)))
    return rows


@lru_cache(maxsize=4096)
def _wrapped(text: str, width: int) -> str:
    """Each line wrapped on its own: the dose stays on its line above the volume to draw.
    Never between a number and its unit ("CrCl 35" over "mL/min)"): wrapped joined, then
    the spaces are plain again (the fitter and Qt see the words they always did). Cached:
    a weight typed and deleted again wraps the doses it wrapped before."""
    return "\n".join(
        part.replace(NO_BREAK_SPACE, " ")
        for line in text.split("\n")
        for part in textwrap.wrap(join_units(line), width)
    )


class ScheduleModel(RowTableModel):
    COL_DRUG, COL_DOSE, COL_ROUTE, COL_VOLUME, COL_RATE, COL_DURATION, COL_NOTES = range(7)
    headers = (
        QT_TRANSLATE_NOOP("Table", "Drug"),
        QT_TRANSLATE_NOOP("Table", "Dose"),
        QT_TRANSLATE_NOOP("Table", "Route"),
        QT_TRANSLATE_NOOP("Table", "Volume"),
        QT_TRANSLATE_NOOP("Table", "Rate"),
        QT_TRANSLATE_NOOP("Table", "Duration"),
        QT_TRANSLATE_NOOP("Table", "Condition / note"),
    )
    # Columns broken into lines here, at word boundaries, to the width (in characters) the
    # view gives them: cheaper than Qt's word wrap, which lays out every cell on every paint.
    WRAP: ClassVar[dict[int, int]] = {COL_DRUG: 20, COL_DOSE: 23, COL_DURATION: 13}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # Each administration row's unwrapped texts, by the row's id (the row kept with
        # them: an id is reused once its row is gone). A keystroke compares each changed
        # row's texts before and after; the "before" ones were made at the last keystroke.
        self._texts: dict[int, tuple[ScheduleRow, tuple[str, ...]]] = {}

    def set_rows(self, rows: Iterable[Any]) -> None:
        self._texts = {}
        super().set_rows(rows)

    def _texts_of(self, row: ScheduleRow) -> tuple[str, ...]:
        known = self._texts.get(id(row))
        if known is not None and known[0] is row:
            return known[1]
        assert row.admin is not None
        texts = tuple(self._text(row, row.admin, column) for column in range(len(self.headers)))
        self._texts[id(row)] = (row, texts)
        return texts

    def display(self, row: ScheduleRow, column: int) -> str:
        admin = row.admin
        if admin is None:
            return row.title if column == self.COL_DRUG else ""
        text = self._texts_of(row)[column]
        width = self.WRAP.get(column)
        if not width or len(text) <= width or has_wide(text):
            # Chinese is left to Qt's wrap (a line broken here and again by Qt at a narrower
            # column leaves a word alone on a line); ``measure_text`` gives its lines.
            return text
        return _wrapped(text, width)

    def shown_text(self, row: ScheduleRow, column: int) -> str:
        """A cell as drawn: Qt breaks a line after '/', '-' or '–', so a narrow column split
        '45 × 10⁹/L)' as '10⁹/' over 'L)' (English and Chinese); a word joiner (U+2060,
        invisible) after each inside a Latin word ('10⁹/L', 'mg/day', 'G-CSF', '5–10') keeps
        it whole. The column fitter already gives each column its widest such word."""
        return join_latin_words(self.display(row, column))

    def measure_text(self, row: ScheduleRow, column: int) -> str:
        """A Chinese cell's lines at the column's wrap width counted in display columns
        (an ideograph is two), broken beside ideographs, never inside a number."""
        text = self.display(row, column)
        width = self.WRAP.get(column)
        if width and row.admin is not None and has_wide(text):
            return "\n".join(part for line in text.split("\n") for part in wrap_wide(line, width))
        return text

    def row_key(self, row: ScheduleRow) -> Any:
        if row.admin is None:
            return row.title
        return (row.admin.item, row.admin.day, row.admin.status)

    def changed_cells(
        self, old: list[ScheduleRow], new: list[ScheduleRow], rows: list[int]
    ) -> list[tuple[int, int]]:
        cells: list[tuple[int, int]] = []
        for number in rows:
            before, after = old[number], new[number]
            if self._look(before) != self._look(after):
                self._texts.pop(id(before), None)
                cells += [(number, column) for column in range(len(self.headers))]
                continue
            assert before.admin is not None and after.admin is not None  # same look
            # The unwrapped texts: equal text gives an equal (wrapped) cell.
            texts_before, texts_after = self._texts_of(before), self._texts_of(after)
            self._texts.pop(id(before), None)
            cells += [
                (number, column)
                for column, (text_before, text_after) in enumerate(
                    zip(texts_before, texts_after, strict=True)
                )
                if text_before != text_after
            ]
        return cells

    @staticmethod
    def _look(row: ScheduleRow) -> tuple[Any, ...]:
        """What the cell styles depend on besides the text."""
        admin = row.admin
        if admin is None:
            return (row.title,)
        needs_choice = row.item.needs_choice if row.item is not None else None
        return (admin.status, admin.reduced_percent is None, admin.dose is None, needs_choice)

    def _text(self, row: ScheduleRow, admin: Administration, column: int) -> str:
        if column == self.COL_DRUG:
            return fmt.glossary_text(admin.name)
        if column == self.COL_DOSE:
            # The volume to draw beneath the dose it is drawn for (a nurse reads both at once).
            draw = fmt.draw_cell_text(admin)
            dose = fmt.dose_text(admin, row.item)
            return f"{dose}\n{draw}" if draw else dose
        if column == self.COL_ROUTE:
            return fmt.glossary_text(admin.route)
        if column == self.COL_VOLUME:
            return fmt.volume_text(admin.volume_ml)
        if column == self.COL_RATE:
            return fmt.rate_text(admin.rate_ml_per_h)
        if column == self.COL_DURATION:
            return fmt.glossary_text(admin.duration) if admin.duration else ""
        if column == self.COL_NOTES:
            return fmt.notes_text(admin, row.item.note if row.item is not None else None)
        return ""

    def sort_value(self, row: ScheduleRow, column: int) -> Any:
        admin = row.admin
        if admin is None:
            return row.title
        if column == self.COL_DOSE:
            return admin.dose.value if admin.dose is not None else Decimal(-1)
        if column == self.COL_VOLUME:
            return admin.volume_ml if admin.volume_ml is not None else Decimal(-1)
        if column == self.COL_RATE:
            return admin.rate_ml_per_h if admin.rate_ml_per_h is not None else Decimal(-1)
        return self.display(row, column)

    def tooltip(self, row: ScheduleRow, column: int) -> str | None:
        admin = row.admin
        if admin is not None and column == self.COL_DOSE:
            draw, shown = fmt.draw_text(admin), fmt.draw_cell_text(admin)
            trace = fmt.trace_words(admin.trace)
            return f"{draw}\n{trace}" if draw != shown and trace else trace
        if admin is not None and column == self.COL_NOTES:
            words = (
                fmt.protocol_text(admin.condition),
                fmt.protocol_text(admin.note),
                fmt.protocol_text(admin.chosen_value),
            )
            return "; ".join(p for p in words if p)
        return super().tooltip(row, column)

    def style(self, row: ScheduleRow, column: int, role: int) -> Any:
        admin = row.admin
        if admin is None:
            if role == _BACKGROUND:
                return QBrush(GROUP_BACKGROUND)
            if role == _FONT:
                font = QFont()
                font.setBold(True)
                return font
            return None
        adjusted = admin.reduced_percent is not None and admin.status != "dropped"
        if role == _BACKGROUND and adjusted and column == self.COL_DOSE:
            return QBrush(ADJUSTED_BACKGROUND)
        if role == _FOREGROUND:
            if admin.status == "dropped":
                return QBrush(MUTED_FOREGROUND)
            if admin.dose is None and column == self.COL_DOSE:
                if row.item is not None and row.item.needs_choice:
                    return QBrush(CHOICE_FOREGROUND)
                if fmt.is_refused(admin):
                    return QBrush(HARD_FOREGROUND)
        if role == _FONT:
            font = QFont()
            font.setItalic(admin.status != "scheduled")
            font.setStrikeOut(admin.status == "dropped" and column == self.COL_DOSE)
            font.setBold(adjusted and column == self.COL_DOSE)
            return font
        return None

    def doses(self) -> list[str]:
        """Every dose cell's text on one line, in row order (what a reader sees)."""
        return [self.dose_text(row) for row in self._rows if row.admin is not None]

    def dose_text(self, row: ScheduleRow) -> str:
        return fmt.dose_text(row.admin, row.item) if row.admin is not None else ""
