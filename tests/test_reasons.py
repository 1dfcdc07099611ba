"""Issue 11: every adjustment needs a real reason — a few visible characters once zero-width
and other default-ignorable code points are removed — in the engine, the store and the
window, not only on the command line.

Window patient: female, 35 y, 60 kg, 165 cm, day 0 Mon 12 Apr 2027 (ATG 2.5 mg/kg × 60 kg
= 150 mg on day −4…−2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from test_store_support import _isolated_user_dirs, db_url, plan_input

from app.store.service import Store, open_store
from dosing.errors import InputError
from dosing.models import Acknowledgement, DroppedDay, PlanInput, Reduction
from ui.main_window import MainWindow

__all__ = ["_isolated_user_dirs", "db_url"]

ZERO_WIDTH = "\u200b\u200b\u200b\u200b"  # four zero-width spaces: nothing visible
JOINERS = "\u2060\ufe0f\u200d"  # word joiner, variation selector, zero-width joiner

NO_REASONS: list[tuple[dict[str, Any], str]] = [
    ({"dropped_days": (DroppedDay(item="atg", day=-2),)}, "drop atg"),
    ({"dropped_days": (DroppedDay(item="atg", day=-2, reason=ZERO_WIDTH),)}, "drop atg"),
    ({"dropped_days": (DroppedDay(item="atg", day=-2, reason="ok"),)}, "drop atg"),
    ({"reductions": {"atg": Reduction(percent=Decimal(75), reason=ZERO_WIDTH)}}, "reduce atg"),
    ({"reductions": {"atg": Reduction(percent=Decimal(75), reason=f"a{JOINERS}b")}}, "reduce atg"),
    (
        {"acknowledgements": (Acknowledgement(code="bmi-extreme", reason=" \u200b "),)},
        "acknowledge bmi-extreme",
    ),
    (
        {"acknowledgements": (Acknowledgement(code="bmi-extreme", reason="ok\u202e!"),)},
        "acknowledge bmi-extreme",
    ),
]


def _with(changes: dict[str, Any]) -> PlanInput:
    return plan_input().model_copy(update=changes)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.mark.parametrize(("changes", "field"), NO_REASONS)
def test_the_store_refuses_an_adjustment_without_a_real_reason(
    store: Store, changes: dict[str, Any], field: str
) -> None:
    """Before: a dropped day with no reason, or a zero-width space as one, was saved (and the
    verified nurse sheet printed "Reason: no reason recorded"). Nothing is written."""
    with pytest.raises(InputError) as refused:
        store.save_new(_with(changes), user="alice")
    assert refused.value.field == field
    assert store.list_plans() == []
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(InputError) as refused:
        store.save_version(plan_id, _with(changes), base_version=1, user="alice")
    assert refused.value.field == field
    assert [v.version for v in store.history(plan_id)] == [1]


def test_a_real_reason_is_kept_as_typed(store: Store) -> None:
    changes = {"dropped_days": (DroppedDay(item="atg", day=-2, reason="fever 39.2 °C"),)}
    plan_id = store.save_new(_with(changes), user="alice").plan_id
    (dropped,) = store.get(plan_id).plan_input.dropped_days
    assert dropped.reason == "fever 39.2 °C"


# ---------------------------------------------------------------- the window

TODAY = dt.date(2027, 3, 1)


def _type(qtbot: Any, widget: Any, text: str) -> None:
    """Type ``text`` as key presses. QTest's keyClicks knows only ASCII, so a character
    beyond it (a zero-width space) is one key event carrying that text, as a keyboard layout
    or an input method delivers it."""
    widget.setFocus()
    widget.selectAll()
    if not text:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def window(qtbot: Any, isolated_qsettings: Any) -> MainWindow:
    window = open_window(qtbot, user="tester", today=lambda: TODAY)
    patient = window.patient_panel
    _type(qtbot, patient.name_edit, "J. Doe")
    _type(qtbot, patient.mrn_edit, "123")
    patient.dob_edit.set_value(dt.date(1991, 6, 2))
    patient.sex_combo.setCurrentIndex(patient.sex_combo.findData("female"))
    window.protocol_panel.day0_edit.set_value(dt.date(2027, 4, 12))
    window.protocol_panel.mobilization_edit.set_value(dt.date(2027, 3, 1))
    _type(qtbot, patient.weight.edit, "60")
    _type(qtbot, patient.height.edit, "165")
    return window


@pytest.mark.parametrize("reason", ["", ZERO_WIDTH, "ok", "  \u2060  "])
def test_the_window_refuses_a_dropped_day_without_a_reason(
    qtbot: Any, window: MainWindow, reason: str
) -> None:
    """Before: Drop day with an empty reason dropped ATG on day −2 with no reason."""
    panel = window.adjustments_panel
    panel.drop_combo.setCurrentIndex(panel.drop_combo.findData("atg@-2"))
    _type(qtbot, panel.drop_reason, reason)
    qtbot.mouseClick(panel.drop_button, Qt.MouseButton.LeftButton)
    assert panel.drop_list.count() == 0
    message = panel.drop_message.text()
    assert message.startswith("Not dropped — a reason is required")
    assert panel.drop_message.isVisible()
    assert panel.drop_reason.property("invalid") is True
    assert panel.drop_reason.hasFocus()
    plan_input = window.current_input()
    assert plan_input is not None and plan_input.dropped_days == ()
    # ATG still three days of 150 mg: nothing was dropped.
    plan = window.current_plan()
    assert plan is not None
    atg = [a for a in plan.administrations if a.item == "atg"]
    assert [a.status for a in atg] == ["scheduled"] * 3

    # A real reason then drops it, and the message goes.
    _type(qtbot, panel.drop_reason, "fever 39.2")
    qtbot.mouseClick(panel.drop_button, Qt.MouseButton.LeftButton)
    assert panel.drop_list.count() == 1
    assert panel.drop_message.text() == ""
    assert panel.drop_reason.property("invalid") is False
    plan_input = window.current_input()
    assert plan_input is not None
    assert [(d.item, d.day, d.reason) for d in plan_input.dropped_days] == [
        ("atg", -2, "fever 39.2")
    ]


def test_the_window_refuses_a_zero_width_reduction_reason(qtbot: Any, window: MainWindow) -> None:
    """Before: four zero-width spaces were a reason for giving 75% of cyclophosphamide."""
    percent, reason = window.adjustments_panel.reduction_widgets("cy-conditioning")
    _type(qtbot, percent, "75")
    _type(qtbot, reason, ZERO_WIDTH)
    assert window.current_plan() is None
    banner = window.banner.text()
    assert "<b>reason cy-conditioning</b>: a reason is required" in banner
    assert "only invisible characters, such as U+200B" in banner
    assert reason.property("invalid") is True
    _type(qtbot, reason, "CrCl 45 mL/min")
    plan_input = window.current_input()
    assert plan_input is not None
    assert plan_input.reductions["cy-conditioning"].reason == "CrCl 45 mL/min"


def test_the_window_refuses_a_zero_width_acknowledgement(qtbot: Any, window: MainWindow) -> None:
    panel = window.alerts_panel
    row = next(i for i, a in enumerate(panel.model.rows()) if a.code == "verify-local-protocol")
    panel.view.selectRow(row)
    _type(qtbot, panel.reason_edit, ZERO_WIDTH)
    qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)
    assert "Not acknowledged — a reason is required" in panel.message.text()
    assert "only invisible characters, such as U+200B" in panel.message.text()
    plan = window.current_plan()
    assert plan is not None
    assert "verify-local-protocol" in [a.code for a in plan.unacknowledged_soft_alerts]
