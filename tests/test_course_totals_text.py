"""An open-ended course's total names its stop condition everywhere, in one wording (issue 10):
the engine gives the amount and the condition as facts (kind and numbers, no sentence), and
``app/course_text.py`` words it for the CLI, the window and the three sheets, in English and
Chinese.

The patient of the issue's failure 1: 67 kg, mobilization G-CSF 5 mcg/kg started by a WBC of
0.8 on mobilization day 7 (2027-02-07): 5 × 67 = 335 mcg known so far, until the CD34+ cells
collected are more than 2 × 10⁶/kg × 67 kg = 134 × 10⁶ (seed 000: "CD34+ cells > 2×10^6/kg").
Engraftment G-CSF 0.5 mcg/kg × 67 = 33.5 → 34 mcg on days +1 and +2 (the day +2 count, ANC
0.1, is the nadir) = 68 mcg so far, until the ANC is above 1.0 × 10⁹/L on 2 consecutive days.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from typing import Any

import pytest
from conftest import as_read, flat, open_window, pdf_pages, run_cli

from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import render_pdf
from dosing.models import ComputedPlan, DailyCount, Patient, PlanInput, PlanOptions, Sex

MOBILIZATION_EN = (
    "335 mcg so far; ends when the CD34+ cells collected exceed the target (more than "
    "2 × 10⁶/kg: 134 × 10⁶ cells for 67 kg)"
)
ENGRAFTMENT_EN = (
    "68 mcg so far; ends when ANC is greater than 1.0 × 10⁹/L on 2 consecutive days after the nadir"
)
ENGRAFTMENT_ZH = "目前 68 mcg；最低点之后中性粒细胞绝对计数连续 2 天大于 1.0 × 10⁹/L时停止"
MOBILIZATION_ZH = (
    "目前 335 mcg；采集的 CD34⁺ 细胞超过目标（大于 2 × 10⁶/kg：67 kg 即 134 × 10⁶ 个细胞）时停止"
)
ARGS = (
    "plan", "--protocol", "auto-hsct-ln", "--weight", "67", "--height", "171",
    "--sex", "female", "--age", "36", "--day0", "2027-04-12",
    "--mobilization-start", "2027-02-01", "--choose", "methylprednisolone=120",
    "--choose", "gcsf-mobilization=5",
    "--count", "2027-02-07:wbc=0.8,anc=0.4", "--count", "2027-04-14:wbc=0.2,anc=0.1",
)  # fmt: skip


def _plan() -> ComputedPlan:
    return compute(
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(
                name="王小明", age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)
            ),
            options=PlanOptions(
                day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 2, 1)
            ),
            choices={"methylprednisolone": D(120), "gcsf-mobilization": D(5)},
            counts=(
                DailyCount(
                    date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8"), anc_10e9_per_l=D("0.4")
                ),
                DailyCount(
                    date=dt.date(2027, 4, 14), wbc_10e9_per_l=D("0.2"), anc_10e9_per_l=D("0.1")
                ),
            ),
        )
    )


def _sheet(sheet: str, language: str = "en") -> str:
    plan = _plan()
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        language=language,
        printed_at=dt.datetime(2027, 2, 7, 9, 0, tzinfo=dt.UTC),
    )
    return flat("\n".join(pdf_pages(render_pdf(plan, [sheet], meta))))


def _cjk(text: str) -> str:
    """pypdf may break a Chinese run at any glyph: compare without line breaks or spaces
    between Chinese characters."""
    return text.replace(" ", "")


def test_the_engine_gives_the_stop_condition_as_facts_not_words() -> None:
    """Open totals carry ``open`` and the condition's kind and numbers; their display is the
    amount alone (no English sentence to translate), a closed course has no stop."""
    plan = _plan()
    totals = {t.item: t for t in plan.totals}
    mobilization = totals["gcsf-mobilization"]
    assert (mobilization.value, mobilization.display, mobilization.open) == (
        D(335),
        "335 mcg",
        True,
    )
    assert mobilization.stop is not None and mobilization.stop.kind == "harvest-complete"
    assert mobilization.stop.params == {"per_kg": "2", "target": "134", "weight": "67"}
    engraftment = totals["gcsf-engraftment"]
    assert (engraftment.value, engraftment.open) == (D(68), True)
    assert engraftment.stop is not None and engraftment.stop.kind == "anc-above-consecutive"
    assert engraftment.stop.params == {"threshold": "1.0", "days": "2"}
    # 40 mg/kg × 67 kg × 4 days = 10,720 mg: a fixed course, closed.
    closed = totals["cy-conditioning"]
    assert (closed.display, closed.open, closed.stop) == ("10,720 mg", False, None)
    items = {i.item: i for i in plan.items}
    assert items["gcsf-engraftment"].course_stop == engraftment.stop
    assert items["cy-conditioning"].course_stop is None


def test_json_totals_say_open_and_what_ends_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *ARGS, "--json")
    assert code == 0, err
    totals = {t["item"]: t for t in json.loads(out)["totals"]}
    assert totals["gcsf-mobilization"] == {
        "item": "gcsf-mobilization",
        "value": "335",
        "unit": "ug",
        "open": True,
        "stop": {
            "kind": "harvest-complete",
            "params": {"per_kg": "2", "target": "134", "weight": "67"},
        },
        "text": MOBILIZATION_EN,
    }
    assert totals["gcsf-engraftment"]["text"] == ENGRAFTMENT_EN
    assert totals["cy-conditioning"]["open"] is False
    assert totals["cy-conditioning"]["stop"] is None
    assert totals["cy-conditioning"]["text"] == "10,720 mg"


def test_the_text_table_uses_the_same_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, *ARGS)
    assert code == 0, err
    assert f"  Filgrastim (G-CSF) (gcsf-mobilization): {MOBILIZATION_EN}\n" in out
    assert f"  Filgrastim (G-CSF) (gcsf-engraftment): {ENGRAFTMENT_EN}\n" in out
    assert "until the condition is met" not in out


def test_the_nurse_sheet_lists_the_open_course_on_it() -> None:
    """Mobilization is not on the nurse schedule; engraftment G-CSF is, and is open."""
    text = _sheet("nurse")
    assert "Open courses (doses so far):" in text
    assert f"Filgrastim (G-CSF): {ENGRAFTMENT_EN}" in text
    assert "335 mcg so far" not in text


def test_the_summary_and_the_worksheet_name_what_ends_each_open_course() -> None:
    summary = _sheet("summary")
    assert f"Course total: {MOBILIZATION_EN}" in summary
    assert f"Course total: {ENGRAFTMENT_EN}" in summary
    worksheet = _sheet("worksheet")
    assert f"Course total {MOBILIZATION_EN}" in worksheet  # the item's own table
    assert f"Filgrastim (G-CSF) — engraftment {ENGRAFTMENT_EN}" in worksheet  # totals per item
    assert "more until the condition is met" not in summary + worksheet


@pytest.mark.parametrize("sheet", ["nurse", "summary", "worksheet"])
def test_chinese_sheets_say_it_in_chinese(sheet: str) -> None:
    text = _cjk(_sheet(sheet, "zh_CN"))
    assert _cjk(ENGRAFTMENT_ZH) in text
    if sheet != "nurse":
        assert _cjk(MOBILIZATION_ZH) in text
    assert "so far" not in text


def test_the_bilingual_sheet_says_it_in_chinese_then_english() -> None:
    text = _cjk(_sheet("summary", "bilingual"))
    assert _cjk(f"{ENGRAFTMENT_ZH} · {ENGRAFTMENT_EN}") in text


def _total_cell(window: Any, item: str) -> str:
    model = window.totals_model
    for row, result in enumerate(model.rows()):
        if result.item == item:
            return as_read(model.index(row, model.COL_TOTAL).data())
    raise AssertionError(f"{item} not in the totals")


def test_the_window_totals_name_what_ends_an_open_course(qtbot: Any) -> None:
    """60 kg, no counts: engraftment G-CSF 0.5 × 60 = 30 mcg on day +1 known so far; in
    Chinese after View → Language."""
    from test_i18n_window import _fill, _switch

    from ui import i18n

    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    try:
        _fill(qtbot, window)
        assert _total_cell(window, "gcsf-engraftment") == (
            "30 mcg so far; ends when ANC is greater than 1.0 × 10⁹/L on 2 consecutive days "
            "after the nadir"
        )
        assert _total_cell(window, "cy-conditioning") == "9,600 mg"  # 40 × 60 × 4, closed
        _switch(qtbot, window, "zh_CN", "文件(&F)")
        assert _total_cell(window, "gcsf-engraftment") == (
            "目前 30 mcg；最低点之后中性粒细胞绝对计数连续 2 天大于 1.0 × 10⁹/L时停止"
        )
    finally:
        i18n.install_language("en")
