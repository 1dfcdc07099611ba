"""On the printed sheets a number stays on the line of its unit (DESIGN §5). The nurse sheet
at A4 printed the rate and duration cell as "125 mL/h, over 24" over "hours" and "250 mL/h,
over 2" over "hours": a nurse reads "over 24" alone. Read back from the PDF: no line ends
with a number whose unit starts the next line, on every sheet, in English and in Chinese."""

from __future__ import annotations

import io
import itertools
import re

import pypdf
import pytest
from test_sheets import meta_for

from app.services import compute
from app.sheets import SHEET_NAMES, render_pdf
from ui.screenshot import demo_input

# What follows a number as its unit on the sheets (a word, or "×" before a power of ten).
_UNIT = re.compile(r"(mL|mg|mcg|g/|kg|m²|%|µmol|years?|hours?|days?|units|cells|×|小时|天|日|岁)")
_NUMBER_END = re.compile(r"[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]$")


def _lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines as drawn: the text pieces in the order the page draws them, those
    on one baseline joined (a Chinese date is drawn in runs of two fonts, "6" and "日",
    which pypdf's plain extraction puts on lines of their own)."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        lines: list[str] = []
        last_y: list[float] = []

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            *_: object,
            lines: list[str] = lines,
            last_y: list[float] = last_y,
        ) -> None:
            if not text.strip("\n"):
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the baseline on the page
            for part in text.split("\n"):
                if not part.strip():
                    continue
                if lines and last_y and abs(last_y[-1] - y) < 0.5:
                    lines[-1] += part
                else:
                    lines.append(part)
                last_y.append(y)

        page.extract_text(visitor_text=visit)
        pages.append(lines)
    return pages


def _parted(before: str, after: str) -> bool:
    """``before`` ends a line with a number (not a unit's "²") and ``after`` starts with
    its unit."""
    before, after = before.rstrip(), after.lstrip()
    ends_number = bool(_NUMBER_END.search(before)) and not re.search(r"[a-zA-Z]²$", before)
    return ends_number and bool(_UNIT.match(after))


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
def test_no_sheet_line_ends_on_a_number_whose_unit_starts_the_next(language: str) -> None:
    plan = compute(demo_input())
    pages = _lines(render_pdf(plan, SHEET_NAMES, meta_for(plan, language=language)))
    parted = []
    checked = 0
    for lines in pages:
        checked += len(lines)
        for before, after in itertools.pairwise(lines):
            if _parted(before, after):
                parted.append((before[-30:], after[:20]))
    assert checked > 200
    assert parted == []


def test_the_sheets_join_a_number_to_a_short_unit_only() -> None:
    """reportlab cuts a run wider than its cell inside a word, so the sheets join a number
    to a word of up to 8 characters only (or to Chinese), never to "international", and
    never the end of a range ("5–10" stays breakable before its unit)."""
    from app.unit_spacing import NO_BREAK_SPACE as NBSP
    from app.unit_spacing import join_short_units

    assert join_short_units("125 mL/h, over 24 hours") == f"125{NBSP}mL/h, over 24{NBSP}hours"
    assert join_short_units("1,000,000 international units") == "1,000,000 international units"
    assert join_short_units("输注 24 小时") == f"输注 24{NBSP}小时"
    assert join_short_units("给出 0.5 mcg/kg/天；") == f"给出 0.5{NBSP}mcg/kg/天；"
    assert join_short_units("G-CSF 5–10 mcg/kg/天") == "G-CSF 5–10 mcg/kg/天"
    assert join_short_units("2 × 10⁶/kg") == f"2{NBSP}×{NBSP}10⁶/kg"
