"""Every glyph prints (DESIGN §5): the bundled fonts cover each character the sheets draw."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import pdf_pages

from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import SHEET_NAMES, render_pdf
from app.sheets._fonts import BOLD, FONT_DIR, ITALIC, REGULAR, glyph_safe, missing_glyphs
from dosing.models import ComputedPlan, DroppedDay, Patient, PlanInput, PlanOptions, Reduction

SPECIAL = "−×⁶⁹²µ—→≥"
FONTS = (REGULAR, BOLD, ITALIC)


def _patient(**changes: Any) -> Patient:
    values: dict[str, Any] = dict(
        name="Zoë Ångström",
        mrn="A1",
        age_years=35,
        sex="female",
        weight_kg=D(60),
        height_cm=D(165),
    )
    values.update(changes)
    return Patient(**values)


def _plans() -> list[ComputedPlan]:
    day0 = PlanOptions(day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 2, 1))
    return [
        compute(
            PlanInput(
                protocol_id="auto-hsct-ln",
                patient=_patient(),
                options=day0,
                choices={"methylprednisolone": D(250), "gcsf-mobilization": D(5)},
                reductions={"cy-conditioning": Reduction(percent=D(75), reason="eGFR 40")},
                dropped_days=(DroppedDay(item="atg", day=-2, reason="fever"),),
            )
        ),
        compute(PlanInput(protocol_id="msc-allogeneic", patient=_patient(), options=day0)),
        compute(PlanInput(protocol_id="msc-adipose", patient=_patient(), options=day0)),
        compute(
            PlanInput(
                protocol_id="ucmsc-vs-il2",
                patient=_patient(),
                options=PlanOptions(arm="ucmsc", day0_date=dt.date(2027, 4, 12)),
            )
        ),
        compute(
            PlanInput(
                protocol_id="ucmsc-vs-il2",
                patient=_patient(),
                options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 4, 12)),
            )
        ),
    ]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def _meta(plan: ComputedPlan) -> PlanMeta:
    return PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize("font", FONTS)
def test_fonts_have_the_safety_critical_glyphs(font: str) -> None:
    """The true minus, ×, superscripts, micro, dash, arrow and ≥ exist in every sheet font."""
    assert missing_glyphs(SPECIAL, font) == set()


def test_missing_glyph_check_can_fail() -> None:
    """A CJK character is not in DejaVu Sans: the check reports it."""
    assert missing_glyphs("day −5 王", REGULAR) == {"王"}


def test_bundled_fonts_ship_with_their_licence() -> None:
    """Each TTF under resources/fonts has its licence text beside it: DejaVu (Bitstream
    Vera licence) and Droid Sans Fallback (Apache-2.0, which allows bundling)."""
    fonts = sorted(p.name for p in Path(FONT_DIR).glob("*.ttf"))
    assert fonts == [
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans.ttf",
        "DroidSansFallbackFull.ttf",
    ]
    licence = (Path(FONT_DIR) / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "Permission is hereby granted" in licence
    droid = (Path(FONT_DIR) / "LICENSE-DroidSansFallback.txt").read_text(encoding="utf-8")
    assert "Google" in droid and "Apache License" in droid and "Version 2.0" in droid


def test_special_glyphs_print_and_read_back() -> None:
    """Drawn with the embedded fonts, each special character comes back out of the PDF."""
    from reportlab.pdfgen.canvas import Canvas

    from app.sheets._fonts import register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for row, font in enumerate(FONTS):
        canvas.setFont(font, 12)
        canvas.drawString(72, 700 - 20 * row, f"{font}: {SPECIAL}")
    canvas.save()
    text = _text(buffer.getvalue())
    for font in FONTS:
        assert f"{font}: {SPECIAL}" in text
    assert b"/FontFile2" in buffer.getvalue()  # embedded, not referenced


def test_every_character_on_every_sheet_is_in_the_fonts() -> None:
    """All five protocol set-ups, all sheets: the printed text and every string the engine
    produced for them are covered by all three fonts; the sheets use the true minus."""
    seen: set[str] = set()
    for plan in _plans():
        pdf = render_pdf(plan, SHEET_NAMES, _meta(plan))
        text = _text(pdf)
        seen |= set(text)
        seen |= set("".join(_strings(plan.model_dump(mode="json"))))
    for font in FONTS:
        assert missing_glyphs("".join(seen), font) == set()
    for char in "−×⁶⁹²—→":
        assert char in seen, char


def test_a_character_no_font_has_is_shown_not_dropped() -> None:
    """A character in no bundled font (an Egyptian hieroglyph) prints as a visible code,
    never an empty box; Chinese is no longer such a character."""
    assert glyph_safe("王芳 Li 𓀀") == "王芳 Li [U+13000]"
    plan = compute(
        PlanInput(
            protocol_id="msc-adipose",
            patient=_patient(name="Li 𓀀"),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        )
    )
    text = _text(render_pdf(plan, ["nurse"], _meta(plan)))
    assert "Li [U+13000]" in text
    assert "𓀀" not in text
