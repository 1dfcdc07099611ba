"""The worklist (issue 14): the first page the window shows when the store has plans.

Two tables of one model class: today's administrations across the verified plans ("who gets
what today", for the nurse starting a shift) and the plans by status ("what waits for my
verification", for the pharmacist). A filter by MRN (its start) or name (any part) narrows
both. Enter or a double-click opens the row's plan.

A draft's row shows the patient, protocol, status and who prepared it, never its doses: the
pharmacist who verifies it re-enters the values blind.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.formatting import (
    date_text,
    day_label_text,
    dose_words,
    glossary_text,
    protocol_text,
    terms_text,
)
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.plan_text import status_text as plan_status_text

if TYPE_CHECKING:
    from app.store.worklist import DueDose, Worklist, WorklistPlan
    from ui.main_window import MainWindow
    from ui.store.controller import StoreActions

SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_PROBLEM = QColor("#9b1c1c")
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # the raw value to sort by; the text if None


def _local(value: dt.datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def status_text(row: WorklistPlan) -> str:
    """The state in a pharmacist's words, in the window's language; a version not believed
    says so first."""
    if row.problem is not None:
        return translate("Worklist", "NOT SHOWN — {problem}").format(problem=row.problem)
    if row.status == "draft":
        return translate("Worklist", "draft — awaiting verification")
    if row.status == "verified" and row.verified_by:
        return translate("Worklist", "verified by {user}").format(user=row.verified_by)
    status = plan_status_text(row.status)
    return f"{status} — {_reason_text(row.closed_reason)}" if row.closed_reason else status


# The store words an edit's closing reason itself (app.store.service, saved and sealed in
# English); a cancellation's reason is the user's own words and is shown as typed.
_EDITED = re.compile(r"edited as version (\d+)")


def _reason_text(reason: str) -> str:
    edited = _EDITED.fullmatch(reason)
    if edited is None:
        return reason
    return translate("Worklist", "edited as version {number}").format(number=edited.group(1))


def _patient(row: WorklistPlan | DueDose) -> str:
    return row.patient_name or "—"


PLAN_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("WorklistModel", "Patient"), _patient),
    Column(QT_TRANSLATE_NOOP("WorklistModel", "MRN"), lambda r: r.mrn),
    Column(
        QT_TRANSLATE_NOOP("WorklistModel", "Protocol"),
        lambda r: (
            r.protocol_id
            + (" · " + translate("Worklist", "arm {arm}").format(arm=r.arm) if r.arm else "")
        ),
    ),
    Column(
        QT_TRANSLATE_NOOP("WorklistModel", "Plan"),
        lambda r: f"{r.plan_id} v{r.version}",
        lambda r: (r.plan_id, r.version),
    ),
    Column(QT_TRANSLATE_NOOP("WorklistModel", "Status"), status_text),
    Column(QT_TRANSLATE_NOOP("WorklistModel", "Prepared by"), lambda r: r.prepared_by),
    Column(
        QT_TRANSLATE_NOOP("WorklistModel", "Prepared"),
        lambda r: _local(r.prepared_at),
        lambda r: r.prepared_at.timestamp(),
    ),
)
DUE_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("WorklistModel", "Patient"), _patient),
    Column(QT_TRANSLATE_NOOP("WorklistModel", "MRN"), lambda r: r.mrn),
    Column(QT_TRANSLATE_NOOP("WorklistModel", "Drug"), lambda r: glossary_text(r.drug)),
    Column(QT_TRANSLATE_NOOP("WorklistModel", "Dose"), lambda r: dose_words(r.dose)),
    Column(QT_TRANSLATE_NOOP("WorklistModel", "Route"), lambda r: glossary_text(r.route)),
    # No "time": the protocol files give none (the ward's own administration times apply).
    Column(
        QT_TRANSLATE_NOOP("WorklistModel", "Frequency · duration"), lambda r: terms_text(r.when)
    ),
    Column(
        QT_TRANSLATE_NOOP("WorklistModel", "Start / stop rule"),
        lambda r: protocol_text(r.start_rule) if r.start_rule else "",
    ),
    Column(
        QT_TRANSLATE_NOOP("WorklistModel", "Day"),
        lambda r: (
            day_label_text(r.day_label)
            + (f" · {protocol_text(r.course_label)}" if r.course_label else "")
        ),
    ),
)

# The status filter of the plans table: (label, which rows).
_CURRENT = ("draft", "verified")
STATUS_FILTERS: tuple[tuple[str, Callable[[WorklistPlan], bool]], ...] = (
    (
        QT_TRANSLATE_NOOP("Worklist", "Current plans (drafts and verified)"),
        lambda r: r.current and r.status in _CURRENT,
    ),
    (
        QT_TRANSLATE_NOOP("Worklist", "Drafts awaiting verification"),
        lambda r: r.current and r.status == "draft",
    ),
    (QT_TRANSLATE_NOOP("Worklist", "Verified"), lambda r: r.current and r.status == "verified"),
    (QT_TRANSLATE_NOOP("Worklist", "Superseded versions"), lambda r: r.status == "superseded"),
    (QT_TRANSLATE_NOOP("Worklist", "Cancelled"), lambda r: r.status == "cancelled"),
    (QT_TRANSLATE_NOOP("Worklist", "Every version"), lambda r: True),
)


class WorklistModel(QAbstractTableModel):
    """Read-only rows (worklist records), one column per ``Column``."""

    def __init__(self, columns: tuple[Column, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.tr(self.columns[section].header)
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role in (_DISPLAY, _TOOLTIP):
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort is not None else column.text(row).casefold()
        if role == ROW_ROLE:
            return row
        if role == _FOREGROUND and getattr(row, "problem", None) is not None:
            return QBrush(_PROBLEM)
        return None


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


class WorklistFilter(QSortFilterProxyModel):
    """Sorted rows matching the MRN/name filter (and, for plans, the status filter)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._keep: Callable[[Any], bool] = lambda _row: True
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = _folded(text)
        self.endFilterChange()

    def set_keep(self, keep: Callable[[Any], bool]) -> None:
        self.beginFilterChange()
        self._keep = keep
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        if row is None or not self._keep(row):
            return False
        needle = self._needle
        # The MRN from its start (a label is read from the left), the name anywhere in it.
        return (
            not needle
            or row.mrn.casefold().startswith(needle)
            or needle in _folded(row.patient_name)
        )

    def row_at(self, proxy_row: int) -> Any:
        return self.data(self.index(proxy_row, 0), ROW_ROLE)


class _Table(QTableView):
    """A sortable, read-only table whose Enter (or double-click) opens the current row."""

    open_row = Signal(int)  # the row in the proxy

    def __init__(self, proxy: WorklistFilter, name: str, wrap_column: int) -> None:
        super().__init__()
        self.setModel(proxy)
        self.setAccessibleName(name)
        self.setSortingEnabled(True)
        # Until a header is clicked: the store's order (today's doses patient by patient in
        # schedule order, plans most recently changed first), with no arrow claiming a sort.
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table: the next control, as elsewhere
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # One column (a plan's status, a dose's start / stop rule) takes the width left and
        # wraps: a long "NOT SHOWN — …" pushed the columns after it out of sight at 1280 × 800.
        header.setSectionResizeMode(wrap_column, QHeaderView.ResizeMode.Stretch)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # as tall as before; more if wrapped
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.doubleClicked.connect(lambda index: self.open_row.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class WorklistPanel(QWidget):
    """Today's administrations and the plans by status, filtered by MRN or name."""

    open_requested = Signal(str, object)  # plan id, version (None: the current version)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("worklist")
        self.worklist: Worklist | None = None
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr("MRN or name"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setAccessibleName(self.tr("find a patient by MRN or name"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("which plans"))
        for label, _keep in STATUS_FILTERS:
            self.status_combo.addItem(translate("Worklist", label))
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.due_model = WorklistModel(DUE_COLUMNS, self)
        self.due_proxy = WorklistFilter(self)
        self.due_proxy.setSourceModel(self.due_model)
        self.due_view = _Table(
            self.due_proxy,
            self.tr("administrations due today"),
            [c.header for c in DUE_COLUMNS].index("Start / stop rule"),
        )
        self.plans_model = WorklistModel(PLAN_COLUMNS, self)
        self.plans_proxy = WorklistFilter(self)
        self.plans_proxy.setSourceModel(self.plans_model)
        self.plans_view = _Table(
            self.plans_proxy,
            self.tr("saved plans by status"),
            [c.header for c in PLAN_COLUMNS].index("Status"),
        )
        self.due_box = QGroupBox(self.tr("Today"))
        self.due_note = QLabel(
            self.tr(
                "The protocols give no time of day: each dose is given at the ward's usual "
                "time for its frequency, within its start / stop rule."
            )
        )
        self.due_note.setWordWrap(True)
        self.due_problems = QLabel()
        # The store's words, as stored: never read as markup (a name set by SQL could hide it).
        self.due_problems.setTextFormat(Qt.TextFormat.PlainText)
        self.due_problems.setWordWrap(True)
        self.due_problems.setStyleSheet("color: #9b1c1c")
        self.due_problems.setVisible(False)
        self.plans_box = QGroupBox(self.tr("Plans"))
        self._layout()
        self.find_edit.textChanged.connect(self._filter)
        self.status_combo.currentIndexChanged.connect(self._filter)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.due_view.open_row.connect(self._open_due)
        self.plans_view.open_row.connect(self._open_plan)
        self._filter()

    def _layout(self) -> None:
        find_label = QLabel(self.tr("&Find:"))
        find_label.setBuddy(self.find_edit)
        show_label = QLabel(self.tr("S&how:"))
        show_label.setBuddy(self.status_combo)
        top = QHBoxLayout()
        top.addWidget(find_label)
        top.addWidget(self.find_edit, 1)
        top.addWidget(show_label)
        top.addWidget(self.status_combo)
        top.addWidget(self.refresh_button)
        due = QVBoxLayout(self.due_box)
        due.addWidget(self.due_problems)
        due.addWidget(self.due_note)
        due.addWidget(self.due_view)
        plans = QVBoxLayout(self.plans_box)
        plans.addWidget(self.plans_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.due_box, 1)
        layout.addWidget(self.plans_box, 1)
        chain = [
            self.find_edit,
            self.status_combo,
            self.refresh_button,
            self.due_view,
            self.plans_view,
        ]
        for earlier, later in itertools.pairwise(chain):
            QWidget.setTabOrder(earlier, later)

    def set_worklist(self, worklist: Worklist) -> None:
        self.worklist = worklist
        self.due_model.set_rows(list(worklist.due))
        self.plans_model.set_rows(list(worklist.plans))
        self._show_problems()
        self._filter()

    def _show_problems(self) -> None:
        """Which verified plans' doses today's list leaves out, and why (the store's words)."""
        problems = self.worklist.problems if self.worklist is not None else ()
        lead = self.tr("Not in today's list — the doses of these plans are not shown:")
        self.due_problems.setText("\n".join([lead, *problems]) if problems else "")
        self.due_problems.setVisible(bool(problems))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._show_problems()

    def _filter(self) -> None:
        text = self.find_edit.text()
        self.due_proxy.set_text(text)
        self.plans_proxy.set_text(text)
        self.plans_proxy.set_keep(STATUS_FILTERS[max(0, self.status_combo.currentIndex())][1])
        day = self.worklist.day if self.worklist is not None else None
        shown, total = self.due_proxy.rowCount(), self.due_model.rowCount()
        self.due_box.setTitle(
            self.tr("Today, {day} — {shown} of {total} administrations across verified plans")
            .replace("{day}", date_text(day) if day is not None else "—")
            .replace("{shown}", str(shown))
            .replace("{total}", str(total))
        )
        self.plans_box.setTitle(
            self.tr("Plans — {shown} shown").replace("{shown}", str(self.plans_proxy.rowCount()))
        )

    def _open_due(self, proxy_row: int) -> None:
        row: DueDose | None = self.due_proxy.row_at(proxy_row)
        if row is not None:
            self.open_requested.emit(row.plan_id, None)

    def _open_plan(self, proxy_row: int) -> None:
        row: WorklistPlan | None = self.plans_proxy.row_at(proxy_row)
        if row is not None:
            self.open_requested.emit(row.plan_id, None if row.current else row.version)


# ---------------------------------------------------------------- in the window


class WorklistPage(QObject):
    """The worklist page of the window, fed by the store controller: shown first when the
    store has plans, again by View → Worklist (Ctrl+0); opening a row opens its plan."""

    def __init__(
        self,
        window: MainWindow,
        controller: StoreActions,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self.window, self.controller, self.today = window, controller, today
        self.panel = WorklistPanel()
        plan_page = window.takeCentralWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(plan_page)
        self.pages.addWidget(self.panel)
        window.setCentralWidget(self.pages)
        window.pages = self.pages  # the window shows its plan page when a plan is loaded
        self.action = QAction(self.tr("&Worklist"), window)
        self.action.setShortcut(QKeySequence("Ctrl+0"))
        self.action.triggered.connect(self.show)
        window.addAction(self.action)
        menu = window.view_menu
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.action)
        if first is not None:
            menu.insertSeparator(first)
        self.panel.refresh_requested.connect(self.refresh)
        self.panel.open_requested.connect(self.open)

    def show_if_plans(self) -> None:
        """At start-up: the worklist if the store holds any plan, else the empty plan."""
        self.controller.run(
            lambda: self.controller.store().count_plans(),
            lambda count: self.show() if count else None,
        )

    def show(self) -> None:
        self.pages.setCurrentWidget(self.panel)
        self.panel.find_edit.setFocus()
        self.refresh()

    def refresh(self) -> None:
        from app.store.worklist import read_worklist

        day = self.today()
        self.controller.run(
            lambda: read_worklist(self.controller.store(), day), self.panel.set_worklist
        )

    def open(self, plan_id: str, version: int | None) -> None:
        if self.controller.unsaved_changes() and not self.controller.ask(
            self.tr("The plan on screen has changes that are not saved. Open another plan anyway?")
        ):
            return
        self.controller.open_plan(plan_id, version)


def install(
    window: MainWindow, controller: StoreActions, today: Callable[[], dt.date] = dt.date.today
) -> WorklistPage:
    """Add the worklist page to the window; it shows first when the store has plans."""
    worklist = WorklistPage(window, controller, today)
    worklist.show_if_plans()
    return worklist
