"""How the main window is laid out: the schedule and its neighbours, the splitters, the tab
order. Built once by ``MainWindow.__init__``; kept here so the window's own module holds
behaviour, not construction."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import plan_text, theme
from ui import settings as keys
from ui.column_fit import ColumnFitter
from ui.compact import FormScrollArea
from ui.follow_up_panel import FollowUpPanel
from ui.i18n import translate
from ui.info_text import InfoText, UnitText, forget_heights
from ui.message_slot import MessageSlot
from ui.models import ScheduleModel
from ui.row_fit import RowFitter
from ui.totals_model import TotalsModel
from ui.whole_rows import WholeRowsPage

if TYPE_CHECKING:
    from app.services import PlanMeta
    from dosing.errors import InputError
    from ui.main_window import MainWindow


def setup_schedule(window: MainWindow) -> None:
    window.state_banner = QLabel()
    window.state_banner.setObjectName("stateBanner")
    # It names the verifier as the store has it: shown as it is, never read as markup.
    window.state_banner.setTextFormat(Qt.TextFormat.PlainText)
    window.state_banner.setAccessibleName(translate("MainWindow", "plan state"))
    window.banner = QLabel()
    window.banner.setWordWrap(True)
    window.banner.setAccessibleName(translate("MainWindow", "input problems"))
    window.summary = InfoText(lines=4)
    window.summary.setStyleSheet(theme.SUMMARY_STYLE)
    window.summary.setAccessibleName(
        translate(
            "MainWindow", "plan summary: body measures, dosing weights, cumulative drug totals"
        )
    )
    window.schedule_model = ScheduleModel(window)
    window.schedule_view = QTableView()
    window.schedule_view.setObjectName("scheduleView")
    window.schedule_view.setModel(window.schedule_model)
    window.schedule_view.setAccessibleName(
        translate("MainWindow", "schedule: every administration by phase and day")
    )
    window.schedule_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    window.schedule_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    window.schedule_view.setTabKeyNavigation(False)
    window.schedule_view.verticalHeader().setVisible(False)
    # Numbers and units whole first (Volume, Rate, Duration), then the dose (a reduced dose
    # and its reason ran to ten lines in a column left the least room), the route and the
    # drug; the condition column takes what is left and wraps.
    window.schedule_fitter = ColumnFitter(
        window.schedule_view,
        priority=[
            ScheduleModel.COL_VOLUME,
            ScheduleModel.COL_RATE,
            ScheduleModel.COL_DURATION,
            ScheduleModel.COL_DOSE,
            ScheduleModel.COL_ROUTE,
            ScheduleModel.COL_DRUG,
        ],
        stretch=ScheduleModel.COL_NOTES,
        fit_changed_rows=False,  # fit_rows below, at once, for the rows a recompute changed
    )
    window.row_fitter = RowFitter(window.schedule_view)
    # The rows a field's typing kept taller settle once the focus leaves it (fit_rows).
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.focusChanged.connect(window.row_fitter.settle)
    window.trace_view = UnitText()
    window.trace_view.setObjectName("traceView")
    window.trace_view.setAccessibleName(translate("MainWindow", "calculation of the selected dose"))
    window.trace_view.setMinimumHeight(90)
    window.totals_model = TotalsModel(window)
    window.totals_view = QTableView()
    window.totals_view.setModel(window.totals_model)
    window.totals_view.setAccessibleName(translate("MainWindow", "course totals"))
    window.totals_view.setTabKeyNavigation(False)
    window.totals_view.verticalHeader().setVisible(False)
    window.totals_view.setSortingEnabled(False)
    window.totals_fitter = ColumnFitter(
        window.totals_view,
        # "2 days" whole first (a few pixels), then the per-kg figure, then the total (an
        # open course's total is a sentence, which would take all the room).
        priority=[TotalsModel.COL_DAYS, TotalsModel.COL_PER_BASIS, TotalsModel.COL_TOTAL],
        stretch=TotalsModel.COL_ITEM,
    )
    window.follow_up_panel = FollowUpPanel()


def setup_layout(window: MainWindow) -> None:
    form = QWidget()
    form_layout = QVBoxLayout(form)
    for panel in (window.patient_panel, window.protocol_panel, window.adjustments_panel):
        form_layout.addWidget(panel)
    form_layout.addStretch(1)
    # At 1280 × 800 the schedule needs the width: a label goes above its field rather than
    # beside it when the form pane is narrow.
    for layout in form.findChildren(QFormLayout):
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    # Up and down only: the form's rows wrap to the pane's width, never scroll sideways.
    window.form_scroll = FormScrollArea(form)

    schedule_box = QGroupBox(translate("MainWindow", "Schedule"))
    schedule_layout = QVBoxLayout(schedule_box)
    schedule_layout.addWidget(window.schedule_view)
    # Untitled: the tab is named "Course totals" (a title here repeated it and took a line).
    # By whole rows: the top row shown is never cut, nor the bottom one (the page's height
    # is cut to whole rows).
    window.totals_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
    totals_box = WholeRowsPage(window.totals_view)
    trace_box = QGroupBox(translate("MainWindow", "Calculation of the selected dose"))
    trace_layout = QVBoxLayout(trace_box)
    trace_layout.addWidget(window.trace_view)
    # The follow-up visits on a tab beside the totals: the schedule keeps its height.
    window.details_tabs = QTabWidget()
    window.details_tabs.setObjectName("detailsTabs")
    window.details_tabs.setDocumentMode(True)
    window.details_tabs.tabBar().setAccessibleName(
        translate("MainWindow", "course totals or follow-up visits")
    )
    window.details_tabs.addTab(totals_box, translate("MainWindow", "Course totals"))
    window.details_tabs.addTab(window.follow_up_panel, translate("MainWindow", "Follow-up visits"))
    details = QSplitter(Qt.Orientation.Horizontal)
    details.addWidget(trace_box)
    details.addWidget(window.details_tabs)
    # The totals carry four columns of numbers; the trace wraps.
    details.setStretchFactor(0, 2)
    details.setStretchFactor(1, 3)
    window.details_splitter = details
    window.centre_splitter = QSplitter(Qt.Orientation.Vertical)
    window.centre_splitter.addWidget(schedule_box)
    window.centre_splitter.addWidget(details)
    window.centre_splitter.setStretchFactor(0, 3)
    window.centre_splitter.setStretchFactor(1, 1)
    centre = QWidget()
    centre_layout = QVBoxLayout(centre)
    centre_layout.setContentsMargins(0, 0, 0, 0)
    centre_layout.addWidget(window.state_banner)
    # The input message in the summary's room: the schedule stays put as it comes and goes.
    window.message_slot = MessageSlot(window.banner, window.summary)
    centre_layout.addWidget(window.message_slot)
    centre_layout.addWidget(window.centre_splitter, 1)

    window.right_splitter = QSplitter(Qt.Orientation.Vertical)
    window.right_splitter.addWidget(window.alerts_panel)
    window.right_splitter.addWidget(window.counts_panel)
    window.main_splitter = QSplitter(Qt.Orientation.Horizontal)
    for widget, stretch in ((window.form_scroll, 0), (centre, 1), (window.right_splitter, 0)):
        window.main_splitter.addWidget(widget)
        window.main_splitter.setStretchFactor(window.main_splitter.count() - 1, stretch)
    window.main_splitter.setChildrenCollapsible(False)
    window.setCentralWidget(window.main_splitter)
    unit = window.fontMetrics().averageCharWidth()
    width, height = min(1580, unit * 260), min(980, unit * 160)
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    if screen is not None:  # at 150% a laptop screen is smaller than the layout wants
        width, height = min(width, screen.width()), min(height, screen.height())
    window.resize(width, height)
    left = window.form_scroll.sizeHint().width()
    left = min(left, max(unit * 46, window.form_scroll.minimumSizeHint().width()))
    # The right-hand panes at a fixed width: they wrap their messages rather than widen.
    # Fixed on the panes, not on their splitter: a splitter sets its own maximum from its
    # children's when shown, which lifted the limit (238 px at 1280 × 800, not 204).
    right = unit * 34
    for pane in (window.alerts_panel, window.counts_panel):
        pane.setFixedWidth(right)
    window.main_splitter.setSizes([left, window.width() - left - right, right])
    window.details_splitter.setSizes([unit * 40, unit * 60])
    window.right_splitter.setSizes([unit * 70, unit * 50])
    window.centre_splitter.setSizes([unit * 85, unit * 38])


def fit_form_pane(window: MainWindow) -> None:
    """The form pane at least as wide as its form now needs (a protocol's adjustments were
    built, or its words retranslated), at once: the splitter would widen it by itself only
    at a later event, re-laying out the window under the first keystroke."""
    if window.form_scroll.width() < window.form_scroll.minimumSizeHint().width():
        window.main_splitter.refresh()  # its sizes kept (restored ones too), its minimums read


def setup_tab_order(window: MainWindow) -> None:
    """Reading order: patient, protocol, adjustments, schedule, alerts, counts."""
    patient = window.patient_panel
    protocol = window.protocol_panel
    chain: list[QWidget] = [
        *patient.tab_chain(),
        protocol.protocol_combo,
        protocol.arm_combo,
        protocol.bsa_combo,
        protocol.weight_rule_combo,
        protocol.day0_edit,
        protocol.mobilization_edit,
        protocol.treatment_edit,
        *window.adjustments_panel.tab_chain(),
        window.schedule_view,
        window.trace_view,
        window.totals_view,
        window.details_tabs.tabBar(),
        window.alerts_panel.view,
        window.alerts_panel.reason_edit,
        window.alerts_panel.ack_button,
        window.alerts_panel.withdraw_button,
        *window.counts_panel.tab_chain(),
    ]
    for earlier, later in itertools.pairwise(chain):
        QWidget.setTabOrder(earlier, later)
    window.tab_chain = chain
    # Tab leaves the alerts table for the acknowledgement reason (it moved from cell to
    # cell inside the table, and never reached the field the table is for).
    window.alerts_panel.view.setTabKeyNavigation(False)
    keep_commands_over_fields(window)


class CommandKeys(QObject):
    """The window's commands win over a text field's own use of their keys: on X11 a line
    edit takes Ctrl+E (end of line) and Ctrl+H (backspace) for itself, so Export did
    nothing while the caret was in a field. Installed on each text field of the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        assert isinstance(event, QKeyEvent)
        pressed = QKeySequence(event.keyCombination())
        for action in self._window.actions():
            if action.isEnabled() and any(
                s.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                for s in action.shortcuts()
            ):
                return True  # not offered to the field: the window's shortcut fires
        return False


def keep_commands_over_fields(window: MainWindow) -> None:
    """Every text field of the window (the adjustments' are rebuilt with the protocol)."""
    keys_filter = getattr(window, "command_keys", None)
    if keys_filter is None:
        keys_filter = window.command_keys = CommandKeys(window)
    for field in window.findChildren(QLineEdit) + window.findChildren(QAbstractSpinBox):
        field.installEventFilter(keys_filter)


def focus_targets(window: MainWindow) -> dict[str, tuple[QWidget | None, QWidget]]:
    """Each pane's (widget to scroll into view, widget to focus) for the View menu."""
    return {
        "patient": (window.patient_panel, window.patient_panel.name_edit),
        "protocol": (None, window.protocol_panel.protocol_combo),
        "schedule": (None, window.schedule_view),
        "alerts": (None, window.alerts_panel.view),
        "adjustments": (window.adjustments_panel, window.adjustments_panel.tab_chain()[0]),
        "counts": (None, window.counts_panel.tabs),
        "follow_up": (None, window.follow_up_panel.view),
    }


def reveal(widget: QWidget) -> None:
    """Bring ``widget``'s tab forward in every tab widget it is on (the follow-up visits
    behind the course totals), so focusing it shows it."""
    below: list[QWidget] = [widget]  # a tab's page sits in the tab widget's own stack
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            for page in below:
                if parent.indexOf(page) >= 0:
                    parent.setCurrentWidget(page)
        below.append(parent)
        parent = parent.parentWidget()


def restore_settings(window: MainWindow) -> None:
    geometry = keys.read(window.settings, keys.GEOMETRY)
    if not geometry.isEmpty():
        window.restoreGeometry(geometry)
    for key, splitter in _splitters(window):
        state = keys.read(window.settings, key)
        if not state.isEmpty():
            splitter.restoreState(state)
    window.protocol_panel.bsa_combo.setCurrentIndex(
        max(
            0,
            window.protocol_panel.bsa_combo.findData(keys.read(window.settings, keys.BSA_FORMULA)),
        )
    )
    for field, key in (
        (window.patient_panel.weight, keys.WEIGHT_UNIT),
        (window.patient_panel.height, keys.HEIGHT_UNIT),
        (window.patient_panel.creatinine, keys.CREATININE_UNIT),
    ):
        field.set_base_value(None, keys.read(window.settings, key))


def _splitters(window: MainWindow) -> list[tuple[keys.Key, QSplitter]]:
    """Each splitter's key for this screen's size: panes dragged wider on a 1920 × 1200
    monitor are not forced onto a 1280 × 800 laptop."""
    screen = window.screen()
    size = screen.availableGeometry().size() if screen is not None else None
    suffix = f"/{size.width()}x{size.height()}" if size is not None else ""
    return [
        (keys.Key(f"{keys.MAIN_SPLITTER.name}{suffix}", keys.MAIN_SPLITTER.default), splitter)
        if name == "main"
        else (keys.Key(f"window/{name}_splitter{suffix}", keys.MAIN_SPLITTER.default), splitter)
        for name, splitter in (
            ("main", window.main_splitter),
            ("centre", window.centre_splitter),
            ("details", window.details_splitter),
        )
    ]


def save_settings(window: MainWindow) -> None:
    keys.write(window.settings, keys.GEOMETRY, window.saveGeometry())
    for key, splitter in _splitters(window):
        keys.write(window.settings, key, splitter.saveState())
    protocol = window.protocol_panel.protocol_combo.currentData()
    if protocol:
        keys.write(window.settings, keys.PROTOCOL, protocol)
    keys.write(window.settings, keys.BSA_FORMULA, window.protocol_panel.bsa_combo.currentData())
    keys.write(window.settings, keys.WEIGHT_UNIT, window.patient_panel.weight.unit.currentText())
    keys.write(window.settings, keys.HEIGHT_UNIT, window.patient_panel.height.unit.currentText())
    keys.write(
        window.settings, keys.CREATININE_UNIT, window.patient_panel.creatinine.unit.currentText()
    )
    window.settings.sync()


def apply_spans(window: MainWindow) -> None:
    """Day headings span the table (after a reset: the rows are new)."""
    view, model = window.schedule_view, window.schedule_model
    view.clearSpans()
    columns = model.columnCount()
    for row, entry in enumerate(model.rows()):
        if entry.is_group:
            view.setSpan(row, 0, 1, columns)


def fit_rows(window: MainWindow, rows: list[int]) -> None:
    """Each changed row as tall as its wrapped lines (at the columns' current widths). While
    a text field has the focus (a weight being typed), a row grows but does not shrink: 60.
    kg between 60 and 60.5 took three lines from each ATG dose and gave them back, and every
    row below moved twice; the rows settle when the focus leaves the field."""
    typing = isinstance(QApplication.focusWidget(), (QLineEdit, QAbstractSpinBox))
    window.row_fitter.fit(rows, window.schedule_model.last_changed_cells, hold=typing)


def show_plan_state(banner: QLabel, meta: PlanMeta | None, edited: bool) -> None:
    """The coloured banner above the schedule: draft, verified by whom, edited since."""
    kind, words = plan_text.plan_state(meta, edited)
    show_label(banner, theme.STATE_STYLES[kind], words)


def show_message(window: MainWindow, errors: list[InputError], has_plan: bool) -> None:
    """The input message (refused or missing inputs, a protocol file not loaded), in the
    summary's room while there is no plan (``MessageSlot``)."""
    style, text = plan_text.banner(errors, getattr(window, "_protocol_problems", ()))
    show_label(window.banner, style, text)
    window.message_slot.show_message(has_plan)


def show_label(label: QLabel, style: str, text: str) -> None:
    """A banner's words and colours, set only when they change: setting a style sheet,
    even the same one, re-polishes the label and repaints the whole window (each keystroke
    did, twice)."""
    if label.styleSheet() != style:
        label.setStyleSheet(style)
    if label.text() != text:
        label.setText(text)
    label.setVisible(bool(text))


def show_plan(window: MainWindow) -> None:
    """The plan page, when the worklist (``ui.worklist``) is installed: a plan was loaded,
    New was chosen or a pane was asked for from the View menu."""
    # Its columns by its own widest lines, and its texts as tall as they need, not what the
    # last plan's typing reached.
    window.schedule_fitter.share_afresh()
    window.totals_fitter.share_afresh()
    forget_heights(window)
    pages = getattr(window, "pages", None)
    if pages is not None:
        pages.setCurrentIndex(0)
