"""The paragraph cache (app/sheets/_paragraph.py) changes how fast a sheet renders, never what
it prints: every sheet, in every language, is byte-identical rendered with the cache off,
with it empty, and from it; and a paragraph split across pages leaves the cached layout as
it was (splitting edits the lines it cuts)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pypdf
import pytest
from reportlab.lib.pagesizes import A6  # type: ignore[import-untyped]
from reportlab.platypus import SimpleDocTemplate  # type: ignore[import-untyped]

from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import SHEET_NAMES, render_pdf
from app.sheets._fonts import markup
from app.sheets._paragraph import Paragraph, disabled, forget_everything
from app.sheets._styles import make_styles
from dosing.models import ComputedPlan, PlanInput, PlanOptions
from ui.screenshot import demo_input


def _plans() -> dict[str, ComputedPlan]:
    base = demo_input()
    chinese = base.patient.model_copy(update={"name": "欧阳娜娜", "mrn": "NJ-7"})
    options = PlanOptions(day0_date=dt.date(2027, 4, 12))
    return {
        "auto-hsct-ln": compute(base.model_copy(update={"patient": chinese})),
        "auto-hsct-ln, Latin name": compute(base),
        "IL-2 arm": compute(
            PlanInput(
                protocol_id="ucmsc-vs-il2",
                patient=chinese,
                options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 4, 12)),
            )
        ),
        "allogeneic MSC": compute(
            PlanInput(
                protocol_id="msc-allogeneic",
                patient=chinese,
                options=options,
                choices={"cy-pretreatment": D(1000)},
            )
        ),
    }


PLANS = _plans()


def _pdf(plan: ComputedPlan, language: str) -> bytes:
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        language=language,
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )
    return render_pdf(plan, SHEET_NAMES, meta)


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
@pytest.mark.parametrize("name", list(PLANS))
def test_every_sheet_is_byte_identical_with_and_without_the_cache(name: str, language: str) -> None:
    plan = PLANS[name]
    with disabled():
        forget_everything()
        uncached = _pdf(plan, language)
    forget_everything()
    filling = _pdf(plan, language)  # the cache empty: every text parsed and broken once
    from_cache = _pdf(plan, language)  # every text found in the cache
    assert filling == uncached
    assert from_cache == uncached


def _long_paragraph_pdf() -> bytes:
    """A paragraph three A6 pages long, in Latin and Chinese runs (markup with fonts)."""
    styles = make_styles()
    sentence = "Cyclophosphamide 2,400 mg in 500 mL 0.9% sodium chloride 环磷酰胺静脉滴注 "
    flowable = Paragraph(markup(sentence * 40), styles.body)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A6, invariant=1).build([flowable])
    return buffer.getvalue()


def test_a_paragraph_split_across_pages_leaves_the_cache_as_it_was() -> None:
    with disabled():
        uncached = _long_paragraph_pdf()
    forget_everything()
    first = _long_paragraph_pdf()
    second = _long_paragraph_pdf()  # the layout comes from the cache after the first split
    assert first == uncached
    assert second == uncached
    assert len(pypdf.PdfReader(io.BytesIO(uncached)).pages) >= 3
