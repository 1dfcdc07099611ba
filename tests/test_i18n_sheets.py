"""The Chinese nurse sheet reads in Chinese beyond its labels: the title line, the patient
box values, frequencies, routes, diluents, durations, the open-alerts box and the page
header; the English sheet is unchanged. Text read back from the PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import flat, pdf_pages

from app.services import PlanMeta, compute
from app.sheets import render_pdf
from ui.screenshot import demo_input

PRINTED = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)


def _nurse(language: str) -> str:
    base = demo_input()
    plan_input = base.model_copy(
        update={"patient": base.patient.model_copy(update={"name": "王小明"})}
    )
    pdf = render_pdf(
        compute(plan_input), ["nurse"], PlanMeta(printed_at=PRINTED, language=language)
    )
    return flat(" ".join(pdf_pages(pdf)))


@pytest.fixture(scope="module")
def chinese() -> str:
    return _nurse("zh_CN")


def test_the_chinese_nurse_sheet_words_are_chinese(chinese: str) -> None:
    for words in (
        "给药执行计划 — ",
        "方案 auto-hsct-ln 版本 1.2 · 第−5天至第+1天",
        "1991年6月2日",
        "女 · 35 岁",
        "60 kg（称重日期 2027年2月26日）",
        "给药前请与药师核实并处理：",
        "警示",
        "24 小时持续输注",
        "每日一次",
        "静脉给药",
        "0.9% 氯化钠注射液",
        "输注 2 小时",
        # ATG at 75%: the engine's numbers, the reduction's words in Chinese.
        "115 mg（方案剂量 150 mg 的 75% — 原因：platelets 45 × 10⁹/L）",
        "按本院方案：药物及剂量按病房医嘱（本计划未规定）",
        "60 kg（实际体重）：重组人粒细胞集落刺激因子（G-CSF）、水化（静脉补液）、环磷酰胺、"
        "兔抗人胸腺细胞免疫球蛋白（ATG）",
        "警示：",
        "计划未保存 · 版本 — · 内容哈希",
        "状态 草稿 · 打印于 2027年3月1日 09:00 UTC · A4",
        "动员阶段（采集前的环磷酰胺和 G-CSF）不在本执行单上",
    ):
        # Chinese wraps between any two characters: compared without the line breaks' spaces.
        assert words.replace(" ", "") in chinese.replace(" ", ""), words
    # Every page's header (drawn run by run: the PDF's text has spaces between the runs).
    assert chinese.replace(" ", "").count("王小明·病历号00123456·出生日期1991年6月2日") >= 2


def test_the_chinese_nurse_sheet_leaves_no_english_of_its_own_words(chinese: str) -> None:
    for english in (
        "Administration schedule",
        "Resolve with the pharmacist",
        "once daily",
        "female",
        "35 years",
        "weighed",
        "born ",
        "sodium chloride",
        "over 2 hours",
        "of protocol dose",
        "as prescribed by the ward",
        "(actual weight)",
        "plan unsaved",
        "content hash",
        "printed 1 March",
        "is not on this schedule",
    ):
        assert english not in chinese, english


def test_the_bilingual_sheet_gives_both_and_the_english_sheet_is_unchanged() -> None:
    bilingual = _nurse("bilingual")
    assert "每日一次 · once daily" in bilingual
    assert "24 小时持续输注 · continuous over 24 hours" in bilingual
    english = _nurse("en")
    for words in (
        "Administration schedule — ",
        "female · 35 years",
        "once daily",
        "Resolve with the pharmacist before giving:",
        "王小明 · MRN 00123456 · born 2 June 1991",
    ):
        assert words in english, words
    assert "每日一次" not in english
