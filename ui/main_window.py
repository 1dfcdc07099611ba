"""The main window: enter a patient, pick a protocol, read every dose day by day.

The window never computes a dose: it builds a ``PlanInput`` from its widgets and asks
``app.services.compute``; while any input is invalid no dose is shown at all (a stale dose
beside a wrong weight is the worst failure this app can have).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dosing.display import format_number
from dosing.errors import InputError
from ui import settings as keys
from ui import theme
from ui.about import open_log_folder_action
from ui.adjustments_panel import AdjustmentsPanel
from ui.alerts_panel import AlertsPanel
from ui.counts_panel import CountsPanel
from ui.fields import InfoText, set_invalid
from ui.formatting import weight_rule_text
from ui.models import ROW_ROLE, ScheduleModel, ScheduleRow, TotalsModel, schedule_rows
from ui.patient_panel import PatientPanel
from ui.protocol_panel import ProtocolPanel

if TYPE_CHECKING:
    from app.services import PlanMeta
    from dosing.models import ComputedPlan, PlanInput

# Options a saved plan may carry that have no widget yet: kept as loaded so that a plan
# opened and recomputed is the same plan.
_CARRIED_OPTIONS = ("bsa_decimals", "bsa_cap_m2", "renal_alert_below_ml_min")


class MainWindow(QMainWindow):
    """The txdose window. Contract used by the plan store (``ui/store_actions.py``):
    ``file_menu``, ``current_input()``, ``current_plan()``, ``load_input()``,
    ``set_plan_meta()``."""

    recomputed = Signal()  # after every recompute, valid or not

    def __init__(
        self,
        settings: QSettings | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        user: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else keys.open_settings()
        self._today = today
        self._user = user
        self._plan: ComputedPlan | None = None
        self._input: PlanInput | None = None
        self._meta: PlanMeta | None = None
        self._carried: dict[str, Any] = {}
        self._loading = False
        self._engine_ready = False
        self._trace_html = ""
        self._hashed: tuple[ComputedPlan, str] | None = None
        self.errors: list[InputError] = []
        self._setup_panels()
        self._setup_schedule()
        self._setup_layout()
        self._setup_actions()
        self._setup_menus()
        self._setup_connections()
        self._setup_tab_order()
        self._restore_settings()
        self._show_result(None, [])
        self._update_title()

    # ---------------------------------------------------------------- setup

    def _setup_panels(self) -> None:
        self.patient_panel = PatientPanel()
        self.protocol_panel = ProtocolPanel()
        self.adjustments_panel = AdjustmentsPanel()
        self.alerts_panel = AlertsPanel(self._user)
        self.counts_panel = CountsPanel()

    def _setup_schedule(self) -> None:
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("input problems")
        self.summary = InfoText(lines=4)
        self.summary.setStyleSheet(theme.SUMMARY_STYLE)
        self.summary.setAccessibleName("anthropometric summary")
        self.schedule_model = ScheduleModel(self)
        self.schedule_view = QTableView()
        self.schedule_view.setObjectName("scheduleView")
        self.schedule_view.setModel(self.schedule_model)
        self.schedule_view.setAccessibleName("schedule: every administration by phase and day")
        self.schedule_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.schedule_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Long cells are broken into lines by the model; the rest are elided on one line.
        self.schedule_view.setWordWrap(False)
        self.schedule_view.setTabKeyNavigation(False)
        self.schedule_view.verticalHeader().setVisible(False)
        header = self.schedule_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ScheduleModel.COL_NOTES, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        # Widths from the text they must hold (an adjusted dose is bold), so any font and
        # any scaling (150%) keeps every number whole.
        regular = self.schedule_view.fontMetrics()
        bold_font = QFont(self.schedule_view.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        samples = {
            ScheduleModel.COL_DRUG: (regular, "Rabbit anti-thymocyte"),
            ScheduleModel.COL_DOSE: (bold, "1,800 mg (75% of protocol"),
            ScheduleModel.COL_ROUTE: (regular, "subcutaneous"),
            ScheduleModel.COL_VOLUME: (regular, "3,000 mL"),
            ScheduleModel.COL_RATE: (regular, "250.0 mL/h"),
            ScheduleModel.COL_DURATION: (regular, "over 24 hours"),
        }
        for column, (metrics, sample) in samples.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 10)
        self.trace_view = QTextBrowser()
        self.trace_view.setObjectName("traceView")
        self.trace_view.setAccessibleName("calculation of the selected dose")
        self.trace_view.setMinimumHeight(90)
        self.totals_model = TotalsModel(self)
        self.totals_view = QTableView()
        self.totals_view.setModel(self.totals_model)
        self.totals_view.setAccessibleName("course totals")
        self.totals_view.setTabKeyNavigation(False)
        self.totals_view.verticalHeader().setVisible(False)
        self.totals_view.setSortingEnabled(False)
        totals_header = self.totals_view.horizontalHeader()
        totals_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        totals_header.setSectionResizeMode(TotalsModel.COL_ITEM, QHeaderView.ResizeMode.Interactive)
        totals_header.resizeSection(
            TotalsModel.COL_ITEM, self.fontMetrics().averageCharWidth() * 24
        )
        totals_header.setStretchLastSection(True)
        totals_header.setSectionResizeMode(
            TotalsModel.COL_TOTAL, QHeaderView.ResizeMode.Interactive
        )
        totals_header.resizeSection(
            TotalsModel.COL_TOTAL, self.fontMetrics().averageCharWidth() * 14
        )
        self.totals_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.totals_view.setWordWrap(True)
        self.drug_totals = InfoText(lines=6)
        self.drug_totals.setAccessibleName("cumulative drug totals")

    def _setup_layout(self) -> None:
        form = QWidget()
        form_layout = QVBoxLayout(form)
        for panel in (self.patient_panel, self.protocol_panel, self.adjustments_panel):
            form_layout.addWidget(panel)
        form_layout.addStretch(1)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        schedule_box = QGroupBox("Schedule")
        schedule_layout = QVBoxLayout(schedule_box)
        schedule_layout.addWidget(self.schedule_view)
        totals_box = QGroupBox("Course totals")
        totals_layout = QVBoxLayout(totals_box)
        totals_layout.addWidget(self.totals_view, 1)
        totals_layout.addWidget(self.drug_totals)
        trace_box = QGroupBox("Calculation of the selected dose")
        trace_layout = QVBoxLayout(trace_box)
        trace_layout.addWidget(self.trace_view)
        details = QSplitter(Qt.Orientation.Horizontal)
        details.addWidget(trace_box)
        details.addWidget(totals_box)
        details.setStretchFactor(0, 1)
        details.setStretchFactor(1, 1)
        self.centre_splitter = QSplitter(Qt.Orientation.Vertical)
        self.centre_splitter.addWidget(schedule_box)
        self.centre_splitter.addWidget(details)
        self.centre_splitter.setStretchFactor(0, 3)
        self.centre_splitter.setStretchFactor(1, 1)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.banner)
        centre_layout.addWidget(self.summary)
        centre_layout.addWidget(self.centre_splitter, 1)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.addWidget(self.alerts_panel)
        self.right_splitter.addWidget(self.counts_panel)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((self.form_scroll, 0), (centre, 1), (self.right_splitter, 0)):
            self.main_splitter.addWidget(widget)
            self.main_splitter.setStretchFactor(self.main_splitter.count() - 1, stretch)
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)
        unit = self.fontMetrics().averageCharWidth()
        width, height = min(1580, unit * 260), min(980, unit * 160)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:  # at 150% a laptop screen is smaller than the layout wants
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)
        left = self.form_scroll.widget().sizeHint().width()
        left += self.form_scroll.verticalScrollBar().sizeHint().width() + 6
        self.main_splitter.setSizes([left, self.width() - left - unit * 46, unit * 46])
        self.right_splitter.setSizes([unit * 70, unit * 50])
        self.centre_splitter.setSizes([unit * 85, unit * 38])

    def _setup_actions(self) -> None:
        """Every command of the window, declared here once."""
        std = QKeySequence.StandardKey
        specs: list[tuple[str, str, QKeySequence | str | None, Callable[[], Any]]] = [
            ("print_preview", "Print Pre&view…", "Ctrl+Shift+P", self.print_preview),
            ("print", "&Print…", QKeySequence(std.Print), self.print_plan),
            ("export_pdf", "&Export PDF…", "Ctrl+E", self.export_pdf),
            ("quit", "&Quit", "Ctrl+Q", self.close),
            ("focus_patient", "&Patient", "Ctrl+1", self._focus_patient),
            ("focus_protocol", "P&rotocol", "Ctrl+2", self._focus_protocol),
            ("focus_schedule", "&Schedule", "Ctrl+3", self._focus_schedule),
            ("focus_alerts", "&Alerts", "Ctrl+4", self._focus_alerts),
            ("focus_adjustments", "A&djustments", "Ctrl+5", self._focus_adjustments),
            ("focus_counts", "&Counts and harvest", "Ctrl+6", self._focus_counts),
            ("about", "&About txdose", QKeySequence(std.HelpContents), self.show_about),
            ("about_qt", "About &Qt", None, self._about_qt),
        ]
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, shortcut, slot in specs:
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            self.actions_by_name[name] = action
            self.addAction(action)

    def _setup_menus(self) -> None:
        actions = self.actions_by_name
        self.file_menu: QMenu = self.menuBar().addMenu("&File")
        # New / Open / Save / Verify / History are added above this separator by the store.
        self.store_separator = self.file_menu.addSeparator()
        for name in ("print_preview", "print", "export_pdf"):
            self.file_menu.addAction(actions[name])
        self.file_menu.addSeparator()
        self.file_menu.addAction(actions["quit"])
        self.view_menu = self.menuBar().addMenu("&View")
        for name in (
            "focus_patient",
            "focus_protocol",
            "focus_adjustments",
            "focus_schedule",
            "focus_alerts",
            "focus_counts",
        ):
            self.view_menu.addAction(actions[name])
        self.help_menu = self.menuBar().addMenu("&Help")
        self.help_menu.addAction(actions["about"])
        self.help_menu.addAction(actions["about_qt"])
        self.help_menu.addAction(open_log_folder_action(self))

    def _setup_connections(self) -> None:
        for panel in (
            self.patient_panel,
            self.protocol_panel,
            self.adjustments_panel,
            self.alerts_panel,
            self.counts_panel,
        ):
            panel.changed.connect(self.recompute)
        self.protocol_panel.protocol_changed.connect(self._protocol_changed)
        self.schedule_view.selectionModel().currentRowChanged.connect(self._show_trace)
        self.schedule_model.modelReset.connect(self._apply_spans)

    def _setup_tab_order(self) -> None:
        """Reading order: patient, protocol, adjustments, schedule, alerts, counts."""
        patient = self.patient_panel
        protocol = self.protocol_panel
        chain: list[QWidget] = [
            patient.name_edit,
            patient.mrn_edit,
            patient.dob_edit,
            patient.age_spin,
            patient.sex_combo,
            patient.weight.edit,
            patient.weight.unit,
            patient.height.edit,
            patient.height.unit,
            patient.weigh_date_edit,
            patient.creatinine.edit,
            patient.creatinine.unit,
            patient.prior_cy_edit,
            protocol.protocol_combo,
            protocol.arm_combo,
            protocol.bsa_combo,
            protocol.weight_rule_combo,
            protocol.day0_edit,
            protocol.mobilization_edit,
            protocol.treatment_edit,
            *self.adjustments_panel.tab_chain(),
            self.schedule_view,
            self.trace_view,
            self.totals_view,
            self.alerts_panel.view,
            self.alerts_panel.reason_edit,
            self.alerts_panel.ack_button,
            self.alerts_panel.withdraw_button,
            *self.counts_panel.tab_chain(),
        ]
        for earlier, later in itertools.pairwise(chain):
            QWidget.setTabOrder(earlier, later)
        self.tab_chain = chain

    # ---------------------------------------------------------------- settings

    def _restore_settings(self) -> None:
        geometry = keys.read(self._settings, keys.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = keys.read(self._settings, keys.MAIN_SPLITTER)
        if not splitter.isEmpty():
            self.main_splitter.restoreState(splitter)
        self.protocol_panel.bsa_combo.setCurrentIndex(
            max(
                0,
                self.protocol_panel.bsa_combo.findData(keys.read(self._settings, keys.BSA_FORMULA)),
            )
        )
        for field, key in (
            (self.patient_panel.weight, keys.WEIGHT_UNIT),
            (self.patient_panel.height, keys.HEIGHT_UNIT),
            (self.patient_panel.creatinine, keys.CREATININE_UNIT),
        ):
            field.set_base_value(None, keys.read(self._settings, key))

    def save_settings(self) -> None:
        keys.write(self._settings, keys.GEOMETRY, self.saveGeometry())
        keys.write(self._settings, keys.MAIN_SPLITTER, self.main_splitter.saveState())
        protocol = self.protocol_panel.protocol_combo.currentData()
        if protocol:
            keys.write(self._settings, keys.PROTOCOL, protocol)
        keys.write(self._settings, keys.BSA_FORMULA, self.protocol_panel.bsa_combo.currentData())
        keys.write(self._settings, keys.WEIGHT_UNIT, self.patient_panel.weight.unit.currentText())
        keys.write(self._settings, keys.HEIGHT_UNIT, self.patient_panel.height.unit.currentText())
        keys.write(
            self._settings, keys.CREATININE_UNIT, self.patient_panel.creatinine.unit.currentText()
        )
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)

    # ---------------------------------------------------------------- engine

    def load_engine(self) -> None:
        """Load the protocols (and with them pydantic and the engine), then compute.

        Called just after the first paint, so the window appears before the engine's
        import cost is paid.
        """
        if self._engine_ready:
            return
        from app.protocols import load_protocols

        protocols = load_protocols()
        self._engine_ready = True
        self.protocol_panel.set_protocols(protocols, keys.read(self._settings, keys.PROTOCOL))

    @property
    def engine_ready(self) -> bool:
        return self._engine_ready

    def _protocol_changed(self) -> None:
        self.adjustments_panel.rebuild(self.protocol_panel.protocol(), self.protocol_panel.arm())
        self._setup_tab_order()

    def _field_widgets(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = {}
        for panel in (self.patient_panel, self.protocol_panel, self.adjustments_panel):
            widgets.update(panel.field_widgets())
        return widgets

    def recompute(self) -> None:
        """Build the input from every widget and compute; on any invalid input, no doses."""
        if self._loading:
            return
        if not self._engine_ready:
            self._show_result(None, [])
            return
        from pydantic import ValidationError

        from app.services import compute
        from dosing.errors import DosingError
        from dosing.models import PlanInput

        errors: list[InputError] = []
        patient = self.patient_panel.read(self._today(), errors)
        options = self.protocol_panel.read(errors)
        adjustments = self.adjustments_panel.read(errors)
        counts = self.counts_panel.read()
        plan: ComputedPlan | None = None
        plan_input: PlanInput | None = None
        if not errors:
            try:
                plan_input = PlanInput(
                    protocol_id=self.protocol_panel.protocol_combo.currentData(),
                    patient=patient,
                    options={**self._carried, **options},
                    acknowledgements=self.alerts_panel.acknowledgements(),
                    **adjustments,
                    **counts,
                )
                plan = compute(plan_input)
            except InputError as exc:
                errors.append(exc)
            except DosingError as exc:
                errors.append(InputError("plan", str(exc)))
            except ValidationError as exc:
                errors.append(InputError("input", exc.errors()[0]["msg"]))
        if errors:
            plan, plan_input = None, None
        self._input = plan_input
        self._show_result(plan, errors)

    # ---------------------------------------------------------------- showing

    def _show_result(self, plan: ComputedPlan | None, errors: list[InputError]) -> None:
        self._plan = plan
        self.errors = errors
        self._mark_fields(errors)
        self._show_banner(errors)
        previous = self._selected_key()
        if plan is None:
            self.schedule_model.set_rows([])
            self.totals_model.set_rows([])
            self.summary.setText(
                "No doses are shown until every input is valid."
                if self._engine_ready
                else "Loading protocols…"
            )
            self.drug_totals.setText("")
            self._set_trace("")
            self.alerts_panel.show_alerts(None)
            self.counts_panel.show_harvest(None, has_plan=False)
        else:
            changed = self.schedule_model.update_rows(schedule_rows(plan))
            self._fit_rows(changed)
            self.totals_model.set_rows(i for i in plan.items if i.course_total is not None)
            self.summary.setText(self._summary_html(plan))
            self.drug_totals.setText(
                "<br>".join(
                    f"<b>Cumulative {html.escape(d.name)}</b>: {html.escape(d.display)}"
                    for d in plan.drug_totals
                )
            )
            self.alerts_panel.show_alerts(plan.alerts)
            self.counts_panel.show_harvest(plan.harvest, has_plan=True)
            self._select_key(previous)
        can_print = plan is not None
        for name in ("print_preview", "print", "export_pdf"):
            self.actions_by_name[name].setEnabled(can_print)
        self._update_title()
        self.recomputed.emit()

    def _mark_fields(self, errors: list[InputError]) -> None:
        messages: dict[str, str] = {}
        for error in errors:
            if not _is_missing(error):
                messages.setdefault(error.field, str(error))
        for field, widget in self._field_widgets().items():
            set_invalid(widget, messages.get(field))

    def _show_banner(self, errors: list[InputError]) -> None:
        invalid = [e for e in errors if not _is_missing(e)]
        missing = [e for e in errors if _is_missing(e)]
        if invalid:
            self.banner.setStyleSheet(theme.ERROR_BANNER_STYLE)
            lines = [f"<b>{_esc(e.field)}</b>: {_esc(e.message)}" for e in invalid + missing]
            text = "<b>Doses cleared</b> — fix the marked input:<br>" + "<br>".join(lines)
        elif missing:
            self.banner.setStyleSheet(theme.MISSING_BANNER_STYLE)
            text = "To compute the plan, enter: " + "; ".join(
                f"<b>{_esc(e.field)}</b> ({_esc(e.message.removeprefix('is missing: '))})"
                for e in missing
            )
        else:
            text = ""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _summary_html(self, plan: ComputedPlan) -> str:
        values = plan.anthropometrics
        formula = values.bsa_formula.value.replace("-", "–").title()
        parts = [
            f"<b>BSA</b> {format_number(values.bsa_m2)} m² ({formula}"
            + (", capped" if values.bsa_capped else "")
            + f"; unrounded {format_number(values.bsa_unrounded_m2)})",
            f"<b>IBW</b> {format_number(values.ibw_kg)} kg",
            f"<b>AdjBW</b> {format_number(values.adjbw_kg)} kg "
            f"(factor {format_number(values.adjbw_factor)})",
            f"<b>BMI</b> {format_number(values.bmi)} kg/m²",
        ]
        if values.crcl_ml_min is not None:
            parts.append(
                f"<b>CrCl</b> {format_number(values.crcl_ml_min)} mL/min (Cockcroft–Gault)"
            )
        if values.egfr_ml_min_173m2 is not None:
            parts.append(
                f"<b>eGFR</b> {format_number(values.egfr_ml_min_173m2)} "
                "mL/min/1.73 m² (CKD-EPI 2021)"
            )
        weights: list[str] = []
        for item in plan.items:
            if item.dosing_weight_kg is not None:
                text = (
                    f"{html.escape(item.name)} {format_number(item.dosing_weight_kg)} kg "
                    f"({weight_rule_text(item.dosing_weight_rule)})"
                )
                if text not in weights:
                    weights.append(text)
        line = " · ".join(parts)
        if weights:
            line += "<br><b>Dosing weight</b>: " + " · ".join(weights)
        return line

    def _apply_spans(self) -> None:
        """Day headings span the table (after a reset: the rows are new)."""
        view, model = self.schedule_view, self.schedule_model
        view.clearSpans()
        columns = model.columnCount()
        for row, entry in enumerate(model.rows()):
            if entry.is_group:
                view.setSpan(row, 0, 1, columns)

    def _fit_rows(self, rows: list[int]) -> None:
        """Each changed row as tall as its wrapped lines."""
        header = self.schedule_view.verticalHeader()
        line = self.schedule_view.fontMetrics().lineSpacing()
        for row in rows:
            height = line * self.schedule_model.line_count(row) + line // 2 + 4
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)

    def _selected_key(self) -> tuple[str, int | None, str] | None:
        index = self.schedule_view.currentIndex()
        row: ScheduleRow | None = index.data(ROW_ROLE) if index.isValid() else None
        if row is None or row.admin is None:
            return None
        return (row.admin.item, row.admin.day, row.admin.status)

    def _select_key(self, key: tuple[str, int | None, str] | None) -> None:
        if key is None:
            return
        for number, row in enumerate(self.schedule_model.rows()):
            admin = row.admin
            if admin is not None and (admin.item, admin.day, admin.status) == key:
                self.schedule_view.selectRow(number)
                self._show_trace()
                return

    def _show_trace(self) -> None:
        index = self.schedule_view.currentIndex()
        row: ScheduleRow | None = index.data(ROW_ROLE) if index.isValid() else None
        if row is None or row.admin is None:
            self._set_trace("<p>Select a dose to see how it was calculated.</p>")
            return
        admin, item = row.admin, row.item
        e = html.escape
        lines = [f"<b>{e(admin.name)} — {e(admin.day_label)}</b>"]
        if admin.dose is not None:
            lines.append(f"<b>Dose</b>: {e(admin.dose.display)}")
        lines.append(f"<b>Calculation</b>: {e(admin.trace)}")
        if admin.dosing_weight_kg is not None:
            lines.append(
                f"<b>Dosing weight</b>: {format_number(admin.dosing_weight_kg)} kg "
                f"({e(weight_rule_text(admin.dosing_weight_rule))})"
            )
        for label, value in (
            ("Chosen", admin.chosen_value),
            ("Presentation", admin.presentation),
            ("Condition", admin.condition),
            ("Note", admin.note),
        ):
            if value:
                lines.append(f"<b>{label}</b>: {e(value)}")
        if item is not None:
            lines.append(f"<b>Protocol dose</b>: {e(item.protocol_dose_text)}")
            lines.append(f"<i>Source ({e(item.seed)}): “{e(item.quote)}”</i>")
        self._set_trace("<br>".join(lines))

    def _set_trace(self, text: str) -> None:
        if text != self._trace_html:  # re-laying out the same text costs a millisecond
            self._trace_html = text
            self.trace_view.setHtml(text)

    def _update_title(self) -> None:
        patient = self.patient_panel
        parts = ["txdose"]
        name, mrn = patient.name_edit.text().strip(), patient.mrn_edit.text().strip()
        if name or mrn:
            parts.append(f"{name or 'unnamed'}" + (f" (MRN {mrn})" if mrn else ""))
        meta = self._meta
        if meta is not None:
            status = meta.status + (f" v{meta.version}" if meta.version is not None else "")
            if self._plan is not None and meta.content_hash and not self._meta_matches():
                status += ", edited — not saved"
            parts.append(status)
        self.setWindowTitle(" — ".join(parts))

    def _meta_matches(self) -> bool:
        return (
            self._meta is not None
            and self._plan is not None
            and self._meta.content_hash == self._content_hash(self._plan)
        )

    def _content_hash(self, plan: ComputedPlan) -> str:
        """``plan_content_hash`` of the plan on screen, computed once per plan."""
        from app.services import plan_content_hash

        if self._hashed is None or self._hashed[0] is not plan:
            self._hashed = (plan, plan_content_hash(plan))
        return self._hashed[1]

    # ---------------------------------------------------------------- the store's contract

    def current_input(self) -> PlanInput | None:
        """The input of the plan on screen; None while any input is invalid."""
        return self._input

    def current_plan(self) -> ComputedPlan | None:
        return self._plan

    def load_input(self, plan_input: PlanInput) -> None:
        """Fill every widget from a saved plan's input, then recompute once."""
        self.load_engine()
        self._loading = True
        try:
            self.protocol_panel.load(plan_input.protocol_id, plan_input.options)
            self.patient_panel.load(plan_input.patient)
            self.adjustments_panel.load(plan_input)
            self.counts_panel.load(plan_input)
            self.alerts_panel.load(plan_input.acknowledgements)
            self._carried = {name: getattr(plan_input.options, name) for name in _CARRIED_OPTIONS}
        finally:
            self._loading = False
        self.recompute()

    def clear_inputs(self) -> None:
        """File → New: empty the patient, the plan's dates, adjustments, counts and
        acknowledgements, so nothing of the previous patient carries into the next plan.
        The protocol and its options stay chosen (a ward usually plans the same protocol)."""
        self._loading = True
        try:
            self.patient_panel.clear()
            self.protocol_panel.clear_dates()
            self.adjustments_panel.clear()
            self.counts_panel.clear()
            self.alerts_panel.load(())
            self._carried = {}
        finally:
            self._loading = False
        self.recompute()

    def set_plan_meta(self, meta: PlanMeta | None) -> None:
        """The saved plan's identity and status (title bar; printed sheets)."""
        self._meta = meta
        self._update_title()

    def plan_meta(self) -> PlanMeta | None:
        return self._meta

    # ---------------------------------------------------------------- print and export

    def print_meta(self) -> PlanMeta | None:
        """What the sheets say about the plan on screen. A saved plan keeps its status only
        while the screen still shows exactly the saved plan; anything else is a draft."""
        from app.services import PlanMeta

        if self._plan is None:
            return None
        now = dt.datetime.now().astimezone()
        if self._meta is not None and self._meta_matches():
            return self._meta.model_copy(update={"printed_at": now})
        return PlanMeta(
            status="draft",
            content_hash=self._content_hash(self._plan),
            printed_at=now,
            prepared_by=self._user or None,
        )

    def open_sheets_dialog(self) -> Any:
        from ui.print_dialog import SheetsDialog

        plan, meta = self._plan, self.print_meta()
        if plan is None or meta is None:
            QMessageBox.information(
                self, "txdose", "There is no plan to print: fix the marked inputs first."
            )
            return None
        dialog = SheetsDialog(plan, meta, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    def print_preview(self) -> None:
        dialog = self.open_sheets_dialog()
        if dialog is not None:
            dialog.open()

    def print_plan(self) -> None:
        dialog = self.open_sheets_dialog()
        if dialog is not None:
            dialog.open()
            dialog.rendered.connect(dialog.print_pages, Qt.ConnectionType.SingleShotConnection)

    def export_pdf(self) -> None:
        dialog = self.open_sheets_dialog()
        if dialog is not None:
            dialog.open()
            dialog.rendered.connect(dialog.export_pdf, Qt.ConnectionType.SingleShotConnection)

    # ---------------------------------------------------------------- focus and help

    def _focus_patient(self) -> None:
        self.form_scroll.ensureWidgetVisible(self.patient_panel)
        self.patient_panel.name_edit.setFocus()

    def _focus_protocol(self) -> None:
        self.protocol_panel.protocol_combo.setFocus()

    def _focus_schedule(self) -> None:
        self.schedule_view.setFocus()

    def _focus_alerts(self) -> None:
        self.alerts_panel.view.setFocus()

    def _focus_adjustments(self) -> None:
        chain = self.adjustments_panel.tab_chain()
        self.form_scroll.ensureWidgetVisible(self.adjustments_panel)
        chain[0].setFocus()

    def _focus_counts(self) -> None:
        self.counts_panel.tabs.setFocus()

    def about_text(self) -> str:
        from app.protocols import load_protocols, source_text
        from ui.about import about_html

        protocols = load_protocols()
        seeds = {seed for p in protocols.values() for seed in p.seeds}
        return about_html(protocols, {seed: source_text(seed) for seed in sorted(seeds)})

    def show_about(self) -> None:
        from ui.about import AboutDialog

        dialog = AboutDialog(self.about_text(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _about_qt(self) -> None:
        QMessageBox.aboutQt(self, "About Qt")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _is_missing(error: InputError) -> bool:
    return error.message.startswith("is missing")
