"""The main window: enter a patient, pick a protocol, read every dose day by day.

The window never computes a dose: it builds a ``PlanInput`` from its widgets and asks
``app.services.compute``; while any input is invalid no dose is shown at all (a stale dose
beside a wrong weight is the worst failure this app can have).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from dosing.errors import InputError, MissingInput
from ui import i18n, plan_text, window_layout
from ui import settings as keys
from ui.about import open_log_folder_action
from ui.adjustments_panel import AdjustmentsPanel
from ui.alerts_panel import AlertsPanel
from ui.counts_panel import CountsPanel
from ui.fields import set_invalid
from ui.models import ROW_ROLE, ScheduleRow, schedule_rows
from ui.patient_panel import PatientPanel
from ui.protocol_panel import ProtocolPanel

if TYPE_CHECKING:
    from app.services import PlanMeta
    from dosing.models import ComputedPlan, PlanInput
    from ui.print_dialog import SheetsDialog

# Options a saved plan may carry that have no widget yet: kept as loaded so that a plan
# opened and recomputed is the same plan.
_CARRIED_OPTIONS = ("bsa_decimals", "bsa_cap_m2", "renal_alert_below_ml_min", "reference_weight_kg")
# What the sheets dialog does once its pages are drawn.
_PRINT, _EXPORT = attrgetter("print_pages"), attrgetter("export_pdf")


class MainWindow(QMainWindow):
    """The txdose window; the plan store reaches it through ``ui.store.StoreWindow``."""

    recomputed = Signal()  # after every recompute, valid or not

    def __init__(
        self,
        settings: QSettings | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        user: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else keys.open_settings()
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
        window_layout.setup_schedule(self)

    def _setup_layout(self) -> None:
        window_layout.setup_layout(self)

    def _setup_actions(self) -> None:
        """Every command of the window, declared here once."""
        std = QKeySequence.StandardKey
        specs: list[tuple[str, str, QKeySequence | str | None, Callable[[], Any]]] = [
            (
                "print_preview",
                self.tr("Print Pre&view…"),
                "Ctrl+Shift+P",
                lambda: self._open_sheets(None),
            ),
            (
                "print",
                self.tr("&Print…"),
                QKeySequence(std.Print),
                lambda: self._open_sheets(_PRINT),
            ),
            ("export_pdf", self.tr("&Export PDF…"), "Ctrl+E", lambda: self._open_sheets(_EXPORT)),
            ("quit", self.tr("&Quit"), "Ctrl+Q", self.close),
            ("focus_patient", self.tr("&Patient"), "Ctrl+1", lambda: self._focus("patient")),
            ("focus_protocol", self.tr("P&rotocol"), "Ctrl+2", lambda: self._focus("protocol")),
            ("focus_schedule", self.tr("&Schedule"), "Ctrl+3", lambda: self._focus("schedule")),
            ("focus_alerts", self.tr("&Alerts"), "Ctrl+4", lambda: self._focus("alerts")),
            (
                "focus_adjustments",
                self.tr("A&djustments"),
                "Ctrl+5",
                lambda: self._focus("adjustments"),
            ),
            (
                "focus_counts",
                self.tr("&Counts and harvest"),
                "Ctrl+6",
                lambda: self._focus("counts"),
            ),
            (
                "focus_follow_up",
                self.tr("&Follow-up visits"),
                "Ctrl+7",
                lambda: self._focus("follow_up"),
            ),
            ("about", self.tr("&About txdose"), QKeySequence(std.HelpContents), self.show_about),
            ("about_qt", self.tr("About &Qt"), None, self._about_qt),
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
        self.file_menu: QMenu = self.menuBar().addMenu(self.tr("&File"))
        # New / Open / Save / Verify / History are added above this separator by the store.
        self.store_separator = self.file_menu.addSeparator()
        for name in ("print_preview", "print", "export_pdf"):
            self.file_menu.addAction(actions[name])
        self.file_menu.addSeparator()
        self.file_menu.addAction(actions["quit"])
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        for name in (
            "focus_patient",  # in the order of their shortcuts, Ctrl+1 … Ctrl+7
            "focus_protocol",
            "focus_schedule",
            "focus_alerts",
            "focus_adjustments",
            "focus_counts",
            "focus_follow_up",
        ):
            self.view_menu.addAction(actions[name])
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_menu.addAction(actions["about"])
        self.help_menu.addAction(actions["about_qt"])
        self.help_menu.addAction(open_log_folder_action(self))
        i18n.install(self)  # View → Language, and retranslation on a switch

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
        window_layout.setup_tab_order(self)

    # ---------------------------------------------------------------- settings

    def _restore_settings(self) -> None:
        window_layout.restore_settings(self)

    def save_settings(self) -> None:
        window_layout.save_settings(self)

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
        from app.protocols import load_protocols, protocol_problems

        protocols = load_protocols()
        # A broken protocol file does not stop the window: the others load, it is named.
        self._protocol_problems = [f"{p.source}: {p.reason}" for p in protocol_problems()]
        self._engine_ready = True
        self.protocol_panel.set_protocols(protocols, keys.read(self.settings, keys.PROTOCOL))

    @property
    def engine_ready(self) -> bool:
        return self._engine_ready

    def _protocol_changed(self) -> None:
        self.adjustments_panel.rebuild(self.protocol_panel.protocol(), self.protocol_panel.arm())
        window_layout.fit_form_pane(self)
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
                plan = compute(plan_input, self.protocol_panel.protocol())
            except InputError as exc:
                errors.append(exc)
            except DosingError as exc:
                errors.append(InputError("plan", str(exc)))
            except ValidationError as exc:
                errors.append(InputError("input", exc.errors()[0]["msg"]))
        if errors:
            plan, plan_input = None, None
        # The plan's own input: its acknowledgements bound to the alerts they acknowledged,
        # one whose alert changed withdrawn (dosing.acknowledgements).
        self._input = plan.input if plan is not None else None
        self._show_result(plan, errors)

    # ---------------------------------------------------------------- showing

    def _show_result(self, plan: ComputedPlan | None, errors: list[InputError]) -> None:
        self._plan = plan
        self.errors = errors
        self._mark_fields(errors)
        previous = self._selected_key()
        if plan is None:
            self.schedule_model.set_rows([])
            self.totals_model.set_rows([])
            self.summary.setText(
                self.tr("No doses are shown until every input is valid.")
                if self._engine_ready
                else self.tr("Loading protocols…")
            )
            self._set_trace("")
            self.alerts_panel.show_alerts(None)
            self.counts_panel.show_plan(None)
        else:
            changed = self.schedule_model.update_rows(schedule_rows(plan))
            self._fit_rows(changed)
            self.totals_model.update_rows(i for i in plan.items if i.course_total is not None)
            self.summary.setText(plan_text.plan_summary_html(plan))
            self.alerts_panel.show_alerts(plan.alerts)
            self.counts_panel.show_plan(plan, self.protocol_panel.protocol())
            self._select_key(previous)
        self.follow_up_panel.show_plan(plan)
        can_print = plan is not None
        for name in ("print_preview", "print", "export_pdf"):
            self.actions_by_name[name].setEnabled(can_print)
        # After the summary's words: the input message takes its room while there is no plan.
        window_layout.show_message(self, errors, has_plan=plan is not None)
        self._update_title()
        self.recomputed.emit()

    def _mark_fields(self, errors: list[InputError]) -> None:
        messages: dict[str, str] = {}
        for error in errors:
            if not isinstance(error, MissingInput):
                messages.setdefault(error.field, plan_text.error_text(error))
        for field, widget in self._field_widgets().items():
            set_invalid(widget, messages.get(field))

    def _apply_spans(self) -> None:
        window_layout.apply_spans(self)

    def _fit_rows(self, rows: list[int]) -> None:
        window_layout.fit_rows(self, rows)

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
                if self.schedule_view.currentIndex().row() != number:  # selecting costs 2 ms
                    self.schedule_view.selectRow(number)
                self._show_trace()
                return

    def _show_trace(self) -> None:
        index = self.schedule_view.currentIndex()
        row: ScheduleRow | None = index.data(ROW_ROLE) if index.isValid() else None
        if row is None or row.admin is None:
            self._set_trace(self.tr("<p>Select a dose to see how it was calculated.</p>"))
            return
        self._set_trace(plan_text.trace_html(row.admin, row.item))

    def _set_trace(self, text: str) -> None:
        if text != self._trace_html:  # re-laying out the same text costs a millisecond
            self._trace_html = text
            self.trace_view.setText(text)

    def _update_title(self) -> None:
        patient, meta = self.patient_panel, self._meta
        edited = self._plan is not None and meta is not None and not self._meta_matches()
        title = plan_text.window_title(
            patient.name_edit.text(), patient.mrn_edit.text(), meta, edited
        )
        self.setWindowTitle(title)
        window_layout.show_plan_state(self.state_banner, meta, edited)

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
        window_layout.show_plan(self)
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
        self.row_fitter.settle()  # a plan loaded is not a field typed in: rows fitted exactly

    def clear_inputs(self) -> None:
        """File → New: nothing of the previous patient (dates, adjustments, counts,
        acknowledgements) carries over; the protocol stays (a ward plans the same one)."""
        window_layout.show_plan(self)
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
                self, "txdose", self.tr("There is no plan to print: fix the marked inputs first.")
            )
            return None
        dialog = SheetsDialog(plan, meta, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    def _open_sheets(self, then: Callable[[SheetsDialog], Callable[[], Any]] | None) -> None:
        """The sheets dialog (a preview), and once its pages are drawn ``then`` (print or
        export) if asked."""
        dialog = self.open_sheets_dialog()
        if dialog is not None:
            dialog.open()
            if then is not None:
                dialog.rendered.connect(then(dialog), Qt.ConnectionType.SingleShotConnection)

    # ---------------------------------------------------------------- focus and help

    def _focus(self, pane: str) -> None:
        """Ctrl+1…7: the first field of a pane, scrolled (or its tab brought) into view."""
        window_layout.show_plan(self)
        scroll_to, first = window_layout.focus_targets(self)[pane]
        window_layout.reveal(first)
        if scroll_to is not None:
            self.form_scroll.ensureWidgetVisible(scroll_to)
        first.setFocus()

    def about_text(self) -> str:
        from ui.about import about_text

        return about_text()

    def show_about(self) -> None:
        from ui.about import AboutDialog

        dialog = AboutDialog(self.about_text(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _about_qt(self) -> None:
        QMessageBox.aboutQt(self, self.tr("About Qt"))
