"""A keystroke recomputes and refits only what it changed (issue 14: keystroke latency), and
what it shows is exactly what a full refit would show: the same row heights as Qt's own
``resizeRowToContents``, the same column widths as fitting the table afresh."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from conftest import open_window
from PySide6.QtCore import Qt

from dosing.models import Reduction
from ui.column_fit import ColumnFitter
from ui.models import ScheduleModel
from ui.screenshot import demo_input


def _heights(view: Any) -> list[int]:
    return [view.rowHeight(row) for row in range(view.model().rowCount())]


def _qt_heights(view: Any) -> list[int]:
    for row in range(view.model().rowCount()):
        view.resizeRowToContents(row)
    return _heights(view)


def test_rows_refitted_from_changed_cells_match_qt(qtbot: Any, isolated_qsettings: Any) -> None:
    """Typed weights (each one recomputes the plan) and a reduction reason that grows the
    ATG dose cell from one line to several, then back: after each, every row is as tall
    as Qt makes it, and the columns as wide as a fresh fit makes them."""
    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    window.resize(1280, 800)
    window.load_input(demo_input())
    view = window.schedule_view
    edit = window.patient_panel.weight.edit
    edit.setFocus()
    edit.end(False)
    for key in (Qt.Key.Key_Backspace, Qt.Key.Key_7, Qt.Key.Key_Backspace, Qt.Key.Key_8):
        qtbot.keyClick(edit, key)
        qtbot.wait(1)  # the column refit runs when the event loop is next idle
        shown = _heights(view)
        assert shown == _qt_heights(view)
    assert window.current_plan() is not None
    reason = "platelets 45 × 10⁹/L on two counts, " * 6
    long_reason = demo_input().model_copy(
        update={"reductions": {"atg": Reduction(percent=Decimal(75), reason=reason)}}
    )
    for plan_input in (long_reason, demo_input()):
        window.load_input(plan_input)
        qtbot.wait(1)
        shown = _heights(view)
        assert shown == _qt_heights(view)
        widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
        fresh = ColumnFitter(
            view,
            priority=[ScheduleModel.COL_VOLUME, ScheduleModel.COL_RATE, ScheduleModel.COL_ROUTE,
                      ScheduleModel.COL_DURATION, ScheduleModel.COL_DOSE, ScheduleModel.COL_DRUG],
            stretch=ScheduleModel.COL_NOTES,
        )  # fmt: skip
        fresh.fit()
        assert [view.columnWidth(c) for c in range(view.model().columnCount())] == widths
        fresh.deleteLater()


def test_the_long_reason_made_the_atg_rows_taller(qtbot: Any, isolated_qsettings: Any) -> None:
    """The check above means something: the reason does change the ATG rows' height."""
    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    window.resize(1280, 800)
    window.load_input(demo_input())
    qtbot.wait(1)
    rows = [
        i for i, r in enumerate(window.schedule_model.rows()) if r.admin and r.admin.item == "atg"
    ]
    short = [window.schedule_view.rowHeight(r) for r in rows]
    reason = "platelets 45 × 10⁹/L on two counts, " * 6
    window.load_input(
        demo_input().model_copy(
            update={"reductions": {"atg": Reduction(percent=Decimal(75), reason=reason)}}
        )
    )
    qtbot.wait(1)
    tall = [window.schedule_view.rowHeight(r) for r in rows]
    assert all(t > s for t, s in zip(tall, short, strict=True)), (short, tall)


def test_alerts_updated_in_place_keep_their_rows_fitted(qtbot: Any) -> None:
    """The alerts are updated in place after a keystroke (no reset): an alert whose words
    grow still gets the height of its wrapped lines (18 px for one line here, more after)."""
    from dosing.models import Alert
    from ui.alerts_panel import AlertsPanel

    panel = AlertsPanel("tester")
    qtbot.addWidget(panel)
    panel.resize(260, 500)
    panel.show()
    alert = Alert(severity="soft", code="bmi-high", message="BMI 46")
    panel.show_alerts((alert,))
    qtbot.wait(1)
    one_line = panel.view.rowHeight(0)
    panel.show_alerts((alert.model_copy(update={"message": "BMI 46, check the weight. " * 8}),))
    qtbot.wait(1)
    assert panel.view.rowHeight(0) > 2 * one_line
    assert panel.model.index(0, 1).data().startswith("BMI 46, check")
