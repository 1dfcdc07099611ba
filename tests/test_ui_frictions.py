"""The small frictions of issue 14, each with the key presses a pharmacist would make: the
IL-2 doses say "cycle 2 · dose 3", a phase's name heads its first day only, the preview fits
its width, Ctrl+E exports from a text field, Tab reaches the acknowledgement reason, and
the View menu's shortcut numbers run in order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit

from app.services import PlanMeta, compute
from dosing.models import Patient, PlanInput, PlanOptions
from ui import window_layout
from ui.models import ScheduleModel
from ui.screenshot import demo_input


@pytest.fixture
def window(qtbot: Any, isolated_qsettings: Any) -> Any:
    shown = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    shown.resize(1280, 800)
    return shown


def il2_input() -> PlanInput:
    """The IL-2 arm from 4 January 2027: 21 doses, every other day for 2 weeks of each
    4-week cycle; treatment day 33 is cycle (33 − 1) // 28 + 1 = 2, dose 3 of it (29, 31, 33)."""
    return PlanInput(
        protocol_id="ucmsc-vs-il2",
        patient=Patient(age_years=30, sex="female", weight_kg=Decimal(60), height_cm=Decimal(165)),
        options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 1, 4)),
    )


def _cells(window: Any, column: int) -> list[str]:
    model = window.schedule_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_il2_doses_say_cycle_and_dose(window: Any) -> None:
    window.load_input(il2_input())
    model = window.schedule_model
    rows = [r for r in model.rows() if r.admin is not None and r.admin.item == "il2"]
    assert len(rows) == 21
    notes = {
        r.admin.day: model.index(model.rows().index(r), ScheduleModel.COL_NOTES).data()
        for r in rows
    }
    assert notes[33].startswith("cycle 2 · dose 3")
    assert notes[1].startswith("cycle 1 · dose 1")
    assert notes[69].startswith("cycle 3 · dose 7")


def test_a_phase_name_heads_its_first_day_only(window: Any) -> None:
    """ "Low-dose IL-2, 3 cycles of 4 weeks" once, then each day by its day and date."""
    window.load_input(il2_input())
    headings = [r.title for r in window.schedule_model.rows() if r.admin is None]
    il2 = [h for h in headings if "treatment day" in h]
    assert len(il2) == 21
    assert il2[0].startswith("Low-dose IL-2, 3 cycles of 4 weeks — treatment day 1 · ")
    assert il2[1] == "treatment day 3 · Wed 6 Jan 2027"
    assert sum("3 cycles of 4 weeks" in h for h in headings) == 1
    window.load_input(demo_input())
    headings = [r.title for r in window.schedule_model.rows() if r.admin is None]
    assert "Conditioning — day −4 · Thu 8 Apr 2027" in headings


def test_print_preview_fits_its_width(qtbot: Any, window: Any) -> None:
    """The nurse schedule is landscape (A4: 1,123 px wide at 96 dpi), wider than the 920 px
    dialog; Fit to width scales every page to the viewport (nothing cut off), off again
    shows them at 96 dpi."""
    from ui.print_dialog import SheetsDialog

    plan = compute(demo_input())
    meta = PlanMeta(status="draft", printed_at=dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC))
    dialog = SheetsDialog(plan, meta, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.images), timeout=60_000)
    fit = dialog.fit_check
    assert fit.isChecked()  # on unless turned off

    def widest() -> int:
        pages = dialog.pages.findChildren(type(dialog.status), "pdfPage")
        assert len(pages) >= 2
        return max(p.pixmap().width() for p in pages)

    assert widest() <= dialog.scroll.viewport().width()
    fit.setFocus()
    qtbot.keyClick(fit, Qt.Key.Key_Space)
    assert not fit.isChecked()
    assert widest() > dialog.scroll.viewport().width()  # 96 dpi: the landscape page is cut
    qtbot.keyClick(fit, Qt.Key.Key_Space)
    assert widest() <= dialog.scroll.viewport().width()
    narrow = widest()
    dialog.resize(1060, 900)  # wider: the fitted pages follow the preview's width
    qtbot.waitUntil(lambda: dialog.scroll.viewport().width() > 1000)
    assert narrow < widest() <= dialog.scroll.viewport().width()


class X11LineEdit(QLineEdit):
    """A line edit as on X11, where Ctrl+E is its own "end of line" and it claims the key
    before any window shortcut (the offscreen platform's line edit does not)."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.keyCombination() == QKeyCombination(
                Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E
            ):
                event.accept()
                return True
        return super().event(event)


def test_ctrl_e_exports_while_a_text_field_has_focus(qtbot: Any, window: Any) -> None:
    """A field that claims Ctrl+E for itself does not swallow Export: with the caret in it,
    Ctrl+E exports; the field's own editing keys stay its own (Ctrl+A selects all)."""
    window.load_input(demo_input())
    asked: list[bool] = []
    window.actions_by_name["export_pdf"].triggered.connect(lambda: asked.append(True))
    window._open_sheets = lambda then: None  # the dialog itself is tested elsewhere
    field = X11LineEdit("60")
    window.patient_panel.layout().addWidget(field)
    window_layout.keep_commands_over_fields(window)  # as after any rebuild of the fields
    for edit in (field, window.patient_panel.weight.edit):
        edit.setFocus()
        qtbot.waitUntil(edit.hasFocus)
        qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        assert edit.selectedText() == edit.text() != ""
    assert asked == [True, True]


def test_without_the_fix_the_x11_field_swallows_ctrl_e(qtbot: Any, window: Any) -> None:
    """The check above can fail: without the window's filter the field keeps Ctrl+E."""
    asked: list[bool] = []
    window.actions_by_name["export_pdf"].setEnabled(True)
    window.actions_by_name["export_pdf"].triggered.connect(lambda: asked.append(True))
    window._open_sheets = lambda then: None
    field = X11LineEdit("60")
    window.patient_panel.layout().addWidget(field)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == []


def test_tab_from_the_alerts_table_reaches_the_reason(qtbot: Any, window: Any) -> None:
    window.load_input(demo_input())
    view = window.alerts_panel.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.alerts_panel.reason_edit


def test_view_menu_shortcuts_run_in_order(window: Any) -> None:
    """Patient Ctrl+1, Protocol Ctrl+2, then the rest as the menu lists them."""
    numbered = [
        a.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for a in window.view_menu.actions()
        if a.shortcut().toString().startswith("Ctrl+") and a.shortcut().toString()[-1].isdigit()
    ]
    assert numbered == [f"Ctrl+{n}" for n in range(1, len(numbered) + 1)]
    assert len(numbered) == 7  # … Ctrl+7 the follow-up visits
