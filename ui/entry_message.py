"""Why an entry was refused, under the entry: a morning's counts, a collection's yield, an
alert's acknowledgement, a dropped day (issue 14: "fixed-size panes do not jump when a
message appears").

The refusal had a word-wrapped label of its own, one blank line high while empty: the first
refusal ("count date: is missing: pick the date of the sample", two lines in the narrow
pane) moved the table under it down a line, and back up when the count was added. The room
now holds two lines whether it says anything or not (what most refusals need; an empty line
was there already), and keeps the height a longer refusal reached, as the summary does
(``InfoText``): another plan, language or width, and it is two lines again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.unit_spacing import NO_BREAK_SPACE
from dosing.errors import InputError
from ui import theme
from ui.text_wrap import WORD_JOINER, join_units

_LINES = 2


class EntryMessage(QLabel):
    """The refusal of one entry, in the window's language (``show_error``, ``show_words``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # typed text ("<b>") is shown as typed
        self.setWordWrap(True)
        self.setStyleSheet(theme.MESSAGE_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._error: InputError | None = None
        self._words: Callable[[], str] | None = None
        self._reached = 0
        self._least_height = 0
        self._fit()

    def show_error(self, error: InputError | None) -> None:
        """``error``'s field and words, or nothing (the entry was accepted, or cleared)."""
        from ui.plan_text import error_text

        self.show_words(None if error is None else lambda: error_text(error))
        self._error = error

    def show_words(self, words: Callable[[], str] | None) -> None:
        """The words ``words()`` gives now (and again in another language: ``retranslate``),
        or nothing."""
        self._error, self._words = None, words
        self.setText(join_units(words()) if words is not None else "")
        self._fit()

    def retranslate(self) -> None:
        """The words shown, in the language now installed."""
        self.show_words(self._words)

    @property
    def words(self) -> Callable[[], str] | None:
        """What gives the words shown (``show_words``), if anything is shown."""
        return self._words

    @property
    def error(self) -> InputError | None:
        """The refusal shown, if any."""
        return self._error

    def text(self) -> str:
        """The words shown, with plain spaces (as a screen reader reads them)."""
        return super().text().replace(NO_BREAK_SPACE, " ").replace(WORD_JOINER, "")

    def forget_height(self) -> None:
        """Another plan or language (``info_text.forget_heights``): two lines again."""
        self._reached = self._least_height = 0
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._reached = 0  # other lines at another width
            self._fit()

    def _least(self) -> int:
        """Two lines as this label lays them out (a line is a little taller than the font's
        line spacing; a Chinese line taller again)."""
        from ui.i18n import current_language

        line = "Ag血" if current_language() == "zh_CN" else "Ag"
        shown = super().text()
        super().setText("\n".join([line] * _LINES))
        least = self.heightForWidth(10_000)
        super().setText(shown)
        return least

    def _fit(self) -> None:
        if not self._least_height:
            self._least_height = self._least()
        needed = self.heightForWidth(self.width()) if super().text() else 0
        height = max(self._least_height, self._reached, needed)
        self._reached = height
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
