"""The course totals at workstation sizes (issue 14: "at 1280 × 800 and at 150% every number
is visible"). The cumulative drug totals sat below the course totals on the same tab page and
took six of its lines: at 1280 × 800 the table showed one of the plan's seven course totals,
the rest behind its scroll bar, in English and in Chinese. The cumulative totals are now in the
summary above the schedule, with the dosing weights they are computed from, and the table has
the page to itself."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from test_ui_layout import window  # noqa: F401  (the fixture: four sizes and languages)

from ui import i18n
from ui.main_window import MainWindow
from ui.screenshot import demo_input


@pytest.fixture
def demo(window: MainWindow) -> MainWindow:  # noqa: F811
    """The plan of the README's screenshot: a reduced ATG, seven course totals."""
    window.load_input(demo_input())
    for _ in range(5):
        QApplication.processEvents()
    assert window.totals_model.rowCount() == 7
    return window


def _whole_rows_shown(shown: MainWindow) -> int:
    view = shown.totals_view
    height = view.viewport().height()
    return sum(
        1
        for row in range(shown.totals_model.rowCount())
        if 0 <= view.rowViewportPosition(row)
        and view.rowViewportPosition(row) + view.rowHeight(row) <= height
    )


def test_the_course_totals_have_their_page_to_themselves(demo: MainWindow) -> None:
    """Nothing else on the page: the table reaches down to within one row of the page's
    bottom (cut to whole rows), and at 1280 × 800 it shows three rows in English, two in
    Chinese, where it showed one (each row of two or three lines: 29 + 43 + 43 px)."""
    page = demo.details_tabs.widget(0)
    view = demo.totals_view
    assert [w for w in page.children() if w is not view and w.isWidgetType()] == []
    next_row = demo.totals_model.rowCount()
    shown = _whole_rows_shown(demo)
    if shown < next_row:
        next_row = view.rowAt(0) + shown
        assert page.height() - view.geometry().bottom() <= view.rowHeight(next_row) + 8
    least = 3 if i18n.current_language() == "en" else 2
    assert shown >= least


def test_the_cumulative_totals_are_in_the_summary(demo: MainWindow) -> None:
    """16,240 mg = 2 × 3,320 mg (mobilization, 2 g/m² × 1.66 m²) + 4 × 2,400 mg
    (conditioning, 40 mg/kg × 60 kg): in the summary above the schedule, every line shown."""
    text = demo.summary.text()
    if i18n.current_language() == "en":
        assert "Cumulative Cyclophosphamide: 16,240 mg in this plan" in text
        assert "Cumulative Rabbit anti-thymocyte globulin (ATG): 345 mg in this plan" in text
    else:
        assert "环磷酰胺累积量：本计划 16,240 mg" in text
    needed = demo.summary.document().size().height()
    assert needed <= demo.summary.viewport().height()


def test_a_typed_weight_changes_the_cumulative_totals_above_the_schedule(
    qtbot: Any,
    demo: MainWindow,
) -> None:
    """70 kg: conditioning 4 × 40 mg/kg × 70 kg = 11,200 mg; mobilization unchanged at
    2 × 3,320 mg (by BSA, 1.66 m² at 60 kg → Mosteller √(165 × 70 / 3600) = 1.79 m²,
    2 g/m² × 1.79 = 3,580 mg): 2 × 3,580 + 11,200 = 18,360 mg."""
    edit = demo.patient_panel.weight.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "70")
    for _ in range(3):
        QApplication.processEvents()
    if i18n.current_language() == "en":
        assert "Cumulative Cyclophosphamide: 18,360 mg in this plan" in demo.summary.text()
