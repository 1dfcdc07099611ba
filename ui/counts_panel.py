"""Blood counts and apheresis yields: they resolve the G-CSF dates and the graft dose."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dosing import validation as check
from dosing.display import format_number
from dosing.errors import InputError, MissingInput
from ui.charts import ChartsPane
from ui.count_models import ApheresisModel, CountsModel
from ui.entry_message import EntryMessage
from ui.fields import OptionalDateEdit, set_invalid
from ui.info_text import InfoText
from ui.models import RowTableModel

if TYPE_CHECKING:
    from dosing.models import ApheresisYield, ComputedPlan, DailyCount, HarvestStatus, PlanInput
    from dosing.protocol import HarvestTargets, Protocol


def _table(model: RowTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)  # one line a day: the unit is in the header
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    return view


def _entry_grid(*fields: tuple[str, QLineEdit]) -> QGridLayout:
    """Two fields side by side, each under its label: beside them, the labels took the width
    of the fields in the narrow pane and cut their unit ("× 10⁹/L" to "× …" in Chinese)."""
    grid = QGridLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setVerticalSpacing(2)
    for column, (text, edit) in enumerate(fields):
        label = QLabel(text)
        label.setBuddy(edit)
        grid.addWidget(label, 0, column)
        grid.addWidget(edit, 1, column)
        grid.setColumnStretch(column, 1)
    return grid


class CountsPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Counts and harvest"), parent)
        self.setObjectName("countsPanel")
        self.counts_model = CountsModel(self)
        self.apheresis_model = ApheresisModel(self)
        self._counts: dict[dt.date, DailyCount] = {}
        self._apheresis: dict[dt.date, ApheresisYield] = {}
        self._marks: dict[QWidget, InputError | None] = {}  # refused fields, and why
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)  # no frame inside the group box: its width for the tables
        self.tabs.setUsesScrollButtons(False)  # three short names: all of them in sight
        # …in the fixed width. On the tab bar only: on the tabs, the sheet styled every field
        # of the pages too (the date 4 px lower than the form's, and taller when refused).
        self.tabs.tabBar().setStyleSheet("QTabBar::tab { padding: 4px 8px; }")
        self.tabs.setAccessibleName(self.tr("counts or apheresis yields"))
        self.tabs.addTab(self._build_counts(), self.tr("Counts"))
        self.tabs.addTab(self._build_apheresis(), self.tr("Yields"))
        self.charts = ChartsPane()
        self.tabs.addTab(self.charts, self.tr("C&harts"))
        self.harvest_label = InfoText(lines=7)
        self.harvest_label.setObjectName("harvestLabel")
        self.harvest_label.setAccessibleName(self.tr("harvest against the targets"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.harvest_label)

    def _build_counts(self) -> QWidget:
        page = QWidget()
        self.count_date = OptionalDateEdit(field="count date")
        self.count_date.setAccessibleName(self.tr("count date"))
        self.wbc_edit = QLineEdit()
        self.wbc_edit.setAccessibleName(self.tr("WBC in 10 to the 9 per litre"))
        self.wbc_edit.setPlaceholderText("× 10⁹/L")
        self.anc_edit = QLineEdit()
        self.anc_edit.setAccessibleName(self.tr("ANC in 10 to the 9 per litre"))
        self.anc_edit.setPlaceholderText("× 10⁹/L")
        self.add_count_button = QPushButton(self.tr("Add count"))
        self.remove_count_button = QPushButton(self.tr("Remove"))
        self.counts_view = _table(self.counts_model, self.tr("daily counts"))
        self.count_message = EntryMessage()
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.count_date)
        form.addRow(_entry_grid((self.tr("WBC"), self.wbc_edit), (self.tr("ANC"), self.anc_edit)))
        form.addRow(self.add_count_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)  # the pane is narrow: the table takes its width
        layout.addLayout(form)
        layout.addWidget(self.count_message)
        layout.addWidget(self.counts_view, 1)
        layout.addWidget(self.remove_count_button)
        self.add_count_button.clicked.connect(self.add_count)
        self.anc_edit.returnPressed.connect(self.add_count)
        self.remove_count_button.clicked.connect(self._remove_count)
        return page

    def _build_apheresis(self) -> QWidget:
        page = QWidget()
        self.apheresis_date = OptionalDateEdit(field="apheresis date")
        self.apheresis_date.setAccessibleName(self.tr("apheresis date"))
        self.cd34_edit = QLineEdit()
        self.cd34_edit.setPlaceholderText(self.tr("× 10⁶ cells"))
        self.cd34_edit.setAccessibleName(self.tr("CD34 positive cells in millions"))
        self.mnc_edit = QLineEdit()
        self.mnc_edit.setPlaceholderText(self.tr("× 10⁸ cells"))
        self.mnc_edit.setAccessibleName(self.tr("mononuclear cells in hundreds of millions"))
        self.add_apheresis_button = QPushButton(self.tr("Add yield"))
        self.remove_apheresis_button = QPushButton(self.tr("Remove"))
        self.apheresis_view = _table(self.apheresis_model, self.tr("apheresis yields"))
        self.apheresis_message = EntryMessage()
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.apheresis_date)
        form.addRow(_entry_grid(("CD34+", self.cd34_edit), (self.tr("MNC"), self.mnc_edit)))
        form.addRow(self.add_apheresis_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)  # the pane is narrow: the table takes its width
        layout.addLayout(form)
        layout.addWidget(self.apheresis_message)
        layout.addWidget(self.apheresis_view, 1)
        layout.addWidget(self.remove_apheresis_button)
        self.add_apheresis_button.clicked.connect(self.add_apheresis)
        self.mnc_edit.returnPressed.connect(self.add_apheresis)
        self.remove_apheresis_button.clicked.connect(self._remove_apheresis)
        return page

    def tab_chain(self) -> list[QWidget]:
        return [
            self.tabs,
            self.count_date,
            self.wbc_edit,
            self.anc_edit,
            self.add_count_button,
            self.counts_view,
            self.remove_count_button,
            self.apheresis_date,
            self.cd34_edit,
            self.mnc_edit,
            self.add_apheresis_button,
            self.apheresis_view,
            self.remove_apheresis_button,
        ]

    # ---------------------------------------------------------------- entry

    def _read(
        self,
        edit: QLineEdit,
        field: str,
        bounds: tuple[Decimal, Decimal],
        unit: str,
        required: bool,
    ) -> Decimal | None:
        text = edit.text().strip()
        try:
            if not text:
                if required:
                    raise MissingInput(field, self.tr("enter a number in {unit}").format(unit=unit))
                self._mark(edit, None)
                return None
            value = check.check_range(check.parse_decimal(text, field, unit), field, bounds, unit)
        except InputError as exc:
            self._mark(edit, exc)
            raise
        self._mark(edit, None)
        return value

    def _read_date(self, edit: OptionalDateEdit, field: str, what_to_do: str) -> dt.date:
        """The date as typed: one typed that is not a date refuses the entry (the field
        still shows its last date, which is not the one typed)."""
        try:
            if edit.typing_error is not None:
                raise edit.typing_error
            date = edit.value()
            if date is None:
                raise MissingInput(field, what_to_do)
        except InputError as exc:
            self._mark(edit, exc)
            raise
        self._mark(edit, None)
        return date

    def _mark(self, widget: QWidget, error: InputError | None) -> None:
        """Mark ``widget`` refused, with the refusal in its tooltip (or unmark it)."""
        from ui.plan_text import error_text

        self._marks[widget] = error
        set_invalid(widget, error_text(error) if error is not None else None)

    def add_count(self) -> bool:
        """Add (or replace) one morning's counts; refused with a message when invalid."""
        try:
            count = self._read_count()
        except InputError as exc:
            self.count_message.show_error(exc)
            return False
        self.count_message.show_error(None)
        self._counts[count.date] = count
        self._refresh_tables()
        self.wbc_edit.clear()
        self.anc_edit.clear()
        self.count_date.setDate(self.count_date.date().addDays(1))
        self.changed.emit()
        return True

    def _read_count(self) -> DailyCount:
        date = self._read_date(
            self.count_date, "count date", self.tr("pick the date of the sample")
        )
        wbc = self._read(self.wbc_edit, "WBC", check.COUNT_10E9_PER_L, "× 10⁹/L", False)
        anc = self._read(self.anc_edit, "ANC", check.COUNT_10E9_PER_L, "× 10⁹/L", False)
        if wbc is None and anc is None:
            raise InputError("WBC", self.tr("enter WBC, ANC or both"))
        from dosing.models import DailyCount

        return DailyCount(date=date, wbc_10e9_per_l=wbc, anc_10e9_per_l=anc)

    def add_apheresis(self) -> bool:
        """Add (or replace) one collection's yield; refused with a message when invalid."""
        try:
            collected = self._read_yield()
        except InputError as exc:
            self.apheresis_message.show_error(exc)
            return False
        self.apheresis_message.show_error(None)
        self._apheresis[collected.date] = collected
        self._refresh_tables()
        self.cd34_edit.clear()
        self.mnc_edit.clear()
        self.apheresis_date.setDate(self.apheresis_date.date().addDays(1))
        self.changed.emit()
        return True

    def _read_yield(self) -> ApheresisYield:
        date = self._read_date(
            self.apheresis_date, "apheresis date", self.tr("pick the collection date")
        )
        cells6, cells8 = self.tr("× 10⁶ cells"), self.tr("× 10⁸ cells")
        cd34 = self._read(self.cd34_edit, "CD34+ yield", check.CD34_10E6, cells6, True)
        mnc = self._read(self.mnc_edit, "MNC yield", check.MNC_10E8, cells8, True)
        assert cd34 is not None and mnc is not None  # required=True above
        from dosing.models import ApheresisYield

        return ApheresisYield(date=date, cd34_10e6=cd34, mnc_10e8=mnc)

    def _remove_count(self) -> None:
        rows = self.counts_view.selectionModel().selectedRows()
        if rows:
            row = self.counts_model.row_object(rows[0].row())
            self._counts.pop(row.date, None)
            self._refresh_tables()
            self.changed.emit()

    def _remove_apheresis(self) -> None:
        rows = self.apheresis_view.selectionModel().selectedRows()
        if rows:
            row = self.apheresis_model.row_object(rows[0].row())
            self._apheresis.pop(row.date, None)
            self._refresh_tables()
            self.changed.emit()

    # ---------------------------------------------------------------- reading

    def _refresh_tables(self) -> None:
        self.counts_model.set_rows(self._counts[d] for d in sorted(self._counts))
        self.apheresis_model.set_rows(self._apheresis[d] for d in sorted(self._apheresis))

    def read(self) -> dict[str, Any]:
        return {
            "counts": tuple(self._counts[d] for d in sorted(self._counts)),
            "apheresis": tuple(self._apheresis[d] for d in sorted(self._apheresis)),
        }

    def clear(self) -> None:
        self._counts = {}
        self._apheresis = {}
        self._refresh_tables()
        self._clear_entries()

    def load(self, plan_input: PlanInput) -> None:
        self._counts = {c.date: c for c in plan_input.counts}
        self._apheresis = {a.date: a for a in plan_input.apheresis}
        self._refresh_tables()
        self._clear_entries()

    def _clear_entries(self) -> None:
        """Nothing of the last patient's half-typed entries, their dates or refusals."""
        for edit in (self.wbc_edit, self.anc_edit, self.cd34_edit, self.mnc_edit):
            edit.clear()
        self.count_date.set_value(None)
        self.apheresis_date.set_value(None)
        for widget in list(self._marks):
            self._mark(widget, None)
        self.count_message.show_error(None)
        self.apheresis_message.show_error(None)

    def retranslate_messages(self) -> None:
        """The refusals shown, and the marked fields' tooltips, in the language now set: the
        entry read again (the window's own words in them were in the last language)."""
        readers = (
            (self.count_message, self._read_count),
            (self.apheresis_message, self._read_yield),
        )
        for message, read in readers:
            if message.error is None:
                continue
            try:
                read()
            except InputError as exc:
                message.show_error(exc)
            else:  # corrected since, not added yet: nothing is refused now
                message.show_error(None)

    def show_plan(self, plan: ComputedPlan | None, protocol: Protocol | None = None) -> None:
        """The harvest against its targets and the charts of the plan on screen."""
        harvest_targets = protocol.harvest if protocol is not None else None
        self.show_harvest(
            plan.harvest if plan else None, has_plan=plan is not None, targets=harvest_targets
        )
        self.charts.show_plan(plan, protocol)

    def show_harvest(
        self,
        harvest: HarvestStatus | None,
        has_plan: bool,
        targets: HarvestTargets | None = None,
    ) -> None:
        """The collected cells against the targets, each target with its per-kg basis from
        the protocol (``targets``; the sheets quote the protocol's sentence, which here took
        five more lines of a narrow pane and was cut off)."""
        if not has_plan:
            self.harvest_label.setText("")
            return
        if harvest is None:
            self.harvest_label.setText(self.tr("This protocol has no apheresis harvest."))
            return
        assert targets is not None  # a plan's harvest status comes from its protocol's targets

        def line(
            name: str,
            collected: Decimal,
            per_kg: Decimal,
            target: Decimal,
            target_per_kg: Decimal,
            power: str,
            met: bool,
        ) -> str:
            verdict = (
                "<span style='color:#1e6b34'><b>{}</b></span>".format(self.tr("met"))
                if met
                else "<span style='color:#9b1c1c'><b>{}</b></span>".format(self.tr("not met"))
            )
            template = self.tr(
                "{name}: collected {collected} × 10{power} ({per_kg} × 10{power}/kg); "
                "target more than {target} × 10{power} ({target_per_kg} × 10{power}/kg)"
                " — {verdict}"
            )
            return template.format(
                name=name,
                collected=format_number(collected),
                per_kg=format_number(per_kg),
                target=format_number(target),
                target_per_kg=format_number(target_per_kg),
                power=power,
                verdict=verdict,
            )

        heading = (
            self.tr("<b>Harvest</b> (1 collection)")
            if harvest.collections == 1
            else self.tr("<b>Harvest</b> ({count} collections)").format(count=harvest.collections)
        )
        self.harvest_label.setText(
            heading
            + "<br>"
            + line(
                "CD34+",
                harvest.cd34_collected_10e6,
                harvest.cd34_collected_per_kg_10e6,
                harvest.cd34_target_10e6,
                targets.cd34_per_kg_10e6,
                "⁶",
                harvest.cd34_met,
            )
            + "<br>"
            + line(
                self.tr("Mononuclear cells"),
                harvest.mnc_collected_10e8,
                harvest.mnc_collected_per_kg_10e8,
                harvest.mnc_target_10e8,
                targets.mnc_per_kg_10e8,
                "⁸",
                harvest.mnc_met,
            )
        )
