"""Issue 11 in the window: an acknowledgement is withdrawn when the alert it acknowledged
changes, typed with real key events.

Female, 165 cm: BMI = weight / 1.65² = weight / 2.7225; 126 kg → 46.3 kg/m² and
160 kg → 58.8 kg/m² (both above 35: the soft bmi-extreme alert is raised each time).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from test_store_support import verify_confirming_all

from app.store import BlindEntry, PlanStateError
from app.store.service import Store
from dosing.models import Alert
from ui.main_window import MainWindow

TODAY = dt.date(2027, 3, 1)

pytestmark = pytest.mark.usefixtures("isolated_qsettings")


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def _window(qtbot: Any, weight: str) -> MainWindow:
    window = open_window(qtbot, user="tester", today=lambda: TODAY)
    patient = window.patient_panel
    _type(qtbot, patient.name_edit, "J. Doe")
    _type(qtbot, patient.mrn_edit, "123")
    patient.dob_edit.set_value(dt.date(1991, 6, 2))
    patient.sex_combo.setCurrentIndex(patient.sex_combo.findData("female"))
    window.protocol_panel.day0_edit.set_value(dt.date(2027, 4, 12))
    window.protocol_panel.mobilization_edit.set_value(dt.date(2027, 3, 1))
    _type(qtbot, patient.weight.edit, weight)
    _type(qtbot, patient.height.edit, "165")
    return window


def _bmi(window: MainWindow) -> Alert:
    plan = window.current_plan()
    assert plan is not None
    (alert,) = [a for a in plan.alerts if a.code == "bmi-extreme"]
    return alert


def _acknowledge(qtbot: Any, window: MainWindow, code: str, reason: str) -> None:
    panel = window.alerts_panel
    row = next(i for i, a in enumerate(panel.model.rows()) if a.code == code)
    panel.view.selectRow(row)
    _type(qtbot, panel.reason_edit, reason)
    qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)


def test_a_bmi_acknowledged_at_126_kg_is_withdrawn_when_the_weight_becomes_160(
    qtbot: Any, sqlite_store: Store
) -> None:
    """Before: acknowledged at 126 kg, the BMI alert stayed acknowledged at 160 kg and the
    plan could be verified."""
    window = _window(qtbot, "126")
    assert _bmi(window).values == ("46.3", "17", "35")
    _acknowledge(qtbot, window, "verify-local-protocol", "local protocol reviewed")
    _acknowledge(qtbot, window, "bmi-extreme", "weighed twice, obese")
    assert _bmi(window).acknowledged

    _type(qtbot, window.patient_panel.weight.edit, "160")
    alert = _bmi(window)
    assert alert.values == ("58.8", "17", "35")
    assert not alert.acknowledged
    assert "Soft ✓" not in [
        window.alerts_panel.model.data(window.alerts_panel.model.index(row, 0))
        for row in range(window.alerts_panel.model.rowCount())
        if window.alerts_panel.model.rows()[row].code == "bmi-extreme"
    ]
    assert "2 to acknowledge" in window.alerts_panel.summary.text()  # BMI, the seed's reading
    plan_input = window.current_input()
    assert plan_input is not None
    assert [a.code for a in plan_input.acknowledgements] == ["verify-local-protocol"]

    # Back to 126 kg: withdrawn is withdrawn; the alert asks again.
    _type(qtbot, window.patient_panel.weight.edit, "126")
    assert not _bmi(window).acknowledged

    # Verification of what the window holds is refused by the store.
    _type(qtbot, window.patient_panel.weight.edit, "160")
    plan_input = window.current_input()
    assert plan_input is not None
    plan_id = sqlite_store.save_new(plan_input, user="tester").plan_id
    blind = BlindEntry(weight_kg=Decimal(160), height_cm=Decimal(165), protocol_id="auto-hsct-ln")
    with pytest.raises(PlanStateError, match="unacknowledged alerts: bmi-extreme"):
        verify_confirming_all(sqlite_store, plan_id, blind, user="bob")


def test_a_reopened_plan_keeps_its_acknowledgement_until_the_alert_changes(
    qtbot: Any, sqlite_store: Store
) -> None:
    """A plan saved acknowledged at 126 kg opens acknowledged; typing 160 kg withdraws it."""
    window = _window(qtbot, "126")
    _acknowledge(qtbot, window, "bmi-extreme", "weighed twice, obese")
    saved = window.current_input()
    assert saved is not None
    plan_id = sqlite_store.save_new(saved, user="tester").plan_id

    reopened = open_window(qtbot, user="tester", today=lambda: TODAY)
    reopened.load_input(sqlite_store.get(plan_id).plan_input)
    assert _bmi(reopened).acknowledged
    _type(qtbot, reopened.patient_panel.weight.edit, "160")
    assert not _bmi(reopened).acknowledged
    plan_input = reopened.current_input()
    assert plan_input is not None
    assert "bmi-extreme" not in [a.code for a in plan_input.acknowledgements]


def test_the_selected_alert_stays_selected_while_the_weight_is_typed(qtbot: Any) -> None:
    """The alert a pharmacist selected stays selected as the plan recomputes (the loop that
    withdraws acknowledgements once reselected the last alert instead)."""
    window = _window(qtbot, "126")
    panel = window.alerts_panel
    codes = [a.code for a in panel.model.rows()]
    assert codes.index("bmi-extreme") != len(codes) - 1  # not the last row: a real check
    panel.view.selectRow(codes.index("bmi-extreme"))
    weight = window.patient_panel.weight.edit
    weight.setFocus()
    weight.end(False)
    qtbot.keyClicks(weight, ".5")  # 126. then 126.5: a plan at every key
    assert _bmi(window).values == ("46.5", "17", "35")  # 126.5 / 2.7225 = 46.46
    selected = panel.selected_alert()
    assert selected is not None and selected.code == "bmi-extreme"
