"""The counts and yields tables name each column whole: its count and its unit (issue 14,
"nothing truncated that carries a number"). In the Chinese window at 1280 × 800 the ANC
header 中性粒细胞 was cut to 性粒细 and 单个核细胞 to 个核细胞 (a 44 px column for 64 px of
words); each header line now fits its column, at every size and in both languages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle
from test_ui_layout import window  # noqa: F401  (the four sizes and languages)

from dosing.models import ApheresisYield, DailyCount
from ui.main_window import MainWindow


def _with_counts_and_yields(shown: MainWindow) -> None:
    """The filled plan with counts on 3 and 10 March and yields on 10 and 11 March: the
    date column is as wide as its longest date ("3月10日"), which the headers share."""
    plan = shown.current_plan()
    assert plan is not None
    counts = tuple(
        DailyCount(
            date=dt.date(2027, 3, day), wbc_10e9_per_l=Decimal("2.4"), anc_10e9_per_l=Decimal("1.6")
        )
        for day in (3, 10)
    )
    yields = tuple(
        ApheresisYield(date=dt.date(2027, 3, day), cd34_10e6=Decimal(100), mnc_10e8=Decimal(50))
        for day in (10, 11)
    )
    shown.load_input(plan.input.model_copy(update={"counts": counts, "apheresis": yields}))
    assert shown.counts_panel.counts_model.rowCount() == 2
    assert shown.counts_panel.apheresis_model.rowCount() == 2


def _cut_headers(shown: MainWindow) -> list[tuple[str, str, int, int]]:
    """(table, header line, its width with the header's margins, the column's width) of
    every header line wider than its column."""
    panel = shown.counts_panel
    cut = []
    for index, view in ((0, panel.counts_view), (1, panel.apheresis_view)):
        panel.tabs.setCurrentIndex(index)
        for _ in range(3):
            QApplication.processEvents()
        header = view.horizontalHeader()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        for column in range(view.model().columnCount()):
            title = str(view.model().headerData(column, Qt.Orientation.Horizontal))
            for line in title.split("\n"):
                needed = header.fontMetrics().horizontalAdvance(line) + 2 * margin
                if needed > header.sectionSize(column):
                    cut.append((view.accessibleName(), line, needed, header.sectionSize(column)))
    return cut


def test_every_count_and_yield_header_is_whole(window: MainWindow) -> None:  # noqa: F811
    _with_counts_and_yields(window)
    assert _cut_headers(window) == []
