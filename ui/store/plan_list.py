"""The saved plans as a table (Open… and the worklist): one row per plan, its current version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.store.history import local_time
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.plan_text import status_text

if TYPE_CHECKING:
    from app.store.records import PlanSummary


class PlanListModel(QAbstractTableModel):
    """Saved plans for the Open… dialog: one row per plan, its current version."""

    COL_ID, COL_MRN, COL_NAME, COL_PROTOCOL, COL_VERSION, COL_STATUS, COL_CHANGED, COL_BY = range(8)
    HEADERS = (
        QT_TRANSLATE_NOOP("Table", "Plan"),
        QT_TRANSLATE_NOOP("Table", "MRN"),
        QT_TRANSLATE_NOOP("Table", "Name"),
        QT_TRANSLATE_NOOP("Table", "Protocol"),
        QT_TRANSLATE_NOOP("Table", "Version"),
        QT_TRANSLATE_NOOP("Table", "Status"),
        QT_TRANSLATE_NOOP("Table", "Changed"),
        QT_TRANSLATE_NOOP("Table", "By"),
    )
    SORT_ROLE = Qt.ItemDataRole.UserRole
    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanSummary] = []

    def set_rows(self, rows: Iterable[PlanSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> PlanSummary:
        return self._rows[index]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("Table", self.HEADERS[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == self.ROW_ROLE:
            return row
        if role == self.SORT_ROLE:
            return _raw(row, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(row, index.column())
        return None


def _raw(row: PlanSummary, column: int) -> Any:
    return (
        row.plan_id,
        row.mrn,
        row.patient_name,
        row.protocol_id,
        row.version,
        row.status,
        row.updated_at.timestamp(),
        row.updated_by,
    )[column]


def _text(row: PlanSummary, column: int) -> str:
    if column == PlanListModel.COL_VERSION:
        return f"v{row.version}"
    if column == PlanListModel.COL_CHANGED:
        return local_time(row.updated_at)
    if column == PlanListModel.COL_NAME:
        return row.patient_name or "—"
    if column == PlanListModel.COL_STATUS:
        return status_text(row.status)
    return str(_raw(row, column))
