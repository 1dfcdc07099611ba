"""The window at workstation sizes. 1920 × 1200 at 150% scaling is 1280 × 800 logical pixels
with the same point sizes (a test cannot change QT_SCALE_FACTOR in-process), so the 1280 × 800
case covers both; 1920 × 1200 unscaled with a 15% larger font is the other end. Every schedule
column that carries text is inside the viewport (no sideways scrolling), no word is wider than
its column, and the course-totals headers are whole."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import open_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from test_ui_window import _fill

from ui.main_window import MainWindow
from ui.settings import open_settings

pytestmark = pytest.mark.usefixtures("isolated_qsettings")


@pytest.fixture(
    params=[(1280, 800, 1.0), (1920, 1200, 1.15)], ids=["1280x800", "1920x1200-larger-font"]
)
def window(qtbot, request):  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    original = QFont(app.font())
    font = QFont(original)
    width, height, scale = request.param
    font.setPointSizeF(original.pointSizeF() * scale)
    app.setFont(font)
    try:
        shown = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
        _fill(qtbot, shown)
        shown.resize(width, height)
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
        if any(model.index(row, column).data() for row in range(model.rowCount()) if column > 0)
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


def test_splitters_are_remembered_per_screen_size(qtbot) -> None:  # type: ignore[no-untyped-def]
    first = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    first.resize(1280, 800)
    QApplication.processEvents()
    sizes = first.main_splitter.sizes()
    dragged = [sizes[0] - 40, sizes[1] + 40, sizes[2]]
    first.main_splitter.setSizes(dragged)
    first.close()
    screen = first.screen().availableGeometry()
    settings = open_settings()
    assert settings.contains(f"window/main_splitter/{screen.width()}x{screen.height()}")
    second = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    second.resize(1280, 800)
    QApplication.processEvents()
    assert second.main_splitter.sizes() == dragged
