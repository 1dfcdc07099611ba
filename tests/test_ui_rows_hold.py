"""While a field is being typed in, the schedule's rows grow but do not shrink (issue 14:
keystroke latency, and a schedule that does not move under the reader's eyes). Typing 60.5 kg
goes through 60. kg: the ATG dose reads "75% of protocol dose 150 mg" at 60 kg and "150.5 mg,
rounded 150 mg" at 60.2 kg, three lines more in its column at 1280 × 800, so each ATG row grew
and shrank by 42 px with every other keystroke. With the ATG row in view every row below it
moved and was repainted (18–24 ms a keystroke, against 14–15 ms with it out of view). The
rows keep the height they reached until the focus leaves the field; then each is as tall as
Qt's own ``resizeRowToContents`` makes it again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from ui.screenshot import demo_input


def _atg_rows(window: Any) -> list[int]:
    return [
        number
        for number, row in enumerate(window.schedule_model.rows())
        if row.admin is not None and row.admin.item == "atg"
    ]


def _qt_heights(view: Any) -> list[int]:
    """What Qt fits each row to, the view's own heights left as they were."""
    shown = [view.rowHeight(row) for row in range(view.model().rowCount())]
    fitted = []
    for row in range(len(shown)):
        view.resizeRowToContents(row)
        fitted.append(view.rowHeight(row))
    for row, height in enumerate(shown):
        view.setRowHeight(row, height)
    return fitted


def test_rows_do_not_shrink_while_a_weight_is_typed(qtbot: Any, isolated_qsettings: Any) -> None:
    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    window.resize(1280, 800)
    window.load_input(demo_input())
    view = window.schedule_view
    atg = _atg_rows(window)
    view.scrollTo(view.model().index(atg[0], 0), QAbstractItemView.ScrollHint.PositionAtTop)
    edit = window.patient_panel.weight.edit
    edit.setFocus()
    edit.end(False)
    QApplication.processEvents()
    at_60 = [view.rowHeight(row) for row in atg]
    assert edit.text() == "60"
    qtbot.keyClick(edit, Qt.Key.Key_Period)
    qtbot.keyClick(edit, Qt.Key.Key_2)
    qtbot.wait(1)
    at_60_2 = [view.rowHeight(row) for row in atg]
    assert all(t > s for t, s in zip(at_60_2, at_60, strict=True)), (at_60, at_60_2)
    first_below = view.rowViewportPosition(atg[0] + 1)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # 60. kg: the ATG dose is short again
    qtbot.wait(1)
    assert window.current_plan() is not None
    assert "rounded" not in window.schedule_model.dose_text(window.schedule_model.rows()[atg[0]])
    assert [view.rowHeight(row) for row in atg] == at_60_2  # kept: nothing below moved
    assert view.rowViewportPosition(atg[0] + 1) == first_below
    # Every row at least as tall as its words need: growing only, nothing is cut.
    fitted = _qt_heights(view)
    shown = [view.rowHeight(row) for row in range(len(fitted))]
    assert all(s >= f for s, f in zip(shown, fitted, strict=True))
    # The focus leaves the field: every row as Qt fits it, the ATG rows at their 60 kg height.
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.wait(1)
    assert not edit.hasFocus()
    assert [view.rowHeight(row) for row in range(len(fitted))] == _qt_heights(view)
    assert [view.rowHeight(row) for row in atg] == at_60


def test_a_plan_loaded_while_a_field_has_the_focus_is_fitted_exactly(
    qtbot: Any, isolated_qsettings: Any
) -> None:
    """Another plan is not typing: its rows are as Qt fits them at once."""
    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    window.resize(1280, 800)
    window.load_input(demo_input())
    edit = window.patient_panel.weight.edit
    edit.setFocus()
    edit.end(False)
    qtbot.keyClick(edit, Qt.Key.Key_Period)
    qtbot.keyClick(edit, Qt.Key.Key_2)
    qtbot.wait(1)
    window.load_input(demo_input())
    qtbot.wait(1)
    view = window.schedule_view
    assert [view.rowHeight(row) for row in range(view.model().rowCount())] == _qt_heights(view)
