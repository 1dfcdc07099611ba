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
            priority=[ScheduleModel.COL_VOLUME, ScheduleModel.COL_RATE, ScheduleModel.COL_DURATION,
                      ScheduleModel.COL_DOSE, ScheduleModel.COL_ROUTE, ScheduleModel.COL_DRUG],
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
    assert (
        panel.model.index(0, 1).data().startswith("Soft · BMI 46, check")
    )  # the severity leads it
    # The rows are fitted by the panel (no ResizeToContents header): as tall as Qt's own
    # fit, and refitted when the message column widens.
    fitted = panel.view.rowHeight(0)
    panel.view.resizeRowToContents(0)
    assert panel.view.rowHeight(0) == fitted
    panel.resize(520, 500)
    qtbot.wait(1)
    assert panel.view.rowHeight(0) < fitted
    wide = panel.view.rowHeight(0)
    panel.view.resizeRowToContents(0)
    assert panel.view.rowHeight(0) == wide


def test_a_row_resized_below_the_view_repaints_only_the_changed_cells(
    qtbot: Any, isolated_qsettings: Any
) -> None:
    """The ATG rows of days -5 … -3 (below a 1280 × 800 view) change height as a typed
    weight re-wraps their dose; Qt repaints the whole viewport for any row resized in a
    table with spans. Here each keystroke repaints only the dose, volume and rate cells it
    changed (well under half the viewport). While the weight is typed those rows only grow
    (tests/test_ui_rows_hold.py); when the focus leaves the field at 60. kg they shrink,
    below the view, and nothing in view is repainted for it; the heights match Qt's fit."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QPaintEvent

    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    window.resize(1280, 800)
    window.load_input(demo_input())
    qtbot.wait(1)
    view = window.schedule_view
    viewport = view.viewport()
    painted: list[int] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                assert isinstance(event, QPaintEvent)
                painted.append(sum(r.width() * r.height() for r in event.region()))
            return False

    watcher = Paints()
    viewport.installEventFilter(watcher)
    edit = window.patient_panel.weight.edit
    edit.setFocus()
    edit.setText("60.5")
    edit.end(False)
    qtbot.wait(1)
    below = view.rowAt(viewport.height() - 1)
    atg = [
        i for i, r in enumerate(window.schedule_model.rows()) if r.admin and r.admin.item == "atg"
    ]
    keys = (Qt.Key.Key_Backspace, Qt.Key.Key_1, Qt.Key.Key_Backspace, Qt.Key.Key_9)
    # Once: a rate or a dose wider than any before widens its column (repainting it all);
    # the columns then keep their widths while the same doses are typed again.
    for key in keys:
        qtbot.keyClick(edit, key)
        qtbot.wait(1)
    widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
    repainted: list[int] = []
    for key in (*keys, Qt.Key.Key_Backspace, Qt.Key.Key_Tab):  # 60. kg, then the next field
        before = _heights(view)
        painted.clear()
        qtbot.keyClick(edit, key)
        qtbot.wait(1)
        after = _heights(view)
        moved = {row for row in range(len(after)) if after[row] != before[row]}
        # (60.1 kg shows the doses in view as 60 kg does: nothing to repaint then.)
        assert max(painted, default=0) < viewport.width() * viewport.height() / 2, painted
        repainted.extend(painted)
        if key == Qt.Key.Key_Tab:  # the rows typed taller settle, every one below the view
            assert moved and all(row > below for row in moved), (moved, below)
            assert all(after[row] < before[row] for row in moved)
        else:
            assert moved == set() or all(after[r] > before[r] for r in moved), moved
    assert repainted, "the changed doses were repainted"
    assert [view.columnWidth(c) for c in range(view.model().columnCount())] == widths
    assert moved <= set(atg)
    viewport.removeEventFilter(watcher)
    assert _heights(view) == _qt_heights(view)


def test_a_typed_weight_repaints_its_own_note_not_the_other_fields(qtbot: Any) -> None:
    """Each keystroke reads every field of the patient form. Typing a weight changes its
    "= … lb" note (60.5 kg → 60.1 kg: 133.38 → 132.5 lb); the height's "= 65 in", the
    creatinine's "= 79.6 µmol/L" and the age box are read but not set again, so they are
    not repainted (setting a label, even to its own text, repainted the form around it)."""
    from PySide6.QtCore import QEvent, QObject

    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    window.resize(1280, 800)
    window.load_input(demo_input())
    panel = window.patient_panel
    edit = panel.weight.edit
    edit.setFocus()
    edit.setText("60.5")
    edit.end(False)
    qtbot.wait(1)
    watched = {
        "weight note": panel.weight.note,
        "height note": panel.height.note,
        "creatinine note": panel.creatinine.note,
        "age": panel.age_box,
    }
    painted: list[str] = []

    class Paints(QObject):
        def eventFilter(self, widget: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.extend(name for name, w in watched.items() if w is widget)
            return False

    watcher = Paints()
    for widget in watched.values():
        widget.installEventFilter(watcher)
    for key in (Qt.Key.Key_Backspace, Qt.Key.Key_1):
        qtbot.keyClick(edit, key)
        qtbot.wait(1)
    assert panel.weight.note.text() == "= 132.5 lb"
    assert (panel.height.note.text(), panel.creatinine.note.text()) == ("= 65 in", "= 79.6 µmol/L")
    assert set(painted) == {"weight note"}, painted
    for widget in watched.values():
        widget.removeEventFilter(watcher)


def test_course_totals_refitted_in_place_match_qt(qtbot: Any, isolated_qsettings: Any) -> None:
    """The course totals change with every typed weight (60 → 60. → 60.5 → 60. → 60.8 kg)
    and are refitted from per-cell height hints, not by Qt for every cell; after each
    keystroke every totals row is as tall as Qt's own ``resizeRowToContents`` makes it."""
    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    window.resize(1280, 800)
    window.load_input(demo_input())
    view = window.totals_view
    edit = window.patient_panel.weight.edit
    edit.setFocus()
    edit.end(False)
    for key in (Qt.Key.Key_Period, Qt.Key.Key_5, Qt.Key.Key_Backspace, Qt.Key.Key_8):
        qtbot.keyClick(edit, key)
        qtbot.wait(1)
        assert view.model().rowCount() > 1
        assert _heights(view) == _qt_heights(view)
    assert edit.text() == "60.8"


def test_a_row_refitted_in_place_by_a_column_fitter_is_announced(qtbot: Any) -> None:
    """A table whose rows others follow (the course totals, cut to whole rows by the page
    it is on) has a row made taller in place: the row is as tall as Qt makes it, and the
    height change is announced (``sectionResized``), so the page re-places the table."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = QStandardItemModel(3, 2)
    for row in range(3):
        model.setItem(row, 0, QStandardItem(f"Item {row}"))
        model.setItem(row, 1, QStandardItem("6,640 mg"))
    view = QTableView()
    view.setModel(model)
    ColumnFitter(view, priority=[1], stretch=0)
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.show()
    qtbot.wait(10)
    resized: list[int] = []
    view.verticalHeader().sectionResized.connect(lambda row, _old, _new: resized.append(row))
    before = view.rowHeight(1)
    model.item(1, 0).setText("Cyclophosphamide (mobilization) and (conditioning) totals")
    qtbot.wait(10)
    assert view.rowHeight(1) > before
    assert 1 in resized
    assert _heights(view) == _qt_heights(view)
