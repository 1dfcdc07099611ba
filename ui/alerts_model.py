"""The alerts table's model: one row per alert, its severity leading the message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont

from dosing.codes import AlertCode
from ui import formatting as fmt
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.models import (
    ACKNOWLEDGED_BACKGROUND,
    HARD_BACKGROUND,
    HARD_FOREGROUND,
    SOFT_BACKGROUND,
    RowTableModel,
)

if TYPE_CHECKING:
    from dosing.models import Alert

_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)


class AlertsModel(RowTableModel):
    COL_SEVERITY, COL_MESSAGE = range(2)
    headers = (QT_TRANSLATE_NOOP("Table", "Severity"), QT_TRANSLATE_NOOP("Table", "Alert"))

    def row_key(self, row: Alert) -> Any:
        return (row.code, row.item)  # the same alerts after a keystroke: updated in place

    def display(self, row: Alert, column: int) -> str:
        if column == self.COL_SEVERITY:
            return fmt.severity_text(row)
        if column == self.COL_MESSAGE:
            if row.acknowledged and row.acknowledgement:
                acknowledged = translate("Table", "✓ Acknowledged: {reason}")
                return f"{fmt.alert_message(row)}\n" + acknowledged.format(
                    reason=row.acknowledgement
                )
            return fmt.alert_message(row)
        return ""

    def shown_text(self, row: Alert, column: int) -> str:
        """The view shows the message column only (the narrow alerts pane gives it the
        whole width, so no word of it is cut): the severity leads it ("Soft · …")."""
        if column == self.COL_MESSAGE:
            return f"{fmt.severity_text(row)} · {self.display(row, column)}"
        return self.display(row, column)

    def tooltip(self, row: Alert, column: int) -> str | None:
        if column == self.COL_SEVERITY:
            if row.code == AlertCode.CHOICE_REQUIRED:
                return translate("Table", "Choose a value to resolve it")
            return translate("Table", _SEVERITY_TIPS[row.severity])
        return super().tooltip(row, column)

    def sort_value(self, row: Alert, column: int) -> Any:
        if column == self.COL_SEVERITY:
            return ("hard", "soft", "info").index(row.severity)
        return self.display(row, column)

    def style(self, row: Alert, column: int, role: int) -> Any:
        if role == _BACKGROUND:
            if row.severity == "hard":
                return QBrush(HARD_BACKGROUND)
            if row.severity == "soft":
                return QBrush(ACKNOWLEDGED_BACKGROUND if row.acknowledged else SOFT_BACKGROUND)
        if role == _FOREGROUND and row.severity == "hard":
            return QBrush(HARD_FOREGROUND)
        if role == _FONT and column == self.COL_SEVERITY:
            font = QFont()
            pending = row.severity == "soft" and not row.acknowledged
            font.setBold(row.severity == "hard" or pending)
            return font
        return None


_SEVERITY_TIPS = {
    "hard": QT_TRANSLATE_NOOP(
        "Table", "Hard alert: the dose is refused; the nurse schedule cannot be printed"
    ),
    "soft": QT_TRANSLATE_NOOP("Table", "Soft alert: acknowledge it with a reason"),
    "info": QT_TRANSLATE_NOOP("Table", "Information"),
}
