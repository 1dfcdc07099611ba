"""The window's read-only texts — the summary (with the cumulative drug totals) and the
harvest against its targets — show all they say (issue 14: "nothing truncated that carries a
number"). They are a fixed number of lines high so a keystroke does not re-lay out the window;
at 1280 × 800 the harvest needed more lines than its seven, and its last verdict ("not met")
and the protocol's target sentence were cut off with no scroll bar. Now a text taller than its
lines makes its box taller (and the harvest gives each target's per-kg basis on its own line
instead of that sentence, which the sheets keep). And a number keeps its unit on its line:
"(270.7" ending one line and "mg/kg; …" starting the next was how the cumulative totals read."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata

import pytest
from conftest import open_window
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QTextBrowser

from ui import i18n
from ui.fonts import register_bundled_fonts
from ui.info_text import InfoText, keep_units
from ui.main_window import MainWindow
from ui.screenshot import demo_input
from ui.text_wrap import WORD_JOINER, is_wide

pytestmark = pytest.mark.usefixtures("isolated_qsettings")

LINE_SEPARATOR = "\u2028"  # how Qt's document holds a <br> inside a paragraph
LATIN_SLASH = r"[A-Za-z0-9⁰¹²³⁴⁵⁶⁷⁸⁹µ]/[A-Za-z0-9µ]"  # "10⁹/L", "mg/kg"; not "mg/天"


@pytest.fixture(
    params=[(1280, 800, 1.0, "en"), (1280, 800, 1.0, "zh_CN"), (1920, 1200, 1.15, "en")],
    ids=["1280x800", "zh_CN-1280x800", "1920x1200-larger-font"],
)
def window(qtbot, request):  # type: ignore[no-untyped-def]
    """The screenshot's plan (docs/screenshot.png) at workstation sizes; 1920 × 1200 at
    150% is 1280 × 800 logical pixels (tests/test_ui_layout.py)."""
    app = QApplication.instance()
    original = QFont(app.font())
    width, height, scale, language = request.param
    font = QFont(original)
    font.setPointSizeF(original.pointSizeF() * scale)
    app.setFont(font)
    register_bundled_fonts()
    assert i18n.install_language(language)
    try:
        shown = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
        shown.resize(width, height)
        shown.load_input(demo_input())
        for _ in range(5):
            QApplication.processEvents()
        yield shown
    finally:
        i18n.install_language("en")
        app.setFont(original)


def _texts(window: MainWindow) -> dict[str, QTextBrowser]:
    return {
        "summary": window.summary,
        "harvest": window.counts_panel.harvest_label,
    }


def test_every_read_only_text_shows_all_it_says(window: MainWindow) -> None:
    for name, box in _texts(window).items():
        assert box.text(), name
        needed = box.document().size().height()
        assert needed <= box.viewport().height(), (name, needed, box.viewport().height())
        # Inside the window, not under the pane's bottom edge either.
        bottom = box.mapTo(window, box.rect().bottomLeft()).y()
        assert (
            bottom
            <= window.centralWidget().mapTo(window, window.centralWidget().rect().bottomLeft()).y()
        ), name


def test_the_harvest_shows_both_targets_with_their_basis_and_both_verdicts(
    window: MainWindow,
) -> None:
    """60 kg, no collection yet: CD34+ more than 2 × 10⁶/kg × 60 = 120 × 10⁶ and mononuclear
    cells more than 2 × 10⁸/kg × 60 = 120 × 10⁸, both "not met" (未达标), the last words."""
    text = window.counts_panel.harvest_label.text()
    if i18n.current_language() == "zh_CN":
        assert "目标为大于 120 × 10⁶（2 × 10⁶/kg）— 未达标" in text, text
        assert text.endswith("目标为大于 120 × 10⁸（2 × 10⁸/kg）— 未达标"), text
    else:
        assert "target more than 120 × 10⁶ (2 × 10⁶/kg) — not met" in text, text
        assert text.endswith("target more than 120 × 10⁸ (2 × 10⁸/kg) — not met"), text


def test_a_box_taller_than_its_lines_shrinks_back_to_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Eight lines in a three-line box make it eight lines high; one line again keeps the
    height (the schedule below does not move back and forth as a weight is typed:
    tests/test_ui_steady_panes.py) until another plan (``forget_height``): three."""
    box = InfoText(lines=3)
    qtbot.addWidget(box)
    box.resize(300, box.height())
    box.show()
    three = box.height()
    box.setText("<br>".join(f"line {n}" for n in range(8)))
    eight = box.height()
    assert eight > three
    assert box.document().size().height() <= box.viewport().height()
    box.setText("one line")
    assert box.height() == eight
    box.forget_height()
    assert box.height() == three


def test_a_number_keeps_its_unit_and_its_power_of_ten() -> None:
    """A no-break space after a number and after "×" before a number; a word joiner between
    an ideograph and a number; tags untouched."""
    nb = "\u00a0"
    assert keep_units("<b>Cumulative</b>: 16,240 mg in this plan (270.7 mg/kg; 9.78 g/m²)") == (
        f"<b>Cumulative</b>: 16,240{nb}mg in this plan (270.7{nb}mg/kg; 9.78{nb}g/m²)"
    )
    assert keep_units("collected 0 × 10⁶ (0 × 10⁶/kg)") == (
        f"collected 0{nb}×{nb}10⁶ (0{nb}×{nb}10⁶/kg)"
    )
    wj = "\u2060"  # a word joiner: Chinese has no space to make no-break
    assert (
        keep_units("（ATG） — 第−4天，本计划 345 mg")
        == f"（ATG） — 第{wj}−4{wj}天，本计划 345{nb}mg"
    )
    # A short Chinese bold label (a field's name) whole; a long one may still wrap.
    assert keep_units("<b>肌酐清除率</b> 82.6 mL/min") == (
        f"<b>{wj.join('肌酐清除率')}</b> 82.6{nb}mL/min"
    )
    assert (
        keep_units("<b>兔抗人胸腺细胞免疫球蛋白累积量</b>")
        == "<b>兔抗人胸腺细胞免疫球蛋白累积量</b>"
    )
    assert keep_units("<span style='color:#9b1c1c'>not met</span>") == (
        "<span style='color:#9b1c1c'>not met</span>"
    )


def test_the_words_read_back_have_plain_spaces(window: MainWindow) -> None:
    """What a test or a screen reader reads is the words, not the no-break spaces."""
    if i18n.current_language() == "en":
        assert "16,240 mg in this plan" in window.summary.text()
    assert "\u00a0" not in window.summary.text()


def _wrapped_lines(box: QTextBrowser) -> list[list[str]]:
    """Each paragraph's lines as laid out at the box's width."""
    document = box.document()
    paragraphs = []
    for number in range(document.blockCount()):
        block = document.findBlockByNumber(number)
        layout = block.layout()
        lines = []
        for index in range(layout.lineCount()):
            line = layout.lineAt(index)
            lines.append(block.text()[line.textStart() : line.textStart() + line.textLength()])
        paragraphs.append(lines)
    return paragraphs


def _parted(first: str, second: str) -> bool:
    """A number at the end of ``first`` and its unit (or "× 10⁶", or in Chinese the 天 of
    第−4天) at the start of ``second``; or 第 parted from its number."""
    end, start = first.rstrip()[-1:], second[:1]
    if end.isdigit() and (start.isalpha() or start in "×µ%"):  # 天 is a letter too
        return True
    # 第 and −4 with no space between ("大于 120" breaks at its space, as "than 120" does).
    ideograph = is_wide(end) and unicodedata.category(end) == "Lo"  # not "；"
    return ideograph and first == first.rstrip() and (start.isdigit() or start in "−-+")


def test_no_line_ends_on_a_number_whose_unit_starts_the_next(window: MainWindow) -> None:
    """As laid out on screen: "(270.7" then "mg/kg; 9.78 g/m²)" was the cumulative
    cyclophosphamide at 1280 × 800, "(0" then "× 10⁶/kg)" the harvest; and the calculation
    of the selected dose (ATG on day −4, as in docs/screenshot.png), which scrolls."""
    rows = window.schedule_model.rows()
    number = next(i for i, r in enumerate(rows) if r.admin and r.admin.item == "atg")
    window.schedule_view.selectRow(number)
    QApplication.processEvents()
    assert "2.5 mg/kg × 60 kg" in window.trace_view.text()
    boxes: dict[str, QTextBrowser] = {**_texts(window), "calculation": window.trace_view}
    if i18n.current_language() == "zh_CN":  # 肌酐清除率 (CrCl) broke after 清 at 1280 × 800
        summary = [line for paragraph in _wrapped_lines(window.summary) for line in paragraph]
        assert any("肌酐清除率" in line.replace(WORD_JOINER, "") for line in summary), summary
    for name, box in boxes.items():
        for paragraph in _wrapped_lines(box):
            for first, second in itertools.pairwise(paragraph):
                if first.endswith(LINE_SEPARATOR):  # a <br>, not a wrap
                    continue
                assert not _parted(first, second), (name, first, second)


def test_no_schedule_cell_breaks_a_number_from_its_unit(window: MainWindow) -> None:
    """The schedule model breaks a long English cell into lines: never a number at the end
    of one and its unit at the start of the next ("CrCl 35" over "mL/min)", "2,000" over
    "mg/100 mL"); and Qt's own wrap never breaks after a '/' inside a word ("10⁹/" over
    "L)"). Every cell of the course, as drawn. (Qt's own wrap at a column narrower than the
    model's lines keeps a number beside its unit wherever the two fit the column:
    tests/test_ui_units_together.py.)"""
    model, view = window.schedule_model, window.schedule_view
    checked = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text = str(model.index(row, column).data() or "")
            if not text:
                continue
            checked += 1
            lines = text.split("\n")
            for first, second in itertools.pairwise(lines):
                assert not _parted(first, second), (row, column, first, second)
            # Qt's own wrap at the column's width must not break a line after '/' either.
            assert all(
                f"/{WORD_JOINER}" in line for line in lines if re.search(LATIN_SLASH, line)
            ), (row, column, lines)
            assert view.columnWidth(column) > 0
    assert checked > 100
