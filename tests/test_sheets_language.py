"""Sheets in Chinese or bilingual for the Nanjing wards: drug names from the reviewed
glossary (Chinese, with the English generic name beside it in the bilingual sheet), the
watermark and "page n of m" translated, day headings with Chinese dates; doses unchanged."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pypdf
import pytest

from app.cli import main
from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import render_pdf
from dosing.models import ComputedPlan, Patient, PlanInput, PlanOptions


def _plan() -> ComputedPlan:
    return compute(
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(
                name="王小明",
                mrn="NJ-7",
                age_years=35,
                sex="female",
                weight_kg=D(60),
                height_cm=D(165),
            ),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
            choices={"methylprednisolone": D(250), "gcsf-mobilization": D(5)},
        )
    )


def _text(language: str, sheets: tuple[str, ...] = ("nurse",)) -> str:
    plan = _plan()
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        language=language,
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )
    pdf = render_pdf(plan, sheets, meta)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() for page in pages).replace("\n", "")


def test_the_bilingual_nurse_sheet_names_each_drug_in_chinese_and_english() -> None:
    """环磷酰胺 above Cyclophosphamide; day −5 is Wednesday 7 April 2027 = 2027年4月7日 星期三;
    2,400 mg (40 mg/kg × 60 kg) prints exactly as in English."""
    text = _text("bilingual")
    for zh, en in (
        ("环磷酰胺", "Cyclophosphamide"),
        ("兔抗人胸腺细胞免疫球蛋白（ATG）", "Rabbit anti-thymocyte globulin (ATG)"),
        ("甲泼尼龙", "Methylprednisolone"),
    ):
        assert f"{zh}{en}" in text or f"{zh} {en}" in text, zh
    assert "第−5天 · 2027年4月7日 星期三 · day −5 · Wednesday 7 April 2027" in text
    assert "第 1 页，共" in text and "page 1 of" in text
    assert "未经药师核对 — 不得据此给药" in text and "NOT VERIFIED — NOT FOR ADMINISTRATION" in text
    assert "护士给药执行单 Nurse administration schedule" in text
    squeezed = text.replace(" ", "")  # a narrow cell wraps a label where its space was
    for label in ("患者姓名 Patient name", "药品 Drug", "核对人 Checked by", "给药时间 Time given"):
        assert label.replace(" ", "") in squeezed, label
    assert "2,400 mg" in text and "μg" not in text and "IU" not in text


def test_the_chinese_nurse_sheet_has_no_english_page_words() -> None:
    text = _text("zh_CN")
    assert "环磷酰胺" in text and "第−5天 · 2027年4月7日 星期三" in text
    assert "第 1 页，共" in text and "page 1 of" not in text
    assert "未经药师核对" in text and "NOT FOR ADMINISTRATION" not in text
    assert "day −5 · Wednesday" not in text
    assert "患者姓名" in text and "Patient name" not in text and "给药时间" in text
    assert "2,400 mg" in text


def test_the_english_sheet_is_unchanged() -> None:
    text = _text("en", ("nurse", "worksheet", "summary"))
    assert "环磷酰胺" not in text and "第 1 页" not in text
    assert "page 1 of" in text and "NOT VERIFIED — NOT FOR ADMINISTRATION" in text


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language 'fr' is not offered"):
        _text("fr")


def test_the_command_line_prints_the_bilingual_sheet(tmp_path: Path) -> None:
    out = tmp_path / "nurse.pdf"
    argv = [
        "sheet",
        "--protocol",
        "msc-adipose",
        "--weight",
        "60",
        "--height",
        "165",
        "--sex",
        "female",
        "--age",
        "35",
        "--day0",
        "2027-04-12",
        "--sheet",
        "nurse",
        "--lang",
        "bilingual",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    text = pypdf.PdfReader(out).pages[0].extract_text().replace("\n", "")
    assert "马来酸氯苯那敏" in text and "Chlorpheniramine maleate" in text
    assert "第 1 页，共 1 页 · page 1 of 1" in text
