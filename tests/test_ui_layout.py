"""The window at workstation sizes: 1280 × 800, and 1920 × 1200 at 150% scaling (which is
1280 × 800 logical pixels; a test cannot change QT_SCALE_FACTOR in-process, so the 150% case is
the same logical size with a larger font). Every schedule column that carries text is inside
the viewport (no sideways scrolling) and the course-totals headers are whole."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from test_ui_window import _fill

from ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_qsettings")


@pytest.fixture(params=[1.0, 1.15], ids=["100%", "larger-font"])
def window(qtbot, request):  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    original = QFont(app.font())
    font = QFont(original)
    font.setPointSizeF(original.pointSizeF() * request.param)
    app.setFont(font)
    try:
        shown = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
        _fill(qtbot, shown)
        shown.resize(1280, 800)
        for _ in range(3):
            QApplication.processEvents()
        yield shown
    finally:
        app.setFont(original)


def _columns_with_text(window: MainWindow) -> list[int]:
    model = window.schedule_model
    return [
        column
        for column in range(model.columnCount())
        if any(
            model.index(row, column).data() for row in range(model.rowCount()) if column > 0
        )
        or column == 0
    ]


def test_every_schedule_column_is_inside_the_viewport(window: MainWindow) -> None:
    view = window.schedule_view
    assert window.schedule_model.rowCount() > 20  # a whole course is on screen
    header = view.horizontalHeader()
    width = view.viewport().width()
    columns = _columns_with_text(window)
    assert len(columns) == 7  # Rate, Duration and Condition carry text in auto-hsct-ln
    for column in columns:
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert header.sectionViewportPosition(column) >= 0, column
        assert right <= width, (column, right, width)
    assert view.horizontalScrollBar().maximum() == 0


def test_no_schedule_word_is_wider_than_its_column(window: MainWindow) -> None:
    """Word wrap breaks between words; a single word (a number with its unit stays in one
    cell) wider than its column would be cut."""
    view, model = window.schedule_view, window.schedule_model
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    bold = QFont(view.font())
    bold.setBold(True)
    from PySide6.QtGui import QFontMetrics

    bold_metrics = QFontMetrics(bold)
    for row, entry in enumerate(model.rows()):
        if entry.is_group:
            continue
        for column in range(model.columnCount()):
            text = model.index(row, column).data() or ""
            for word in text.split():
                needed = max(metrics.horizontalAdvance(word), bold_metrics.horizontalAdvance(word))
                assert needed + 8 <= header.sectionSize(column), (row, column, word)


def test_course_totals_headers_and_numbers_are_whole(window: MainWindow) -> None:
    view, model = window.totals_view, window.totals_model
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    assert model.rowCount() > 0
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert metrics.horizontalAdvance(title) + 12 <= header.sectionSize(column), title
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= view.viewport().width(), (title, right, view.viewport().width())
    assert view.horizontalScrollBar().maximum() == 0


def test_right_panel_keeps_its_width_when_an_error_appears(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    before = window.main_splitter.sizes()
    window.patient_panel.weight.edit.setFocus()
    window.patient_panel.weight.edit.selectAll()
    qtbot.keyClicks(window.patient_panel.weight.edit, "6000")
    for _ in range(3):
        QApplication.processEvents()
    assert window.banner.isVisible()
    assert window.main_splitter.sizes() == before
