"""The schedule does not move while a weight is typed (issue 14: "fixed-size panes do not
jump when a message appears"). The summary above it (the cumulative totals in it) and the
harvest beside it grow to what they say (tests/test_ui_info_text.py); at 1280 × 800 "60.5 kg (actual weight)" in the
summary's dosing-weight line needed a fifth line that "60 kg" did not, and the schedule moved
14 px up and down as the weight was typed. The boxes now keep the height they reached until
another plan is loaded (or the window's width changes), so the schedule only ever gives a
line once; after an input error is corrected the schedule is back where it was."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from test_ui_info_text import window  # noqa: F401  (the fixture: three workstation sizes)

from ui import i18n
from ui.main_window import MainWindow
from ui.screenshot import demo_input


def _type_weight(qtbot: Any, shown: MainWindow, weight: str) -> None:
    _type_into(qtbot, shown.patient_panel.weight.edit, weight)


def test_the_schedule_keeps_its_height_while_a_weight_is_typed(
    qtbot: Any,
    window: MainWindow,  # noqa: F811
) -> None:
    """A typed weight whose words need another line of the summary ("60.5 kg" against
    "60 kg") makes the summary taller once; shorter words again leave it as tall, so the
    schedule below only ever gives a line. Whether a weight needs another line depends on
    where the summary's lines break at this width (the panes' widths differ by some 50 px
    between the first window of a test process and later ones); the keeping itself is
    tested on a box of its own (test_ui_info_text.py, ``…_shrinks_back_to_them``)."""
    view = window.schedule_view
    loaded = view.height()
    heights = [loaded]
    most = window.summary.document().size().height()  # the most the words have needed
    for weight in ("60.5", "60", "123.45", "60"):
        summary = window.summary.height()
        _type_weight(qtbot, window, weight)
        needed = window.summary.document().size().height()
        if needed > most:
            assert window.summary.height() > summary, weight  # the words' new line shows
        most = max(most, needed)
        heights.append(view.height())
        assert all(later <= earlier for earlier, later in itertools.pairwise(heights)), heights
        assert window.summary.document().size().height() <= window.summary.viewport().height()
    # An error: the schedule is emptied and the message shown above it; corrected, the
    # schedule is back where it was.
    _type_weight(qtbot, window, "6000")
    assert window.banner.isVisible()
    _type_weight(qtbot, window, "60")
    assert not window.banner.isVisible()
    assert view.height() == heights[-1]
    # Another plan loaded: the boxes are as tall as it needs again.
    window.load_input(demo_input())
    for _ in range(5):
        QApplication.processEvents()
    assert view.height() == loaded


def _schedule_top(shown: MainWindow) -> int:
    view = shown.schedule_view
    return view.mapTo(shown, view.rect().topLeft()).y()


def test_the_schedule_stays_where_it_is_when_an_input_message_appears(
    qtbot: Any,
    window: MainWindow,  # noqa: F811
) -> None:
    """The message takes the summary's place (the summary has nothing to say while the doses
    are cleared: "No doses are shown until every input is valid"), in the room the summary
    had, so the schedule below does not move down as the message appears and up as it goes:
    a weight out of range, a weight and a height out of range (three lines), a field
    emptied (the gentler "To compute the plan, enter" line), and each corrected again. Every
    word of the message is shown (not cut to the summary's room)."""
    top = _schedule_top(window)
    patient = window.patient_panel
    steps: list[tuple[str, Any]] = [
        ("weight out of range", lambda: _type_weight(qtbot, window, "6000")),
        ("weight corrected", lambda: _type_weight(qtbot, window, "60")),
        ("weight out of range again", lambda: _type_weight(qtbot, window, "6000")),
        ("and the height", lambda: _type_into(qtbot, patient.height.edit, "16500")),
        (
            "both corrected",
            lambda: (
                _type_weight(qtbot, window, "60"),
                _type_into(qtbot, patient.height.edit, "165"),
            ),
        ),
        ("weight emptied", lambda: _type_into(qtbot, patient.weight.edit, "")),
        ("weight given", lambda: _type_weight(qtbot, window, "60")),
    ]
    for step, act in steps:
        act()
        assert _schedule_top(window) == top, step
        banner = window.banner
        if banner.isVisible():
            assert not window.summary.isVisible(), step
            assert banner.height() >= banner.heightForWidth(banner.width()), step
        else:
            assert window.summary.isVisible(), step
    assert window.current_plan() is not None


def _type_into(qtbot: Any, edit: Any, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    for _ in range(5):
        QApplication.processEvents()


def test_the_texts_are_as_tall_as_their_words_after_a_language_switch(
    qtbot: Any,
    window: MainWindow,  # noqa: F811
) -> None:
    """Switched to the other language and back, the summary and the harvest are
    as tall as they were (the other language's words had their own heights: kept, they left
    blank lines above the schedule), and the schedule is where it was."""
    first = i18n.current_language()
    other = "en" if first == "zh_CN" else "zh_CN"
    heights = {name: text.height() for name, text in _boxes(window).items()}
    top = _schedule_top(window)
    for language in (other, first):
        window.language_actions[language].trigger()
        for _ in range(5):
            QApplication.processEvents()
    assert {name: text.height() for name, text in _boxes(window).items()} == heights
    assert _schedule_top(window) == top


def _boxes(shown: MainWindow) -> dict[str, Any]:
    return {
        "summary": shown.summary,
        "message room": shown.message_slot,
        "harvest": shown.counts_panel.harvest_label,
    }


def test_a_refused_field_keeps_its_size(
    qtbot: Any,
    window: MainWindow,  # noqa: F811
) -> None:
    """A refused field is marked with a border of its own (``fields.set_invalid``), which
    gave it another size: a line edit or a combo box 2 px lower, and the fields under it
    moved up as a weight was refused and down as it was corrected. Every field of the form
    keeps its place, whichever is refused."""
    patient = window.patient_panel
    fields = window._field_widgets()

    def places() -> dict[str, tuple[int, int]]:
        return {
            name: (widget.mapTo(window, widget.rect().topLeft()).y(), widget.height())
            for name, widget in fields.items()
            if widget.isVisible()
        }

    before = places()
    for edit, refused in ((patient.weight.edit, "6000"), (patient.height.edit, "16500")):
        _type_into(qtbot, edit, refused)
        assert edit.property("invalid") is True
        assert places() == before, refused
    _type_into(qtbot, patient.weight.edit, "60")
    _type_into(qtbot, patient.height.edit, "165")
    assert not patient.height.edit.property("invalid")
    assert places() == before


def test_marking_any_field_refused_moves_nothing(window: MainWindow) -> None:  # noqa: F811
    """Each field of the form marked refused in turn, and unmarked: no widget of the window
    moves or changes size, the field itself included. The mark was a style sheet of the
    field's own, with other size hints: refusing the age moved the date of birth beside it
    20 px; refusing the date of birth widened the form pane 6 px and reflowed the summary."""
    from ui.fields import set_invalid

    shown = [widget for widget in window.findChildren(QWidget) if widget.isVisible()]

    def places() -> list[tuple[str, Any, Any]]:
        return [
            (
                type(widget).__name__ + ":" + (widget.objectName() or widget.accessibleName()),
                widget.mapTo(window, widget.rect().topLeft()).toTuple(),
                widget.size().toTuple(),
            )
            for widget in shown
        ]

    before = places()
    base = window.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    fields = {name: w for name, w in window._field_widgets().items() if w.isVisible()}
    assert len(fields) >= 15  # the form's fields, each tried
    for name, field in fields.items():
        set_invalid(field, f"{name}: refused")
        for _ in range(3):
            QApplication.processEvents()
        assert field.property("invalid") is True
        # Tinted in the colours it is drawn with now: a disabled field (the age, while a date
        # of birth gives it) too.
        assert field.palette().color(QPalette.ColorRole.Base).name() == "#fdecea", name
        moved = [new for old, new in zip(before, places(), strict=True) if old != new]
        assert moved == [], (name, moved[:3])
        set_invalid(field, None)
        for _ in range(3):
            QApplication.processEvents()
        # Unmarked: the window's colours again, none of its own.
        assert field.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base) == base, (
            name
        )
    assert places() == before
