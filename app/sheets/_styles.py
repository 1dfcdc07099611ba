"""The look shared by every sheet: margins, ink colours and paragraph styles.

Kept apart from the document assembly (``_document``) so the sheet modules import their
styles without importing the module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_LEFT  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]

from app.sheets._fonts import BOLD, ITALIC, REGULAR

MARGIN = 12 * mm
HEADER_BAND = 9 * mm
FOOTER_BAND = 9 * mm

INK = colors.black
RED = colors.Color(0.75, 0, 0)
SHADE = colors.Color(0.88, 0.88, 0.88)
LIGHT = colors.Color(0.95, 0.95, 0.95)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    bold: ParagraphStyle
    dose: ParagraphStyle
    warning: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    day: ParagraphStyle
    label: ParagraphStyle


def make_styles() -> Styles:
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=11.5, alignment=TA_LEFT)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        note=ParagraphStyle("note", parent=body, fontName=ITALIC, fontSize=7.5, leading=9.5),
        bold=ParagraphStyle("bold", parent=body, fontName=BOLD),
        dose=ParagraphStyle("dose", parent=body, fontName=BOLD, fontSize=11, leading=13.5),
        warning=ParagraphStyle(
            "warning", parent=body, fontName=BOLD, fontSize=10, leading=12.5, textColor=RED
        ),
        title=ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=15, leading=19),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,  # a heading never sits alone at the foot of a page
        ),
        day=ParagraphStyle("day", parent=body, fontName=BOLD, fontSize=12, leading=15),
        label=ParagraphStyle("label", parent=body, fontName=BOLD, fontSize=7.5, leading=9.5),
    )
