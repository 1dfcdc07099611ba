"""A number stays on the line of its unit in the window's tables (DESIGN §5: the unit beside
the number; issue 14: at 1280 × 800 the Dose column showed "draw 120" over "mL"). Wherever a
number with its unit ("120 mL", "45 × 10⁹/L)", "24 小时") fits the width its column gets, Qt
lays it out on one line; a pair wider than its column may still break (a column is never
widened for it: that would bring back sideways scrolling). The same four windows as
tests/test_ui_layout.py: 1280 × 800 (which is also 1920 × 1200 at 150%), 1920 × 1200 with a
larger font, and both in Chinese."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle, QTableView
from test_ui_layout import _laid_out_lines, window  # noqa: F401  (the fixture)

from ui.main_window import MainWindow
from ui.text_wrap import NO_BREAK_SPACE, WORD_JOINER, join_units, pieces


def _plain(text: str) -> str:
    return text.replace(NO_BREAK_SPACE, " ").replace(WORD_JOINER, "")


def _pairs_kept_and_broken(view: QTableView) -> tuple[list[str], list[str]]:
    """Every number-with-unit of the table that fits its column: (on one line, broken)."""
    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    kept: list[str] = []
    broken: list[str] = []
    for row in range(model.rowCount()):
        if view.columnSpan(row, 0) > 1:
            continue  # a day heading across the table
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(index.data() or "")
            # The cell's own font, as Qt draws it (a reduced dose is bold).
            font = index.data(Qt.ItemDataRole.FontRole)
            font = font.resolve(view.font()) if isinstance(font, QFont) else QFont(view.font())
            metrics = QFontMetrics(font)
            width = view.columnWidth(column) - 1 - 2 * margin
            lines = [_plain(line) for line in _laid_out_lines(text, font, width)]
            for paragraph in _plain(text).split("\n"):
                # What Qt must keep whole: a piece with a no-break space or a word joiner
                # in it (Chinese may still break beside any other ideograph).
                for token in join_units(paragraph).split(" "):
                    for piece in pieces(token):
                        if NO_BREAK_SPACE not in piece and WORD_JOINER not in piece:
                            continue
                        if metrics.horizontalAdvance(piece) > width:
                            continue  # wider than its column: it may break
                        pair = _plain(piece)
                        (kept if any(pair in line for line in lines) else broken).append(pair)
    return kept, broken


def test_a_number_and_its_unit_share_a_line_in_the_schedule(window: MainWindow) -> None:  # noqa: F811
    kept, broken = _pairs_kept_and_broken(window.schedule_view)
    assert broken == []
    # The doses, volumes to draw, volumes, rates and durations of a whole course.
    assert len(kept) > 50


def test_a_number_and_its_unit_share_a_line_in_the_course_totals(window: MainWindow) -> None:  # noqa: F811
    kept, broken = _pairs_kept_and_broken(window.totals_view)
    assert broken == []
    assert len(kept) >= 4  # every course total at least
    # The Days column gets its whole line before the totals take the room ("2" over "days"
    # at 1280 × 800 before).
    view, model = window.totals_view, window.totals_model
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = view.columnWidth(model.COL_DAYS) - 1 - 2 * margin
    for row in range(model.rowCount()):
        days = str(model.index(row, model.COL_DAYS).data())
        assert len(_laid_out_lines(days, QFont(view.font()), width)) == 1, days


def test_a_number_and_its_unit_share_a_line_in_the_alerts(window: MainWindow) -> None:  # noqa: F811
    """The alerts pane is narrow: "(4.0" ended a line with "g/m² in all)" on the next. Its
    delegate lays the message out itself (ui/alert_delegate.py): read its lines."""
    from ui.alert_delegate import _MARGIN
    from ui.alerts_model import AlertsModel

    view = window.alerts_panel.view
    model = view.model()
    delegate = view.itemDelegateForColumn(AlertsModel.COL_MESSAGE)
    metrics = QFontMetrics(view.font())
    kept: list[str] = []
    broken: list[str] = []
    assert model.rowCount() >= 2
    for row in range(model.rowCount()):
        index = model.index(row, AlertsModel.COL_MESSAGE)
        width = view.columnWidth(AlertsModel.COL_MESSAGE) - 2 * _MARGIN
        layout = delegate.text_layout(QFont(view.font()), index, width)
        laid = layout.text()
        lines = [
            _plain(laid[line.textStart() : line.textStart() + line.textLength()])
            for line in (layout.lineAt(n) for n in range(layout.lineCount()))
        ]
        for paragraph in _plain(str(index.data())).split("\n"):
            for token in join_units(paragraph).split(" "):
                for piece in pieces(token):
                    if NO_BREAK_SPACE not in piece and WORD_JOINER not in piece:
                        continue
                    if metrics.horizontalAdvance(piece) > width:
                        continue
                    pair = _plain(piece)
                    (kept if any(pair in line for line in lines) else broken).append(pair)
    assert broken == []
    assert len(kept) >= 3
