"""Read-only rich text in the window (the summary, the cumulative drug totals, the harvest):
a set number of lines high, taller only when what it says needs more, and a number never
ending a line without its unit."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

from ui.text_wrap import NO_BREAK_SPACE, WORD_JOINER, has_wide, join_units

_PAD = 4  # pixels below the last line, as the box always had

_TAG = re.compile(r"(<[^>]*>)")


# A bold label this short stays on one line in Chinese too (肌酐清除率 broke after 清).
_SHORT_LABEL = 6


def keep_units(html: str) -> str:
    """``html`` with a no-break space wherever a line break would part a number from what
    follows it (its unit, "× 10⁶"): DESIGN §5, the unit beside the number. A short Chinese
    bold label (a field's name: 肌酐清除率, 理想体重) is kept whole with word joiners."""
    parts = _TAG.split(html)
    for index in range(0, len(parts), 2):  # the text between tags
        text = parts[index]
        bold = index > 0 and parts[index - 1].lower() == "<b>"
        if bold and len(text) <= _SHORT_LABEL and " " not in text and has_wide(text):
            text = WORD_JOINER.join(text)
        parts[index] = join_units(text)
    return "".join(parts)


class UnitText(QTextBrowser):
    """Read-only rich text in which a number keeps its unit on its line (``setText``); it
    scrolls (the calculation of the selected dose)."""

    def setText(self, html: str) -> None:
        self.setHtml(keep_units(html))

    def text(self) -> str:
        """The words shown, with plain spaces (as a screen reader reads them)."""
        return self.toPlainText().replace(NO_BREAK_SPACE, " ").replace(WORD_JOINER, "")


class InfoText(UnitText):
    """Read-only rich text, ``lines`` lines high — or as many as its text needs, so nothing
    it says is cut off. Changing a word-wrapped QLabel re-lays out (and repaints) the whole
    window on every keystroke; this changes its height only when its line count does.

    It keeps the height it reached (``forget_height`` or a new width lets it shrink): a
    typed weight made the summary a line taller and shorter by turns ("60.5 kg" against
    "60 kg"), and the schedule below it moved with each keystroke."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._html = ""
        self._reached = 0
        self.setFrameShape(QFrame.Shape.NoFrame)
        # No scroll bars: the box grows to its text instead (one appearing or going would
        # re-lay out the window, and a cut-off line would hide a number).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setOpenLinks(False)
        margin = int(self.document().documentMargin())
        self._least = self.fontMetrics().lineSpacing() * lines + 2 * margin + _PAD
        self.setFixedHeight(self._least)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def setText(self, html: str) -> None:
        if html != self._html:
            self._html = html
            super().setText(html)
            self._fit()

    def forget_height(self) -> None:
        """Another plan (or language): as tall as its text needs again, and the next text
        sets its own height (the last plan's was kept as a floor: a shorter new text left
        blank lines above the schedule)."""
        self._reached = 0
        self._fit()
        self._reached = 0

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the text is laid out to the new width here
        if event.size().width() != event.oldSize().width():
            self._reached = 0  # other lines at another width
        self._fit()

    def _fit(self) -> None:
        document = self.document()
        width = self.viewport().width()
        # Set only when it differs: setting it lays the whole text out again, and setHtml
        # has just laid it out at the viewport's width (a second layout each keystroke).
        if document.textWidth() != width:
            document.setTextWidth(width)
        # The document's height has its margins in it; the pad is the least height's.
        height = max(self._least, self._reached, math.ceil(document.size().height()) + _PAD)
        self._reached = height
        if height != self.height():
            self.setFixedHeight(height)


def forget_heights(root: QWidget) -> None:
    """Every box under ``root`` that keeps the height it reached (``InfoText``, the message's
    room) as tall as what it shows next: another plan, or the other language's words."""
    for widget in root.findChildren(QWidget):
        forget = getattr(widget, "forget_height", None)
        if callable(forget):
            forget()
