"""A number beside its unit in a table cell wherever the two fit the column (DESIGN §5; issue
14: "draw 120" over "mL" in the Dose column at 1280 × 800). The column fitter sizes columns
by their words and passes the widths here; a table model then shows each cell with the pairs
that fit joined by a no-break space (``ui.text_wrap.keep_units_within``). A column is never
widened for a pair: that would bring sideways scrolling back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ui.text_wrap import fits_within, keep_units_within


class UnitsWithinColumns:
    """Each column's text width (pixels) and how wide a text is in a cell's font."""

    def __init__(self) -> None:
        self._widths: list[int] = []
        self._text_width: Callable[[str, Any], int] | None = None
        self._font_key = ""
        # Whether a joined piece fits, per column and cell font: a keystroke re-shows the
        # same "mL" and "mg" pairs on every day of a course.
        self._fits: dict[tuple[int, str, str], bool] = {}
        # Each text as shown, per column and cell font: a weight typed and deleted again
        # shows the doses it showed before (joining them again was a tenth of a keystroke).
        self._shown: dict[tuple[int, str, str], str] = {}

    def set_widths(
        self, widths: list[int], text_width: Callable[[str, Any], int], font_key: str
    ) -> list[int]:
        """The new widths; returns the columns whose cells may now be shown otherwise."""
        known = self._widths if font_key == self._font_key else []
        self._font_key = font_key
        changed = [
            column
            for column, width in enumerate(widths)
            if column >= len(known) or known[column] != width
        ]
        self._widths, self._text_width = list(widths), text_width
        if changed:
            gone = set(changed)
            self._fits = {key: fits for key, fits in self._fits.items() if key[0] not in gone}
            self._shown = {key: shown for key, shown in self._shown.items() if key[0] not in gone}
        return changed

    def keep(self, text: str, column: int, font_key: str, cell_font: Callable[[], Any]) -> str:
        """``text`` as the column shows it (``cell_font()``: the cell's FontRole, if any;
        ``font_key``: its key, "" for none)."""
        text_width = self._text_width
        if text_width is None or column >= len(self._widths):
            return text  # no widths yet: as the model words it
        if not any(character.isdigit() for character in text):
            return text
        shown_key = (column, font_key, text)
        shown = self._shown.get(shown_key)
        if shown is not None:
            return shown
        font = cell_font()
        measured = fits_within(self._widths[column], lambda part: text_width(part, font))

        def fits(piece: str) -> bool:
            key = (column, font_key, piece)
            known = self._fits.get(key)
            if known is None:
                if len(self._fits) > 4096:  # every weight typed makes new doses: stay small
                    self._fits = {}
                known = self._fits[key] = measured(piece)
            return known

        shown = keep_units_within(text, fits)
        if len(self._shown) > 4096:
            self._shown = {}
        self._shown[shown_key] = shown
        return shown
