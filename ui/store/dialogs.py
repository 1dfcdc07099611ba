"""The store's dialogs: Open… (search the saved plans), Verify… (the blind re-entry) and
History… (each version with what changed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translate
from ui.plan_text import error_text, status_text
from ui.store.plan_list import PlanListModel
from ui.store.refusal_text import refusal_text

if TYPE_CHECKING:
    from app.store.errors import ConflictError
    from app.store.history import HistoryEntry
    from app.store.records import BlindEntry, PlanSummary


class OpenDialog(QDialog):
    """Search saved plans by MRN (its start) or any part of the name, with their status."""

    def __init__(
        self,
        search: Callable[[str, str | None], None],
        parent: QWidget | None = None,
        status: str | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Open a saved plan"))
        self._search = search
        self.searches = 0
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("MRN or name"))
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Any status"), None)
        for name in ("draft", "verified", "superseded", "cancelled"):
            self.status_combo.addItem(status_text(name), name)
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
        self.count_label = QLabel(self.tr("Searching…"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # Verify a draft from the list without opening it (opening shows its values, and a
        # verifier who has seen them cannot verify blind).
        self.verify_requested = False
        self.verify_button = self.buttons.addButton(
            self.tr("&Verify…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.verify_button.setToolTip(self.tr("Verify the chosen draft blind, without opening it"))
        self.verify_button.clicked.connect(self._verify_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("&Find:")))
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
        self.view.selectionModel().currentRowChanged.connect(self._update_verify)
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
        self.count_label.setText(
            self.tr("1 plan")
            if len(rows) == 1
            else self.tr("{count} plans").format(count=len(rows))
        )
        if rows:
            self.view.selectRow(0)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(bool(rows))
        self._update_verify()

    def set_verifying(self) -> None:
        """The chooser of File → Verify…: its one way out is Verify, never Open."""
        self.buttons.button(QDialogButtonBox.StandardButton.Open).hide()
        self.verify_button.setDefault(True)

    def _update_verify(self) -> None:
        index = self.view.currentIndex()
        self.verify_button.setEnabled(
            index.isValid() and self.model.row(index.row()).status == "draft"
        )

    def _verify_selected(self) -> None:
        if self.selected_plan_id() is not None and self.verify_button.isEnabled():
            self.verify_requested = True
            self.accept()

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

        self.setWindowTitle(self.tr("Verify {plan}").format(plan=plan_label))
        self._protocols = load_protocols()
        self.weight_edit = QLineEdit()
        self.weight_edit.setPlaceholderText(self.tr("kg, from the chart"))
        self.height_edit = QLineEdit()
        self.height_edit.setPlaceholderText(self.tr("cm, from the chart"))
        self.protocol_combo = QComboBox()
        self.protocol_combo.addItem(self.tr("— choose the protocol —"), None)
        for protocol in self._protocols.values():
            self.protocol_combo.addItem(f"{protocol.title} ({protocol.id})", protocol.id)
        self.arm_combo = QComboBox()
        self.initials_edit = QLineEdit()
        self.initials_edit.setMaxLength(16)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # it echoes what was typed
        intro = QLabel(
            self.tr(
                "Re-enter the measurements and protocol of {plan} from the chart, without looking "
                "at the prepared plan. txdose recomputes every dose from your entries and compares."
            ).format(plan=plan_label)
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Weight (kg):"), self.weight_edit)
        form.addRow(self.tr("&Height (cm):"), self.height_edit)
        form.addRow(self.tr("&Protocol:"), self.protocol_combo)
        form.addRow(self.tr("&Arm:"), self.arm_combo)
        form.addRow(self.tr("Your &initials:"), self.initials_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Verify"))
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
            self.arm_combo.addItem(self.tr("— choose the arm —"), None)
            for arm in arms:
                self.arm_combo.addItem(arm.id, arm.id)
        else:
            self.arm_combo.addItem(self.tr("(no arms)"), None)
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
            raise InputError("protocol", self.tr("choose the protocol written in the chart"))
        if self.arm_combo.isEnabled() and not self.arm_combo.currentData():
            raise InputError("arm", self.tr("choose the arm written in the chart"))
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
            self.error_label.setText(error_text(exc))
            return
        if self.initials() is None:
            self.error_label.setText(
                self.tr("initials: type your initials to sign the verification")
            )
            return
        self.accept()


class HistoryDialog(QDialog):
    def __init__(
        self, plan_id: str, entries: list[HistoryEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of plan {plan_id}").format(plan_id=plan_id))
        self.entries = entries
        # the versions side by side: a changed weight or height stands out at a glance
        headers = [self.tr("Version"), self.tr("Status"), self.tr("Weight"), self.tr("Height")]
        self.figures = QTableWidget(len(entries), 5)
        self.figures.setHorizontalHeaderLabels([*headers, self.tr("BSA")])
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.verticalHeader().hide()
        for row, entry in enumerate(entries):
            cells = (f"v{entry.version}", entry.status, entry.weight, entry.height, entry.bsa)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.figures.setItem(row, column, item)
        self.figures.resizeColumnsToContents()
        self.list = QListWidget()
        self.list.addItems([entry.label for entry in entries])
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.figures)
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(len(entries) - 1)
        self.resize(900, 600)

    def _show(self, row: int) -> None:
        self.text.setPlainText(self.entries[row].changes if 0 <= row < len(self.entries) else "")


def message_box(
    parent: object,
    icon: QMessageBox.Icon,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox.StandardButton:
    """A message box whose words are shown as they are: the store's sentences name patients
    and users as stored, and Qt reads a text that looks like markup as rich text (a name
    such as "<span style=…>" could have styled the rest of a warning away)."""
    owner = parent if isinstance(parent, QWidget) else None  # the window (a StoreWindow)
    box = QMessageBox(icon, "txdose", text, buttons, owner)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return QMessageBox.StandardButton(box.exec())


def ask_conflict(parent: QWidget, error: ConflictError, changes: list[str]) -> str:
    """Another workstation saved first: 'mine' (save my edit on top of theirs), 'theirs'
    (open theirs) or 'keep' (keep editing)."""

    version = error.theirs.version
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("ConflictBox", "txdose — the plan was changed elsewhere"))
    box.setTextFormat(Qt.TextFormat.PlainText)  # the store's words: see message_box
    box.setText(refusal_text(error))
    box.setDetailedText(
        translate("ConflictBox", "Your edit compared with version {version}:").format(
            version=version
        )
        + "\n"
        + "\n".join(changes)
    )
    mine = box.addButton(
        translate("ConflictBox", "Save mine as version {version}").format(version=version + 1),
        QMessageBox.ButtonRole.AcceptRole,
    )
    theirs = box.addButton(
        translate("ConflictBox", "Open version {version}").format(version=version),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.addButton(translate("ConflictBox", "Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "mine" if clicked is mine else "theirs" if clicked is theirs else "keep"
