"""Every patient's name prints (issue: a Chinese name printed as [U+738B][U+5C0F][U+660E]):
in the page header and the patient box of every sheet, in an embedded font that has each
glyph, as typed (never read as markup), and a long name never over the header title."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from functools import cache
from typing import Any

import pypdf
import pytest

from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import SHEET_NAMES, render_pdf
from app.sheets._fonts import BOLD, CJK, ITALIC, REGULAR, _cmap, runs, wrap
from app.sheets._styles import MARGIN
from dosing.models import ComputedPlan, Patient, PlanInput, PlanOptions

NAMES = ("王小明", "陈静怡", "欧阳娜娜")
BASE_FONTS = {
    "DejaVuSans": REGULAR,
    "DejaVuSans-Bold": BOLD,
    "DejaVuSans-Oblique": ITALIC,
    "DroidSansFallback": CJK,
}


def _plan(name: str, protocol: str = "auto-hsct-ln") -> ComputedPlan:
    options = PlanOptions(
        day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 2, 1)
    )
    choices = (
        {"methylprednisolone": D(250), "gcsf-mobilization": D(5)}
        if protocol == "auto-hsct-ln"
        else {}
    )
    return compute(
        PlanInput(
            protocol_id=protocol,
            patient=Patient(
                name=name,
                mrn="NJ-0042",
                age_years=36,
                sex="female",
                weight_kg=D(60),
                height_cm=D(165),
            ),
            options=options,
            choices=choices,
        )
    )


def _pdf(plan: ComputedPlan, sheets: tuple[str, ...] = SHEET_NAMES) -> bytes:
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )
    return render_pdf(plan, sheets, meta)


def _chunks(page: Any) -> list[tuple[float, float, str, str]]:
    """(x, y, text, font) of each piece of text drawn on a page."""
    found: list[tuple[float, float, str, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, _size: Any) -> None:
        if text.strip() and font is not None:
            base = str(font["/BaseFont"]).split("+", 1)[-1]
            found.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3], text.strip("\n"), base))

    page.extract_text(visitor_text=visit)
    return found


@cache
def _sheet_pages(name: str) -> dict[str, list[Any]]:
    """Each sheet on its own, so a page is known to belong to it."""
    plan = _plan(name)
    return {sheet: pypdf.PdfReader(io.BytesIO(_pdf(plan, (sheet,)))).pages for sheet in SHEET_NAMES}


def _header(page: Any) -> str:
    """The text drawn in the band above the header rule."""
    top = float(page.mediabox.height) - MARGIN - 2.5
    return "".join(text for _x, y, text, _f in _chunks(page) if y > top)


def _body(page: Any) -> str:
    top = float(page.mediabox.height) - MARGIN - 2.5
    return "".join(text for _x, y, text, _f in _chunks(page) if MARGIN + 9 < y < top)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("sheet", SHEET_NAMES)
def test_a_chinese_name_prints_in_the_header_of_every_page_and_in_the_patient_box(
    name: str, sheet: str
) -> None:
    """王小明 · MRN NJ-0042 reads back verbatim in the header of each page, and the name
    is in the patient box (the body of the first page) — no [U+…] placeholder anywhere."""
    pages = _sheet_pages(name)[sheet]
    for page in pages:
        header = _header(page)
        assert f"{name} · MRN NJ-0042" in header, header
        assert "[U+" not in page.extract_text()
    assert name in _body(pages[0])


def test_every_character_printed_is_in_the_embedded_font_that_draws_it() -> None:
    """Every text run on every page of all three sheets (Chinese name, Latin drug names,
    −, ×, superscripts) is drawn in a font whose glyph table has each of its characters,
    and every font is embedded — no Helvetica or other unembedded reference."""
    pdf = _pdf(_plan("欧阳娜娜 Zoë 李䶮"))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    used: set[str] = set()
    checked = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base = str(font["/BaseFont"]).split("+", 1)[-1]
            assert base in BASE_FONTS, base
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), base
        for _x, _y, text, base in _chunks(page):
            cmap = _cmap(BASE_FONTS[base])
            missing = {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}
            assert not missing, (base, text)
            used.add(base)
            checked += len(text)
    assert b"Helvetica" not in pdf
    assert used == set(BASE_FONTS)  # the CJK font did draw, and so did each DejaVu face
    assert checked > 5000


def test_the_rare_surname_character_prints() -> None:
    """李䶮: 䶮 (U+4DAE) is in CJK Extension A, which the smaller Droid font lacks."""
    pages = _sheet_pages("李䶮")["nurse"]
    assert "李䶮 · MRN NJ-0042" in _header(pages[0])
    assert "李䶮" in _body(pages[0])


def test_a_name_that_looks_like_markup_prints_as_typed() -> None:
    """A name with <b> and & prints those characters, not bold text nor "less than b"."""
    name = "Zoë <b>Ång</b> & 王"
    for sheet in SHEET_NAMES:
        page = pypdf.PdfReader(io.BytesIO(_pdf(_plan(name), (sheet,)))).pages[0]
        assert f"{name} · MRN NJ-0042" in _header(page)
        assert "less than b" not in page.extract_text()
        assert name in _body(page).replace("\n", "")


def test_a_long_name_wraps_in_the_header_without_covering_the_title() -> None:
    """A 500-character name (seen overprinting the header): the header identity starts right
    of the sheet title on every line, takes at most three lines and says it is cut, stays
    inside the page, and the patient box has the name in full."""
    name = "欧阳" + "娜" * 200 + " " + " ".join(["Ångström-Beaumont"] * 17)
    assert len(name) >= 500
    page = _sheet_pages(name)["nurse"][0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    top = height - MARGIN - 2.5
    header = [(x, y, t) for x, y, t, _f in _chunks(page) if y > top]
    title = [(x, y, t) for x, y, t in header if "txdose" in t]
    assert len(title) == 1
    rows = sorted({round(y, 1) for _x, y, _t in header})
    assert len(rows) == 3
    assert rows[-1] < height - 4  # still on the paper (1.4 mm from the edge at worst)
    title_end = MARGIN + 160  # "txdose · Nurse administration schedule" at 9.5 pt < 160 pt
    for x, _y, text in header:
        if "txdose" not in text:
            assert x > title_end, (x, text)
            assert x < width
    assert "name in full in the patient box" in _header(page)
    box = _body(page).replace("\n", "").replace(" ", "")
    assert name.replace(" ", "") in box


def test_runs_choose_the_first_font_with_the_glyphs() -> None:
    """Latin from DejaVu, Chinese from the CJK font; a space between Chinese words stays in
    the Chinese run, a space before Latin text goes with the Latin."""
    assert runs("Li 王 小明 · MRN 7") == [("Li ", REGULAR), ("王 小明 ", CJK), ("· MRN 7", REGULAR)]


def test_wrap_breaks_chinese_between_characters() -> None:
    """Chinese has no spaces: wrap breaks between characters; each line fits."""
    lines = wrap("欧阳娜娜" * 10, REGULAR, 10, 50)
    assert "".join(lines) == "欧阳娜娜" * 10
    assert len(lines) == 8  # 10 pt ideographs, 5 per 50 pt line: 40 characters / 5
