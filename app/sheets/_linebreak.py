"""Chinese line breaking for reportlab paragraphs (kinsoku), patched into reportlab 5.1.0.

reportlab breaks lines only at spaces, and Chinese is written without them: a Chinese
sentence moved whole to the next line (leaving a gap) or, wider than its cell, was cut
between any two characters, so "。" or "）" could start a line. Its own CJK mode
(``wordWrap="CJK"``) cuts English words too ("Cyclophosph|amide", "10⁹|/L") and cost a
quarter of a Chinese render.

Here each word reportlab builds from the paragraph's fragments (``_getFragWords``) is cut
further where Chinese may break, and the pieces are laid side by side without a space:

- between two Chinese characters (ideographs, kana, full-width punctuation);
- between a Chinese character and a Latin letter, either way;
- after Chinese closing punctuation and before Chinese opening punctuation, whatever is on
  the other side ("）5 mg", "ATG（");
- never before closing punctuation (。，、；：？！）」』】》 …) nor after opening punctuation
  (（「『【《 …);
- never next to anything else: a Latin word, a number and its unit ("10⁹/L", "mg/day",
  "G-CSF", "5–10", "第−5天", "mg/天") stay whole.

The patch replaces a private function of reportlab, so it is applied only to the version it
was written against (``PINNED``, also pinned in pyproject.toml); any other version is refused
with an error rather than patched blindly (tests/test_sheets_line_breaks.py).
"""

from __future__ import annotations

import threading
from typing import Any

import reportlab  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import paragraph as _rl  # type: ignore[import-untyped]

PINNED = "5.1.0"

CLOSING = frozenset("。，、；：？！）」』】》〉〕〗〙〛｝］’”…‥・％‰℃々ー．｡､")
OPENING = frozenset("（「『【《〈〔〖〘〚｛［‘“")

_lock = threading.Lock()
_original: Any = None


def is_cjk(char: str) -> bool:
    """Chinese, Japanese or Korean script, or CJK / full-width punctuation."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, ideographs (with ext. A)
        or 0xAC00 <= code <= 0xD7AF  # Hangul
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # vertical/compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF  # ideographs, extensions B onwards
    )


def _latin_letter(char: str) -> bool:
    return char.isalpha() and not is_cjk(char)


def may_break(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` and the next begin with ``after`` (two
    characters written together, no space between them)."""
    if after in CLOSING or before in OPENING:
        return False
    if before in CLOSING or after in OPENING:
        return True  # "）5 mg", "，2,400 mg", "ATG（", "10⁹/L（"
    if is_cjk(before):
        return is_cjk(after) or _latin_letter(after)
    return _latin_letter(before) and is_cjk(after)


def break_points(text: str) -> list[int]:
    """The indices ``i`` of ``text`` where a line may break before ``text[i]``."""
    return [i for i in range(1, len(text)) if may_break(text[i - 1], text[i])]


def _has_cjk(word: list[Any]) -> bool:
    return any(is_cjk(ch) for _frag, text in word[1:] for ch in text)


def _cut(word: list[Any]) -> list[list[Any]]:
    """A fragment word ``[width, (frag, text), ...]`` cut at its break points into words
    that join without a space; the last keeps the word's own kind (a trailing space)."""
    chars = [(frag, ch) for frag, text in word[1:] for ch in text]
    cuts = set(break_points("".join(ch for _frag, ch in chars)))
    if not cuts:
        return [word]
    # frags without text (an empty run) stay with the characters around them
    pieces: list[list[Any]] = []
    current: list[tuple[Any, str]] = []
    index = 0
    for frag, text in word[1:]:
        if not text:
            current.append((frag, text))
            continue
        run = ""
        for ch in text:
            if index in cuts:
                if run:
                    current.append((frag, run))
                pieces.append(_measured(current, list))
                current, run = [], ""
            run += ch
            index += 1
        if run:
            current.append((frag, run))
    pieces.append(_measured(current, type(word)))
    return pieces


def _measured(pairs: list[tuple[Any, str]], kind: type) -> list[Any]:
    width = sum(stringWidth(text, frag.fontName, frag.fontSize) for frag, text in pairs if text)
    piece: list[Any] = kind([width, *pairs])
    return piece


def _get_frag_words(frags: Any, maxWidth: Any = None) -> Any:
    words = _original(frags, maxWidth)
    if _rl._processed_frags(frags):
        return words  # a second wrap: the words were cut the first time
    result: list[Any] = []
    for word in words:
        # only plain words and words followed by a space: soft-hyphen and split words keep
        # reportlab's own handling
        if type(word) in (list, _rl._HSFrag) and _has_cjk(word):
            result.extend(_cut(word))
        else:
            result.append(word)
    return result


def as_fragment_words(paragraph: Any) -> None:
    """A one-fragment paragraph with Chinese in it goes through reportlab's fragment-word
    breaking (the path that can join words without a space), not its simple path."""
    frags = paragraph.frags
    if (
        len(frags) == 1
        and not _rl._processed_frags(frags)
        and isinstance(getattr(frags[0], "text", None), str)
        and any(is_cjk(ch) for ch in frags[0].text)
    ):
        paragraph.frags = _get_frag_words(frags)


def install() -> None:
    """Patch reportlab's word building once. Refuses any reportlab but ``PINNED``."""
    global _original
    if reportlab.Version != PINNED:
        raise RuntimeError(
            f"app/sheets/_linebreak.py patches reportlab {PINNED}'s line breaking; reportlab "
            f"{reportlab.Version} is installed. Check _getFragWords in "
            "reportlab/platypus/paragraph.py against the patch, then move PINNED."
        )
    with _lock:
        if _original is None:
            _original = _rl._getFragWords
            _rl._getFragWords = _get_frag_words
