"""A number kept beside its unit where a line may break (DESIGN §5: the unit beside the
number), in plain text: a no-break space between a number and what follows it. The window
(``ui.text_wrap``) and the printed sheets (``app.sheets._fonts.markup``) share it; Qt and
reportlab both keep a no-break space on its line."""

from __future__ import annotations

import re
from functools import cache

NO_BREAK_SPACE = "\u00a0"
# A space between a number and its unit or "×" ("270.7 mg/kg", "0 × 10⁶", "60 kg", "83.3 mL/h"),
# or between "×" and a number; not before a bracket or a dash. A number ends in a digit, or
# in a power of ten's superscript ("10⁹ cells"); the "²" of "g/m²" ends a unit ("2.0 g/m² on
# each day" joined "m² on").
_AFTER_NUMBER = re.compile(r"(?:(?<=[0-9])|(?<=[0-9⁰¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹])) (?=[^\W\d_]|[µ%×°])")
_TIMES_NUMBER = re.compile(r"(?<=×) (?=[0-9])")
# The printed sheets cannot ask whether a joined pair fits its cell (reportlab cuts a run wider
# than its cell inside a word: "1,000,000 internatio" over "nal units"), so they join a number
# only to a short unit: the word after it up to 8 characters ("hours,", "mL/h", "units"), up
# to a space or the Chinese that follows it ("mcg/kg/" of "0.5 mcg/kg/天；"), or Chinese itself
# ("24 小时": Chinese may break after any of its characters).
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_SHORT_WORD = f"(?=[{_CJK}]|[^\\s{_CJK}]{{1,8}}(?:[\\s{_CJK}]|$))"


@cache
def _short_unit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled at the first sheet, not at import: the window imports this module before its
    first paint, and a class over the CJK range costs Python's compiler ~3 ms a pattern."""
    return (
        re.compile(_AFTER_NUMBER.pattern + _SHORT_WORD),
        re.compile(_TIMES_NUMBER.pattern + _SHORT_WORD),
    )


def join_unit_spaces(text: str) -> str:
    """``text`` with a no-break space wherever a line break would part a number from what
    follows it (its unit, "× 10⁶"). Applying it twice changes nothing."""
    if " " not in text:
        return text
    return _TIMES_NUMBER.sub(NO_BREAK_SPACE, _AFTER_NUMBER.sub(NO_BREAK_SPACE, text))


def join_short_units(text: str) -> str:
    """``join_unit_spaces`` for a number followed by a short word only (the sheets), and not
    the end of a range: "5–10 mcg/kg/天" joined made reportlab break the range itself, "5–"
    over "10 mcg/kg/天", in a narrow Chinese cell."""
    if " " not in text:
        return text

    def joined(match: re.Match[str]) -> str:
        start = match.start()
        while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".,"):
            start -= 1
        return " " if start > 0 and text[start - 1] in "–-" else NO_BREAK_SPACE

    after_number, times_number = _short_unit_patterns()
    return times_number.sub(NO_BREAK_SPACE, after_number.sub(joined, text))
