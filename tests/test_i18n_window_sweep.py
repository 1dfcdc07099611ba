"""No English left in the Chinese window: every text a user sees (labels, buttons, group and
tab titles, table headers and cells of every tab, the charts' words) after View → Language →
中文, listed with where it is, beyond an allow-list: units, G-CSF/ATG/CD34, ids, the data the
user typed, and the sources' words quoted verbatim."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QTabWidget,
    QWidget,
)
from test_i18n_window import TODAY, _fill, _switch

from dosing.models import ApheresisYield, DailyCount
from ui import i18n

pytestmark = pytest.mark.usefixtures("isolated_qsettings")

ALLOWED = {
    *("mg", "mcg", "g", "mL", "kg", "m", "h", "cm", "L", "dL", "min", "mmol", "umol"),
    *("in", "lb"),  # the height and weight beside their fields in inches and pounds
    *("G-CSF", "ATG", "CD34", "IV", "SC", "eGFR", "T", "IL-2"),
    *("Mosteller", "DuBois", "Haycock", "Boyd", "Devine", "Cockcroft", "Gault", "CKD-EPI"),
    *("txdose", "UTC", "A4", "Letter", "SLEDAI-2K", "BILAG-2004"),
}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-+][A-Za-z0-9]+)*")


def _visible_texts(window: Any) -> list[tuple[str, str]]:
    """(where, text) of everything on screen now."""
    found: list[tuple[str, str]] = []

    def where(widget: QWidget) -> str:
        return f"{type(widget).__name__}:{widget.objectName() or widget.accessibleName()}"

    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            found.append((where(widget), widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((where(widget), widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((where(widget), widget.title()))
        if isinstance(widget, QTabWidget):
            found += [(where(widget), widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns, rows = model.columnCount(QModelIndex()), model.rowCount(QModelIndex())
            except TypeError:  # a list model (a combo's popup): one column
                columns, rows = 1, model.rowCount()
            for column in range(columns):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                found.append((where(widget) + " header", str(header or "")))
            for row in range(min(rows, 60)):
                for column in range(columns):
                    value = model.index(row, column).data()
                    found.append((where(widget) + f" [{row},{column}]", str(value or "")))
        if type(widget).__name__.endswith("ChartWidget"):  # the charts' words, as text
            found.append((where(widget), widget.accessibleDescription()))
    for action in window.menuBar().actions():
        found.append(("menu", action.text()))
    return found


def _untranslated(window: Any, allowed: set[str]) -> list[tuple[str, str]]:
    left = []
    for place, text in _visible_texts(window):
        text = re.sub(r"<[^>]+>", " ", _QUOTED.sub("", text))  # rich text's tags
        # the Alt-key letter of a Chinese label (姓名(&N)) and the invisible word joiners
        # that keep "G-CSF" whole in a cell
        text = re.sub(r"\(&\w\)", "", text).replace("\u2060", "")
        words = set(_WORD.findall(text)) - allowed
        if words:
            left.append((place, f"{sorted(words)}: {text[:90]}"))
    return left


def test_the_chinese_window_shows_no_english_outside_the_allow_list(qtbot: Any) -> None:
    window = open_window(qtbot, user="tester", today=lambda: TODAY)
    try:
        _fill(qtbot, window)
        panel = window.counts_panel
        panel.load(
            window.current_input().model_copy(
                update={
                    "counts": (DailyCount(date=dt.date(2027, 3, 4), wbc_10e9_per_l=D("0.8")),),
                    "apheresis": (
                        ApheresisYield(
                            date=dt.date(2027, 3, 10), cd34_10e6=D(200), mnc_10e8=D(200)
                        ),
                    ),
                }
            )
        )
        _switch(qtbot, window, "zh_CN", "文件(&F)")
        allowed = ALLOWED | {"123", "tester", "auto-hsct-ln"}
        plan = window._plan
        allowed |= {item.item for item in plan.items} | {str(a.code) for a in plan.alerts}
        left: list[tuple[str, str]] = []
        for tabs in window.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(10)
                left += _untranslated(window, allowed)
        cell = re.compile(r"\[\d+,\d+\]")
        listed = sorted({cell.sub("", place) + ": " + text for place, text in left})
        assert listed == [], "\n".join(listed)
    finally:
        i18n.install_language("en")


def test_the_chinese_drop_list_names_transplant_days_in_chinese(qtbot: Any) -> None:
    """The dropped-days list read "兔抗人胸腺细胞免疫球蛋白（ATG） — day −4" in the zh_CN
    window: the day came from the engine's English label. ATG is given on days −4 to −2 (seed
    000), so its three entries read 第−4天, 第−3天, 第−2天."""
    window = open_window(qtbot, user="tester", today=lambda: TODAY)
    try:
        _fill(qtbot, window)
        _switch(qtbot, window, "zh_CN", "文件(&F)")
        combo = window.adjustments_panel.drop_combo
        texts = [combo.itemText(i) for i in range(combo.count())]
        atg = [text.rsplit(" — ", 1)[1] for text in texts if "ATG" in text]
        assert atg == ["第−4天", "第−3天", "第−2天"]
        assert not [text for text in texts if "day" in text]
    finally:
        i18n.install_language("en")
