"""The window shows the volume to draw beneath each dose and the follow-up visits (issue 10),
driven with real widgets and keys.

67 kg, mobilization G-CSF chosen at 5 mcg/kg: 5 × 67 = 335 mcg, not within 10% of a 300 mcg
syringe (−10.4%), so drawn from the 480 mcg/0.8 mL syringe: 335 / 480 × 0.8 = 0.558… →
0.56 mL (0.01 mL graduation, half up). Day 0 Mon 12 Apr 2027: seed 000's visits at 3, 6, 12,
18, 24 months then yearly to 84 months fall on the 12th of each month."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import as_read, open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_window import _fill, _type

from ui import i18n
from ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_qsettings")

# 0.56 mL × 600 mcg/mL = 336 mcg: (336 − 335) / 335 = +0.3%, shown since it is not the dose.
DRAW = "draw 0.56 mL of 480 mcg/0.8 mL — delivers 336 mcg (+0.3%)"


@pytest.fixture
def window(qtbot: Any) -> Any:
    shown = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    shown.resize(1280, 800)
    yield shown
    i18n.install_language("en")


def _gcsf_67_kg(qtbot: Any, window: MainWindow) -> None:
    """67 kg, 171 cm; G-CSF 5 mcg/kg typed; a WBC of 0.8 on mobilization day 7 entered."""
    _fill(qtbot, window, weight="67", height="171")
    panel = window.adjustments_panel
    panel.choice_check("gcsf-mobilization").setChecked(True)
    _type(qtbot, panel.choice_number("gcsf-mobilization"), "5")
    counts = window.counts_panel
    counts.count_date.set_value(dt.date(2027, 3, 7))
    _type(qtbot, counts.wbc_edit, "0.8")
    _type(qtbot, counts.anc_edit, "0.4")
    qtbot.keyClick(counts.anc_edit, Qt.Key.Key_Return)
    assert window.current_plan() is not None


def _dose_cells(window: MainWindow, item: str) -> list[tuple[str, str]]:
    model = window.schedule_model
    heading, found = "", []
    for number, row in enumerate(model.rows()):
        if row.is_group:
            heading = row.title
        elif row.admin.item == item:
            # As read: without the invisible word joiners that keep "mcg/0.8" whole.
            cell = as_read(model.index(number, model.COL_DOSE).data())
            found.append((heading, cell))
    return found


def test_the_volume_to_draw_is_beneath_the_dose(qtbot: Any, window: MainWindow) -> None:
    _gcsf_67_kg(qtbot, window)
    cells = _dose_cells(window, "gcsf-mobilization")
    heading, cell = cells[0]
    assert heading == "Mobilization — mobilization day 7 · Sun 7 Mar 2027"
    dose, *draw = cell.split("\n")  # the draw on its own lines, wrapped to the column
    assert (dose, " ".join(draw)) == ("335 mcg", DRAW)
    # The doses still read alone where a reader compares them (tests, the trace).
    assert window.schedule_model.doses().count("335 mcg") == len(cells)


def test_the_volume_to_draw_in_chinese(qtbot: Any, window: MainWindow) -> None:
    from test_i18n_window import _switch

    _gcsf_67_kg(qtbot, window)
    _switch(qtbot, window, "zh_CN", "文件(&F)")
    dose = _dose_cells(window, "gcsf-mobilization")[0][1]
    assert dose.split("\n")[0] == "335 mcg"
    # The ward's words, as the Chinese nurse sheet prints them (app.alert_text.draw_words).
    # Spaces and the invisible word joiners that keep "mcg/0.8 mL" whole (ui/text_wrap.py) aside.
    drawn = "".join(dose.split("\n")[1:]).replace(" ", "").replace("\u2060", "")
    assert drawn == "从480mcg/0.8mL中抽取0.56mL，实际给药336mcg（+0.3%）"


def test_the_schedule_still_fits_at_1280_by_800(qtbot: Any, window: MainWindow) -> None:
    """With the draw lines, every column is inside the viewport and no word is cut."""
    _gcsf_67_kg(qtbot, window)
    for _ in range(3):
        QApplication.processEvents()
    view = window.schedule_view
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0
    metrics = view.fontMetrics()
    for number, row in enumerate(window.schedule_model.rows()):
        if row.is_group:
            continue
        text = str(window.schedule_model.index(number, 1).data() or "")
        for word in text.split():
            assert metrics.horizontalAdvance(word) + 8 <= header.sectionSize(1), word


def test_ctrl_7_shows_the_follow_up_visits_with_dates_and_quote(
    qtbot: Any, window: MainWindow
) -> None:
    _fill(qtbot, window)
    window.activateWindow()
    assert window.details_tabs.currentIndex() == 0  # the course totals first
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    panel = window.follow_up_panel
    assert window.details_tabs.currentWidget() is panel
    qtbot.waitUntil(panel.view.hasFocus)
    model = panel.model
    rows = [
        tuple(as_read(model.index(r, c).data()) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]
    assert rows[:4] == [
        (
            "at stem cell harvest",
            "not dated: no apheresis collection entered yet",
            "close observation",
        ),
        ("at transplantation (day 0)", "Mon 12 Apr 2027", "close observation"),
        ("3 months", "Mon 12 Jul 2027", "close observation"),
        ("6 months", "Tue 12 Oct 2027", "close observation"),
    ]
    assert [r[0] for r in rows[4:]] == ["12 months", "18 months", "24 months", "36 months",
                                        "48 months", "60 months", "72 months", "84 months"]  # fmt: skip
    assert rows[-1][1] == "Wed 12 Apr 2034"  # seven years: "Time frame: seven years"
    sources = panel.sources_text()
    assert "000_f4890f1396492801.txt" in sources
    assert (
        "Close observation was carried out at stem cell harvest, at transplantation, at 3, 6, "
        "12, 18, and 24 months and then once a year after autologous stem cell transplantation."
    ) in sources


def test_the_view_menu_lists_follow_up_last_in_shortcut_order(window: MainWindow) -> None:
    texts = [a.text() for a in window.view_menu.actions() if a.shortcut().toString()]
    assert texts[-1] == "&Follow-up visits"
    assert window.actions_by_name["focus_follow_up"].shortcut().toString() == "Ctrl+7"


def test_a_draw_from_several_vials_shows_its_volume_and_lists_the_vials_in_the_tooltip(
    qtbot: Any, window: MainWindow
) -> None:
    """Demo patient 60 kg, 165 cm: BSA √(165 × 60 / 3600) = 1.658… → 1.66 m²; mobilization
    cyclophosphamide 2.0 g/m² × 1.66 = 3,320 mg, at 20 mg/mL (500 mg/25 mL, 1,000 mg/50 mL,
    2,000 mg/100 mL) 166 mL: 1 × 2,000 mg + 1 × 1,000 mg whole + 320 mg = 16 mL of the 500 mg
    vial. The cell says "draw 166 mL" (the vial list wrapped in the dose column made the row
    ten lines tall: two rows filled the schedule); the list is in the tooltip."""
    from ui.screenshot import demo_input

    window.load_input(demo_input())
    qtbot.wait(1)
    model = window.schedule_model
    number = next(
        n for n, r in enumerate(model.rows()) if r.admin and r.admin.item == "cy-mobilization"
    )
    index = model.index(number, model.COL_DOSE)
    assert as_read(index.data()) == "3,320 mg\ndraw 166 mL"
    tip = str(index.data(Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith(
        "draw 166 mL: 1 × 2,000 mg/100 mL whole + 1 × 1,000 mg/50 mL whole + "
        "16 mL of 500 mg/25 mL — delivers 3,320 mg\n"
    )
    assert window.schedule_view.rowHeight(number) < 4 * window.schedule_view.rowHeight(0)


def test_the_calculation_panel_says_how_to_draw_the_selected_dose(
    qtbot: Any, window: MainWindow
) -> None:
    """Cyclophosphamide 40 mg/kg × 67 kg = 2,680 mg from a 2,000 mg/100 mL and a 1,000 mg/50 mL
    vial (20 mg/mL): 100 mL whole + 680 / 20 = 34 mL = 134 mL. The cell says the total; the
    calculation panel of the selected dose says from which vials, as the nurse sheet does."""
    _gcsf_67_kg(qtbot, window)
    model, view = window.schedule_model, window.schedule_view
    number = next(
        n for n, r in enumerate(model.rows()) if r.admin and r.admin.item == "cy-conditioning"
    )
    assert as_read(model.index(number, model.COL_DOSE).data()) == "2,680 mg\ndraw 134 mL"
    view.setFocus()
    view.selectRow(number)
    assert (
        "Volume to draw: draw 134 mL: 1 × 2,000 mg/100 mL whole + 34 mL of 1,000 mg/50 mL"
    ) in window.trace_view.text()
