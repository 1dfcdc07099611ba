"""A reason refused: acknowledging a soft alert (the Alerts pane) and dropping a day (the
adjustments). The refusal is shown whole and in the window's language, the reason field is
marked, and what is under it does not move.

The refusal was a one-line label 214 px wide at 1280 × 800: "Not acknowledged —
acknowledgement reason: a reason is required: at least 3 visible characters." was cut to
its first words, and the Chinese window said "未确认 — acknowledgement reason: a reason is
required: …". "Not dropped — …" appeared in a label hidden until then, and the dropped days
and the Restore button under it moved down two lines."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget
from test_ui_info_text import window as sized_window  # noqa: F401  (three workstation sizes)

from ui import i18n
from ui.alerts_panel import acknowledgeable
from ui.main_window import MainWindow


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _select_soft_alert(window: MainWindow) -> None:
    panel = window.alerts_panel
    for row in range(panel.model.rowCount()):
        if acknowledgeable(panel.model.row_object(row)):
            panel.view.selectRow(row)
            return
    raise AssertionError("the screenshot's plan has a soft alert")


def _shown_whole(label: Any) -> bool:
    """Every word on screen: a wrapped label as tall as its lines; one line as wide as it."""
    if label.wordWrap():
        return bool(label.height() >= label.heightForWidth(label.width()))
    return bool(label.sizeHint().width() <= label.width())


def _places(window: MainWindow) -> list[tuple[int, int, int, int]]:
    panel = window.alerts_panel
    widgets: list[QWidget] = [panel.view, panel.reason_edit, panel.ack_button, panel.message]
    return [
        (*w.mapTo(window, w.rect().topLeft()).toTuple(), w.width(), w.height()) for w in widgets
    ]


def test_a_refused_acknowledgement_is_shown_whole_and_moves_nothing_back(
    qtbot: Any,
    sized_window: MainWindow,  # noqa: F811
) -> None:
    """No alert selected: the refusal (two lines at most) is shown in the two lines held
    under the buttons, and nothing in the pane moves. A soft alert with a blank reason: the
    refusal shown whole, the reason field marked; a third line is given once (the table a
    line shorter) and kept. A reason of three visible characters: the alert acknowledged,
    the refusal and the mark gone, nothing moved back; the same refusal again moves nothing."""
    window = sized_window
    panel = window.alerts_panel
    zh = i18n.current_language() == "zh_CN"
    start = _places(window)[:3]
    panel.view.clearSelection()
    panel.acknowledge_selected()
    _settle()
    says = "请先选择" if zh else "Select a soft alert to acknowledge."
    assert says in panel.message.text()
    assert _shown_whole(panel.message), panel.message.text()
    assert _places(window)[:3] == start
    _select_soft_alert(window)
    panel.reason_edit.setText("  ")
    assert panel.acknowledge_selected() is False
    _settle()
    text = panel.message.text()
    if zh:
        assert "未确认" in text and "至少 3 个可见字符" in text, text
        assert re.findall(r"[A-Za-z]+", text) == [], text
    else:
        assert text == "Not acknowledged — a reason is required: at least 3 visible characters."
    assert _shown_whole(panel.message), text
    assert panel.reason_edit.property("invalid") is True
    refused = _places(window)[:3]
    assert refused[0][1] == start[0][1]  # the table's top stays
    panel.reason_edit.setText("reviewed with the consultant")
    assert panel.acknowledge_selected() is True
    _settle()
    assert panel.message.text() == "" and not panel.reason_edit.property("invalid")
    assert _places(window)[:3] == refused
    panel.withdraw_selected()
    panel.reason_edit.setText("")
    assert panel.acknowledge_selected() is False
    _settle()
    assert _places(window)[:3] == refused


def test_a_refused_drop_is_in_the_window_s_language_and_moves_nothing(
    qtbot: Any,
    sized_window: MainWindow,  # noqa: F811
) -> None:
    """ATG day −2 dropped with a blank reason: refused, the reason field marked, the
    dropped days' list where it was; dropped with a reason: in the list, the refusal gone,
    still nothing moved."""
    window = sized_window
    panel = window.adjustments_panel
    zh = i18n.current_language() == "zh_CN"

    def list_top() -> int:
        return int(panel.drop_list.mapTo(window, panel.drop_list.rect().topLeft()).y())

    top = list_top()
    panel.drop_combo.setCurrentIndex(panel.drop_combo.findData("atg@-2"))
    panel.drop_reason.setText("")
    panel.drop_button.click()
    _settle()
    text = panel.drop_message.text()
    if zh:
        assert "至少 3 个可见字符" in text and re.findall(r"[A-Za-z]+", text) == [], text
    else:
        assert text == "Not dropped — a reason is required: at least 3 visible characters."
    assert _shown_whole(panel.drop_message), text
    assert panel.drop_reason.property("invalid") is True
    assert panel.drop_list.count() == 0 and list_top() == top
    panel.drop_reason.setText("fever 39.2")
    panel.drop_button.click()
    _settle()
    assert panel.drop_list.count() == 1 and panel.drop_message.text() == ""
    assert list_top() == top
