"""The window at workstation sizes. 1920 × 1200 at 150% scaling is 1280 × 800 logical pixels
with the same point sizes (a test cannot change QT_SCALE_FACTOR in-process), so the 1280 × 800
case covers both; 1920 × 1200 unscaled with a 15% larger font is the other end. Every schedule
column that carries text is inside the viewport (no sideways scrolling), no word is wider than
its column, and the course-totals headers are whole; the same in the Chinese window."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from conftest import open_window
from PySide6.QtCore import Qt, QTextBoundaryFinder
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QWidget
from test_ui_window import _fill

from ui import i18n
from ui.fields import decimal_text
from ui.fonts import register_bundled_fonts
from ui.main_window import MainWindow
from ui.number_box import NumberBox
from ui.settings import open_settings
from ui.text_wrap import WORD_JOINER, has_wide

pytestmark = pytest.mark.usefixtures("isolated_qsettings")


@pytest.fixture(
    params=[
        (1280, 800, 1.0, "en"),
        (1920, 1200, 1.15, "en"),
        (1280, 800, 1.0, "zh_CN"),
        (1920, 1200, 1.15, "zh_CN"),
    ],
    ids=["1280x800", "1920x1200-larger-font", "zh_CN-1280x800", "zh_CN-1920x1200-larger-font"],
)
def window(qtbot, request):  # type: ignore[no-untyped-def]
    """The Chinese window too (issue 12): its drug names and notes have no spaces to wrap
    at, and its ideographs are twice as wide as Latin letters."""
    app = QApplication.instance()
    original = QFont(app.font())
    font = QFont(original)
    width, height, scale, language = request.param
    font.setPointSizeF(original.pointSizeF() * scale)
    app.setFont(font)
    register_bundled_fonts()  # a workstation without a CJK font still shows Chinese
    assert i18n.install_language(language)
    try:
        shown = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
        _fill(qtbot, shown)
        shown.resize(width, height)
        for _ in range(3):
            QApplication.processEvents()
        if language == "zh_CN":  # the schedule is in Chinese, not only the menus
            assert shown.schedule_model.headerData(0, Qt.Orientation.Horizontal) == "药品"
            assert any(has_wide(d) for d in shown.schedule_model.doses())
        yield shown
    finally:
        i18n.install_language("en")
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
    cell) wider than its column would be cut. Measured in the cell's own font, as Qt
    draws it (a reduced dose is bold)."""
    view, model = window.schedule_view, window.schedule_model
    header = view.horizontalHeader()
    for row, entry in enumerate(model.rows()):
        if entry.is_group:
            continue
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = index.data() or ""
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font.resolve(view.font()) if font else view.font())
            for word in (piece for spaced in text.split() for piece in _unbreakable(spaced)):
                needed = metrics.horizontalAdvance(word)
                assert needed + 8 <= header.sectionSize(column), (row, column, word)


def _unbreakable(word: str) -> list[str]:
    """The parts of a space-free word that Qt's line breaking keeps whole, where a break
    is beside an ideograph (Qt would also break '10⁹/L' after its '/', but the fitter keeps
    such a Latin word whole, as the English cells need)."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, word)
    parts, start = [], 0
    position = finder.toNextBoundary()
    while 0 < position < len(word):
        if unicodedata.east_asian_width(word[position - 1]) in "WF" or (
            unicodedata.east_asian_width(word[position]) in "WF"
        ):
            parts.append(word[start:position])
            start = position
        position = finder.toNextBoundary()
    return [*parts, word[start:]]


def test_every_number_of_the_schedule_is_whole_on_one_line(window: MainWindow) -> None:
    """Each number ('3,320', '83.3', '1.0', '10⁹/L') is inside one line of its cell as Qt
    lays the cell out at its column's width (the text rect of Fusion's item view: the
    column less the grid line and a focus-frame margin each side): never cut or split."""
    view, model = window.schedule_view, window.schedule_model
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    number = re.compile(r"\d[\d,.]*\d(?:⁹/L)?|\d(?:⁹/L)?")
    checked = 0
    for row, entry in enumerate(model.rows()):
        if entry.is_group:
            continue
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = index.data() or ""
            font = index.data(Qt.ItemDataRole.FontRole) or view.font()
            width = view.columnWidth(column) - 1 - 2 * margin
            lines = [
                line.replace(WORD_JOINER, "") for line in _laid_out_lines(text, QFont(font), width)
            ]
            for found in number.finditer(text.replace("\n", " ").replace(WORD_JOINER, "")):
                assert any(found.group() in line for line in lines), (row, column, lines)
                checked += 1
    assert checked > 50  # the doses, volumes, rates and durations of a whole course


def _laid_out_lines(text: str, font: QFont, width: int) -> list[str]:
    """The lines Qt's word wrap makes of ``text`` at ``width`` pixels."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()])
        layout.endLayout()
    return lines


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
    dragged = [sizes[0] + 40, sizes[1] - 40, sizes[2]]  # the form pane starts at its narrowest
    first.main_splitter.setSizes(dragged)
    first.close()
    screen = first.screen().availableGeometry()
    settings = open_settings()
    assert settings.contains(f"window/main_splitter/{screen.width()}x{screen.height()}")
    second = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    second.resize(1280, 800)
    QApplication.processEvents()
    assert second.main_splitter.sizes() == dragged


def test_left_form_pane_needs_no_sideways_scroll(window: MainWindow) -> None:
    """Every widget of the patient / protocol / adjustments pane that carries text is inside
    the pane's viewport, and no label or checkbox text is wider than its widget unless it
    wraps: a number behind a scrollbar is a number not read."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    scroll = window.form_scroll
    viewport = scroll.viewport().width()
    assert scroll.widget().minimumSizeHint().width() <= viewport
    clipped = []
    for widget in scroll.widget().findChildren(QWidget):
        if not widget.isVisibleTo(scroll.widget()):
            continue
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        if not text:
            continue
        right = widget.mapTo(scroll.viewport(), widget.rect().topRight()).x()
        if right > viewport:
            clipped.append(text)
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.fontMetrics().horizontalAdvance(re.sub("<[^>]+>|&", "", text)) > widget.width():
            clipped.append(text)
    assert clipped == []


def test_every_form_field_is_whole_inside_the_pane(window: MainWindow) -> None:
    """Not only the texts: the age box beside the date of birth, the chosen-value and
    percentage boxes are inside the pane and at least as wide as their longest value."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    scroll = window.form_scroll
    viewport = scroll.viewport().width()
    outside, narrow = [], []
    for widget in scroll.widget().findChildren(QWidget):
        if not widget.isVisibleTo(scroll.widget()) or widget.width() == 0:
            continue
        right = widget.mapTo(scroll.viewport(), widget.rect().topRight()).x()
        if right > viewport:
            outside.append((type(widget).__name__, widget.accessibleName(), right))
        if isinstance(widget, QAbstractSpinBox | QComboBox | NumberBox):
            if widget.width() < widget.minimumSizeHint().width():
                narrow.append((widget.accessibleName(), widget.width()))
        if isinstance(widget, NumberBox):  # its widest bound whole beside its unit
            margins = widget.textMargins()
            room = widget.contentsRect().width() - margins.left() - margins.right() - 4
            widest = max(
                widget.fontMetrics().horizontalAdvance(decimal_text(b)) for b in widget.bounds
            )
            if room < widest:
                narrow.append((widget.accessibleName(), room))
    assert outside == []
    assert narrow == []
    assert scroll.horizontalScrollBar().maximum() == 0


def test_no_combo_box_cuts_a_number(window: MainWindow) -> None:
    """A combo box narrower than its entry shows it elided, but never a number of it: the
    day to drop ("Rabbit anti-thymocyte globulin (ATG) — day −4") is elided in the middle,
    its day kept. The protocol's title is the exception: it is shown whole, wrapped, under
    the combo box."""
    from ui.compact import CompactComboBox

    protocol = window.protocol_panel
    cut = []
    for combo in window.form_scroll.widget().findChildren(CompactComboBox):
        if combo is protocol.protocol_combo or not combo.isVisibleTo(window.form_scroll):
            continue
        for index in range(combo.count()):
            text = combo.itemText(index)
            # Quantities and days ("−4", "第1天"), not the digits of a name (CD34⁺, IL-2).
            numbers = re.findall(r"(?<![A-Za-z0-9-])[−]?\d[\d,.]*", text)
            if any(number not in combo.shown_text(text) for number in numbers):
                cut.append((combo.accessibleName(), text, combo.shown_text(text)))
    assert cut == []
    assert window.adjustments_panel.drop_combo.count() > 10  # every day of every item
    title = protocol.protocol().title if protocol.protocol() else ""
    assert protocol.name_label.isVisible()
    assert protocol.name_label.text().replace(WORD_JOINER, "") in (
        title,
        protocol.protocol_combo.currentText().split(" — ", 1)[1],
    )


def test_the_form_pane_is_never_dragged_narrower_than_its_form(window: MainWindow) -> None:
    """A splitter dragged to the left stops at the form's minimum width: nothing is cut."""
    splitter = window.main_splitter
    sizes = splitter.sizes()
    splitter.setSizes([60, sizes[1] + sizes[0] - 60, sizes[2]])
    for _ in range(3):
        QApplication.processEvents()
    scroll = window.form_scroll
    assert scroll.viewport().width() >= scroll.widget().minimumSizeHint().width()
    assert scroll.widget().width() <= scroll.viewport().width()


def test_a_chosen_value_s_words_wrap_with_its_range_whole(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """The check box's words wrap in the narrow pane, "5–10" and "mcg/kg/day" each on one
    line; a click on the words ticks the box, and the box is the stop in the tab order."""
    from ui.compact import CheckLabel

    check = window.adjustments_panel.choice_check("gcsf-mobilization")
    assert isinstance(check, CheckLabel)
    label = check.label
    lines = [
        line.replace(WORD_JOINER, "")
        for line in _laid_out_lines(label.text(), label.font(), label.contentsRect().width())
    ]
    assert any("5–10" in line for line in lines), lines
    assert any("mcg/kg/" in line for line in lines), lines
    assert check.box in window.tab_chain
    assert not check.isChecked()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert check.isChecked()
    assert window.adjustments_panel.choice_number("gcsf-mobilization").isEnabled()


def test_no_word_of_an_alert_is_cut(window: MainWindow) -> None:
    """The alerts pane is narrow (it keeps its width when a message appears): its message
    wraps by words, and every word fits its column — "Cyclophosphamide (mobilization):"
    was cut to "Cyclophosph…". The severity leads the message in the one column shown."""
    panel = window.alerts_panel
    view, model = panel.view, panel.model
    assert model.rowCount() >= 3
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = view.columnWidth(model.COL_MESSAGE) - 1 - 2 * margin
    right = view.columnViewportPosition(model.COL_MESSAGE) + view.columnWidth(model.COL_MESSAGE)
    assert right <= view.viewport().width()
    metrics = view.fontMetrics()
    cut = []
    for row in range(model.rowCount()):
        text = model.index(row, model.COL_MESSAGE).data()
        assert text.startswith(model.index(row, model.COL_SEVERITY).data())
        for word in (piece for spaced in text.split() for piece in _unbreakable(spaced)):
            if metrics.horizontalAdvance(word) > width:
                cut.append(word)
        lines = _laid_out_lines(text, view.font(), width)
        assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
        assert view.rowHeight(row) >= len(lines) * metrics.lineSpacing(), (row, lines)
    assert cut == []


def test_course_totals_are_titled_once_and_scroll_by_whole_rows(window: MainWindow) -> None:
    """The tab is named "Course totals"; no group title inside it repeats that (it took a
    line of the pane's height). The table scrolls by whole rows, its top row never cut."""
    from PySide6.QtWidgets import QAbstractItemView, QGroupBox

    page = window.details_tabs.widget(0)
    assert window.details_tabs.tabText(0) == i18n.translate("MainWindow", "Course totals")
    titles = [box.title() for box in page.findChildren(QGroupBox)]
    if isinstance(page, QGroupBox):
        titles.append(page.title())
    assert [t for t in titles if t] == []
    view = window.totals_view
    assert view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
    view.verticalScrollBar().setValue(1)
    QApplication.processEvents()
    assert view.rowViewportPosition(view.rowAt(0)) == 0


def test_count_and_yield_entries_show_their_unit_whole(window: MainWindow) -> None:
    """The entry's placeholder is its unit ("× 10⁹/L", "× 10⁸ cells"): in the Chinese window
    the longer labels (白细胞, 中性粒细胞) squeezed the two fields of a row to "× …". Each
    field now has its label above it, so the unit is whole at both sizes in both languages."""
    panel = window.counts_panel
    cut = []
    for index, edits in (
        (0, (panel.wbc_edit, panel.anc_edit)),
        (1, (panel.cd34_edit, panel.mnc_edit)),
    ):
        panel.tabs.setCurrentIndex(index)
        for _ in range(3):
            QApplication.processEvents()
        for edit in edits:
            needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
            # QLineEdit's own frame and text margins take about 4 px a side
            if needed > edit.width() - 8:
                cut.append((edit.accessibleName(), edit.placeholderText(), needed, edit.width()))
    assert cut == []


def _cut_totals_rows(window: MainWindow) -> list[tuple[int, int, int]]:
    """(row, its bottom, the viewport's height) of every course-totals row that shows in the
    viewport but does not end inside it."""
    view = window.totals_view
    height = view.viewport().height()
    cut = []
    for row in range(window.totals_model.rowCount()):
        top = view.rowViewportPosition(row)
        if 0 <= top < height and top + view.rowHeight(row) > height:
            cut.append((row, top + view.rowHeight(row), height))
    return cut


def test_course_totals_show_whole_rows_only(window: MainWindow) -> None:
    """The pane's height is cut to whole rows: the screenshot showed the second row
    ("Hyperhydration", "4 d…") with its bottom line cut off. At the top and scrolled by one
    row, every row that shows ends inside the viewport, and at least the first shows."""
    view = window.totals_view
    assert window.totals_model.rowCount() >= 4  # more rows than the pane shows: it scrolls
    assert view.rowViewportPosition(0) == 0
    assert view.rowHeight(0) <= view.viewport().height()
    assert _cut_totals_rows(window) == []
    view.verticalScrollBar().setValue(1)
    for _ in range(3):
        QApplication.processEvents()
    assert view.rowAt(0) == 1
    assert _cut_totals_rows(window) == []


def _word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every piece of ``text`` that line breaking must keep whole."""
    spans = []
    for match in re.finditer(r"\S+", text):
        start = match.start()
        for piece in _unbreakable(match.group()):
            spans.append((start, start + len(piece)))
            start += len(piece)
    return spans


def test_pending_alerts_lead_with_a_bold_severity_word(window: MainWindow) -> None:
    """The one-column alerts view lost the bold severity word of a pending soft alert (only
    the row's tint marked it). The message's severity word ("Soft", zh "一般") is bold for
    a hard alert and a soft alert not yet acknowledged, plain otherwise; laid out with
    that bold word, every line is inside the column, no word is split across lines and
    the row is as tall as its lines."""
    from ui.alert_delegate import SeverityLeadDelegate

    panel = window.alerts_panel
    view, model = panel.view, panel.model
    delegate = view.itemDelegateForColumn(model.COL_MESSAGE)
    assert isinstance(delegate, SeverityLeadDelegate)
    soft_word = "一般" if i18n.current_language() == "zh_CN" else "Soft"
    width = view.columnWidth(model.COL_MESSAGE) - 6
    pending: list[str] = []
    for row in range(model.rowCount()):
        alert = model.row_object(row)
        index = model.index(row, model.COL_MESSAGE)
        text = index.data()
        word = model.index(row, model.COL_SEVERITY).data()
        assert text.startswith(word + " · ")
        layout = delegate.text_layout(view.font(), index, width)
        bold = [
            (span.start, span.length)
            for span in layout.formats()
            if span.format.fontWeight() >= QFont.Weight.Bold
        ]
        if alert.severity == "hard" or (alert.severity == "soft" and not alert.acknowledged):
            pending.append(word)
            assert bold == [(0, len(word))], row
        else:
            assert bold == [], row
        lines = [layout.lineAt(n) for n in range(layout.lineCount())]
        assert all(line.naturalTextWidth() <= width for line in lines), row
        shown = layout.text()  # with word joiners where Qt would break "g/m²"
        starts = [line.textStart() for line in lines[1:]]
        split = [(a, b) for a, b in _word_spans(shown) if any(a < s < b for s in starts)]
        assert split == [], (row, [shown[a:b] for a, b in split])
        assert view.rowHeight(row) >= layout.boundingRect().height(), row
    assert pending.count(soft_word) >= 1  # and "Choose" for the G-CSF dose to choose


def test_an_acknowledged_soft_alert_s_severity_word_is_plain(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Once acknowledged (reason typed, Return), the soft alert's word is no longer bold;
    before, it was bold, as the alert still waited."""
    from ui.alert_delegate import bold_lead

    panel = window.alerts_panel
    model = panel.model
    row = next(
        n
        for n, a in enumerate(model.rows())
        if a.severity == "soft" and a.code != "choice-required" and not a.acknowledged
    )
    code = model.row_object(row).code
    word = model.index(row, model.COL_SEVERITY).data()
    assert bold_lead(model.index(row, model.COL_MESSAGE), model.COL_SEVERITY) == len(word)
    panel.view.selectRow(row)
    panel.reason_edit.setFocus()
    qtbot.keyClicks(panel.reason_edit, "read with the prescriber")
    qtbot.keyClick(panel.reason_edit, Qt.Key.Key_Return)
    row = next(n for n, a in enumerate(model.rows()) if a.code == code)
    assert model.row_object(row).acknowledged
    assert bold_lead(model.index(row, model.COL_MESSAGE), model.COL_SEVERITY) == 0
