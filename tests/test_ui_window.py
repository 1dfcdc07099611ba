"""The main window on real widgets (offscreen): typing, units, validation, adjustments,
alerts, counts, keyboard, settings and the store's contract."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import PlanMeta, plan_content_hash
from dosing.models import (
    Acknowledgement,
    ApheresisYield,
    DailyCount,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
)
from ui.main_window import MainWindow
from ui.models import ADJUSTED_BACKGROUND, ScheduleModel
from ui.settings import open_settings

TODAY = dt.date(2027, 3, 1)
DAY0 = dt.date(2027, 4, 12)  # a Monday
MOBILIZATION = dt.date(2027, 3, 1)  # a Monday


pytestmark = pytest.mark.usefixtures("isolated_qsettings")


def _window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, user="tester", today=lambda: TODAY)


@pytest.fixture
def window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    return _window(qtbot)


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


def _fill(qtbot, window: MainWindow, weight: str = "60", height: str = "165") -> None:  # type: ignore[no-untyped-def]
    patient = window.patient_panel
    _type(qtbot, patient.name_edit, "J. Doe")
    _type(qtbot, patient.mrn_edit, "123")
    patient.dob_edit.set_value(dt.date(1991, 6, 2))
    patient.sex_combo.setCurrentIndex(patient.sex_combo.findData("female"))
    window.protocol_panel.day0_edit.set_value(DAY0)
    window.protocol_panel.mobilization_edit.set_value(MOBILIZATION)
    _type(qtbot, patient.weight.edit, weight)
    _type(qtbot, patient.height.edit, height)


def _doses(window: MainWindow, item: str) -> list[tuple[str, str]]:
    """(heading, dose text) for every administration of ``item`` on screen."""
    model = window.schedule_model
    heading, found = "", []
    for row in model.rows():
        if row.is_group:
            heading = row.title
        elif row.admin.item == item:
            found.append((heading, model.dose_text(row)))
    return found


def _all_dose_cells(window: MainWindow) -> list[str]:
    return window.schedule_model.doses()


# ---------------------------------------------------------------- doses on days and dates


def test_weight_and_height_show_doses_on_their_days_and_dates(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """60 kg, 165 cm: 2,400 mg cyclophosphamide on day −5…−2 and 3,320 mg at mobilization."""
    _fill(qtbot, window)
    # Conditioning: 40 mg/kg × 60 kg = 2,400 mg; day 0 is Mon 12 Apr 2027.
    assert _doses(window, "cy-conditioning") == [
        ("Conditioning — day −5 · Wed 7 Apr 2027", "2,400 mg"),
        ("Conditioning — day −4 · Thu 8 Apr 2027", "2,400 mg"),
        ("Conditioning — day −3 · Fri 9 Apr 2027", "2,400 mg"),
        ("Conditioning — day −2 · Sat 10 Apr 2027", "2,400 mg"),
    ]
    # Mosteller √(165 × 60 / 3600) = √2.75 = 1.6583 -> 1.66 m²; 2.0 g/m² × 1.66 = 3,320 mg.
    assert _doses(window, "cy-mobilization") == [
        ("Mobilization — mobilization day 1 · Mon 1 Mar 2027", "3,320 mg"),
        ("Mobilization — mobilization day 2 · Tue 2 Mar 2027", "3,320 mg"),
    ]
    # ATG 2.5 mg/kg × 60 kg = 150 mg on day −4…−2.
    assert [dose for _, dose in _doses(window, "atg")] == ["150 mg"] * 3
    assert "1.66 m² (Mosteller" in window.summary.text()
    assert window.banner.isHidden()


def test_age_is_derived_from_date_of_birth(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Born 2 Jun 1991, seen 1 Mar 2027: 35 completed years."""
    _fill(qtbot, window)
    assert window.patient_panel.age_box.text() == "35"
    assert window.current_input().patient.age_years == 35


def test_course_total_and_cumulative_cyclophosphamide(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Totals: 4 × 2,400 = 9,600 mg conditioning; 2 × 3,320 + 9,600 = 16,240 mg in the plan."""
    _fill(qtbot, window)
    totals = {r.item: r.course_total.display for r in window.totals_model.rows()}
    assert totals["cy-conditioning"] == "9,600 mg"
    assert totals["cy-mobilization"] == "6,640 mg"
    # Above the schedule, with the weights it was computed from.
    assert "Cumulative Cyclophosphamide: 16,240 mg in this plan" in window.summary.text()


def test_selecting_a_dose_shows_its_calculation(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The trace of the selected row is shown: 40 mg/kg × 60 kg = 2,400 mg."""
    _fill(qtbot, window)
    number = next(
        i
        for i, r in enumerate(window.schedule_model.rows())
        if r.admin and r.admin.item == "cy-conditioning"
    )
    window.schedule_view.selectRow(number)
    text = window.trace_view.text()
    assert "40 mg/kg × 60 kg" in text
    assert "2,400 mg" in text
    assert "000_f4890f1396492801.txt" in text


# ---------------------------------------------------------------- units


def test_pounds_are_converted_exactly_to_kilograms(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """132.28 lb × 0.45359237 kg/lb = 60.0012 kg -> 60.00 kg: the same 2,400 mg."""
    window.patient_panel.weight.unit.setCurrentText("lb")
    _fill(qtbot, window, weight="132.28")
    expected = (Decimal("132.28") * Decimal("0.45359237")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert expected == Decimal("60.00")
    assert window.current_input().patient.weight_kg == expected
    assert "132.28 lb × 0.45359237 kg/lb = 60 kg" in window.patient_panel.weight.note.text()
    assert {dose for _, dose in _doses(window, "cy-conditioning")} == {"2,400 mg"}


def test_switching_kg_to_lb_keeps_the_quantity(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """60 kg shown in lb is 60 / 0.45359237 = 132.277… -> 132.28 lb, and back to 60 kg."""
    _fill(qtbot, window)
    weight = window.patient_panel.weight
    weight.unit.setCurrentText("lb")
    assert weight.edit.text() == "132.28"
    weight.unit.setCurrentText("kg")
    assert weight.edit.text() == "60"
    assert {dose for _, dose in _doses(window, "cy-conditioning")} == {"2,400 mg"}


def test_height_in_inches(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """65 in × 2.54 cm/in = 165.1 cm."""
    window.patient_panel.height.unit.setCurrentText("in")
    _fill(qtbot, window, height="65")
    assert window.current_input().patient.height_cm == Decimal("165.1")


# ---------------------------------------------------------------- invalid input


def test_invalid_weight_clears_every_dose_and_says_why(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """300 kg is refused: the field is marked, the range is named, no dose stays on screen."""
    _fill(qtbot, window)
    assert "2,400 mg" in _all_dose_cells(window)
    _type(qtbot, window.patient_panel.weight.edit, "300")
    assert _all_dose_cells(window) == []
    assert window.schedule_model.rowCount() == 0
    assert window.totals_model.rowCount() == 0
    assert window.current_input() is None and window.current_plan() is None
    assert window.patient_panel.weight.edit.property("invalid") is True
    assert "weight" in window.banner.text()
    assert "outside the accepted range 20–250 kg" in window.banner.text()
    assert "20–250 kg" in window.patient_panel.weight.edit.toolTip()
    assert not window.actions_by_name["print"].isEnabled()


def test_text_in_weight_is_refused_by_name(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """'6o' is not a number: the message says so and names the unit."""
    _fill(qtbot, window, weight="6o")
    assert (
        "'6o' is not a number: use digits with at most one decimal point (no exponent, no "
        "underscore); enter it in kg" in window.banner.text()
    )
    assert _all_dose_cells(window) == []


@pytest.mark.parametrize("typed", ["1e2", "6_0"])
def test_an_exponent_or_underscore_in_weight_is_refused(qtbot, window, typed) -> None:  # type: ignore[no-untyped-def]
    """'1e2' is not read as 100 kg nor '6_0' as 60 kg in the window either (issue 11): no dose."""
    _fill(qtbot, window, weight=typed)
    assert f"'{typed}' is not a number" in window.banner.text()
    assert _all_dose_cells(window) == []


def test_correcting_the_weight_brings_the_doses_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """After a refused value, a valid one recomputes: 70 kg × 40 mg/kg = 2,800 mg."""
    _fill(qtbot, window, weight="700")
    _type(qtbot, window.patient_panel.weight.edit, "70")
    assert {dose for _, dose in _doses(window, "cy-conditioning")} == {"2,800 mg"}
    assert window.patient_panel.weight.edit.property("invalid") is False


def test_pounds_out_of_range_names_both_units(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """600 lb = 272.16 kg is refused with the range in kg and in lb, not a 'use lb' hint."""
    window.patient_panel.weight.unit.setCurrentText("lb")
    _fill(qtbot, window, weight="600")
    text = window.banner.text()
    assert "600 lb (= 272.16 kg) is outside the accepted range 20–250 kg" in text
    assert "choose lb" not in text


def test_empty_form_lists_what_is_missing_without_marking_red(window) -> None:  # type: ignore[no-untyped-def]
    """A fresh window asks for the inputs it needs; nothing is marked invalid yet."""
    assert "To compute the plan, enter" in window.banner.text()
    assert "weight" in window.banner.text()
    assert window.patient_panel.weight.edit.property("invalid") in (None, False)
    assert _all_dose_cells(window) == []


# ---------------------------------------------------------------- adjustments


def test_reduction_without_reason_is_refused(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """75% without a reason clears the doses and asks for the reason."""
    _fill(qtbot, window)
    percent, reason = window.adjustments_panel.reduction_widgets("cy-conditioning")
    _type(qtbot, percent, "75")
    assert _all_dose_cells(window) == []
    assert "a reason is required" in window.banner.text()
    assert reason.property("invalid") is True


def test_reduction_with_reason_shows_protocol_dose_beside_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """75% of 2,400 mg = 1,800 mg, shown with the protocol dose, the % and the reason."""
    _fill(qtbot, window)
    percent, reason = window.adjustments_panel.reduction_widgets("cy-conditioning")
    _type(qtbot, percent, "75")
    _type(qtbot, reason, "CrCl 35 mL/min")
    expected = "1,800 mg (75% of protocol dose 2,400 mg — reason: CrCl 35 mL/min)"
    assert {dose for _, dose in _doses(window, "cy-conditioning")} == {expected}
    model = window.schedule_model
    number = next(
        i for i, r in enumerate(model.rows()) if r.admin and r.admin.item == "cy-conditioning"
    )
    background = model.index(number, ScheduleModel.COL_DOSE).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color() == ADJUSTED_BACKGROUND
    assert window.current_input().reductions["cy-conditioning"].percent == Decimal(75)


def test_range_value_inside_the_range_is_the_dose(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Methylprednisolone is 80–500 mg/day: 250 typed is 250 mg (outside the range:
    tests/test_ui_typed_numbers.py)."""
    _fill(qtbot, window)
    window.adjustments_panel.choice_check("methylprednisolone").setChecked(True)
    box = window.adjustments_panel.choice_number("methylprednisolone")
    assert box.bounds == (80, 500)
    _type(qtbot, box, "250")
    assert {dose for _, dose in _doses(window, "methylprednisolone")} == {"250 mg"}


def test_gcsf_mobilization_range_is_five_to_ten(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Mobilization G-CSF 5–10 mcg/kg/day; 10 mcg/kg × 60 kg = 600 mcg."""
    _fill(qtbot, window)
    window.adjustments_panel.choice_check("gcsf-mobilization").setChecked(True)
    box = window.adjustments_panel.choice_number("gcsf-mobilization")
    assert box.bounds == (5, 10)
    _type(qtbot, box, "10")
    assert {dose for _, dose in _doses(window, "gcsf-mobilization")} == {"600 mcg"}


def test_dropped_day_is_shown_dropped(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Dropping ATG on day −2 leaves it listed as dropped, and two days in the total."""
    _fill(qtbot, window)
    panel = window.adjustments_panel
    panel.drop_combo.setCurrentIndex(panel.drop_combo.findData("atg@-2"))
    _type(qtbot, panel.drop_reason, "fever")
    qtbot.mouseClick(panel.drop_button, Qt.MouseButton.LeftButton)
    assert _doses(window, "atg")[-1] == ("Conditioning — day −2 · Sat 10 Apr 2027", "dropped")
    totals = {r.item: r.course_total.display for r in window.totals_model.rows()}
    assert totals["atg"] == "300 mg"  # 2 × 150 mg
    assert window.current_input().dropped_days[0].reason == "fever"


def test_prescriber_entered_dose_for_msc_allogeneic(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The cyclophosphamide pretreatment has no source dose: the prescriber's value is used."""
    panel = window.protocol_panel
    panel.protocol_combo.setCurrentIndex(panel.protocol_combo.findData("msc-allogeneic"))
    _fill(qtbot, window)
    assert _doses(window, "cy-pretreatment")[0][1].startswith("choose a value")
    window.adjustments_panel.choice_check("cy-pretreatment").setChecked(True)
    _type(qtbot, window.adjustments_panel.choice_number("cy-pretreatment"), "1000")
    assert _doses(window, "cy-pretreatment") == [
        ("Pretreatment — day −1 · Sun 11 Apr 2027", "1,000 mg")
    ]
    # 1 × 10⁶ cells/kg × 60 kg = 60 × 10⁶ cells
    assert _doses(window, "msc")[0][1] == "60 × 10⁶ cells"


# ---------------------------------------------------------------- alerts


def test_soft_alert_needs_an_acknowledgement_with_a_reason(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The engraftment G-CSF alert stays pending until acknowledged with a reason."""
    _fill(qtbot, window)
    panel = window.alerts_panel
    row = next(i for i, a in enumerate(panel.model.rows()) if a.code == "verify-local-protocol")
    panel.view.selectRow(row)
    assert panel.acknowledge_selected() is False  # no reason yet
    assert "reason is required" in panel.message.text()
    assert window.current_plan().unacknowledged_soft_alerts
    _type(qtbot, panel.reason_edit, "local protocol: 5 mcg/kg/day reviewed")
    qtbot.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
    alert = next(a for a in window.current_plan().alerts if a.code == "verify-local-protocol")
    assert alert.acknowledged is True
    acks = window.current_input().acknowledgements
    assert [(a.code, a.reason, a.by) for a in acks] == [
        ("verify-local-protocol", "local protocol: 5 mcg/kg/day reviewed", "tester")
    ]


def test_choice_required_listed_until_chosen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Methylprednisolone's choice-required alert goes once a value is chosen."""
    _fill(qtbot, window)

    def pending() -> list[str | None]:
        return [a.item for a in window.current_plan().alerts if a.code == "choice-required"]

    assert "methylprednisolone" in pending()
    window.adjustments_panel.choice_check("methylprednisolone").setChecked(True)
    assert "methylprednisolone" not in pending()


# ---------------------------------------------------------------- counts and harvest


def test_daily_counts_resolve_the_gcsf_start_date(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """WBC 0.8 × 10⁹/L on mobilization day 8 starts G-CSF that day (10 Mar 2027)."""
    _fill(qtbot, window)
    window.adjustments_panel.choice_check("gcsf-mobilization").setChecked(True)
    counts = window.counts_panel
    counts.count_date.set_value(dt.date(2027, 3, 8))
    _type(qtbot, counts.wbc_edit, "0.8")
    assert counts.add_count() is True
    headings = [heading for heading, _ in _doses(window, "gcsf-mobilization")]
    assert headings[0] == "Mobilization — mobilization day 8 · Mon 8 Mar 2027"
    assert window.current_input().counts == (
        DailyCount(date=dt.date(2027, 3, 8), wbc_10e9_per_l=Decimal("0.8")),
    )


def test_count_out_of_range_is_refused(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A WBC of 900 × 10⁹/L is refused with the accepted range."""
    _fill(qtbot, window)
    counts = window.counts_panel
    counts.count_date.set_value(dt.date(2027, 3, 8))
    _type(qtbot, counts.wbc_edit, "900")
    assert counts.add_count() is False
    assert "0–500 × 10⁹/L" in counts.count_message.text()
    assert window.current_input().counts == ()


def test_apheresis_yields_against_targets(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """60 kg: targets more than 2 × 10⁶/kg × 60 = 120 × 10⁶ CD34+ and 120 × 10⁸ MNC; 150
    and 100 collected."""
    _fill(qtbot, window)
    counts = window.counts_panel
    counts.apheresis_date.set_value(dt.date(2027, 3, 12))
    _type(qtbot, counts.cd34_edit, "150")
    _type(qtbot, counts.mnc_edit, "100")
    assert counts.add_apheresis() is True
    harvest = window.current_plan().harvest
    assert (harvest.cd34_met, harvest.mnc_met) == (True, False)
    text = counts.harvest_label.text()
    # 150 × 10⁶ / 60 kg = 2.5 × 10⁶/kg; 100 × 10⁸ / 60 kg = 1.67 × 10⁸/kg
    assert "collected 150 × 10⁶ (2.5 × 10⁶/kg); target more than 120 × 10⁶ (2 × 10⁶/kg)" in text
    assert "collected 100 × 10⁸ (1.67 × 10⁸/kg)" in text
    assert "not met" in text
    assert _doses(window, "pbsc-reinfusion")[0][1].startswith("150 × 10⁶ cells")


# ---------------------------------------------------------------- ucmsc-vs-il2


def test_il2_arm_shows_21_doses_of_one_million_units(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """IL-2 every other day for 2 weeks, 2 weeks off, 3 cycles: 21 doses of 1,000,000."""
    panel = window.protocol_panel
    panel.protocol_combo.setCurrentIndex(panel.protocol_combo.findData("ucmsc-vs-il2"))
    _fill(qtbot, window)
    assert "arm" in window.banner.text()  # the arm must be chosen first
    panel.arm_combo.setCurrentIndex(panel.arm_combo.findData("il2"))
    panel.treatment_edit.set_value(dt.date(2027, 4, 5))
    doses = _doses(window, "il2")
    assert [dose for _, dose in doses] == ["1,000,000 international units"] * 21
    assert doses[0][0].endswith("treatment day 1 · Mon 5 Apr 2027")
    assert doses[1][0].endswith("treatment day 3 · Wed 7 Apr 2027")
    assert _doses(window, "msc") == []


# ---------------------------------------------------------------- keyboard


def test_keyboard_walk_follows_the_reading_order(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Tab from the name field visits the patient, then the protocol, in reading order."""
    patient, protocol = window.patient_panel, window.protocol_panel
    window.activateWindow()
    patient.name_edit.setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())

    def position(widget) -> int:  # type: ignore[no-untyped-def]
        hits = [i for i, w in enumerate(visited) if w is widget or w.parent() is widget]
        assert hits, f"{widget.accessibleName()} was never reached by Tab"
        return hits[0]

    order = [
        patient.name_edit,
        patient.mrn_edit,
        patient.dob_edit,
        patient.sex_combo,
        patient.weight.edit,
        patient.height.edit,
        patient.creatinine.edit,
        patient.prior_cy_edit,
        protocol.protocol_combo,
        protocol.bsa_combo,
        protocol.day0_edit,
    ]
    positions = [position(w) for w in order]
    assert positions == sorted(positions)


def test_keyboard_only_entry_computes_a_plan(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Typing and Tab alone: name, MRN, (age), sex, weight, height give the doses."""
    window.activateWindow()
    window.patient_panel.name_edit.setFocus()

    def focused():  # type: ignore[no-untyped-def]
        return QApplication.focusWidget()

    def tab() -> None:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)

    qtbot.keyClicks(focused(), "J. Doe")
    tab()
    qtbot.keyClicks(focused(), "123")
    tab()
    tab()  # date of birth left unset: the age is typed instead
    age = focused()
    assert age is window.patient_panel.age_box
    qtbot.keyClick(age, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(age, "35")
    tab()
    qtbot.keyClicks(focused(), "f")  # combo box: type-ahead picks "female"
    tab()
    qtbot.keyClicks(focused(), "60")
    tab()
    tab()  # the unit stays kg
    qtbot.keyClicks(focused(), "165")
    assert window.current_input() is not None
    assert {dose for _, dose in _doses(window, "cy-conditioning")} == {"2,400 mg"}


def test_menus_have_standard_shortcuts(window) -> None:  # type: ignore[no-untyped-def]
    """Print is Ctrl+P, Quit is Ctrl+Q, the panels are Ctrl+1…6."""
    actions = window.actions_by_name
    assert actions["print"].shortcut().toString() == "Ctrl+P"
    assert actions["quit"].shortcut().toString() == "Ctrl+Q"
    assert actions["focus_schedule"].shortcut().toString() == "Ctrl+3"
    assert window.file_menu.title() == "&File"


def test_every_input_has_an_accessible_name(window) -> None:  # type: ignore[no-untyped-def]
    """Screen readers can name every widget in the tab order."""

    def name(widget) -> str:  # type: ignore[no-untyped-def]
        # A button's own text is its accessible name.
        return widget.accessibleName() or (widget.text() if hasattr(widget, "text") else "")

    unnamed = [type(w).__name__ for w in window.tab_chain if not name(w)]
    assert unnamed == []


# ---------------------------------------------------------------- settings


def test_units_and_protocol_are_remembered(qtbot, isolated_qsettings) -> None:  # type: ignore[no-untyped-def]
    """The last weight unit and protocol come back in the next window (temp QSettings)."""
    first = _window(qtbot)
    first.patient_panel.weight.unit.setCurrentText("lb")
    panel = first.protocol_panel
    panel.protocol_combo.setCurrentIndex(panel.protocol_combo.findData("msc-adipose"))
    first.close()
    assert list(isolated_qsettings.rglob("*.ini"))
    second = _window(qtbot)
    assert second.patient_panel.weight.unit.currentText() == "lb"
    assert second.protocol_panel.protocol_combo.currentData() == "msc-adipose"
    assert open_settings().fileName().startswith(str(isolated_qsettings))


# ---------------------------------------------------------------- the store's contract


def _saved_input() -> PlanInput:
    return PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            name="J. Doe",
            mrn="123",
            date_of_birth=dt.date(1991, 6, 2),
            age_years=35,
            sex="female",
            weight_kg=Decimal("67.5"),
            height_cm=Decimal(170),
            weigh_date=dt.date(2027, 2, 27),
            prior_cyclophosphamide_mg=Decimal(3000),
        ),
        options=PlanOptions(
            day0_date=DAY0,
            mobilization_start_date=MOBILIZATION,
            bsa_formula="dubois",
            dosing_weight_rule="ideal",
        ),
        choices={"methylprednisolone": Decimal(250), "gcsf-mobilization": Decimal("7.5")},
        reductions={"atg": Reduction(percent=Decimal(80), reason="thrombocytopenia")},
        dropped_days=(DroppedDay(item="cy-conditioning", day=-2, reason="fever"),),
        counts=(DailyCount(date=dt.date(2027, 3, 9), wbc_10e9_per_l=Decimal("0.7")),),
        apheresis=(
            ApheresisYield(
                date=dt.date(2027, 3, 14), cd34_10e6=Decimal(200), mnc_10e8=Decimal(150)
            ),
        ),
        acknowledgements=(
            Acknowledgement(
                code="verify-local-protocol",
                item="gcsf-engraftment",
                reason="reviewed",
                by="tester",
                values=("0.5", "5"),  # bound to its alert, as the store saves it
            ),
        ),
    )


def test_load_input_fills_every_widget_and_round_trips(window) -> None:  # type: ignore[no-untyped-def]
    """A saved input loaded into the window comes back out unchanged."""
    saved = _saved_input()
    window.load_input(saved)
    assert window.current_input() == saved
    assert window.patient_panel.weight.edit.text() == "67.5"
    assert window.protocol_panel.bsa_combo.currentData() == "dubois"
    assert window.current_plan() is not None


def test_plan_meta_shows_in_the_title(window) -> None:  # type: ignore[no-untyped-def]
    """'txdose — J. Doe (MRN 123) — draft v2' for a saved draft, edited ones say so."""
    window.load_input(_saved_input())
    plan = window.current_plan()
    meta = PlanMeta(
        plan_id="p1",
        version=2,
        status="draft",
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
    )
    window.set_plan_meta(meta)
    assert window.windowTitle() == "txdose — J. Doe (MRN 123) — draft v2"
    assert window.print_meta().plan_id == "p1"
    window.patient_panel.weight.edit.setText("68")
    assert window.windowTitle().endswith("draft v2, edited — not saved")
    assert window.print_meta().plan_id is None  # an edited plan prints as a new draft


def test_verified_status_is_not_kept_for_an_edited_plan(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A verified plan edited on screen prints as a draft, never as verified."""
    window.load_input(_saved_input())
    plan = window.current_plan()
    window.set_plan_meta(
        PlanMeta(
            plan_id="p1",
            version=1,
            status="verified",
            content_hash=plan_content_hash(plan),
            printed_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
        )
    )
    assert window.print_meta().status == "verified"
    _type(qtbot, window.adjustments_panel.reduction_widgets("atg")[0], "70")
    assert window.print_meta().status == "draft"


def test_about_lists_every_protocol_source(window) -> None:  # type: ignore[no-untyped-def]
    """The About text names each seed document and quotes the items."""
    text = window.about_text()
    for seed in (
        "000_f4890f1396492801.txt",
        "002_a5cf5bf4e1091f43.txt",
        "003_0047bde2abb62184.txt",
        "004_7125f4b52da4962a.txt",
    ):
        assert seed in text
    assert "cyclophosphamide (2.0 g/m2) for 2 days" in text


def test_withdrawn_acknowledgement_makes_the_alert_pending_again(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Withdraw removes the acknowledgement from the plan input."""
    _fill(qtbot, window)
    panel = window.alerts_panel

    def select() -> None:
        row = next(i for i, a in enumerate(panel.model.rows()) if a.code == "verify-local-protocol")
        panel.view.selectRow(row)

    select()
    _type(qtbot, panel.reason_edit, "reviewed")
    assert panel.acknowledge_selected() is True
    select()
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert window.current_input().acknowledgements == ()
    assert any(
        a.code == "verify-local-protocol" for a in window.current_plan().unacknowledged_soft_alerts
    )


def test_hard_alert_refuses_the_dose_in_red_and_blocks_the_nurse_sheet(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """ATG at 1%: 1.5 mg rounds to 0 at the 5 mg step, so the dose is refused (hard)."""
    from ui.models import HARD_FOREGROUND
    from ui.print_dialog import nurse_block_reason

    _fill(qtbot, window)
    percent, reason = window.adjustments_panel.reduction_widgets("atg")
    _type(qtbot, percent, "1")
    _type(qtbot, reason, "test of a refusal")
    assert window.current_plan().has_hard_alert
    assert {dose for _, dose in _doses(window, "atg")} == {"refused — see alerts"}
    model = window.schedule_model
    number = next(i for i, r in enumerate(model.rows()) if r.admin and r.admin.item == "atg")
    colour = model.index(number, ScheduleModel.COL_DOSE).data(Qt.ItemDataRole.ForegroundRole)
    assert colour.color() == HARD_FOREGROUND
    assert "1 hard" in window.alerts_panel.summary.text()
    assert nurse_block_reason(window.current_plan()) == "a hard alert refuses a dose"
    # Every other dose is still computed and shown.
    assert {dose for _, dose in _doses(window, "cy-conditioning")} == {"2,400 mg"}


def test_unset_date_opens_its_calendar_on_this_month(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Day 0 not set: the calendar popup shows this month, and no date is chosen by opening it."""
    from PySide6.QtCore import QDate, QPoint

    day0 = window.protocol_panel.day0_edit
    arrow = QPoint(day0.width() - 5, day0.height() // 2)
    qtbot.mouseClick(day0, Qt.MouseButton.LeftButton, pos=arrow)
    calendar = day0.calendarWidget()
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert day0.value() is None
    calendar.window().hide()


def test_new_plan_clears_the_previous_patient(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """File → New leaves nothing of the previous patient: no entry, no dose, no counts."""
    window.load_input(_saved_input())
    assert window.current_plan() is not None
    window.clear_inputs()
    panel = window.patient_panel
    assert panel.name_edit.text() == "" and panel.mrn_edit.text() == ""
    assert panel.weight.edit.text() == "" and panel.height.edit.text() == ""
    assert panel.prior_cy_edit.text() == ""
    assert window.protocol_panel.day0_edit.value() is None
    assert window.current_input() is None and window.current_plan() is None
    assert window.schedule_model.rowCount() == 0  # no dose of the previous patient shown
    assert window.totals_model.rowCount() == 0
    # Entering a new patient gives a plan with none of the old adjustments or counts.
    panel.sex_combo.setCurrentIndex(panel.sex_combo.findData("male"))
    _type(qtbot, panel.age_box, "50")
    panel.weight.edit.setText("82")
    panel.height.edit.setText("178")
    plan_input = window.current_input()
    assert plan_input is not None
    assert plan_input.reductions == {} and plan_input.dropped_days == ()
    assert plan_input.counts == () and plan_input.apheresis == ()
    assert plan_input.acknowledgements == ()
    assert plan_input.choices == {}


def test_patient_fields_come_from_one_table(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The panel's field table drives the tab order, the marking of a refused field and
    File → New: typing into every field and clearing leaves each one empty, and a refused
    weight marks the weight box (its table row's first widget)."""
    window = _window(qtbot)
    panel = window.patient_panel
    assert panel.tab_chain() == window.tab_chain[: len(panel.tab_chain())]
    assert panel.field_widgets()["weight"] is panel.weight.edit
    qtbot.keyClicks(panel.name_edit, "Ada Test")
    qtbot.keyClicks(panel.mrn_edit, "M123")
    qtbot.keyClicks(panel.weight.edit, "abc")
    qtbot.keyClicks(panel.prior_cy_edit, "500")
    assert any(e.field == "weight" for e in window.errors)
    assert panel.weight.edit.property("invalid") is True
    panel.clear()
    assert panel.name_edit.text() == panel.mrn_edit.text() == panel.prior_cy_edit.text() == ""
    assert panel.weight.edit.text() == ""
    assert panel.age_box.text() == ""
    assert panel.sex_combo.currentIndex() == 0


def _state(window) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    banner = window.state_banner
    return banner.text(), banner.styleSheet()


def test_plan_state_banner_shows_each_state(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Above the schedule, in words and colour: an unsaved plan, a saved draft, a verified
    version (by whom), the same version edited on screen (typed keys), a superseded one."""
    window.load_input(_saved_input())
    text, style = _state(window)
    assert text == "DRAFT — not saved, not verified"
    assert "#fff4d6" in style  # amber
    plan_hash = plan_content_hash(window.current_plan())

    def meta(status: str, **more: object) -> PlanMeta:
        return PlanMeta(
            plan_id="p1",
            version=2,
            status=status,
            content_hash=plan_hash,
            printed_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
            **more,
        )

    window.set_plan_meta(meta("draft"))
    assert _state(window)[0] == "DRAFT v2 — awaiting verification by a second pharmacist"
    window.set_plan_meta(meta("verified", verified_by="bob (BB)"))
    text, style = _state(window)
    assert text == "VERIFIED v2 by bob (BB)"
    assert "#e3f4e6" in style  # green
    weight = window.patient_panel.weight.edit
    weight.setFocus()
    qtbot.keyClick(weight, "a", Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(weight, "68")
    text, style = _state(window)
    assert text == "EDITED SINCE VERIFIED v2 by bob (BB) — save and verify again"
    assert "#fdecea" in style  # red
    window.set_plan_meta(meta("superseded"))
    assert _state(window)[0].startswith("SUPERSEDED v2 — not the current plan")
