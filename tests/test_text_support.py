"""A name the sheets cannot print is refused where it is typed, naming the field (never
placeholders or reversed letters on paper); a Chinese name is accepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest

from app.cli import main
from app.text_support import check_printable
from dosing.errors import InputError

PLAN = [
    "plan",
    "--protocol",
    "msc-adipose",
    "--weight",
    "60",
    "--height",
    "165",
    "--sex",
    "female",
    "--age",
    "35",
    "--day0",
    "2027-04-12",
]


@pytest.mark.parametrize("name", ["王小明", "欧阳娜娜", "李䶮", "Zoë Ångström", "O'Brien <b>"])
def test_names_the_fonts_print_are_accepted_unchanged(name: str) -> None:
    assert check_printable("name", name) == name


@pytest.mark.parametrize(
    ("name", "shown"),
    [("דוד כהן", "“ד” (U+05D3)"), ("محمد", "“م” (U+0645)"), ("Li \u202eabc", "U+202E")],
)
def test_right_to_left_is_refused_with_the_field_named(name: str, shown: str) -> None:
    """Hebrew and Arabic would print in the wrong order (no bidirectional layout): refused;
    so is the right-to-left override, which would reverse the Latin letters after it."""
    with pytest.raises(InputError) as refused:
        check_printable("name", name)
    assert refused.value.field == "name"
    assert "right to left" in refused.value.message and shown in refused.value.message


def test_a_character_no_font_has_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        check_printable("MRN", "A1𓀀")
    assert refused.value.field == "MRN"
    assert "no bundled font" in refused.value.message and "U+13000" in refused.value.message


def test_the_command_line_refuses_a_hebrew_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*PLAN, "--name", "דוד כהן"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("txdose: invalid name: is written right to left")


def test_the_command_line_prints_a_chinese_name(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    assert (
        main(["sheet", *PLAN[1:], "--name", "陈静怡", "--sheet", "nurse", "--out", str(out)]) == 0
    )
    text = pypdf.PdfReader(out).pages[0].extract_text().replace("\n", "")
    assert "陈静怡 · MRN not entered" in text


def _type_unicode(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key events carrying the characters, as a Hebrew keyboard layout sends them (QTest's
    keyClicks accepts only ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _commit(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Chinese arrives from the input method as a committed string, not as key codes."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_the_window_refuses_a_hebrew_name_typed_in_the_field(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Typed into the name field: the field is marked and the banner names it; a Chinese
    name committed by the input method in its place is accepted."""
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = MainWindow(today=lambda: dt.date(2027, 4, 1), user="tester")
    qtbot.addWidget(window)
    window.show()
    window.load_engine()
    name = window.patient_panel.name_edit
    name.setFocus()
    _type_unicode(name, "דוד")
    assert name.text() == "דוד"
    assert name.property("invalid") is True
    assert "name" in window.banner.text() and "right to left" in window.banner.text()
    name.selectAll()
    _commit(name, "王小明")
    assert name.text() == "王小明"
    assert name.property("invalid") is not True
    assert "right to left" not in window.banner.text()


def test_the_quick_cmap_reading_agrees_with_reportlab_for_every_character() -> None:
    """The entry check reads the fonts' character maps itself (no reportlab at typing time);
    over all 1,114,112 code points it answers as reportlab's parse does (no-break space
    aside: reportlab maps it to the space glyph, and the check lets all whitespace pass)."""
    from reportlab.pdfbase.ttfonts import TTFont

    from app.font_coverage import LATIN_FILES, coverage
    from app.font_files import CJK_FONT_FILE, FONT_DIR

    for path in [*(FONT_DIR / name for name in LATIN_FILES), CJK_FONT_FILE]:
        has = coverage(path)
        theirs = {
            code for code, glyph in TTFont("probe", str(path)).face.charToGlyph.items() if glyph
        }
        mine = {code for code in range(0x110000) if has(code)}
        assert mine ^ theirs <= {0xA0}, path.name
        assert len(mine) > 5000
