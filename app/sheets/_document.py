"""The PDF document shared by every sheet: page templates, styles, and what every page carries
(plan identity, status, "page n of m", printed-at time, the NOT VERIFIED watermark, and for a
saved plan its check code with a QR code of it: ``txdose check-sheet CODE``)."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, LETTER, landscape, portrait  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
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
from app.sheets._fonts import BOLD, REGULAR, draw_string, register_fonts, string_width, wrap
from app.sheets._language import (
    check_language,
    label_text,
    page_of,
    short_chinese_date,
    watermark_lines,
)
from app.sheets._styles import FOOTER_BAND, HEADER_BAND, INK, MARGIN, RED, make_styles
from app.sheets._text import footer_text, short_date
from app.sheets.registry import BY_NAME, SHEET_NAMES
from app.store.check_code import make_check_code
from dosing.models import ComputedPlan

_HEADER_LINES = 3

PAPERS = {"a4": A4, "letter": LETTER}


def _paper(meta: PlanMeta) -> tuple[float, float]:
    size: tuple[float, float] = PAPERS[meta.paper.strip().lower()]
    return size


def _identity_line(plan: ComputedPlan, language: str = "en") -> str:
    patient = plan.input.patient
    if language == "zh_CN":  # the name and MRN as typed; only the words around them change
        parts = [patient.name or "未填写姓名", f"病历号 {patient.mrn or '未填写'}"]
        if patient.date_of_birth is not None:
            parts.append(f"出生日期 {short_chinese_date(patient.date_of_birth)}")
        return " · ".join(parts)
    parts = [patient.name or "name not entered", f"MRN {patient.mrn or 'not entered'}"]
    if patient.date_of_birth is not None:
        parts.append(f"born {short_date(patient.date_of_birth)}")
    return " · ".join(parts)


_QR_SIDE = 11 * mm  # 25 modules of about 0.4 mm: a phone reads it from the printed page
_QR_BOTTOM = 4.5 * mm  # above the strip a printer cannot print on


def _qr(text: str) -> Any:
    """The check code as a QR drawing, ``_QR_SIDE`` square (reportlab's own barcode module)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget  # type: ignore[import-untyped]
    from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]

    widget = QrCodeWidget(text, barLevel="M", barBorder=1)
    left, bottom, right, top = widget.getBounds()
    scale_x, scale_y = _QR_SIDE / (right - left), _QR_SIDE / (top - bottom)
    drawing = Drawing(_QR_SIDE, _QR_SIDE, transform=[scale_x, 0, 0, scale_y, 0, 0])
    drawing.add(widget)
    return drawing


def _numbered_canvas(meta: PlanMeta, plan: ComputedPlan) -> Callable[..., Canvas]:
    """A canvas that holds pages back until the end, to print "page n of m" and stamp each
    page with the plan identity and, unless verified, the watermark on top of the content."""
    footer = footer_text(meta)
    identity = _identity_line(plan, meta.language)  # the name verbatim: it must match the wristband
    watermark = watermark_lines(meta.language) if not meta.verified else []
    status = meta.status.strip().lower()
    status_line = "" if status in ("draft", "verified", "") else status.upper()
    code = make_check_code(meta.plan_id, meta.version, meta.content_hash, meta.audit_position)
    qr = _qr(str(code)) if code is not None else None

    class _Canvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # reportlab opens each page in Helvetica unless told otherwise: a font reference
            # the PDF does not embed (the printer substitutes its own).
            kwargs["initialFontName"] = REGULAR
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
            top = height - MARGIN + 1
            draw_string(self, MARGIN, top, self.sheet_title, BOLD, 9.5)
            self._identity(width - MARGIN, top, width - 2 * MARGIN - 6 * mm)
            self.setLineWidth(0.6)
            self.line(MARGIN, height - MARGIN - 2.5, width - MARGIN, height - MARGIN - 2.5)
            # a saved plan's QR code takes the footer's right corner; the rest moves left
            right = width - MARGIN - (_QR_SIDE + 2 * mm if qr is not None else 0)
            self.line(MARGIN, MARGIN + 9, right + (mm if qr is not None else 0), MARGIN + 9)
            page = page_of(number, total, meta.language)
            draw_string(self, right, MARGIN, page, BOLD, 9.5, "right")
            room = right - string_width(page, BOLD, 9.5) - 3 * mm - MARGIN
            fitted = min(7.5, 7.5 * room / max(string_width(footer, REGULAR, 7.5), 1))
            draw_string(self, MARGIN, MARGIN, footer, REGULAR, max(fitted, 5.5))
            if qr is not None:
                renderPDF.draw(qr, self, width - MARGIN - _QR_SIDE, _QR_BOTTOM)
                label = f"check code {code} · txdose check-sheet"
                draw_string(self, right, MARGIN - 9, label, REGULAR, 7, "right")
            if watermark:
                self._watermark(width, height)
            self.restoreState()

        def _identity(self, right: float, baseline: float, room: float) -> None:
            """The patient's identity at the right of the header. A long name first prints
            smaller, then wraps upwards into the top margin (never over the title or the
            content); beyond three lines the patient box on the page has it in full."""
            room -= string_width(self.sheet_title, BOLD, 9.5)
            size = 9.0
            if string_width(identity, REGULAR, size) > room:
                size = 7.0
            lines = wrap(identity, REGULAR, size, room)
            if len(lines) > _HEADER_LINES:
                lines = [*lines[: _HEADER_LINES - 1], "… (name in full in the patient box)"]
            for index, line in enumerate(reversed(lines)):
                y = baseline + index * size * 1.2
                draw_string(self, right, y, line, REGULAR, size, "right")

        def _watermark(self, width: float, height: float) -> None:
            self.saveState()
            self.setFillColor(RED)
            self.setFillAlpha(0.16)
            self.translate(width / 2, height / 2)
            self.rotate(math.degrees(math.atan2(height, width)))
            # Sized to 80% of the page diagonal, so the whole warning is on the page.
            diagonal = math.hypot(width, height)
            widest = max(string_width(line, BOLD, 100) for line in watermark) / 100
            size = 0.8 * diagonal / widest
            lines = [(line, size) for line in watermark]
            if status_line:
                # A superseded or cancelled plan says so, not only "not verified".
                lines.append((status_line, size * 0.8))
            y = -size / 3
            for line, line_size in lines:
                draw_string(self, 0, y, line, BOLD, line_size, "centre")
                y -= line_size * 1.2
            self.restoreState()

    def make(*args: Any, **kwargs: Any) -> Canvas:
        return _Canvas(*args, **kwargs)

    return make


def _template(sheet: str, pagesize: tuple[float, float], language: str) -> PageTemplate:
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
    title = f"txdose · {label_text(BY_NAME[sheet].title, language)}"

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
    check_language(meta.language)
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
    doc.addPageTemplates(
        [_template(sheet, _pagesize(sheet, meta), meta.language) for sheet in sheets]
    )
    story: list[Flowable] = []
    for index, sheet in enumerate(sheets):
        if index:
            story += [NextPageTemplate(sheet), PageBreak()]
        width = _pagesize(sheet, meta)[0] - 2 * MARGIN
        story += BY_NAME[sheet].builder()(SheetContext(plan, meta, styles, width))
    doc.build(story, canvasmaker=_numbered_canvas(meta, plan))
    return buffer.getvalue()
