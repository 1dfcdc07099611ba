"""The follow-up visits table: one visit a row (its name, date and what is checked)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ui import formatting as fmt
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models import RowTableModel

if TYPE_CHECKING:
    from dosing.models import FollowUpVisit


class FollowUpModel(RowTableModel):
    COL_VISIT, COL_DATE, COL_CHECKS = range(3)
    headers = (
        QT_TRANSLATE_NOOP("Table", "Visit"),
        QT_TRANSLATE_NOOP("Table", "Date"),
        QT_TRANSLATE_NOOP("Table", "Checks"),
    )

    def row_key(self, row: FollowUpVisit) -> Any:
        return row.label

    def display(self, row: FollowUpVisit, column: int) -> str:
        # The protocol's labels and checks in the window's language, from the protocol
        # catalogue (app/protocol_text.py) as the summary sheet prints them.
        if column == self.COL_VISIT:
            return fmt.protocol_text(row.label)
        if column == self.COL_DATE:
            if row.date is not None:
                return fmt.date_text(row.date)
            # Why there is no date yet: "day 0 date not entered", as the engine says it.
            why = fmt.protocol_text(row.date_missing)
            return translate("Table", "not dated: {why}").format(why=why)
        if column == self.COL_CHECKS:
            joiner = "；" if fmt.current_language() == "zh_CN" else "; "
            return joiner.join(fmt.protocol_text(check) for check in row.checks)
        return ""

    def sort_value(self, row: FollowUpVisit, column: int) -> Any:
        if column == self.COL_DATE:
            return row.date.isoformat() if row.date is not None else "9999"
        return self.display(row, column)

    def tooltip(self, row: FollowUpVisit, column: int) -> str | None:
        return "\n".join(f"{s.seed}: “{s.quote}”" for s in row.sources) or None
