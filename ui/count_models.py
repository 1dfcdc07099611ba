"""The counts and apheresis-yields tables of the counts panel: one day or one collection a
row, the unit once in the header (in each cell it wrapped in the narrow pane)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dosing.display import format_number
from ui import formatting as fmt
from ui.i18n import QT_TRANSLATE_NOOP
from ui.models import RowTableModel

if TYPE_CHECKING:
    from dosing.models import ApheresisYield, DailyCount


class CountsModel(RowTableModel):
    COL_DATE, COL_WBC, COL_ANC = range(3)
    # The unit once, whole, under its count: in each cell it wrapped in the narrow pane.
    headers = (
        QT_TRANSLATE_NOOP("Table", "Date"),
        QT_TRANSLATE_NOOP("Table", "WBC\n× 10⁹/L"),
        QT_TRANSLATE_NOOP("Table", "ANC\n× 10⁹/L"),
    )

    def display(self, row: DailyCount, column: int) -> str:
        if column == self.COL_DATE:
            return fmt.short_date_text(row.date)
        value = row.wbc_10e9_per_l if column == self.COL_WBC else row.anc_10e9_per_l
        return "" if value is None else format_number(value)

    def sort_value(self, row: DailyCount, column: int) -> Any:
        if column == self.COL_DATE:
            return row.date
        value = row.wbc_10e9_per_l if column == self.COL_WBC else row.anc_10e9_per_l
        return value if value is not None else Decimal(-1)


class ApheresisModel(RowTableModel):
    COL_DATE, COL_CD34, COL_MNC = range(3)
    headers = (  # cells, as the entry fields say
        QT_TRANSLATE_NOOP("Table", "Date"),
        QT_TRANSLATE_NOOP("Table", "CD34+\n× 10⁶"),
        QT_TRANSLATE_NOOP("Table", "MNC\n× 10⁸"),
    )

    def display(self, row: ApheresisYield, column: int) -> str:
        if column == self.COL_DATE:
            return fmt.short_date_text(row.date)
        if column == self.COL_CD34:
            return format_number(row.cd34_10e6)
        if column == self.COL_MNC:
            return format_number(row.mnc_10e8)
        return ""

    def sort_value(self, row: ApheresisYield, column: int) -> Any:
        values: dict[int, dt.date | Decimal] = {
            self.COL_DATE: row.date,
            self.COL_CD34: row.cd34_10e6,
            self.COL_MNC: row.mnc_10e8,
        }
        return values.get(column, "")
