"""Saved plans in the window (issue 5): New, Open…, Save, Verify…, History… in the File menu,
autosave of the plan being edited and the offer to restore it after a crash.

``install(window)`` needs only the window's store contract: ``file_menu``,
``current_input()``, ``current_plan()``, ``load_input()``, ``set_plan_meta()``. Database
work runs off the UI thread (``ui.operations.Operation``); SQLAlchemy is imported by the
first database operation, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.store.identity import current_user
from ui.operations import Operation

if TYPE_CHECKING:
    from app.store.errors import ConflictError
    from app.store.records import BlindEntry, PlanSummary, VersionRecord
    from app.store.service import Store
    from dosing.models import PlanInput

AUTOSAVE_INTERVAL_MS = 30_000


def install(
    window: Any,
    *,
    url: str | None = None,
    user: str | None = None,
    autosave_interval_ms: int = AUTOSAVE_INTERVAL_MS,
) -> StoreActions:
    """Add the store's actions to ``window.file_menu`` (above its print actions) and start
    autosaving; a draft left by a crash is offered back once the event loop runs."""
    controller = StoreActions(window, url=url, user=user, autosave_interval_ms=autosave_interval_ms)
    controller.offer_when_ready()
    return controller


def autosave(plan_input: PlanInput, **where: Any) -> None:
    from app.store.recovery import autosave as write

    write(plan_input, **where)


def clear_autosave(*, user: str) -> None:
    from app.store.recovery import clear_autosave as clear

    clear(user=user)


def _local(value: dt.datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------- the plan list


class PlanListModel(QAbstractTableModel):
    """Saved plans for the Open… dialog: one row per plan, its current version."""

    COL_ID, COL_MRN, COL_NAME, COL_PROTOCOL, COL_VERSION, COL_STATUS, COL_CHANGED, COL_BY = range(8)
    HEADERS = ("Plan", "MRN", "Name", "Protocol", "Version", "Status", "Changed", "By")
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
            return self.HEADERS[section]
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
        return _local(row.updated_at)
    if column == PlanListModel.COL_NAME:
        return row.patient_name or "—"
    return str(_raw(row, column))


class OpenDialog(QDialog):
    """Search saved plans by MRN (its start) or any part of the name, with their status."""

    def __init__(
        self,
        search: Callable[[str, str | None], None],
        parent: QWidget | None = None,
        status: str | None = None,
        title: str = "Open a saved plan",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._search = search
        self.searches = 0
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("MRN or name")
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.addItem("Any status", None)
        for name in ("draft", "verified", "superseded", "cancelled"):
            self.status_combo.addItem(name, name)
        if status is not None:
            self.status_combo.setCurrentIndex(self.status_combo.findData(status))
        self.model = PlanListModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self.accept)
        self.count_label = QLabel("Searching…")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("&Find:"))
        top.itemAt(0).widget().setBuddy(self.search_edit)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.status_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self.resize(900, 480)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)  # search after typing pauses, not on every keystroke
        self._timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._timer.start)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.searches += 1
        self._search(self.search_edit.text(), self.status_combo.currentData())

    def set_rows(self, rows: list[PlanSummary], search: int | None = None) -> None:
        """Show a search's result, unless a newer search was started since (results of
        searches running side by side may arrive in any order)."""
        if search is not None and search != self.searches:
            return
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows)} plan{'s' if len(rows) != 1 else ''}")
        if rows:
            self.view.selectRow(0)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(bool(rows))

    def selected_plan_id(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(index.row()).plan_id


# ---------------------------------------------------------------- blind verification


class VerifyDialog(QDialog):
    """The verifier re-enters weight, height, protocol and arm from the chart; nothing of the
    prepared plan is shown here (the window's plan is hidden while this is open)."""

    def __init__(self, plan_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.protocols import load_protocols

        self.setWindowTitle(f"Verify {plan_label}")
        self._protocols = load_protocols()
        self.weight_edit = QLineEdit()
        self.weight_edit.setPlaceholderText("kg, from the chart")
        self.height_edit = QLineEdit()
        self.height_edit.setPlaceholderText("cm, from the chart")
        self.protocol_combo = QComboBox()
        self.protocol_combo.addItem("— choose the protocol —", None)
        for protocol in self._protocols.values():
            self.protocol_combo.addItem(f"{protocol.title} ({protocol.id})", protocol.id)
        self.arm_combo = QComboBox()
        self.initials_edit = QLineEdit()
        self.initials_edit.setMaxLength(16)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        intro = QLabel(
            f"Re-enter {plan_label}'s measurements and protocol from the chart, without looking "
            "at the prepared plan. txdose recomputes every dose from your entries and compares."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Weight (kg):", self.weight_edit)
        form.addRow("&Height (cm):", self.height_edit)
        form.addRow("&Protocol:", self.protocol_combo)
        form.addRow("&Arm:", self.arm_combo)
        form.addRow("Your &initials:", self.initials_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Verify")
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.protocol_combo.currentIndexChanged.connect(self._fill_arms)
        self._fill_arms()

    def _fill_arms(self) -> None:
        self.arm_combo.clear()
        protocol = self._protocols.get(self.protocol_combo.currentData() or "")
        arms = protocol.arms if protocol is not None else ()
        if arms:
            self.arm_combo.addItem("— choose the arm —", None)
            for arm in arms:
                self.arm_combo.addItem(arm.id, arm.id)
        else:
            self.arm_combo.addItem("(no arms)", None)
        self.arm_combo.setEnabled(bool(arms))

    def entry(self) -> BlindEntry:
        """The entries, or ``InputError`` naming the field and the accepted range."""
        from app.store.records import BlindEntry
        from dosing.errors import InputError
        from dosing.validation import check_height_cm, check_weight_kg, parse_decimal

        weight = check_weight_kg(parse_decimal(self.weight_edit.text(), "weight", "kg"))
        height = check_height_cm(parse_decimal(self.height_edit.text(), "height", "cm"))
        protocol_id = self.protocol_combo.currentData()
        if not protocol_id:
            raise InputError("protocol", "choose the protocol written in the chart")
        if self.arm_combo.isEnabled() and not self.arm_combo.currentData():
            raise InputError("arm", "choose the arm written in the chart")
        return BlindEntry(
            weight_kg=weight,
            height_cm=height,
            protocol_id=protocol_id,
            arm=self.arm_combo.currentData(),
        )

    def initials(self) -> str | None:
        return self.initials_edit.text().strip() or None

    def _accept_if_valid(self) -> None:
        from dosing.errors import InputError

        try:
            self.entry()
        except InputError as exc:
            self.error_label.setText(f"{exc.field}: {exc.message}")
            return
        if self.initials() is None:
            self.error_label.setText("initials: type your initials to sign the verification")
            return
        self.accept()


# ---------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryEntry:
    label: str  # "v2 · verified · alice 2026-11-22 02:31 · verified by bob (BB)"
    changes: str  # what changed from the version before, one line each


def history_entries(store: Store, plan_id: str) -> list[HistoryEntry]:
    """Each version with what changed from the one before it: inputs, then doses."""
    from app.store.diff import diff_versions
    from app.store.errors import ProtocolChangedError
    from app.store.service import recompute

    versions = store.history(plan_id)
    plans = []
    for record in versions:
        try:
            plans.append(recompute(record))
        except ProtocolChangedError:
            plans.append(None)
    entries = []
    for index, record in enumerate(versions):
        label = (
            f"v{record.version} · {record.status} · {record.prepared_by} "
            f"{_local(record.created_at)}"
        )
        if record.verified_by_signed and record.verified_at is not None:
            label += f" · verified by {record.verified_by_signed} {_local(record.verified_at)}"
        if index == 0:
            lines = [f"Version 1: created by {record.prepared_by} at {_local(record.created_at)}."]
        else:
            previous = versions[index - 1]
            changes = diff_versions(
                previous.plan_input, record.plan_input, plans[index - 1], plans[index]
            )
            lines = [f"Changes from version {previous.version} to {record.version}:"]
            lines += [f"  {change}" for change in changes] or ["  (none)"]
        if plans[index] is None:
            lines.append(
                "The protocol file has changed since this version was saved: its "
                "doses can no longer be reproduced."
            )
        if record.note:
            lines.append(f"Note: {record.note}")
        if record.close_reason:
            lines.append(
                f"{record.status.capitalize()}: {record.close_reason} ({record.closed_by})"
            )
        entries.append(HistoryEntry(label, "\n".join(lines)))
    return entries


class HistoryDialog(QDialog):
    def __init__(
        self, plan_id: str, entries: list[HistoryEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of plan {plan_id}")
        self.entries = entries
        self.list = QListWidget()
        self.list.addItems([entry.label for entry in entries])
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(len(entries) - 1)
        self.resize(900, 600)

    def _show(self, row: int) -> None:
        self.text.setPlainText(self.entries[row].changes if 0 <= row < len(self.entries) else "")


# ---------------------------------------------------------------- the controller


class StoreActions(QObject):
    """The window's saved plan: which plan and version it is, and the actions on it.

    Dialog and message calls go through ``exec_dialog``, ``ask``, ``inform``, ``warn`` and
    ``choose_conflict`` so tests can answer them.
    """

    def __init__(
        self,
        window: Any,
        *,
        url: str | None = None,
        user: str | None = None,
        autosave_interval_ms: int = AUTOSAVE_INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.url = url
        self.user = current_user(user)
        self.plan_id: str | None = None
        self.version: int | None = None  # the saved version the window started from
        self.saved_input: PlanInput | None = None
        self.busy = 0  # database operations under way
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._last_autosaved: PlanInput | None = None
        self.actions: dict[str, QAction] = {}
        self._setup_actions()
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(autosave_interval_ms)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self._autosave_timer.start()
        window.installEventFilter(self)

    def _setup_actions(self) -> None:
        std = QKeySequence.StandardKey
        specs: list[tuple[str, str, QKeySequence | None, Callable[[], None]]] = [
            ("new", "&New plan", QKeySequence(std.New), self.new_plan),
            ("open", "&Open…", QKeySequence(std.Open), self.open_plan_dialog),
            ("save", "&Save", QKeySequence(std.Save), self.save),
            ("verify", "&Verify…", QKeySequence("Ctrl+Shift+V"), self.verify_dialog),
            ("history", "&History…", QKeySequence("Ctrl+H"), self.history_dialog),
        ]
        menu = self.window.file_menu
        before = getattr(self.window, "store_separator", None)
        if before is None and menu.actions():
            before = menu.actions()[0]
        for name, text, shortcut, slot in specs:
            action = QAction(text, self.window)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            if before is not None:
                menu.insertAction(before, action)
            else:
                menu.addAction(action)
            self.actions[name] = action
        # Printing and exporting a saved plan are audit events (issue 5), whoever's code
        # draws the sheets: recorded when asked for, from the window's own actions.
        window_actions = getattr(self.window, "actions_by_name", {})
        for name, event in (("print", "print"), ("export_pdf", "export")):
            if name in window_actions:
                window_actions[name].triggered.connect(
                    lambda _checked=False, event=event: self.record_output(event)
                )

    # ------------------------------------------------------------ plumbing

    def store(self) -> Store:
        """The open store (opened, and migrated, on first use; call off the UI thread)."""
        with self._store_lock:
            if self._store is None:
                from app.store import open_store

                self._store = open_store(self.url)
            return self._store

    def close_store(self) -> None:
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.busy += 1

        def succeeded(result: Any) -> None:
            self.busy -= 1
            on_success(result)

        def failed(error: BaseException) -> None:
            self.busy -= 1
            (on_failure or self.failed)(error)

        Operation(work, succeeded, failed).start()

    def failed(self, error: BaseException) -> None:
        from app.store.errors import StoreError
        from dosing.errors import DosingError, InputError

        if isinstance(error, InputError):
            self.warn(f"Not saved — {error.field}: {error.message}")
        elif isinstance(error, StoreError | DosingError):
            self.warn(str(error))
        else:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()
            self.warn(f"The plan database could not be used: {reason[0] if reason else error}")

    def exec_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask(self, text: str) -> bool:
        answer = QMessageBox.question(self.window, "txdose", text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        QMessageBox.information(self.window, "txdose", text)

    def warn(self, text: str) -> None:
        QMessageBox.warning(self.window, "txdose", text)

    def status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    def unsaved_changes(self) -> bool:
        shown = self.window.current_input()
        return shown is not None and shown != self.saved_input

    def adopt(self, record: VersionRecord) -> None:
        """The window now shows exactly this saved version."""
        self.plan_id, self.version, self.saved_input = (
            record.plan_id,
            record.version,
            record.plan_input,
        )
        self.window.set_plan_meta(record.sheet_meta())

    def record_output(self, action: str) -> None:
        """Audit a print or export of the saved version on screen (an unsaved edit prints
        as a draft with no plan id, and is not attributed to a saved plan)."""
        plan_id, version, user = self.plan_id, self.version, self.user
        if plan_id is None or version is None or self.saved_input is None:
            return
        if self.unsaved_changes():
            return
        meta = self.window.plan_meta() if hasattr(self.window, "plan_meta") else None
        status = meta.status if meta is not None else None

        def work() -> None:
            self.store().record(
                action, user=user, plan_id=plan_id, version=version, via="window", status=status
            )

        self.run(work, lambda _result: None)

    # ------------------------------------------------------------ New / Save

    def new_plan(self) -> None:
        """Start a new plan: the next Save creates one instead of a new version."""
        if self.unsaved_changes() and not self.ask(
            "The plan on screen has changes that are not saved. Start a new plan anyway?"
        ):
            return
        self.plan_id, self.version, self.saved_input = None, None, None
        clear = getattr(self.window, "clear_inputs", None)
        if callable(clear):
            clear()
        self.window.set_plan_meta(None)
        clear_autosave(user=self.user)
        self._last_autosaved = None

    def save(self) -> None:
        plan_input = self.window.current_input()
        if plan_input is None:
            self.warn(
                "Nothing was saved: fix the marked inputs first (no plan is shown while "
                "an input is invalid)."
            )
            return
        plan_id, base, user = self.plan_id, self.version, self.user

        def work() -> tuple[bool, VersionRecord]:
            store = self.store()
            if plan_id is None or base is None:
                saved = store.save_new(plan_input, user=user)
            else:
                saved = store.save_version(plan_id, plan_input, base_version=base, user=user)
            return saved.created, store.get(saved.plan_id, saved.version)

        def done(result: tuple[bool, VersionRecord]) -> None:
            created, record = result
            self.adopt(record)
            clear_autosave(user=self.user)
            self._last_autosaved = None
            if created:
                self.status(
                    f"Saved plan {record.plan_id} version {record.version} (draft: "
                    "it needs verifying by a second pharmacist)"
                )
            else:
                self.status(f"Nothing changed since version {record.version}: nothing saved")

        def failed(error: BaseException) -> None:
            from app.store.errors import ConflictError

            if isinstance(error, ConflictError):
                self.resolve_conflict(error)
            else:
                self.failed(error)

        self.run(work, done, failed)

    def choose_conflict(self, error: ConflictError, changes: list[str]) -> str:
        """'mine' (save my edit on top of theirs), 'theirs' (open theirs) or 'keep'."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("txdose — the plan was changed elsewhere")
        box.setText(str(error))
        box.setDetailedText(
            f"Your edit compared with version {error.theirs.version}:\n" + "\n".join(changes)
        )
        mine = box.addButton(
            f"Save mine as version {error.theirs.version + 1}", QMessageBox.ButtonRole.AcceptRole
        )
        theirs = box.addButton(
            f"Open version {error.theirs.version}", QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "mine" if clicked is mine else "theirs" if clicked is theirs else "keep"

    def resolve_conflict(self, error: ConflictError) -> None:
        """Another workstation saved first: show what differs; the edit stays on screen
        until the user decides (nothing is overwritten either way)."""
        from app.store.diff import diff, flatten_input

        mine = error.mine
        changes = (
            [str(c) for c in diff(flatten_input(error.theirs.plan_input), flatten_input(mine))]
            if mine is not None
            else []
        )
        choice = self.choose_conflict(error, changes)
        if choice == "theirs":
            self.open_plan(error.theirs.plan_id, error.theirs.version)
        elif choice == "mine" and mine is not None:
            self.version = error.theirs.version
            self.save()

    # ------------------------------------------------------------ Open

    def search(self, dialog: OpenDialog, text: str, status: str | None) -> None:
        number = dialog.searches
        self.run(
            lambda: self.store().list_plans(search=text or None, status=status, limit=500),
            lambda rows: dialog.set_rows(rows, number),
        )

    def open_plan_dialog(self) -> None:
        if self.unsaved_changes() and not self.ask(
            "The plan on screen has changes that are not saved. Open another plan anyway?"
        ):
            return
        dialog = self.make_open_dialog()
        if self.exec_dialog(dialog):
            plan_id = dialog.selected_plan_id()
            if plan_id is not None:
                self.open_plan(plan_id)

    def make_open_dialog(
        self, status: str | None = None, title: str = "Open a saved plan"
    ) -> OpenDialog:
        holder: list[OpenDialog] = []
        dialog = OpenDialog(
            lambda text, st: self.search(holder[0], text, st) if holder else None,
            self.window,
            status=status,
            title=title,
        )
        holder.append(dialog)
        dialog.refresh()
        return dialog

    def open_plan(self, plan_id: str, version: int | None = None) -> None:
        def work() -> tuple[VersionRecord, str | None]:
            from app.store.errors import ProtocolChangedError
            from app.store.service import recompute

            record = self.store().get(plan_id, version)
            try:
                recompute(record)
            except ProtocolChangedError as exc:
                return record, str(exc)
            return record, None

        self.run(work, lambda result: self.load_record(*result))

    def load_record(self, record: VersionRecord, problem: str | None = None) -> None:
        """Show a saved version in the window; say so if it cannot be shown exactly.

        ``problem``: the store could not reproduce the version's doses (the protocol file
        changed since): the inputs are shown, recomputed, as an unsaved draft of the plan.
        """
        from app.services import PlanMeta
        from app.store.diff import diff, flatten_input

        self.window.load_input(record.plan_input)
        self._last_autosaved = None
        if problem is not None:
            self.plan_id, self.version, self.saved_input = record.plan_id, record.version, None
            self.window.set_plan_meta(
                PlanMeta(
                    plan_id=record.plan_id,
                    status="draft",
                    printed_at=dt.datetime.now().astimezone(),
                )
            )
            self.warn(
                problem.replace(
                    "It is not printed as saved: open it,",
                    "The doses on screen are recomputed with today's file:",
                )
            )
            return
        self.adopt(record)
        shown = self.window.current_input()
        if shown != record.plan_input:
            lines = (
                [str(c) for c in diff(flatten_input(record.plan_input), flatten_input(shown))]
                if shown is not None
                else []
            )
            self.warn(
                f"The window could not show plan {record.plan_id} version {record.version} "
                "exactly; what is on screen differs from what was saved:\n"
                + ("\n".join(lines[:20]) or "the inputs on screen are invalid")
                + "\nIt is treated as an unsaved edit and prints as a draft."
            )
        else:
            self.status(f"Opened plan {record.plan_id} version {record.version} ({record.status})")

    # ------------------------------------------------------------ Verify

    def verify_dialog(self) -> None:
        plan_id = self.plan_id
        if plan_id is not None and self.unsaved_changes():
            self.warn(
                "The plan on screen has changes that are not saved: save it (or open the "
                "saved version) before verifying."
            )
            return
        if plan_id is None:
            chooser = self.make_open_dialog(status="draft", title="Choose a plan to verify")
            if not self.exec_dialog(chooser):
                return
            plan_id = chooser.selected_plan_id()
            if plan_id is None:
                return
        dialog = VerifyDialog(f"plan {plan_id}", self.window)
        # Blind: the prepared values must not be on screen while they are re-entered.
        central = self.window.centralWidget() if hasattr(self.window, "centralWidget") else None
        was_visible = central is not None and central.isVisible()
        if central is not None:
            central.hide()
        try:
            accepted = self.exec_dialog(dialog)
        finally:
            if central is not None and was_visible:
                central.show()
        if accepted:
            self.verify_with(plan_id, dialog.entry(), dialog.initials())

    def verify_with(self, plan_id: str, entry: BlindEntry, initials: str | None) -> None:
        user = self.user

        def work() -> VersionRecord:
            return self.store().verify(plan_id, entry, user=user, initials=initials)

        def done(record: VersionRecord) -> None:
            if self.plan_id == record.plan_id and self.saved_input == record.plan_input:
                self.adopt(record)
            else:
                self.load_record(record)  # verify() already recomputed it
            self.inform(
                f"Plan {record.plan_id} version {record.version} is verified by "
                f"{record.verified_by_signed}; prepared by {record.prepared_by}."
            )

        self.run(work, done)

    # ------------------------------------------------------------ History

    def history_dialog(self) -> None:
        plan_id = self.plan_id
        if plan_id is None:
            self.inform("Open or save a plan to see its history.")
            return

        def done(entries: list[HistoryEntry]) -> None:
            dialog = HistoryDialog(plan_id, entries, self.window)
            self.exec_dialog(dialog)

        self.run(lambda: history_entries(self.store(), plan_id), done)

    # ------------------------------------------------------------ autosave

    def autosave_now(self) -> None:
        """Keep the edit on screen safe from a crash (nothing is written if it is saved)."""
        plan_input = self.window.current_input()
        if plan_input is None or plan_input == self.saved_input:
            return
        if plan_input == self._last_autosaved:
            return
        autosave(plan_input, plan_id=self.plan_id, base_version=self.version, user=self.user)
        self._last_autosaved = plan_input

    def offer_when_ready(self) -> None:
        """Offer the crash draft once the window has loaded its protocols (after the first
        paint: the offer must not slow the window's start-up)."""
        if getattr(self.window, "engine_ready", True):
            QTimer.singleShot(0, self.offer_autosave)
            return
        signal = getattr(self.window, "recomputed", None)
        if signal is None:
            QTimer.singleShot(0, self.offer_autosave)
            return

        def once() -> None:
            signal.disconnect(once)
            QTimer.singleShot(0, self.offer_autosave)

        signal.connect(once)

    def offer_autosave(self) -> None:
        """After a crash: offer the unsaved edit back, once."""
        from app.store.recovery import pending_autosave

        pending = pending_autosave(user=self.user)
        if pending is None:
            return
        patient = pending.plan_input.patient
        who = patient.name or "a patient"
        where = (
            f"plan {pending.plan_id} (from version {pending.base_version})"
            if pending.plan_id
            else "a new plan"
        )
        if self.ask(
            f"txdose closed before an edit was saved: {where} for {who}"
            + (f" (MRN {patient.mrn})" if patient.mrn else "")
            + f", last kept at {_local(pending.saved_at)}. Restore it?"
        ):
            self.window.load_input(pending.plan_input)
            self.plan_id, self.version, self.saved_input = (
                pending.plan_id,
                pending.base_version,
                None,
            )
            if pending.plan_id is not None:
                from app.services import PlanMeta

                self.window.set_plan_meta(
                    PlanMeta(
                        plan_id=pending.plan_id,
                        status="draft",
                        printed_at=dt.datetime.now().astimezone(),
                    )
                )
            self._last_autosaved = pending.plan_input
        else:
            clear_autosave(user=self.user)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            if self.unsaved_changes():
                self.autosave_now()  # offered back next time, nothing lost
            else:
                clear_autosave(user=self.user)
        return False
