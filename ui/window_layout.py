"""How the main window is laid out: the schedule and its neighbours, the splitters, the tab
order. Built once by ``MainWindow.__init__``; kept here so the window's own module holds
behaviour, not construction."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui import plan_text, theme
from ui import settings as keys
from ui.fields import InfoText
from ui.models import ScheduleModel, TotalsModel

if TYPE_CHECKING:
    from app.services import PlanMeta
    from ui.main_window import MainWindow


def setup_schedule(window: MainWindow) -> None:
    window.state_banner = QLabel()
    window.state_banner.setObjectName("stateBanner")
    window.state_banner.setAccessibleName("plan state")
    window.banner = QLabel()
    window.banner.setWordWrap(True)
    window.banner.setAccessibleName("input problems")
    window.summary = InfoText(lines=4)
    window.summary.setStyleSheet(theme.SUMMARY_STYLE)
    window.summary.setAccessibleName("anthropometric summary")
    window.schedule_model = ScheduleModel(window)
    window.schedule_view = QTableView()
    window.schedule_view.setObjectName("scheduleView")
    window.schedule_view.setModel(window.schedule_model)
    window.schedule_view.setAccessibleName("schedule: every administration by phase and day")
    window.schedule_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    window.schedule_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    # Long cells are broken into lines by the model; the rest are elided on one line.
    window.schedule_view.setWordWrap(False)
    window.schedule_view.setTabKeyNavigation(False)
    window.schedule_view.verticalHeader().setVisible(False)
    header = window.schedule_view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(ScheduleModel.COL_NOTES, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(60)
    # Widths from the text they must hold (an adjusted dose is bold), so any font and
    # any scaling (150%) keeps every number whole.
    regular = window.schedule_view.fontMetrics()
    bold_font = QFont(window.schedule_view.font())
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
    window.trace_view = QTextBrowser()
    window.trace_view.setObjectName("traceView")
    window.trace_view.setAccessibleName("calculation of the selected dose")
    window.trace_view.setMinimumHeight(90)
    window.totals_model = TotalsModel(window)
    window.totals_view = QTableView()
    window.totals_view.setModel(window.totals_model)
    window.totals_view.setAccessibleName("course totals")
    window.totals_view.setTabKeyNavigation(False)
    window.totals_view.verticalHeader().setVisible(False)
    window.totals_view.setSortingEnabled(False)
    totals_header = window.totals_view.horizontalHeader()
    totals_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    totals_header.setSectionResizeMode(TotalsModel.COL_ITEM, QHeaderView.ResizeMode.Interactive)
    totals_header.resizeSection(TotalsModel.COL_ITEM, window.fontMetrics().averageCharWidth() * 24)
    totals_header.setStretchLastSection(True)
    totals_header.setSectionResizeMode(TotalsModel.COL_TOTAL, QHeaderView.ResizeMode.Interactive)
    totals_header.resizeSection(TotalsModel.COL_TOTAL, window.fontMetrics().averageCharWidth() * 14)
    window.totals_view.verticalHeader().setSectionResizeMode(
        QHeaderView.ResizeMode.ResizeToContents
    )
    window.totals_view.setWordWrap(True)
    window.drug_totals = InfoText(lines=6)
    window.drug_totals.setAccessibleName("cumulative drug totals")


def setup_layout(window: MainWindow) -> None:
    form = QWidget()
    form_layout = QVBoxLayout(form)
    for panel in (window.patient_panel, window.protocol_panel, window.adjustments_panel):
        form_layout.addWidget(panel)
    form_layout.addStretch(1)
    window.form_scroll = QScrollArea()
    window.form_scroll.setWidget(form)
    window.form_scroll.setWidgetResizable(True)
    window.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    schedule_box = QGroupBox("Schedule")
    schedule_layout = QVBoxLayout(schedule_box)
    schedule_layout.addWidget(window.schedule_view)
    totals_box = QGroupBox("Course totals")
    totals_layout = QVBoxLayout(totals_box)
    totals_layout.addWidget(window.totals_view, 1)
    totals_layout.addWidget(window.drug_totals)
    trace_box = QGroupBox("Calculation of the selected dose")
    trace_layout = QVBoxLayout(trace_box)
    trace_layout.addWidget(window.trace_view)
    details = QSplitter(Qt.Orientation.Horizontal)
    details.addWidget(trace_box)
    details.addWidget(totals_box)
    details.setStretchFactor(0, 1)
    details.setStretchFactor(1, 1)
    window.centre_splitter = QSplitter(Qt.Orientation.Vertical)
    window.centre_splitter.addWidget(schedule_box)
    window.centre_splitter.addWidget(details)
    window.centre_splitter.setStretchFactor(0, 3)
    window.centre_splitter.setStretchFactor(1, 1)
    centre = QWidget()
    centre_layout = QVBoxLayout(centre)
    centre_layout.setContentsMargins(0, 0, 0, 0)
    centre_layout.addWidget(window.state_banner)
    centre_layout.addWidget(window.banner)
    centre_layout.addWidget(window.summary)
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
    left = window.form_scroll.widget().sizeHint().width()
    left += window.form_scroll.verticalScrollBar().sizeHint().width() + 6
    window.main_splitter.setSizes([left, window.width() - left - unit * 46, unit * 46])
    window.right_splitter.setSizes([unit * 70, unit * 50])
    window.centre_splitter.setSizes([unit * 85, unit * 38])


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
        window.alerts_panel.view,
        window.alerts_panel.reason_edit,
        window.alerts_panel.ack_button,
        window.alerts_panel.withdraw_button,
        *window.counts_panel.tab_chain(),
    ]
    for earlier, later in itertools.pairwise(chain):
        QWidget.setTabOrder(earlier, later)
    window.tab_chain = chain


def focus_targets(window: MainWindow) -> dict[str, tuple[QWidget | None, QWidget]]:
    """Each pane's (widget to scroll into view, widget to focus) for the View menu."""
    return {
        "patient": (window.patient_panel, window.patient_panel.name_edit),
        "protocol": (None, window.protocol_panel.protocol_combo),
        "schedule": (None, window.schedule_view),
        "alerts": (None, window.alerts_panel.view),
        "adjustments": (window.adjustments_panel, window.adjustments_panel.tab_chain()[0]),
        "counts": (None, window.counts_panel.tabs),
    }


def restore_settings(window: MainWindow) -> None:
    geometry = keys.read(window.settings, keys.GEOMETRY)
    if not geometry.isEmpty():
        window.restoreGeometry(geometry)
    splitter = keys.read(window.settings, keys.MAIN_SPLITTER)
    if not splitter.isEmpty():
        window.main_splitter.restoreState(splitter)
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


def save_settings(window: MainWindow) -> None:
    keys.write(window.settings, keys.GEOMETRY, window.saveGeometry())
    keys.write(window.settings, keys.MAIN_SPLITTER, window.main_splitter.saveState())
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
    """Each changed row as tall as its wrapped lines."""
    header = window.schedule_view.verticalHeader()
    line = window.schedule_view.fontMetrics().lineSpacing()
    for row in rows:
        height = line * window.schedule_model.line_count(row) + line // 2 + 4
        if header.sectionSize(row) != height:
            header.resizeSection(row, height)


def show_plan_state(banner: QLabel, meta: PlanMeta | None, edited: bool) -> None:
    """The coloured banner above the schedule: draft, verified by whom, edited since."""
    kind, words = plan_text.plan_state(meta, edited)
    banner.setText(words)
    banner.setStyleSheet(theme.STATE_STYLES[kind])
