"""A number typed into the window is used exactly as typed or refused by name with its range,
never rewritten: the chosen doses, the reductions and the age (the spin boxes these replace
turned a typed 150% into 15%, 1,000 mg into 100 mg and an age of 150 into 15), and a unit
switch never changes the quantity (165 cm → in → cm dosed 165.1 cm)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from test_ui_dates import _keys
from test_ui_window import _doses, _fill, _type

from ui.main_window import MainWindow

TODAY = dt.date(2027, 3, 1)

pytestmark = pytest.mark.usefixtures("isolated_qsettings")


@pytest.fixture
def window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, user="tester", today=lambda: TODAY)


def _refused(window: MainWindow) -> str:
    return window.banner.text()


def _choose(qtbot, window: MainWindow, item: str, typed: str):  # type: ignore[no-untyped-def]
    window.adjustments_panel.choice_check(item).setChecked(True)
    box = window.adjustments_panel.choice_number(item)
    _type(qtbot, box, typed)
    return box


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("600", "600 mg/day"), ("50", "50 mg/day"), ("1000", "1,000 mg/day")],
)
def test_a_chosen_dose_outside_its_range_is_refused_not_clamped(
    qtbot, window, typed, shown
) -> None:  # type: ignore[no-untyped-def]
    """Methylprednisolone is 80–500 mg/day (seed): a typed 600, 50 or 1000 is refused with
    the field and the range, and no dose stands beside it (a spin box made 1000 into 100)."""
    _fill(qtbot, window)
    box = _choose(qtbot, window, "methylprednisolone", typed)
    assert box.text() == typed  # nothing rewritten
    assert f"{shown} is outside the accepted range 80–500 mg/day" in _refused(window)
    assert box.property("invalid") is True
    assert window.schedule_model.doses() == []


def test_a_chosen_dose_is_used_to_the_digit_typed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """G-CSF 7.25 mcg/kg/day × 60 kg = 435 mcg (a spin box with one decimal made it 7.2:
    432 mcg); the plan holds 7.25 exactly."""
    _fill(qtbot, window)
    _choose(qtbot, window, "gcsf-mobilization", "7.25")
    assert window.current_input().choices["gcsf-mobilization"] == Decimal("7.25")
    assert {dose for _, dose in _doses(window, "gcsf-mobilization")} == {"435 mcg"}


def test_gcsf_twelve_is_refused_not_made_ten(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Mobilization G-CSF is 5–10 mcg/kg/day: 12 is refused (it was clamped to 10: 600 mcg,
    or with the last key dropped, 1 → 5: 300 mcg)."""
    _fill(qtbot, window)
    _choose(qtbot, window, "gcsf-mobilization", "12")
    assert "12 mcg/kg/day is outside the accepted range 5–10 mcg/kg/day" in _refused(window)
    assert _doses(window, "gcsf-mobilization") == [] or all(
        "mcg" not in dose for _, dose in _doses(window, "gcsf-mobilization")
    )


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("0", "0% is not a dose"),
        ("7,5", "use a point for decimals"),
        ("", "enter the percent of the protocol dose given"),
    ],
)
def test_a_reduction_typed_wrong_is_refused_by_name(qtbot, window, typed, words) -> None:  # type: ignore[no-untyped-def]
    """0%, a decimal comma and an empty box are refused, naming ATG's reduction; the doses
    are cleared (a spin box made 0 into 1% and 7,5 into 75%)."""
    _fill(qtbot, window)
    percent, reason = window.adjustments_panel.reduction_widgets("atg")
    _type(qtbot, reason, "platelets 45")
    _type(qtbot, percent, typed)
    assert percent.text() == typed
    assert words in _refused(window)
    # An empty box is asked for, as every missing field is; a wrong one is marked.
    assert percent.property("invalid") is (True if typed else None)
    assert window.schedule_model.doses() == []


def test_a_reduction_above_100_percent_is_refused_as_a_hard_alert(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """150% is what was typed (a spin box made it 15%: 22.5 → 25 mg of ATG): the engine
    refuses a dose above the protocol dose, and no ATG dose is shown."""
    _fill(qtbot, window)
    percent, reason = window.adjustments_panel.reduction_widgets("atg")
    _type(qtbot, reason, "platelets 45")
    _type(qtbot, percent, "150")
    assert window.current_input().reductions["atg"].percent == Decimal(150)
    assert window.current_plan().has_hard_alert
    assert {dose for _, dose in _doses(window, "atg")} == {"refused — see alerts"}


def test_a_full_width_reduction_is_read_as_its_digits(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """７５ (full-width, as a Chinese input method types it) is 75%: 150 mg × 75% = 112.5 →
    115 mg at ATG's 5 mg step (ROUND_HALF_UP: 112.5 / 5 = 22.5 → 23 × 5)."""
    _fill(qtbot, window)
    percent, reason = window.adjustments_panel.reduction_widgets("atg")
    _type(qtbot, reason, "platelets 45")
    _type(qtbot, percent, "")
    _keys(qtbot, percent, "７５")
    assert window.current_input().reductions["atg"].percent == Decimal(75)
    assert {dose.split(" (")[0] for _, dose in _doses(window, "atg")} == {"115 mg"}


def test_arrow_keys_step_a_reduction_within_1_to_100(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Up from 100 stays 100 (no dose above the protocol's); Down steps by 1 to 99."""
    _fill(qtbot, window)
    percent, _ = window.adjustments_panel.reduction_widgets("atg")
    percent.setFocus()
    qtbot.keyClick(percent, Qt.Key.Key_Up)
    assert percent.text() == "100"
    qtbot.keyClick(percent, Qt.Key.Key_Down)
    assert percent.text() == "99"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("150", "150 years is outside the accepted range 0–120 years"),
        ("1000", "1000 years is outside the accepted range 0–120 years"),
        ("-5", "-5 years is outside the accepted range 0–120 years"),
        ("12.5", "'12.5' is not a whole number (accepted 0–120 years)"),
        ("abc", "accepted 0–120 years"),
    ],
)
def test_an_age_out_of_range_is_refused_not_cut(qtbot, window, typed, words) -> None:  # type: ignore[no-untyped-def]
    """Without a date of birth the age is typed: 150 was cut to 15 (eligible, no alert),
    1000 to 100, 12.5 to 12, −5 kept the previous age. Each is refused, naming the age and
    its 0–120 years, and no dose stands."""
    _fill(qtbot, window)
    panel = window.patient_panel
    panel.dob_edit.set_value(None)
    _type(qtbot, panel.age_box, typed)
    assert panel.age_box.text() == typed
    assert words in _refused(window)
    assert panel.age_box.property("invalid") is True
    assert window.schedule_model.doses() == []


def test_a_full_width_age_is_read_as_its_digits(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """３５ is 35 years (it was kept at the previous age, silently)."""
    _fill(qtbot, window)
    panel = window.patient_panel
    panel.dob_edit.set_value(None)
    _type(qtbot, panel.age_box, "")
    _keys(qtbot, panel.age_box, "３５")
    assert window.current_input().patient.age_years == 35


def test_switching_the_height_unit_keeps_the_quantity(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """165 cm is 64.96… in, shown 65 (to 0.1 in); the plan still doses 165 cm, not 65 in
    read back (165.1 cm, a larger BSA and mobilization dose), and every dose stays as it
    was. Back in cm it shows 165, not 165.1."""
    _fill(qtbot, window)
    before = window.current_input().patient.height_cm
    doses = window.schedule_model.doses()
    window.patient_panel.height.unit.setCurrentText("in")
    assert window.current_input().patient.height_cm == before == Decimal(165)
    assert window.schedule_model.doses() == doses
    window.patient_panel.height.unit.setCurrentText("cm")
    assert window.patient_panel.height.edit.text() == "165"


def test_switching_the_weight_unit_keeps_the_quantity(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """60 kg in lb is 132.277… lb (shown 132.28); the plan still doses 60 kg, and back in
    kg it shows 60."""
    _fill(qtbot, window)
    window.patient_panel.weight.unit.setCurrentText("lb")
    assert window.patient_panel.weight.edit.text() == "132.28"
    assert window.current_input().patient.weight_kg == Decimal(60)
    window.patient_panel.weight.unit.setCurrentText("kg")
    assert window.patient_panel.weight.edit.text() == "60"


def test_an_edited_number_after_a_unit_switch_is_read_as_typed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Once the shown value is edited, the typed number is what counts: 70 in = 177.8 cm."""
    _fill(qtbot, window)
    height = window.patient_panel.height
    height.unit.setCurrentText("in")
    _type(qtbot, height.edit, "70")
    assert window.current_input().patient.height_cm == Decimal("177.8")


def test_choosing_the_unit_a_refusal_names_reads_the_number_in_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """300 kg is refused: "was it entered in pounds? choose lb". Choosing lb reads the 300
    typed in pounds: 300 × 0.45359237 = 136.077… → 136.08 kg (it was converted instead, to
    661.39 lb, and refused again). 65 cm, "choose in": 65 × 2.54 = 165.1 cm."""
    _fill(qtbot, window, weight="300", height="65")
    assert "choose lb as the unit" in _refused(window)
    patient = window.patient_panel
    patient.weight.unit.setCurrentText("lb")
    assert patient.weight.edit.text() == "300"
    patient.height.unit.setCurrentText("in")
    assert patient.height.edit.text() == "65"
    assert window.current_input().patient.weight_kg == Decimal("136.08")
    assert window.current_input().patient.height_cm == Decimal("165.1")


def test_a_weight_that_is_not_a_number_is_refused_with_its_range(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The window names the range as the command line does: 'abc' … (accepted 20–250 kg)."""
    _fill(qtbot, window, weight="abc")
    assert "'abc' is not a number" in _refused(window)
    assert "(accepted 20–250 kg)" in _refused(window)
