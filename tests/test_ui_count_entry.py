"""Entering a morning's counts (Counts tab) and a collection's yield (Yields tab).

- A date typed is used as typed or the entry is refused: "2027-02-30" typed over 8 Mar
  added the count to 8 Mar (the field keeps its last date while a typed one is refused).
- The refusal names its field in the window's language: the Chinese window said
  "count date: is missing: 请选择采血日期".
- The table under the entry stays where it is while refusals come and go (issue 14: "fixed-
  size panes do not jump when a message appears"): the message moved it 14 px down.
- File → New and another plan leave no entry or refusal of the previous patient behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget
from test_ui_info_text import window as sized_window  # noqa: F401  (three workstation sizes)

from dosing.models import ApheresisYield, DailyCount
from ui import i18n
from ui.counts_panel import CountsPanel
from ui.fields import OptionalDateEdit
from ui.main_window import MainWindow
from ui.screenshot import demo_input

pytestmark = pytest.mark.usefixtures("isolated_qsettings")

MARCH_8 = dt.date(2027, 3, 8)


@dataclass(frozen=True)
class Entry:
    """One tab's entry: its date, its two numbers, its message and its table."""

    tab: int
    date: str
    first: str
    second: str
    message: str
    table: str
    date_field: str  # as an input error names it

    def widgets(self, panel: CountsPanel) -> tuple[OptionalDateEdit, QLineEdit, QLineEdit]:
        return getattr(panel, self.date), getattr(panel, self.first), getattr(panel, self.second)

    def rows(self, panel: CountsPanel) -> tuple[Any, ...]:
        return panel.read()["counts" if self.tab == 0 else "apheresis"]  # type: ignore[no-any-return]


COUNTS = Entry(
    0, "count_date", "wbc_edit", "anc_edit", "count_message", "counts_view", "count date"
)
YIELDS = Entry(
    1, "apheresis_date", "cd34_edit", "mnc_edit", "apheresis_message", "apheresis_view",
    "apheresis date",
)  # fmt: skip


def _window(qtbot: Any) -> MainWindow:
    return open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))


def _type(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def _type_date(qtbot: Any, edit: OptionalDateEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def _add(qtbot: Any, entry: Entry, panel: CountsPanel, first: str, second: str) -> None:
    """The numbers typed, and Return in the second field (as a nurse adds a morning)."""
    _, first_edit, second_edit = entry.widgets(panel)
    _type(qtbot, first_edit, first)
    _type(qtbot, second_edit, second)
    qtbot.keyClick(second_edit, Qt.Key.Key_Return)
    for _ in range(3):
        QApplication.processEvents()


def _message(entry: Entry, panel: CountsPanel) -> str:
    return getattr(panel, entry.message).text()  # type: ignore[no-any-return]


@pytest.mark.parametrize("entry", [COUNTS, YIELDS], ids=["counts", "yields"])
def test_a_date_typed_that_is_not_one_refuses_the_entry(qtbot: Any, entry: Entry) -> None:
    """8 Mar in the date field, "20270230" typed over it (no 30 Feb), then the numbers and
    Return: nothing is added, to 8 Mar or any day; the message and the marked field say
    why. "20270309" typed then, and the same numbers go to 9 Mar."""
    window = _window(qtbot)
    panel = window.counts_panel
    panel.tabs.setCurrentIndex(entry.tab)
    date_edit, _, _ = entry.widgets(panel)
    date_edit.set_value(MARCH_8)
    _type_date(qtbot, date_edit, "20270230")
    _add(qtbot, entry, panel, "0.8", "0.5")
    assert entry.rows(panel) == ()
    says = f"{entry.date_field}: '20270230' is not a date of the calendar"
    assert _message(entry, panel).startswith(says)
    assert date_edit.property("invalid") is True and date_edit.toolTip().startswith(says)
    _type_date(qtbot, date_edit, "20270309")
    _add(qtbot, entry, panel, "0.8", "0.5")
    if entry is COUNTS:
        expected: Any = DailyCount(
            date=dt.date(2027, 3, 9), wbc_10e9_per_l=Decimal("0.8"), anc_10e9_per_l=Decimal("0.5")
        )
    else:
        expected = ApheresisYield(
            date=dt.date(2027, 3, 9), cd34_10e6=Decimal("0.8"), mnc_10e8=Decimal("0.5")
        )
    assert entry.rows(panel) == (expected,)
    assert _message(entry, panel) == ""
    assert not date_edit.property("invalid") and date_edit.toolTip() == ""


def _no_english(text: str) -> list[str]:
    """Latin words left in a Chinese message, beyond units and the counts' own letters."""
    allowed = {"L", "WBC", "ANC", "CD34", "MNC", "yyyy", "mm", "dd", "yyyymmdd"}
    text = re.sub(r"“[^”]*”", "", text)  # what was typed, quoted
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text) if w not in allowed]


@pytest.mark.parametrize("entry", [COUNTS, YIELDS], ids=["counts", "yields"])
def test_the_chinese_window_refuses_an_entry_in_chinese(qtbot: Any, entry: Entry) -> None:
    """No date (血象日期 / 单采日期 未填写), then a number out of range, a word, and a date
    that is not one (30 Feb): each refusal, and each marked field's tooltip, in Chinese. A refusal shown when the language
    changes is shown in the new language."""
    window = _window(qtbot)
    panel = window.counts_panel
    panel.tabs.setCurrentIndex(entry.tab)
    date_edit, first_edit, _ = entry.widgets(panel)
    _add(qtbot, entry, panel, "1", "1")  # no date: refused in English first
    assert _message(entry, panel).startswith(f"{entry.date_field}: is missing: pick")
    assert i18n.install_language("zh_CN")
    try:
        i18n.retranslate_window(window)
        missing = _message(entry, panel)
        assert ("血象日期" if entry is COUNTS else "单采日期") in missing  # the field
        assert "未填写" in missing and _no_english(missing) == [], missing
        date_edit.set_value(MARCH_8)
        for typed, says in (("900000", "超出允许范围"), ("abc", "不是数字")):
            _add(qtbot, entry, panel, typed, "1")
            message = _message(entry, panel)
            assert says in message and _no_english(message) == [], message
            tooltip = first_edit.toolTip()
            assert says in tooltip and _no_english(tooltip) == [], tooltip
        _type_date(qtbot, date_edit, "20270230")
        _add(qtbot, entry, panel, "1", "1")
        message = _message(entry, panel)
        assert "不是日历上的日期" in message and _no_english(message) == [], message
        assert entry.rows(panel) == ()
    finally:
        i18n.install_language("en")


def _top(window: MainWindow, widget: QWidget) -> int:
    return widget.mapTo(window, widget.rect().topLeft()).y()


@pytest.mark.parametrize("entry", [COUNTS, YIELDS], ids=["counts", "yields"])
def test_the_table_stays_where_it_is_while_entries_are_refused(
    qtbot: Any,
    sized_window: MainWindow,  # noqa: F811
    entry: Entry,
) -> None:
    """At 1280 × 800 (English and Chinese) and 1920 × 1200 with a larger font. The room
    under the entry holds two lines: a missing date's refusal (two lines) leaves the table
    where it is. A longer refusal (a number out of range, a word: three or four lines in the
    narrow pane) gives the room the lines it needs once, and the room keeps them: the table
    never moves back up as refusals and accepted entries come and go. Every refusal is
    shown whole."""
    window = sized_window
    panel = window.counts_panel
    panel.tabs.setCurrentIndex(entry.tab)
    for _ in range(3):
        QApplication.processEvents()
    table: QTableView = getattr(panel, entry.table)
    message = getattr(panel, entry.message)
    date_edit, _, _ = entry.widgets(panel)
    tops = [_top(window, table)]
    steps = ((None, "1"), (MARCH_8, "900000"), (MARCH_8, "abc"), (None, "1"), (MARCH_8, "900000"))
    for step, (date, first) in enumerate(steps):
        date_edit.set_value(date)
        _add(qtbot, entry, panel, first, "1")
        assert message.text(), step
        assert message.height() >= message.heightForWidth(message.width()), step
        tops.append(_top(window, table))
        if step == 0:
            assert tops[-1] == tops[0], message.text()  # two lines: the room it had
        date_edit.set_value(MARCH_8 + dt.timedelta(days=step))
        _add(qtbot, entry, panel, "2", "1")  # accepted
        assert message.text() == "", step
        assert _top(window, table) == tops[-1], step  # the refusal gone: nothing moves
    assert tops == sorted(tops), tops  # never back up
    assert tops[-1] == tops[-2] == tops[-3], tops  # the same refusals again: no move


@pytest.mark.parametrize("reset", ["file new", "another plan"])
def test_file_new_and_another_plan_leave_no_entry_or_refusal_behind(qtbot: Any, reset: str) -> None:
    """A WBC of 900 refused on 8 Mar, and an apheresis yield half typed: after File → New,
    or after another plan is opened, the entries are empty, the dates not set, nothing
    marked and no refusal shown."""
    window = _window(qtbot)
    panel = window.counts_panel
    panel.count_date.set_value(MARCH_8)
    _add(qtbot, COUNTS, panel, "900", "")
    assert panel.count_message.text() and panel.wbc_edit.property("invalid") is True
    panel.apheresis_date.set_value(MARCH_8)
    _type(qtbot, panel.cd34_edit, "150")
    if reset == "file new":
        window.clear_inputs()
    else:
        window.load_input(demo_input())
    for edit in (panel.wbc_edit, panel.anc_edit, panel.cd34_edit, panel.mnc_edit):
        assert edit.text() == "" and not edit.property("invalid"), edit.accessibleName()
    assert panel.count_date.value() is None and panel.apheresis_date.value() is None
    assert panel.count_message.text() == "" and panel.apheresis_message.text() == ""
