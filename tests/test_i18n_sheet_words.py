"""The Chinese nurse sheet reads in Chinese: the protocol files' sentences (title, conditions,
notes, the protocol's own alert) come from resources/i18n/protocols_zh_CN.toml, the bilingual
sheet prints the English below the Chinese, and no English word is left on a zh_CN sheet
beyond an allow-list (units, abbreviations inside the glossary's names, the patient's data
as typed, ids, and the sources' words quoted verbatim)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal as D

import pypdf
import pytest

from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import render_pdf
from dosing.models import (
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    DroppedDay,
    PlanInput,
    PlanOptions,
)
from ui.screenshot import demo_input

CONDITION_ZH = "每日一次，直至最低点之后中性粒细胞绝对计数连续 2 天高于 1.0 × 10⁹/L"
CONDITION_EN = "daily until ANC greater than 1.0 × 10⁹/L on 2 consecutive days after the nadir"
# English sentences of auto-hsct-ln that reach the nurse sheet (a condition, notes, its alert).
PROTOCOL_SENTENCES = (
    CONDITION_EN,
    "Concentration per local protocol",
    "Drug and dose per local protocol",
    "Reducible:",
    "The whole cryopreserved graft is reinfused",
    "Verify against local protocol",
    "Engraftment G-CSF: the source gives",
    "Autologous HSCT for refractory lupus nephritis",
    "on each of the 2 days",
)


def _text(plan: ComputedPlan, language: str, sheet: str = "nurse") -> str:
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        language=language,
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )
    pdf = render_pdf(plan, (sheet,), meta)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() for page in pages)


def _flat(text: str) -> str:
    """The text with its line breaks and spaces removed (a cell wraps a sentence where it
    fits, and the extraction may drop the space it wrapped at)."""
    return text.replace("\n", "").replace(" ", "")


def _demo() -> ComputedPlan:
    base = demo_input()
    return compute(
        base.model_copy(update={"patient": base.patient.model_copy(update={"name": "王小明"})})
    )


def test_the_chinese_nurse_sheet_prints_the_protocols_words_in_chinese() -> None:
    """The engraftment G-CSF condition, a note, the title and the protocol's alert."""
    text = _flat(_text(_demo(), "zh_CN"))
    for chinese in (
        CONDITION_ZH,
        "给药执行计划 — 自体造血干细胞移植治疗难治性狼疮性肾炎",
        "浓度按本院方案（原始资料只给出体积）。",
        "植入期 G-CSF：原始资料给出 0.5 mcg/kg/天；",
    ):
        assert _flat(chinese) in text, chinese
    for english in PROTOCOL_SENTENCES:
        assert _flat(english) not in text, english


def test_the_bilingual_nurse_sheet_prints_the_chinese_and_the_english() -> None:
    text = _flat(_text(_demo(), "bilingual"))
    for sentence in (
        CONDITION_ZH,
        CONDITION_EN,
        "自体造血干细胞移植治疗难治性狼疮性肾炎 · Autologous HSCT for refractory lupus nephritis",
        "Concentration per local protocol (the source gives the volume only).",
        "浓度按本院方案（原始资料只给出体积）。",
    ):
        assert _flat(sentence) in text, sentence


def _variants() -> dict[str, PlanInput]:
    base = demo_input()
    patient = base.patient.model_copy(update={"name": "王小明", "mrn": "NJ-7"})
    base = base.model_copy(update={"patient": patient})
    counts = (
        DailyCount(date=dt.date(2027, 3, 4), wbc_10e9_per_l=D("0.8")),
        DailyCount(date=dt.date(2027, 4, 14), anc_10e9_per_l=D("0.1")),
        DailyCount(date=dt.date(2027, 4, 20), anc_10e9_per_l=D("1.5")),
        DailyCount(date=dt.date(2027, 4, 21), anc_10e9_per_l=D("1.6")),
    )
    collected = (ApheresisYield(date=dt.date(2027, 3, 10), cd34_10e6=D(200), mnc_10e8=D(200)),)
    options = PlanOptions(day0_date=dt.date(2027, 4, 12))
    return {
        "auto-hsct-ln, counts entered": base.model_copy(
            update={"counts": counts, "apheresis": collected}
        ),
        "auto-hsct-ln, a dropped day": base.model_copy(
            update={"dropped_days": (DroppedDay(item="atg", day=-4, reason="fever"),)}
        ),
        "auto-hsct-ln, no dates": base.model_copy(
            update={"options": base.options.model_copy(update={"day0_date": None})}
        ),
        "IL-2 arm": PlanInput(
            protocol_id="ucmsc-vs-il2",
            patient=patient,
            options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 4, 12)),
        ),
        "umbilical-cord MSC arm": PlanInput(
            protocol_id="ucmsc-vs-il2",
            patient=patient,
            options=options.model_copy(update={"arm": "ucmsc"}),
        ),
        "adipose MSC": PlanInput(protocol_id="msc-adipose", patient=patient, options=options),
        "allogeneic MSC": PlanInput(
            protocol_id="msc-allogeneic",
            patient=patient,
            options=options,
            choices={"cy-pretreatment": D(1000)},
        ),
    }


# Latin letters a Chinese nurse sheet may print: units and the abbreviations inside the
# glossary's Chinese names (G-CSF, ATG, CD34⁺); the BSA formula (glossary: formula names stay
# in Latin letters); the app's name, the time zone and the paper size of the footer.
ALLOWED = {
    *("mg", "mcg", "g", "mL", "kg", "m", "h", "cm", "L", "dL", "min"),
    *("G-CSF", "ATG", "CD34", "eGFR", "T"),  # T as in 调节性 T 细胞 (regulatory T cells)
    *("Mosteller", "txdose", "UTC", "A4"),
    # the worksheet's formulas (ideal body weight, creatinine clearance, eGFR) and the
    # summary's disease-activity scores, by their names
    *("Devine", "Cockcroft", "Gault", "CKD-EPI", "SLEDAI-2K", "BILAG-2004"),
}
_QUOTED = re.compile(r"“[^”]*”")  # the sources' words, verbatim (their own language)
_SOURCE_FILE = re.compile(r"\b\w+\.txt\b")  # the seed file a quote comes from
_HASH = re.compile(r"\b[0-9a-f]{12}\b")


def _ids(plan: ComputedPlan) -> set[str]:
    """The worksheet prints each item's id and each alert's code beside its Chinese words
    (what a pharmacist quotes to the developers), as ids are."""
    return {item.item for item in plan.items} | {str(alert.code) for alert in plan.alerts}


@pytest.mark.parametrize("sheet", ["nurse", "worksheet", "summary"])
@pytest.mark.parametrize("name", list(_variants()))
def test_a_chinese_sheet_has_no_english_outside_the_allow_list(name: str, sheet: str) -> None:
    """The patient's data as typed (name, MRN, a reason) and the protocol and arm ids are
    allowed too; every other Latin-script word is a missing translation. All three sheets,
    the summary's charts included (the counts variant has counts and yields)."""
    plan_input = _variants()[name]
    plan = compute(plan_input)
    allowed = set(ALLOWED) | {plan.protocol_id, plan_input.patient.mrn or ""}
    allowed |= {plan.arm or ""} | _ids(plan)
    for typed in [d.reason for d in plan_input.dropped_days] + [
        r.reason for r in plan_input.reductions.values()
    ]:
        allowed |= set(re.findall(r"[A-Za-z]+", typed))
    text = _HASH.sub("", _SOURCE_FILE.sub("", _QUOTED.sub("", _text(plan, "zh_CN", sheet))))
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*", text))
    assert words - allowed == set(), text


def test_the_chinese_summary_prints_the_protocols_words_in_chinese() -> None:
    """Title, phases, an item's note, the harvest target (2 × 10⁶/kg × 60 kg = 120 × 10⁶
    CD34⁺ cells) and the follow-up visits (labels, checks, months) of auto-hsct-ln."""
    text = _flat(_text(_demo(), "zh_CN", "summary"))
    for chinese in (
        "方案摘要 — 自体造血干细胞移植治疗难治性狼疮性肾炎",
        "患者姓名：王小明",
        "预处理",
        "植入期支持治疗",
        "浓度按本院方案（原始资料只给出体积）。",
        "本患者：",
        "CD34⁺ 细胞高于 2 × 10⁶/kg（60 kg 需超过 120 × 10⁶ 个细胞）",
        "干细胞采集时",
        "移植时（第0天）",
        "3 个月",
        "密切观察",
    ):
        assert _flat(chinese) in text, chinese
    for english in (
        *PROTOCOL_SENTENCES,
        "close observation",
        "Follow-up visits",
        "For this patient",
    ):
        assert _flat(english) not in text, english


def test_the_bilingual_summary_prints_both() -> None:
    text = _flat(_text(_demo(), "bilingual", "summary"))
    for both in (
        "干细胞采集时 · at stem cell harvest",
        "密切观察 · close observation",
        "自体造血干细胞移植治疗难治性狼疮性肾炎 · Autologous HSCT for refractory lupus nephritis",
    ):
        assert _flat(both) in text, both


def test_the_chinese_worksheet_labels_and_protocol_words_are_chinese() -> None:
    """The labels are glossary lines, the protocol's title and notes the catalogue's, the
    rounding and the calculation keep the engine's numbers (cyclophosphamide 40 mg/kg ×
    60 kg = 2,400 mg)."""
    text = _flat(_text(_demo(), "zh_CN", "worksheet"))
    for chinese in (
        "药师审核计算单 — 自体造血干细胞移植治疗难治性狼疮性肾炎",
        "患者及体格测量",
        "环磷酰胺 — 预处理 (cy-conditioning)",
        "方案剂量40 mg/kg/天",
        "40 mg/kg × 60 kg（实际体重）= 2,400 mg",
        "可减量：原始资料称环磷酰胺和 ATG 的剂量可根据患者情况减少。",
        "各药累积剂量（全部阶段，加既往用量）",
        "签字确认",
    ):
        assert _flat(chinese) in text, chinese
    for english in ("Reducible:", "Patient and anthropometrics", "Sign-off", "unrounded"):
        assert _flat(english) not in text, english


def test_a_cell_dose_course_total_is_in_chinese_with_its_per_kg_total() -> None:
    """Allogeneic MSC, 1 × 10⁶ cells/kg × 60 kg = 60 × 10⁶ cells: the unit words and the
    brackets of the per-kg total in Chinese; bilingual, the English keeps the per-kg total."""
    from app.course_text import item_total_text

    plan = compute(_variants()["allogeneic MSC"])
    (msc,) = [item for item in plan.items if item.item == "msc"]
    assert item_total_text(msc, "en") == "60 × 10⁶ cells (1 × 10⁶ cells/kg)"
    assert item_total_text(msc, "zh_CN") == "60 × 10⁶ 个细胞（1 × 10⁶ 个细胞/kg）"
    assert item_total_text(msc, "bilingual") == (
        "60 × 10⁶ 个细胞 · 60 × 10⁶ cells (1 × 10⁶ cells/kg)"
    )
    assert "60×10⁶个细胞（1×10⁶个细胞/kg）" in _flat(_text(plan, "zh_CN", "summary"))


def test_the_summary_charts_speak_chinese_and_both_on_a_bilingual_sheet() -> None:
    """Legend, axis title, threshold and harvest targets of the charts, drawn with the CJK
    font (text extracted from the PDF would be placeholders otherwise). The counts variant:
    WBC 0.8 on 4 March; targets 2 × 10⁶/kg × 60 kg = 120 × 10⁶ CD34⁺ cells, 2 × 10⁸/kg ×
    60 kg = 120 × 10⁸ mononuclear cells."""
    plan = compute(_variants()["auto-hsct-ln, counts entered"])
    chinese = _flat(_text(plan, "zh_CN", "summary"))
    for words in (
        "白细胞与中性粒细胞（× 10⁹/L）",
        "给予 G-CSF",
        "阈值 1 × 10⁹/L",
        "CD34⁺ 细胞 × 10⁶（目标 120）",
        "单个核细胞 × 10⁸（目标 120）",
        "3月4日：白细胞 0.8",
        "G-CSF 开始：白细胞低于 1 × 10⁹/L",
    ):
        assert _flat(words) in chinese, words
    both = _flat(_text(plan, "bilingual", "summary"))
    for words in (
        "白细胞与中性粒细胞（× 10⁹/L） · WBC and ANC (× 10⁹/L)",
        "给予 G-CSF · G-CSF given",
        "CD34⁺ 细胞 × 10⁶（目标 120） · CD34+ × 10⁶ (target 120)",
    ):
        assert _flat(words) in both, words


@pytest.mark.parametrize("language", ["en", "zh_CN", "bilingual"])
def test_a_summary_with_charts_references_no_unembedded_font(language: str) -> None:
    """reportlab's drawings open in Helvetica unless told otherwise; the charts are told."""
    plan = compute(_variants()["auto-hsct-ln, counts entered"])
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        language=language,
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )
    assert b"Helvetica" not in render_pdf(plan, ("summary",), meta)
