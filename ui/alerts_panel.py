"""Alerts: hard ones in red (they block the nurse schedule), soft ones acknowledged with a
reason that is kept with the plan, required choices listed until they are made."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dosing.codes import AlertCode
from dosing.errors import InputError
from dosing.text import read_reason
from ui.alert_delegate import SeverityLeadDelegate
from ui.alerts_model import AlertsModel
from ui.entry_message import EntryMessage
from ui.fields import set_invalid
from ui.formatting import acknowledgeable
from ui.plan_text import message_text

if TYPE_CHECKING:
    from dosing.models import Acknowledgement, Alert

AckKey = tuple[str, str | None]
# The reason, the values of the alert it acknowledged (None: loaded unbound), and who signed.
AckEntry = tuple[str, tuple[str, ...] | None, str]


class AlertsPanel(QGroupBox):
    changed = Signal()

    def __init__(self, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(self.tr("A&lerts"), parent)
        self.setObjectName("alertsPanel")
        self._user = user
        # (reason, values of the alert acknowledged, by): an acknowledgement loaded from a
        # saved plan keeps who signed it.
        self._acknowledged: dict[AckKey, AckEntry] = {}
        self.model = AlertsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("alerts"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        # One column, the whole width: beside a severity column the message had ~100 px and
        # "Cyclophosphamide" was cut to "Cyclophosph…". The severity leads the message (the
        # model's shown text) and colours the row; the message wraps by words.
        self.view.setColumnHidden(AlertsModel.COL_SEVERITY, True)
        # The severity word bold while the alert waits (hard, or soft not acknowledged).
        self.view.setItemDelegateForColumn(
            AlertsModel.COL_MESSAGE, SeverityLeadDelegate(AlertsModel.COL_SEVERITY, self.view)
        )
        header.setSectionResizeMode(AlertsModel.COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        # Rows as tall as their wrapped message, fitted here for the rows that changed: with
        # ResizeToContents every changed cell re-measured every alert (1 ms a keystroke).
        # A new width refits every row once the view has taken it (the next idle moment).
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.view.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._refit.start())
        self.model.modelReset.connect(lambda: self._refit.start())  # a language switch
        self.summary = QLabel(self.tr("No plan yet."))
        self.summary.setObjectName("alertsSummary")
        self.summary.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(
            self.tr("reason for acknowledging the selected soft alert")
        )
        self.reason_edit.setAccessibleName(self.tr("acknowledgement reason"))
        self.ack_button = QPushButton(self.tr("Ac&knowledge"))
        self.withdraw_button = QPushButton(self.tr("With&draw"))
        self.withdraw_button.setToolTip(
            self.tr("Withdraw the acknowledgement of the selected alert")
        )
        self.message = EntryMessage()  # two lines held: the pane does not move
        self._reason_refused = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.reason_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ack_button)
        row.addWidget(self.withdraw_button)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.reason_edit.returnPressed.connect(self.acknowledge_selected)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def selected_alert(self) -> Alert | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        alert = self.selected_alert()
        can = alert is not None and acknowledgeable(alert)
        self.ack_button.setEnabled(can and not (alert is not None and alert.acknowledged))
        self.withdraw_button.setEnabled(can and alert is not None and alert.acknowledged)
        self._say(None)

    def _say(self, words: Callable[[], str] | None, reason_refused: bool = False) -> None:
        """Why the acknowledgement was not made (the reason field marked when it was the
        reason), or nothing."""
        self.message.show_words(words)
        self._reason_refused = reason_refused
        refusal = words() if reason_refused and words is not None else None
        set_invalid(self.reason_edit, refusal)

    def retranslate_messages(self) -> None:
        """The refusal shown, in the language now installed."""
        self._say(self.message.words, self._reason_refused)

    def acknowledge_selected(self) -> bool:
        """Acknowledge the selected soft alert; refused without a reason."""
        alert = self.selected_alert()
        if alert is None or not acknowledgeable(alert):
            self._say(lambda: self.tr("Select a soft alert to acknowledge."))
            return False
        try:
            reason = read_reason(self.reason_edit.text(), "acknowledgement reason")
        except InputError as refused:
            why = refused.message  # the field is the one marked: its name is not repeated
            self._say(
                lambda: self.tr("Not acknowledged — {refusal}.").format(refusal=message_text(why)),
                reason_refused=True,
            )
            self.reason_edit.setFocus()
            return False
        # Bound to this alert as shown: the same code with other values asks again.
        self._acknowledged[(alert.code, alert.item)] = (reason, alert.values, self._user)
        self.reason_edit.clear()
        self._say(None)
        self.changed.emit()
        return True

    def withdraw_selected(self) -> None:
        alert = self.selected_alert()
        if alert is not None and (alert.code, alert.item) in self._acknowledged:
            del self._acknowledged[(alert.code, alert.item)]
            self.changed.emit()

    def acknowledgements(self) -> list[dict[str, object]]:
        return [
            {"code": code, "item": item, "reason": reason, "by": by, "values": values}
            for (code, item), (reason, values, by) in self._acknowledged.items()
        ]

    def load(self, acknowledgements: tuple[Acknowledgement, ...]) -> None:
        self._acknowledged = {
            (a.code, a.item): (a.reason, a.values, a.by) for a in acknowledgements
        }

    def show_alerts(self, alerts: tuple[Alert, ...] | None) -> None:
        """Show a plan's alerts (None: no plan while an input is invalid)."""
        selected = self.selected_alert()
        key = (selected.code, selected.item) if selected else None
        if alerts is None:
            self.model.set_rows([])
            self.summary.setText(self.tr("No plan: fix the marked inputs."))
            return
        # An acknowledgement is for the alert as it was shown: the engine acknowledges only
        # an alert raised with the same values. One it did not honour (the alert is gone, or
        # the weight changed its BMI) is withdrawn here, so the alert asks again even if its
        # values come back; one loaded unbound is bound to the alert it acknowledged.
        kept: dict[AckKey, AckEntry] = {}
        for alert in alerts:
            own = (alert.code, alert.item)
            entry = self._acknowledged.get(own) or self._acknowledged.get((alert.code, None))
            if alert.acknowledged and entry is not None:
                kept[own] = (entry[0], alert.values, entry[2])
        self._acknowledged = kept
        changed = self.model.update_rows(alerts)  # a reset re-lays out every wrapped alert
        for row in changed:
            self.view.resizeRowToContents(row)
        hard = sum(a.severity == "hard" for a in alerts)
        pending = sum(acknowledgeable(a) and not a.acknowledged for a in alerts)
        choices = sum(a.code == AlertCode.CHOICE_REQUIRED for a in alerts)
        parts = []
        if hard:
            text = self.tr("<b>{count} hard</b> (nurse schedule cannot be printed)")
            parts.append(f"<span style='color:#9b1c1c'>{text.format(count=hard)}</span>")
        if pending:
            parts.append(self.tr("<b>{count} to acknowledge</b>").format(count=pending))
        if choices:
            text = (
                self.tr("<b>1 choice required</b>")
                if choices == 1
                else self.tr("<b>{count} choices required</b>")
            )
            parts.append(text.format(count=choices))
        self.summary.setText(" · ".join(parts) if parts else self.tr("Nothing needs attention."))
        for row, alert in enumerate(alerts):
            if (alert.code, alert.item) == key:
                self.view.selectRow(row)
                break
        self._selection_changed()
