"""The course totals table of the window: each item's days and course total (an open course
says so and what ends it, app/course_text.py's wording via ui/formatting.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ui import formatting as fmt
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models import RowTableModel

if TYPE_CHECKING:
    from dosing.models import ItemResult


class TotalsModel(RowTableModel):
    COL_ITEM, COL_DAYS, COL_TOTAL, COL_PER_BASIS = range(4)
    headers = (
        QT_TRANSLATE_NOOP("Table", "Item"),
        QT_TRANSLATE_NOOP("Table", "Days"),
        QT_TRANSLATE_NOOP("Table", "Course total"),
        QT_TRANSLATE_NOOP("Table", "Per kg / m²"),
    )

    def row_key(self, row: ItemResult) -> Any:
        return row.item  # a keystroke changes a total, not which items are totalled

    def display(self, row: ItemResult, column: int) -> str:
        if column == self.COL_ITEM:
            # The same drug can be in two phases (cyclophosphamide): say which.
            return fmt.item_phase_text(row.name, row.phase)
        if column == self.COL_DAYS:
            count = len(row.given_days)
            if count == 1:
                return translate("Table", "1 day")
            return translate("Table", "{count} days").format(count=count)
        if column == self.COL_TOTAL:
            return fmt.dose_words(fmt.course_total_text(row))
        if column == self.COL_PER_BASIS:
            return row.course_total_per_basis or ""
        return ""

    def sort_value(self, row: ItemResult, column: int) -> Any:
        if column == self.COL_DAYS:
            return len(row.given_days)
        if column == self.COL_TOTAL:
            return row.course_total.value if row.course_total is not None else Decimal(-1)
        return self.display(row, column)
