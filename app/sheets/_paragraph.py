"""reportlab's Paragraph with its parse and line breaking remembered by text and style.

A sheet prints the same texts again and again (the box labels on every row, the drug names
on every day, the same patient on every reprint), and reportlab wraps each table cell three
or four times while it sizes rows and pages. Parsing the markup and breaking the lines is
most of a render: the bilingual nurse sheet spent about 40% of its time in ``breakLines``.

What is remembered is exactly what reportlab computes, keyed by everything it depends on:
the markup text, every attribute of the style, the bullet text, and the widths the paragraph
was wrapped at so far (breaking replaces a paragraph's fragments, so a later wrap starts
from the earlier one's result). The PDF is byte-identical with and without the cache
(tests/test_sheets_cache.py). Drawing only reads the layout; splitting a paragraph across
pages edits the lines it cuts, so a split first lays the paragraph out again, uncached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph as _Paragraph  # type: ignore[import-untyped]

from app.sheets._linebreak import as_fragment_words, install

install()  # Chinese line breaking (kinsoku) for every paragraph the sheets draw

_STYLE_FIELDS = ("name", *sorted(ParagraphStyle.defaults))
_MAX_ENTRIES = 8192  # a few sheets' worth of texts; the oldest are forgotten first

_lock = threading.Lock()
_parsed: OrderedDict[tuple[Any, ...], tuple[Any, ...]] = OrderedDict()
_laid_out: OrderedDict[tuple[Any, ...], tuple[Any, ...]] = OrderedDict()
_enabled = True


def _remember(store: OrderedDict[tuple[Any, ...], tuple[Any, ...]], key: Any, value: Any) -> None:
    with _lock:
        store[key] = value
        if len(store) > _MAX_ENTRIES:
            store.popitem(last=False)


def _recall(store: OrderedDict[tuple[Any, ...], tuple[Any, ...]], key: Any) -> Any:
    with _lock:
        value = store.get(key)
        if value is not None:
            store.move_to_end(key)
        return value


def clear() -> None:
    with _lock:
        _parsed.clear()
        _laid_out.clear()


@contextmanager
def disabled() -> Iterator[None]:
    """Render without the cache (the byte-identity test compares both)."""
    global _enabled
    _enabled = False
    try:
        yield
    finally:
        _enabled = True


def _style_key(style: Any) -> tuple[Any, ...]:
    return tuple(getattr(style, field, None) for field in _STYLE_FIELDS)


class Paragraph(_Paragraph):  # type: ignore[misc]
    """A drop-in ``reportlab.platypus.Paragraph`` that remembers its parse and layout."""

    # reportlab's own attributes, set by its __init__ and breakLines (untyped there)
    text: Any
    style: Any
    frags: Any
    bulletText: Any
    _width_max: float
    _splitLongWordCount: int
    _hyphenations: int

    def __init__(
        self,
        text: str | None,
        style: Any = None,
        bulletText: Any = None,
        frags: Any = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
    ) -> None:
        self._layout_key: tuple[Any, ...] | None = None
        self._widths: tuple[tuple[float, ...], ...] = ()
        if not _enabled or frags is not None or text is None or style is None:
            super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
            return
        key = (text, _style_key(style), bulletText, caseSensitive)
        parsed = _recall(_parsed, key)
        if parsed is None:
            super().__init__(text, style, bulletText, None, caseSensitive, encoding)
            same_style = self.style is style
            parsed = (
                self.text,
                None if same_style else self.style,
                tuple(self.frags),
                self.bulletText,
            )
            _remember(_parsed, key, parsed)
            self.frags = [frag.clone() for frag in parsed[2]]
        else:
            self.caseSensitive = caseSensitive
            self.encoding = encoding
            self.text, parsed_style, frags, self.bulletText = parsed
            self.style = style if parsed_style is None else parsed_style
            self.frags = [frag.clone() for frag in frags]
            self.debug = 0
        self._source = (text, style, bulletText, caseSensitive)
        self._layout_key = key

    def breakLines(self, width: Any) -> Any:
        key = self._layout_key
        if key is None or not _enabled:
            as_fragment_words(self)
            return super().breakLines(width)
        widths = tuple(width) if isinstance(width, (list, tuple)) else (width,)
        history = self._widths if self._widths[-1:] == (widths,) else (*self._widths, widths)
        full_key = (key, history)
        layout = _recall(_laid_out, full_key)
        if layout is None:
            as_fragment_words(self)
            blpara = super().breakLines(width)
            after = list(width) if isinstance(width, list) else None
            layout = (
                blpara,
                list(self.frags),
                self._width_max,
                self._splitLongWordCount,
                self._hyphenations,
                after,
            )
            _remember(_laid_out, full_key, layout)
        else:
            blpara, frags, self._width_max, self._splitLongWordCount, self._hyphenations, after = (
                layout
            )
            self.frags = list(frags)
            self.height = 0
            if after is not None and isinstance(width, list):
                width[:] = after  # reportlab narrows the first width for a bullet in place
        self._widths = history
        return layout[0]

    def split(self, availWidth: float, availHeight: float) -> Any:
        if self._layout_key is not None:
            if not hasattr(self, "blPara"):
                self.wrap(availWidth, availHeight)
            self._lay_out_afresh()
        return super().split(availWidth, availHeight)

    def _lay_out_afresh(self) -> None:
        """Parse and break again without the cache: splitting edits the lines it cuts, and
        those lines must not be the ones the cache hands to the next render."""
        text, style, bullet, case = self._source
        height, history = self.height, self._widths
        self._layout_key = None
        fresh = _Paragraph(text, style, bullet, None, case, self.encoding)
        self.text, self.style, self.frags, self.bulletText = (
            fresh.text,
            fresh.style,
            fresh.frags,
            fresh.bulletText,
        )
        as_fragment_words(self)
        for widths in history:
            self.blPara = _Paragraph.breakLines(self, list(widths))
        self.height = height


def forget_everything() -> None:
    """Empty this cache and the fonts' per-text caches: the state of a process whose first
    sheet this is, fonts already parsed (the benchmark's cold-cache figure)."""
    from app.sheets import _fonts

    clear()
    for remembered in (_fonts._runs, _fonts._markup, _fonts._string_width):
        remembered.cache_clear()
