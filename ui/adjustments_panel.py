"""What a clinician may change: values inside protocol ranges, reductions with a reason,
dropped days. A number is used exactly as typed (``ui.number_box``) and one outside the
protocol's range is refused by name with the range, by the same check as the engine's."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosing.display import format_day, format_number
from dosing.errors import InputError, MissingInput
from dosing.text import read_reason
from dosing.validation import check_range
from ui.compact import CheckLabel, CompactComboBox
from ui.entry_message import EntryMessage
from ui.fields import set_invalid
from ui.formatting import day_label_text, glossary_text
from ui.i18n import translate
from ui.number_box import NumberBox
from ui.plan_text import message_text
from ui.protocol_panel import items_in_arm
from ui.text_wrap import join_latin_words

if TYPE_CHECKING:
    from dosing.models import PlanInput
    from dosing.protocol import Item, Protocol

# No source dose exists for a prescriber-entered item (seed 002's cyclophosphamide
# pretreatment): the value typed is used (above 0, as the engine requires). This bound is
# only where the arrow keys stop stepping; it is not a limit from the protocol, and the
# prescriber remains responsible for the value.
PRESCRIBER_ENTERED_MAX = Decimal(10000)
HUNDRED = Decimal(100)

_BASIS_TEXT = {"g/m2": "g/m²", "mg/m2": "mg/m²"}


def choice_unit(item: Item) -> str:
    """The unit a chosen value is given in, as the engine states it (``mg/day``)."""
    text = _BASIS_TEXT.get(item.basis.value, item.basis.value)
    return (
        translate("AdjustmentsPanel", "{unit}/day").format(unit=text)
        if "daily" in item.frequency
        else text
    )


def day_text(protocol: Protocol, item: Item, day: int) -> str:
    anchor = protocol.phase(item.phase).anchor.value
    if anchor == "day0":
        return day_label_text(format_day(day))
    if anchor == "mobilization":
        return translate("AdjustmentsPanel", "mobilization day {day}").format(day=day)
    return translate("AdjustmentsPanel", "treatment day {day}").format(day=day)


def drop_key(item_id: str, day: int) -> str:
    """Combo data for one droppable day (Qt keeps strings exactly; tuples become lists)."""
    return f"{item_id}@{day}"


def parse_drop_key(key: str) -> tuple[str, int]:
    item_id, day = key.rsplit("@", 1)
    return item_id, int(day)


def _drop_text(protocol: Protocol, item: Item, day: int) -> str:
    return f"{glossary_text(item.name)} — {day_text(protocol, item, day)}"


class _Choice:
    """A check box (its words wrap) that enables a number box: the protocol's range, or a
    dose the prescriber enters."""

    def __init__(self, item: Item) -> None:
        self.item = item
        unit = choice_unit(item)
        if item.dose_range is not None:
            low, high = item.dose_range.min, item.dose_range.max
        else:
            low, high = Decimal(1), PRESCRIBER_ENTERED_MAX
        # The arrow keys step by half a unit in a narrow range (5–10 mcg/kg/day), else by 10.
        step = Decimal("0.5") if high <= 20 else Decimal(10)
        box = NumberBox(lambda: choice_unit(item), step, (low, high))
        default = item.dose_range.default if item.dose_range is not None else None
        box.set_number(default if default is not None else low)
        box.setEnabled(False)
        box.setAccessibleName(
            translate("AdjustmentsPanel", "{drug} chosen value in {unit}").format(
                drug=item.name, unit=unit
            )
        )
        self.check = CheckLabel(self.title())
        self.check.setAccessibleName(
            translate("AdjustmentsPanel", "choose a value for {drug}").format(drug=item.name)
        )
        self.check.toggled.connect(box.setEnabled)
        self.number_box = box

    def title(self) -> str:
        """``Filgrastim (G-CSF) (5–10 mcg/kg/day)``, in the window's language."""
        item, unit, drug = self.item, choice_unit(self.item), glossary_text(self.item.name)
        if item.dose_range is not None:
            return translate("AdjustmentsPanel", "{drug} ({low}–{high} {unit})").format(
                drug=drug,
                low=format_number(item.dose_range.min),
                high=format_number(item.dose_range.max),
                unit=unit,
            )
        return translate("AdjustmentsPanel", "{drug} (dose entered by prescriber, {unit})").format(
            drug=drug, unit=unit
        )

    def value(self) -> Decimal | None:
        """The value typed when the box is ticked, else None; ``InputError`` naming
        ``choose <item>`` when it is missing, not a number or outside the range."""
        if not self.check.isChecked():
            return None
        # The engine's words (the refusal is translated as one of its own).
        field, unit = f"choose {self.item.id}", self.item.choice_unit
        value = self.number_box.number(field, unit)
        if value is None:
            raise MissingInput(field, f"enter a number in {unit}")
        if self.item.dose_range is not None:
            check_range(value, field, (self.item.dose_range.min, self.item.dose_range.max), unit)
        elif value <= 0:
            raise InputError(field, f"enter a dose greater than 0 {unit}")
        return value

    def set_value(self, value: Decimal | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.number_box.set_number(value)


class _Reduction:
    def __init__(self, item: Item) -> None:
        self.item = item
        self.name_label: QLabel | None = None  # set where the panel lays it out
        # Up and Down step by 1% within 1–100%; a value typed above 100% is used as typed and
        # refused by the engine (a hard alert: no dose above the protocol dose).
        self.percent = NumberBox(
            lambda: translate("AdjustmentsPanel", "% of protocol dose"),
            Decimal(1),
            (Decimal(1), HUNDRED),
        )
        self.percent.set_number(HUNDRED)
        self.percent.setAccessibleName(
            translate("AdjustmentsPanel", "{drug}: percent of the protocol dose given").format(
                drug=item.name
            )
        )
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            translate("AdjustmentsPanel", "reason (required below 100%)")
        )
        self.reason.setAccessibleName(
            translate("AdjustmentsPanel", "{drug}: reason for the reduction").format(drug=item.name)
        )


class AdjustmentsPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Adjustments"), parent)
        self.setObjectName("adjustmentsPanel")
        self._protocol: Protocol | None = None
        self._choices: dict[str, _Choice] = {}
        self._reductions: dict[str, _Reduction] = {}
        self._dropped: list[dict[str, Any]] = []
        self.choices_box = QWidget()
        self.choices_layout = QVBoxLayout(self.choices_box)
        self.choices_layout.setContentsMargins(0, 0, 0, 0)
        self.reductions_box = QWidget()
        self.reductions_layout = QGridLayout(self.reductions_box)
        self.reductions_layout.setContentsMargins(0, 0, 0, 0)
        # Elided in the middle where the pane is narrow: the day stays ("Uroprotection
        # (mes…mobilization day 1"); the whole entry is in the popup and the tooltip.
        self.drop_combo = CompactComboBox(elide=Qt.TextElideMode.ElideMiddle)
        self.drop_combo.setAccessibleName(self.tr("day to drop"))
        self.drop_reason = QLineEdit()
        self.drop_reason.setPlaceholderText(self.tr("reason"))
        self.drop_reason.setAccessibleName(self.tr("reason for dropping the day"))
        self.drop_button = QPushButton(self.tr("Dro&p day"))
        # Why a day was not dropped (no reason yet): said beside the field, not in a dialog.
        # Two lines held (ui/entry_message.py): the dropped days under it do not move.
        self.drop_message = EntryMessage()
        self.drop_message.setObjectName("dropMessage")
        self.drop_list = QListWidget()
        self.drop_list.setAccessibleName(self.tr("dropped days"))
        self.drop_list.setMaximumHeight(80)
        self.restore_button = QPushButton(self.tr("&Restore day"))
        self._build()
        self.drop_button.clicked.connect(self._drop_day)
        self.restore_button.clicked.connect(self._restore_day)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.choices_title = QLabel(self.tr("<b>Values inside protocol ranges</b>"))
        self.choices_title.setWordWrap(True)
        layout.addWidget(self.choices_title)
        layout.addWidget(self.choices_box)
        self.reductions_title = QLabel(self.tr("<b>Reductions</b> (a reason is required)"))
        self.reductions_title.setWordWrap(True)
        layout.addWidget(self.reductions_title)
        layout.addWidget(self.reductions_box)
        drop_title = QLabel(self.tr("<b>Dropped days</b>"))
        drop_title.setBuddy(self.drop_combo)
        layout.addWidget(drop_title)
        # The day on a line of its own, the whole width: "Rabbit anti-thymocyte globulin
        # (ATG) — day −4" is not cut before its day.
        layout.addWidget(self.drop_combo)
        drop_row = QHBoxLayout()
        drop_row.addWidget(self.drop_reason, 1)
        drop_row.addWidget(self.drop_button)
        layout.addLayout(drop_row)
        layout.addWidget(self.drop_message)
        list_row = QHBoxLayout()
        list_row.addWidget(self.drop_list, 1)
        list_row.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(list_row)

    # ---------------------------------------------------------------- building

    def rebuild(self, protocol: Protocol | None, arm: str | None) -> None:
        """One widget set per adjustable item of the protocol (and arm) now chosen."""
        self._protocol = protocol
        for layout in (self.choices_layout, self.reductions_layout):
            while layout.count():
                child = layout.takeAt(0)
                widget = child.widget() if child is not None else None
                if widget is not None:
                    widget.deleteLater()
        self._choices.clear()
        self._reductions.clear()
        self._dropped.clear()
        self.drop_list.clear()
        self.drop_combo.clear()
        items = items_in_arm(protocol, arm) if protocol else []
        for item in items:
            if item.dose_range is not None or item.prescriber_entered:
                choice = _Choice(item)
                row = QWidget()
                row_layout = QHBoxLayout(row)
                row_layout.setContentsMargins(0, 0, 0, 0)
                row_layout.addWidget(choice.check, 1)
                row_layout.addWidget(choice.number_box)
                self.choices_layout.addWidget(row)
                choice.check.toggled.connect(self.changed)
                choice.number_box.textChanged.connect(self.changed)
                self._choices[item.id] = choice
        for index, item in enumerate(i for i in items if i.reducible):
            reduction = _Reduction(item)
            label = QLabel(join_latin_words(glossary_text(item.name)))
            label.setWordWrap(True)  # beside its percentage in a narrow pane
            reduction.name_label = label
            label.setBuddy(reduction.percent)
            # The reason gets a whole line: it is printed on the sheets as typed.
            self.reductions_layout.addWidget(label, 2 * index, 0)
            self.reductions_layout.addWidget(reduction.percent, 2 * index, 1)
            self.reductions_layout.addWidget(reduction.reason, 2 * index + 1, 0, 1, 2)
            reduction.percent.textChanged.connect(self.changed)
            reduction.reason.textChanged.connect(self.changed)
            self._reductions[item.id] = reduction
        for item in items:
            if item.start_condition is None and item.stop_condition is None and protocol:
                for day in item.days:
                    self.drop_combo.addItem(_drop_text(protocol, item, day), drop_key(item.id, day))
        # Shown now, not at Qt's next idle moment: the form pane's width is fitted to them
        # straight after (a pane widening at the first keystroke re-laid out the window).
        for layout in (self.choices_layout, self.reductions_layout):
            for number in range(layout.count()):
                shown = layout.itemAt(number)
                if shown is not None and (widget := shown.widget()) is not None:
                    widget.show()
        self.choices_title.setVisible(bool(self._choices))
        self.reductions_title.setVisible(bool(self._reductions))
        has_days = self.drop_combo.count() > 0
        for widget in (self.drop_combo, self.drop_reason, self.drop_button, self.restore_button):
            widget.setEnabled(has_days)

    def retranslate_names(self) -> None:
        """Drug names and day labels in the window's language (after View → Language)."""
        for choice in self._choices.values():
            choice.check.setText(choice.title())
        for reduction in self._reductions.values():
            if reduction.name_label is not None:
                reduction.name_label.setText(join_latin_words(glossary_text(reduction.item.name)))
        items = {item.id: item for item in self._protocol.items} if self._protocol else {}
        for index in range(self.drop_combo.count()):
            item_id, day = parse_drop_key(self.drop_combo.itemData(index))
            if self._protocol is not None and item_id in items:
                text = _drop_text(self._protocol, items[item_id], day)
                self.drop_combo.setItemText(index, text)

    def tab_chain(self) -> list[QWidget]:
        """The panel's widgets in reading order, for the window's tab order."""
        chain: list[QWidget] = []
        for choice in self._choices.values():
            chain += [choice.check.box, choice.number_box]
        for reduction in self._reductions.values():
            chain += [reduction.percent, reduction.reason]
        chain += [
            self.drop_combo,
            self.drop_reason,
            self.drop_button,
            self.drop_list,
            self.restore_button,
        ]
        return chain

    def choice_number(self, item_id: str) -> NumberBox:
        return self._choices[item_id].number_box

    def choice_check(self, item_id: str) -> CheckLabel:
        return self._choices[item_id].check

    def reduction_widgets(self, item_id: str) -> tuple[NumberBox, QLineEdit]:
        reduction = self._reductions[item_id]
        return reduction.percent, reduction.reason

    # ---------------------------------------------------------------- dropped days

    def _drop_day(self) -> None:
        data = self.drop_combo.currentData()
        if not data:
            return
        item_id, day = parse_drop_key(data)
        if any(d["item"] == item_id and d["day"] == day for d in self._dropped):
            return
        try:
            # The nurse sheet prints the reason under "DROPPED — not given": never blank.
            reason = read_reason(self.drop_reason.text(), "reason for dropping the day")
        except InputError as refused:
            why = refused.message  # the field is the one marked: its name is not repeated
            self._refuse_drop(
                lambda: self.tr("Not dropped — {refusal}.").format(refusal=message_text(why))
            )
            return
        self._refuse_drop(None)
        self._add_dropped(item_id, day, reason, self.drop_combo.currentText())
        self.drop_reason.clear()
        self.changed.emit()

    def _refuse_drop(self, words: Callable[[], str] | None) -> None:
        self._show_drop_refusal(words)
        if words is not None:
            self.drop_reason.setFocus()

    def _show_drop_refusal(self, words: Callable[[], str] | None) -> None:
        self.drop_message.show_words(words)
        set_invalid(self.drop_reason, words() if words is not None else None)

    def retranslate_messages(self) -> None:
        """A refused drop's words in the language now installed."""
        self._show_drop_refusal(self.drop_message.words)

    def _add_dropped(self, item_id: str, day: int, reason: str, label: str) -> None:
        self._dropped.append({"item": item_id, "day": day, "reason": reason})
        entry = QListWidgetItem(label + (f" — {reason}" if reason else ""))
        entry.setData(Qt.ItemDataRole.UserRole, drop_key(item_id, day))
        self.drop_list.addItem(entry)

    def _restore_day(self) -> None:
        row = self.drop_list.currentRow()
        if row < 0:
            return
        item_id, day = parse_drop_key(self.drop_list.takeItem(row).data(Qt.ItemDataRole.UserRole))
        self._dropped = [d for d in self._dropped if (d["item"], d["day"]) != (item_id, day)]
        self.changed.emit()

    # ---------------------------------------------------------------- reading

    def field_widgets(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = {}
        for item_id, choice in self._choices.items():
            widgets[f"choose {item_id}"] = choice.number_box
        for item_id, reduction in self._reductions.items():
            widgets[f"reduce {item_id}"] = reduction.percent
            widgets[f"reason {item_id}"] = reduction.reason
        for item_id in {d["item"] for d in self._dropped}:
            widgets[f"drop {item_id}"] = self.drop_list
        return widgets

    def read(self, errors: list[InputError]) -> dict[str, Any]:
        """``choices``, ``reductions`` and ``dropped_days`` for ``PlanInput``."""
        choices: dict[str, Decimal] = {}
        for item_id, choice in self._choices.items():
            try:
                if (value := choice.value()) is not None:
                    choices[item_id] = value
            except InputError as refused:
                errors.append(refused)
        reductions: dict[str, dict[str, Any]] = {}
        for item_id, reduction in self._reductions.items():
            try:
                percent = reduction.percent.number(f"reduce {item_id}", "%")
                if percent is None:
                    raise MissingInput(
                        f"reduce {item_id}",
                        self.tr("enter the percent of the protocol dose given: 100 for all of it"),
                    )
                if percent <= 0:  # the engine's refusal, here so the reason is not asked first
                    raise InputError(
                        f"reduce {item_id}",
                        f"{format_number(percent)}% is not a dose: give 1–100% of the protocol dose",
                    )
            except InputError as refused:
                errors.append(refused)
                continue
            if percent == HUNDRED:
                continue
            try:
                reason = read_reason(reduction.reason.text(), f"reason {item_id}")
            except InputError as refused:
                errors.append(
                    InputError(
                        refused.field,
                        self.tr(
                            "{refusal}, to give {percent}% of the protocol dose of {drug}"
                        ).format(
                            refusal=refused.message, percent=percent, drug=reduction.item.name
                        ),
                    )
                )
                continue
            reductions[item_id] = {"percent": percent, "reason": reason}
        return {
            "choices": choices,
            "reductions": reductions,
            "dropped_days": [dict(d) for d in self._dropped],
        }

    def clear(self) -> None:
        """No choices, every item at 100%, no dropped day."""
        for choice in self._choices.values():
            choice.set_value(None)
        for reduction in self._reductions.values():
            reduction.percent.set_number(HUNDRED)
            reduction.reason.clear()
        self._dropped.clear()
        self.drop_list.clear()

    def load(self, plan_input: PlanInput) -> None:
        for item_id, choice in self._choices.items():
            choice.set_value(plan_input.choices.get(item_id))
        for item_id, reduction in self._reductions.items():
            saved = plan_input.reductions.get(item_id)
            reduction.percent.set_number(saved.percent if saved else HUNDRED)
            reduction.reason.setText(saved.reason if saved else "")
        self._dropped.clear()
        self.drop_list.clear()
        for dropped in plan_input.dropped_days:
            index = self.drop_combo.findData(drop_key(dropped.item, dropped.day))
            label = (
                self.drop_combo.itemText(index)
                if index >= 0
                else self.tr("{item} — day {day}").format(item=dropped.item, day=dropped.day)
            )
            self._add_dropped(dropped.item, dropped.day, dropped.reason, label)
