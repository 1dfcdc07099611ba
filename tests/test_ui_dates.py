"""Issue 11: a date typed in the window becomes exactly that date or a clear error, whatever
section of the field has focus; a "not set" date accepts typing; Up/Down on an empty date
never jump to 1901. Real key events throughout (offscreen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLineEdit, QVBoxLayout, QWidget

from ui.fields import OptionalDateEdit
from ui.main_window import MainWindow

TODAY = dt.date(2027, 3, 1)
APRIL_18 = dt.date(2027, 4, 18)


class Form:
    """A line edit, the date field, another line edit: Shift+Tab from the last one enters
    the date field as a person moving back through a form does."""

    def __init__(self, qtbot: Any) -> None:
        self.widget = QWidget()
        qtbot.addWidget(self.widget)
        layout = QVBoxLayout(self.widget)
        self.before, self.after = QLineEdit(), QLineEdit()
        self.date = OptionalDateEdit(field="day 0")
        for widget in (self.before, self.date, self.after):
            layout.addWidget(widget)
        self.widget.show()
        qtbot.waitExposed(self.widget)
        handle = self.widget.windowHandle()
        assert handle is not None
        handle.requestActivate()  # focus moves (Tab, Shift+Tab) only in the active window
        qtbot.waitUntil(self.widget.isActiveWindow)


def _keys(qtbot: Any, widget: Any, text: str) -> None:
    """Key presses for ``text``; a character beyond ASCII (which QTest's keyClicks cannot
    send) is one key event carrying it, as a keyboard layout delivers it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def _shift_tab_into(qtbot: Any, form: Form) -> None:
    form.after.setFocus()
    qtbot.keyClick(form.after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is form.date


@pytest.mark.parametrize("start", [dt.date(2027, 2, 1), None])
@pytest.mark.parametrize("typed", ["20270418", "2027-04-18", "2027/04/18", "2027.04.18"])
def test_shift_tab_into_the_field_then_a_whole_date_is_that_date(
    qtbot: Any, start: dt.date | None, typed: str
) -> None:
    """Before: Shift+Tab selected the day section and 20270418 became 20 Feb 2027; typed into
    "not set", nothing happened."""
    form = Form(qtbot)
    form.date.set_value(start)
    _shift_tab_into(qtbot, form)
    qtbot.keyClicks(form.date, typed)
    assert form.date.value() == APRIL_18
    assert form.date.typing_error is None
    assert form.date.text() == "2027-04-18"


@pytest.mark.parametrize(
    "section",
    [
        QDateTimeEdit.Section.YearSection,
        QDateTimeEdit.Section.MonthSection,
        QDateTimeEdit.Section.DaySection,
    ],
)
def test_a_whole_date_is_read_whatever_section_is_selected(qtbot: Any, section: Any) -> None:
    form = Form(qtbot)
    form.date.set_value(dt.date(2026, 11, 30))
    form.date.setFocus()
    form.date.setCurrentSection(section)
    qtbot.keyClicks(form.date, "20270418")
    assert form.date.value() == APRIL_18


def test_full_width_digits_and_a_short_month_then_tab(qtbot: Any) -> None:
    form = Form(qtbot)
    _shift_tab_into(qtbot, form)
    _keys(qtbot, form.date, "２０２７０４１８")
    assert form.date.value() == APRIL_18
    form.date.set_value(None)
    form.date.setFocus()
    qtbot.keyClicks(form.date, "2027-4-9")
    qtbot.keyClick(form.date, Qt.Key.Key_Tab)  # leaving reads it as it stands
    assert form.date.value() == dt.date(2027, 4, 9)
    assert QApplication.focusWidget() is form.after


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("20271345", "'20271345' is not a date of the calendar"),
        ("2027-02-29", "'2027-02-29' is not a date of the calendar"),  # 2027 is no leap year
        ("18-04-2027", "'18-04-2027' is not a whole date"),
        ("18990101", "1899-01-01 is outside 1900-01-02 – 2100-12-31"),
        ("21010101", "2101-01-01 is outside 1900-01-02 – 2100-12-31"),
    ],
)
def test_a_typed_date_that_is_not_one_is_refused_by_name(qtbot: Any, typed: str, says: str) -> None:
    form = Form(qtbot)
    form.date.set_value(dt.date(2027, 2, 1))
    _shift_tab_into(qtbot, form)
    qtbot.keyClicks(form.date, typed)
    assert form.date.value() == dt.date(2027, 2, 1)  # unchanged, and refused:
    error = form.date.typing_error
    assert error is not None and error.field == "day 0" and says in error.message
    qtbot.keyClicks(form.date, "20240229")  # a leap day is a date
    assert form.date.value() == dt.date(2024, 2, 29) and form.date.typing_error is None


def test_a_part_of_a_date_left_behind_is_refused_and_escape_cancels(qtbot: Any) -> None:
    form = Form(qtbot)
    _shift_tab_into(qtbot, form)
    qtbot.keyClicks(form.date, "2027")
    qtbot.keyClick(form.date, Qt.Key.Key_Tab)
    error = form.date.typing_error
    assert error is not None and "'2027' is not a whole date" in error.message
    assert form.date.value() is None
    form.date.setFocus()
    qtbot.keyClicks(form.date, "2027-0")
    qtbot.keyClick(form.date, Qt.Key.Key_Escape)
    assert form.date.value() is None and form.date.text() == "not set"


@pytest.mark.parametrize(
    "key", [Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown]
)
def test_stepping_an_unset_date_does_nothing(qtbot: Any, key: Any) -> None:
    """Before: Up on an empty date stepped from the 1900 marker to 1901."""
    form = Form(qtbot)
    _shift_tab_into(qtbot, form)
    qtbot.keyClick(form.date, key)
    assert form.date.value() is None and form.date.text() == "not set"


def test_stepping_down_never_lands_on_the_not_set_marker(qtbot: Any) -> None:
    form = Form(qtbot)
    form.date.set_value(dt.date(1900, 1, 2))
    form.date.setFocus()
    form.date.setCurrentSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClick(form.date, Qt.Key.Key_Down)
    assert form.date.value() == dt.date(1900, 1, 2)


# ---------------------------------------------------------------- in the window


@pytest.fixture
def window(qtbot: Any, isolated_qsettings: Any) -> MainWindow:
    return open_window(qtbot, user="tester", today=lambda: TODAY)


def test_a_date_of_birth_typed_into_not_set_gives_the_age(qtbot: Any, window: MainWindow) -> None:
    """Born 2 Jun 1991, seen 1 Mar 2027: 35 completed years."""
    dob = window.patient_panel.dob_edit
    dob.setFocus()
    qtbot.keyClicks(dob, "19910602")
    assert dob.value() == dt.date(1991, 6, 2)
    assert window.patient_panel.age_box.text() == "35"


def test_up_on_an_empty_date_of_birth_leaves_the_age_unset(qtbot: Any, window: MainWindow) -> None:
    """Before: Up jumped to 1901 (the age box said 120 years, the message 125)."""
    dob = window.patient_panel.dob_edit
    dob.setFocus()
    qtbot.keyClick(dob, Qt.Key.Key_Up)
    assert dob.value() is None
    assert window.patient_panel.age_box.text() == ""
    assert "125" not in window.banner.text() and "1901" not in window.banner.text()


def _plan_with_day0(qtbot: Any, window: MainWindow) -> OptionalDateEdit:
    """A valid plan (60 kg, 165 cm, female, mobilization 1 Mar 2027), day 0 on 12 Apr 2027:
    its day 0 field."""
    patient = window.patient_panel
    patient.dob_edit.set_value(dt.date(1991, 6, 2))
    patient.sex_combo.setCurrentIndex(patient.sex_combo.findData("female"))
    window.protocol_panel.mobilization_edit.set_value(dt.date(2027, 3, 1))
    for edit, text in ((patient.weight.edit, "60"), (patient.height.edit, "165")):
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    day0 = window.protocol_panel.day0_edit
    day0.set_value(dt.date(2027, 4, 12))
    assert window.current_plan() is not None
    return day0


def test_a_refused_day_0_stops_the_plan_and_says_why(qtbot: Any, window: MainWindow) -> None:
    day0 = _plan_with_day0(qtbot, window)
    day0.setFocus()
    qtbot.keyClicks(day0, "20270230")
    assert window.current_plan() is None
    banner = window.banner.text()
    assert "day 0" in banner and "'20270230' is not a date of the calendar" in banner
    assert day0.property("invalid") is True
    qtbot.keyClicks(day0, "20270413")
    plan = window.current_plan()
    assert plan is not None and plan.input.options.day0_date == dt.date(2027, 4, 13)
    assert day0.property("invalid") in (None, False)


def test_a_date_being_typed_changes_nothing_until_it_is_whole(qtbot: Any) -> None:
    """Before the fix, Qt read "2027-04-1" as 1 Apr 2027 on the way (a plan recomputed
    for a date nobody meant); only the whole date is announced as a date. Each part on the
    way is announced as a refusal (no plan stands beside it)."""
    form = Form(qtbot)
    form.date.set_value(dt.date(2027, 2, 1))
    dates: list[Any] = []
    refusals: list[str] = []

    def announced() -> None:
        error = form.date.typing_error
        if error is None:
            dates.append(form.date.value())
        else:
            refusals.append(error.message.split(":")[0])

    form.date.dateChanged.connect(announced)
    _shift_tab_into(qtbot, form)
    qtbot.keyClicks(form.date, "2027-04-18")
    assert dates == [APRIL_18]
    assert refusals[0] == "'2' is not a whole date"
    assert refusals[-1] == "'2027-04-1' is not a whole date" and len(refusals) == 9


def test_a_part_of_a_date_stops_the_plan_until_it_is_whole_or_escaped(
    qtbot: Any, window: MainWindow
) -> None:
    """Before: with day 0 half retyped ("2027-0"), the schedule of the old day 0 stood
    beside it until the field was left. Now the doses are cleared while the date is a part;
    Esc gives back the old day 0 and its plan; rubbing every digit out does the same."""
    day0 = _plan_with_day0(qtbot, window)
    day0.setFocus()
    qtbot.keyClicks(day0, "2027-0")
    assert day0.text() == "2027-0"  # what is typed shows, not the old day 0
    assert window.current_plan() is None
    assert "'2027-0' is not a whole date" in window.banner.text()
    assert day0.property("invalid") is True
    qtbot.keyClick(day0, Qt.Key.Key_Escape)
    plan = window.current_plan()
    assert plan is not None and plan.input.options.day0_date == dt.date(2027, 4, 12)
    assert day0.text() == "2027-04-12" and day0.property("invalid") in (None, False)
    qtbot.keyClicks(day0, "20")
    assert window.current_plan() is None
    for _ in range(2):
        qtbot.keyClick(day0, Qt.Key.Key_Backspace)
    plan = window.current_plan()
    assert plan is not None and plan.input.options.day0_date == dt.date(2027, 4, 12)
    assert day0.text() == "2027-04-12"


@pytest.mark.parametrize("before", [None, dt.date(2027, 2, 1)])
@pytest.mark.parametrize("entered_by", ["label shortcut", "click", "shift-tab"])
def test_what_is_typed_shows_as_it_is_typed(
    qtbot: Any, before: dt.date | None, entered_by: str
) -> None:
    """Over a date already set, entered by its label's shortcut (Alt+0 for "Day 0"), the
    spin box put the old date's text back at each key: a person typing 2027-04-18 saw
    2027-02-01 with the cursor moving inside it (clicked into, the first digit)."""
    form = Form(qtbot)
    form.date.set_value(before)
    if entered_by == "label shortcut":
        form.date.setFocus(Qt.FocusReason.ShortcutFocusReason)  # what a buddy label does
    elif entered_by == "click":
        qtbot.mouseClick(form.date.lineEdit(), Qt.MouseButton.LeftButton, pos=QPoint(20, 8))
    else:
        _shift_tab_into(qtbot, form)
    assert QApplication.focusWidget() is form.date
    shown = []
    for key in "2027-04-1":
        qtbot.keyClicks(form.date, key)
        shown.append(form.date.text())
    assert shown == [
        "2",
        "20",
        "202",
        "2027",
        "2027-",
        "2027-0",
        "2027-04",
        "2027-04-",
        "2027-04-1",
    ]
    qtbot.keyClicks(form.date, "8")
    assert form.date.text() == "2027-04-18" and form.date.value() == APRIL_18


@pytest.mark.parametrize(
    "typed",
    [
        "２０２７－０４－１８",
        "２０２７／４／１８",
        "2027．04．18",
        "2027年4月18日",
        "２０２７年０４月１８日",
    ],
)
def test_a_chinese_keyboards_date_is_read_as_typed(qtbot: Any, typed: str) -> None:
    """Full-width separators and 年/月/日 are what a Chinese keyboard types: before, the
    full-width "－" ended the typing and the digits after it went to Qt's day section."""
    form = Form(qtbot)
    form.date.set_value(dt.date(2027, 2, 1))
    _shift_tab_into(qtbot, form)
    _keys(qtbot, form.date, typed)
    assert form.date.value() == APRIL_18 and form.date.typing_error is None
    assert form.date.text() == "2027-04-18"


@pytest.mark.parametrize("one_commit", [True, False])
@pytest.mark.parametrize("typed", ["２０２７－０４－１８", "2027年4月18日"])
def test_an_input_method_s_date_is_read_as_typed(qtbot: Any, typed: str, one_commit: bool) -> None:
    """A Chinese input method in full-width mode commits text (QInputMethodEvent), not key
    events: before, Qt's own sections read it (２０２７－０４－１８ was refused, or stayed
    the old date). Committed at once or a character at a time, it is read as typed."""
    form = Form(qtbot)
    form.date.set_value(dt.date(2027, 2, 1))
    _shift_tab_into(qtbot, form)
    for commit in [typed] if one_commit else list(typed):
        event = QInputMethodEvent()
        event.setCommitString(commit)
        QApplication.sendEvent(form.date, event)
    assert form.date.value() == APRIL_18 and form.date.typing_error is None
    assert form.date.text() == "2027-04-18"


def test_a_single_digit_day_ends_at_its_ri(qtbot: Any) -> None:
    """2027年4月8日: the day has one digit, so only 日 says it is whole (8 Apr 2027)."""
    form = Form(qtbot)
    _shift_tab_into(qtbot, form)
    _keys(qtbot, form.date, "2027年4月8")
    assert form.date.value() is None and form.date.text() == "2027年4月8"
    _keys(qtbot, form.date, "日")
    assert form.date.value() == dt.date(2027, 4, 8) and form.date.typing_error is None
