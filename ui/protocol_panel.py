"""The protocol and its options: arm, BSA formula, dosing-weight rule, anchor dates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from dosing.errors import InputError, MissingInput
from ui import theme
from ui.compact import CompactComboBox
from ui.fields import OptionalDateEdit
from ui.formatting import glossary_text, protocol_text, weight_rule_text
from ui.text_wrap import join_latin_words

if TYPE_CHECKING:
    from dosing.models import PlanOptions
    from dosing.protocol import Item, Protocol

BSA_FORMULAS = (
    ("mosteller", "Mosteller"),
    ("dubois", "DuBois"),
    ("haycock", "Haycock"),
    ("gehan-george", "Gehan–George"),
    ("boyd", "Boyd"),
)


def _title(protocol: Protocol) -> str:
    """``auto-hsct-ln — 自体造血干细胞移植…``: the id as typed on the command line, the title in
    the window's language."""
    return f"{protocol.id} — {protocol_text(protocol.title)}"


def items_in_arm(protocol: Protocol, arm: str | None) -> list[Item]:
    return [item for item in protocol.items if item.arm is None or item.arm == arm]


class ProtocolPanel(QGroupBox):
    changed = Signal()
    protocol_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Protocol"), parent)
        self.setObjectName("protocolPanel")
        self._protocols: dict[str, Protocol] = {}
        self.protocol_combo = CompactComboBox()
        self.protocol_combo.addItem(self.tr("loading protocols…"), None)
        self.protocol_combo.setEnabled(False)
        # The chosen protocol's whole title, wrapped: the combo box shows it elided in a
        # narrow pane ("IL-2" in a title is not cut), and its summary below.
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.name_label.font()
        bold.setBold(True)
        self.name_label.setFont(bold)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet(theme.NOTE_STYLE)
        self.arm_combo = CompactComboBox()
        self.bsa_combo = QComboBox()
        for value, text in BSA_FORMULAS:
            self.bsa_combo.addItem(text, value)
        self.weight_rule_combo = CompactComboBox()
        self.day0_edit = OptionalDateEdit(field="day 0")
        self.mobilization_edit = OptionalDateEdit(field="mobilization start")
        self.treatment_edit = OptionalDateEdit(field="treatment start")
        self._build_form()
        self.protocol_combo.currentIndexChanged.connect(self._protocol_switched)
        self.arm_combo.currentIndexChanged.connect(self._arm_switched)
        for signal in (
            self.bsa_combo.currentIndexChanged,
            self.weight_rule_combo.currentIndexChanged,
            self.day0_edit.dateChanged,
            self.mobilization_edit.dateChanged,
            self.treatment_edit.dateChanged,
        ):
            signal.connect(self.changed)

    def _build_form(self) -> None:
        form = QFormLayout(self)
        rows: list[tuple[str, QWidget, str]] = [
            (self.tr("Pr&otocol"), self.protocol_combo, self.tr("protocol")),
            (self.tr("&Arm"), self.arm_combo, self.tr("arm")),
            (self.tr("BSA form&ula"), self.bsa_combo, self.tr("BSA formula")),
            (self.tr("Dosing w&eight"), self.weight_rule_combo, self.tr("dosing-weight rule")),
            (self.tr("Day &0"), self.day0_edit, self.tr("day 0 date")),
            (
                self.tr("Mobili&zation day 1"),
                self.mobilization_edit,
                self.tr("mobilization start date"),
            ),
            (self.tr("&Treatment day 1"), self.treatment_edit, self.tr("treatment start date")),
        ]
        for index, (text, widget, accessible) in enumerate(rows):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(accessible)
            form.addRow(label, widget)
            if index == 0:
                form.addRow(self.name_label)
                form.addRow(self.title_label)

    # ---------------------------------------------------------------- protocols

    def set_protocols(self, protocols: dict[str, Protocol], selected: str | None) -> None:
        self._protocols = protocols
        self.protocol_combo.blockSignals(True)
        self.protocol_combo.clear()
        for protocol_id, protocol in protocols.items():
            self.protocol_combo.addItem(_title(protocol), protocol_id)
        index = self.protocol_combo.findData(selected) if selected else 0
        self.protocol_combo.setCurrentIndex(max(0, index))
        self.protocol_combo.setEnabled(True)
        self.protocol_combo.blockSignals(False)
        self._protocol_switched()

    def protocol(self) -> Protocol | None:
        protocol_id = self.protocol_combo.currentData()
        return self._protocols.get(protocol_id) if protocol_id else None

    def arm(self) -> str | None:
        value = self.arm_combo.currentData()
        return str(value) if value else None

    def select(self, protocol_id: str, arm: str | None) -> None:
        self.protocol_combo.setCurrentIndex(max(0, self.protocol_combo.findData(protocol_id)))
        if arm is not None:
            self.arm_combo.setCurrentIndex(max(0, self.arm_combo.findData(arm)))

    def _protocol_switched(self) -> None:
        protocol = self.protocol()
        self.arm_combo.blockSignals(True)
        self.arm_combo.clear()
        if protocol is not None and protocol.arms:
            self.arm_combo.addItem(self.tr("choose…"), None)
            for arm in protocol.arms:
                self.arm_combo.addItem(f"{arm.id} — {glossary_text(arm.name)}", arm.id)
        else:
            self.arm_combo.addItem(self.tr("no arms"), None)
        self.arm_combo.setEnabled(protocol is not None and bool(protocol.arms))
        self.arm_combo.blockSignals(False)
        self.retranslate_protocol_texts()
        self._arm_switched()

    def retranslate_protocol_texts(self) -> None:
        """The protocols' titles and the chosen one's summary in the window's language."""
        for index in range(self.protocol_combo.count()):
            found = self._protocols.get(self.protocol_combo.itemData(index))
            if found is not None:
                self.protocol_combo.setItemText(index, _title(found))
        protocol = self.protocol()
        self.name_label.setText(join_latin_words(protocol_text(protocol.title)) if protocol else "")
        self.name_label.setVisible(protocol is not None and bool(protocol.summary))
        summary = (protocol.summary or protocol.title) if protocol else ""
        self.title_label.setText(protocol_text(summary))

    def _arm_switched(self) -> None:
        protocol = self.protocol()
        items = items_in_arm(protocol, self.arm()) if protocol else []
        anchors = {protocol.phase(item.phase).anchor.value for item in items} if protocol else set()
        self.day0_edit.setEnabled("day0" in anchors)
        self.mobilization_edit.setEnabled("mobilization" in anchors)
        self.treatment_edit.setEnabled("treatment" in anchors)
        previous = self.weight_rule_combo.currentData()
        flexible = [item for item in items if len(item.preparation.allowed_dosing_weights) > 1]
        rules: list[str] = []
        for item in flexible:
            for rule in item.preparation.allowed_dosing_weights:
                if rule.value not in rules:
                    rules.append(rule.value)
        self.weight_rule_combo.blockSignals(True)
        self.weight_rule_combo.clear()
        self.weight_rule_combo.addItem(self.tr("protocol default (each item's own rule)"), None)
        for rule_id in rules:
            self.weight_rule_combo.addItem(weight_rule_text(rule_id), rule_id)
        self.weight_rule_combo.setCurrentIndex(max(0, self.weight_rule_combo.findData(previous)))
        self.weight_rule_combo.setEnabled(bool(flexible))
        names = ", ".join(item.name for item in flexible)
        self.weight_rule_combo.setToolTip(
            self.tr("Applies to: {drugs}").format(drugs=names)
            if names
            else self.tr("This protocol fixes the dosing weight")
        )
        self.weight_rule_combo.blockSignals(False)
        self.protocol_changed.emit()
        self.changed.emit()

    # ---------------------------------------------------------------- reading

    def field_widgets(self) -> dict[str, QWidget]:
        return {
            "protocol": self.protocol_combo,
            "arm": self.arm_combo,
            "BSA formula": self.bsa_combo,
            "day 0": self.day0_edit,
            "mobilization start": self.mobilization_edit,
            "treatment start": self.treatment_edit,
        }

    def read(self, errors: list[InputError]) -> dict[str, Any]:
        """The ``PlanOptions`` fields; a protocol with arms needs one chosen."""
        protocol = self.protocol()
        if protocol is None:
            errors.append(MissingInput("protocol", self.tr("choose a protocol")))
        elif protocol.arms and self.arm() is None:
            arms = ", ".join(arm.id for arm in protocol.arms)
            errors.append(MissingInput("arm", self.tr("choose one of {arms}").format(arms=arms)))
        for edit in (self.day0_edit, self.mobilization_edit, self.treatment_edit):
            if edit.isEnabled() and edit.typing_error is not None:  # a typed date refused
                errors.append(edit.typing_error)
        return {
            "bsa_formula": self.bsa_combo.currentData(),
            "dosing_weight_rule": self.weight_rule_combo.currentData(),
            "day0_date": self.day0_edit.value() if self.day0_edit.isEnabled() else None,
            "mobilization_start_date": (
                self.mobilization_edit.value() if self.mobilization_edit.isEnabled() else None
            ),
            "treatment_start_date": (
                self.treatment_edit.value() if self.treatment_edit.isEnabled() else None
            ),
            "arm": self.arm(),
        }

    def clear_dates(self) -> None:
        """Dates belong to one patient's plan; the protocol and formula choices stay."""
        self.day0_edit.set_value(None)
        self.mobilization_edit.set_value(None)
        self.treatment_edit.set_value(None)

    def load(self, protocol_id: str, options: PlanOptions) -> None:
        self.select(protocol_id, options.arm)
        self.bsa_combo.setCurrentIndex(max(0, self.bsa_combo.findData(options.bsa_formula.value)))
        rule = options.dosing_weight_rule.value if options.dosing_weight_rule else None
        self.weight_rule_combo.setCurrentIndex(max(0, self.weight_rule_combo.findData(rule)))
        self.day0_edit.set_value(options.day0_date)
        self.mobilization_edit.set_value(options.mobilization_start_date)
        self.treatment_edit.set_value(options.treatment_start_date)
