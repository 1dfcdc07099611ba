"""The PDF document shared by every sheet: page templates, styles, and what every page carries
(plan identity, status, "page n of m", printed-at time, the NOT VERIFIED watermark)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, LETTER, landscape, portrait  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from app.services import PlanMeta, plan_content_hash
from app.sheets._context import SheetContext
from app.sheets._fonts import BOLD, REGULAR, glyph_safe, register_fonts
from app.sheets._styles import FOOTER_BAND, HEADER_BAND, INK, MARGIN, RED, make_styles
from app.sheets._text import footer_text, short_date, words_for_signs
from app.sheets.registry import BY_NAME, SHEET_NAMES
from dosing.models import ComputedPlan

WATERMARK = "NOT VERIFIED — NOT FOR ADMINISTRATION"

PAPERS = {"a4": A4, "letter": LETTER}


def _paper(meta: PlanMeta) -> tuple[float, float]:
    size: tuple[float, float] = PAPERS[meta.paper.strip().lower()]
    return size


def _identity_line(plan: ComputedPlan) -> str:
    patient = plan.input.patient
    parts = [patient.name or "name not entered", f"MRN {patient.mrn or 'not entered'}"]
    if patient.date_of_birth is not None:
        parts.append(f"born {short_date(patient.date_of_birth)}")
    return " · ".join(parts)


def _numbered_canvas(meta: PlanMeta, plan: ComputedPlan) -> Callable[..., Canvas]:
    """A canvas that holds pages back until the end, to print "page n of m" and stamp each
    page with the plan identity and, unless verified, the watermark on top of the content."""
    footer = glyph_safe(footer_text(meta))
    identity = glyph_safe(words_for_signs(_identity_line(plan)))
    watermark = not meta.verified
    status = meta.status.strip().lower()
    status_line = "" if status in ("draft", "verified", "") else glyph_safe(status.upper())

    class _Canvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.sheet_title = ""

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFillColor(INK)
            self.setFont(BOLD, 9.5)
            self.drawString(MARGIN, height - MARGIN + 1, self.sheet_title)
            self.setFont(REGULAR, 9)
            self.drawRightString(width - MARGIN, height - MARGIN + 1, identity)
            self.setLineWidth(0.6)
            self.line(MARGIN, height - MARGIN - 2.5, width - MARGIN, height - MARGIN - 2.5)
            self.line(MARGIN, MARGIN + 9, width - MARGIN, MARGIN + 9)
            self.setFont(REGULAR, 7.5)
            self.drawString(MARGIN, MARGIN, footer)
            self.setFont(BOLD, 9.5)
            self.drawRightString(width - MARGIN, MARGIN, f"page {number} of {total}")
            if watermark:
                self._watermark(width, height)
            self.restoreState()

        def _watermark(self, width: float, height: float) -> None:
            self.saveState()
            self.setFillColor(RED)
            self.setFillAlpha(0.16)
            self.translate(width / 2, height / 2)
            self.rotate(math.degrees(math.atan2(height, width)))
            # Sized to 80% of the page diagonal, so the whole warning is on the page.
            diagonal = math.hypot(width, height)
            size = 0.8 * diagonal / (stringWidth(WATERMARK, BOLD, 100) / 100)
            self.setFont(BOLD, size)
            self.drawCentredString(0, -size / 3, WATERMARK)
            if status_line:
                # A superseded or cancelled plan says so, not only "not verified".
                self.setFont(BOLD, size * 0.8)
                self.drawCentredString(0, -size * 1.5, status_line)
            self.restoreState()

    def make(*args: Any, **kwargs: Any) -> Canvas:
        return _Canvas(*args, **kwargs)

    return make


def _template(sheet: str, pagesize: tuple[float, float]) -> PageTemplate:
    width, height = pagesize
    frame = Frame(
        MARGIN,
        MARGIN + FOOTER_BAND,
        width - 2 * MARGIN,
        height - 2 * MARGIN - HEADER_BAND - FOOTER_BAND,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=f"{sheet}-frame",
    )
    title = f"txdose · {BY_NAME[sheet].title}"

    def on_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.sheet_title = title

    return PageTemplate(id=sheet, frames=[frame], pagesize=pagesize, onPage=on_page)


def _pagesize(sheet: str, meta: PlanMeta) -> tuple[float, float]:
    paper = _paper(meta)
    turn = landscape if BY_NAME[sheet].orientation == "landscape" else portrait
    size: tuple[float, float] = turn(paper)
    return size


def build_pdf(plan: ComputedPlan, sheets: tuple[str, ...], meta: PlanMeta) -> bytes:
    if not sheets:
        raise ValueError("no sheet requested; choose from " + ", ".join(SHEET_NAMES))
    for sheet in sheets:
        if sheet not in SHEET_NAMES:
            raise ValueError(f"'{sheet}' is not a sheet; choose from {', '.join(SHEET_NAMES)}")
    if meta.paper.strip().lower() not in PAPERS:
        raise ValueError(f"paper '{meta.paper}' is not supported; choose A4 or Letter")
    if len(set(sheets)) != len(sheets):
        twice = sorted({sheet for sheet in sheets if sheets.count(sheet) > 1})
        raise ValueError(
            f"{', '.join(twice)} requested twice; print each of {', '.join(SHEET_NAMES)} once"
        )
    # ASCII85-wrapping every stream is done in pure Python without the optional rl_accel
    # package and costs about a fifth of the render; binary streams are as valid a PDF.
    rl_config.useA85 = 0
    if not meta.content_hash:
        # Every page carries the hash so two printouts can be compared; compute it if the
        # caller did not.
        meta = meta.model_copy(update={"content_hash": plan_content_hash(plan)})
    register_fonts()
    styles = make_styles()
    buffer = io.BytesIO()
    first = _pagesize(sheets[0], meta)
    doc = BaseDocTemplate(
        buffer,
        pagesize=first,
        title=f"{plan.protocol_title} — {', '.join(BY_NAME[s].title for s in sheets)}",
        author="txdose",
        subject=footer_text(meta),
        creator="txdose",
        invariant=1,
    )
    doc.addPageTemplates([_template(sheet, _pagesize(sheet, meta)) for sheet in sheets])
    story: list[Flowable] = []
    for index, sheet in enumerate(sheets):
        if index:
            story += [NextPageTemplate(sheet), PageBreak()]
        width = _pagesize(sheet, meta)[0] - 2 * MARGIN
        story += BY_NAME[sheet].builder()(SheetContext(plan, meta, styles, width))
    doc.build(story, canvasmaker=_numbered_canvas(meta, plan))
    return buffer.getvalue()
