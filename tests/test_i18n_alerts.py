"""Engine alerts in Chinese: the engine gives each alert its facts (``params``), app/ words
them; every code has a Chinese sentence, the numbers are the engine's, and the window and
the sheets show the Chinese."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from conftest import flat, open_window, pdf_pages

from app.alert_text import (
    CHINESE_CODES,
    alert_lines,
    chinese_alert,
    drug_total_text,
    trace_text,
)
from app.services import PlanMeta, compute, plan_content_hash
from dosing.codes import AlertCode
from dosing.models import (
    Alert,
    ApheresisYield,
    DroppedDay,
    PlanInput,
    Reduction,
    SerumCreatinine,
)
from ui.screenshot import demo_input

ATG = "兔抗人胸腺细胞免疫球蛋白（ATG）"


def _variant(**changes: object) -> PlanInput:
    """The demo plan (60 kg, 165 cm, ATG at 75%) with some inputs changed."""
    base = demo_input()
    patient = base.patient.model_copy(update=changes.pop("patient", {}))
    options = base.options.model_copy(update=changes.pop("options", {}))
    return base.model_copy(update={"patient": patient, "options": options, **changes})


# Between them these raise ten of the engine's codes (listed in the test below).
PLANS = {
    "demo": demo_input(),
    "large, renal, weighed late": _variant(
        patient={
            "weight_kg": Decimal(120),
            "height_cm": Decimal(150),
            "serum_creatinine": SerumCreatinine(value=Decimal("3.5")),
            "weigh_date": dt.date(2027, 4, 20),
            "prior_cyclophosphamide_mg": Decimal(2000),
        },
        options={"reference_weight_kg": Decimal(100)},
    ),
    "no choices, a dropped day": _variant(
        choices={},
        reductions={"atg": Reduction(percent=Decimal(30), reason="fever")},
        dropped_days=[DroppedDay(item="atg", day=-4, reason="fever")],
    ),
    "an apheresis before G-CSF": _variant(
        apheresis=[ApheresisYield(date=dt.date(2027, 2, 20), cd34_10e6=Decimal(100), mnc_10e8=1)]
    ),
}


def _engine_alerts() -> list[Alert]:
    return [alert for plan in PLANS.values() for alert in compute(plan).alerts]


def test_every_alert_code_has_a_chinese_sentence() -> None:
    """Listed from AlertCode itself: a code added to the engine without its Chinese sentence
    fails here (until then the window shows its English message)."""
    assert sorted(set(AlertCode) - CHINESE_CODES) == []


def test_engine_alerts_carry_the_facts_their_chinese_needs() -> None:
    """Every engine-coded alert of these plans is worded in Chinese (none falls back for
    want of a param), with the very numbers of its English message: an acknowledgement is
    bound to those numbers, and a reader of either language must see the same ones."""
    raised = set()
    for alert in _engine_alerts():
        if alert.code not in set(AlertCode):
            continue  # a protocol file's own alert: its text is the protocol's
        raised.add(alert.code)
        chinese = chinese_alert(alert)
        assert chinese is not None, alert
        assert re.search(r"[\u4e00-\u9fff]", chinese), chinese
        assert "{" not in chinese and "μg" not in chinese and "IU" not in chinese
        for number in alert.values:
            assert number in chinese, (number, alert.message, chinese)
    assert raised >= {
        AlertCode.BMI_EXTREME,
        AlertCode.IBW_EXTRAPOLATED,
        AlertCode.WEIGHT_CHANGED,
        AlertCode.WEIGH_DATE_AFTER_DAY0,
        AlertCode.RENAL_FUNCTION_LOW,
        AlertCode.CHOICE_REQUIRED,
        AlertCode.DOSE_REDUCED,
        AlertCode.DAY_DROPPED,
        AlertCode.APHERESIS_YIELDS_MISSING,
        AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE,
    }


def _alert(plan: str, code: AlertCode) -> Alert:
    return next(a for a in compute(PLANS[plan]).alerts if a.code == code)


def test_chinese_sentences_read_as_a_pharmacist_writes_them() -> None:
    """Hand-checked: the demo plan's ATG at 75% and its cyclophosphamide total
    (mobilization 2 × 3,320 mg, i.e. 2 g/m² × 1.66 m², plus conditioning 4 × 2,400 mg, i.e.
    40 mg/kg × 60 kg: 6,640 + 9,600 = 16,240 mg; 16,240 / 60 kg = 270.67 → 270.7 mg/kg;
    16.24 g / 1.66 m² = 9.783 → 9.78 g/m²); drug names from the glossary, days written
    第−4天, the reason as the prescriber typed it."""
    assert chinese_alert(_alert("demo", AlertCode.DOSE_REDUCED)) == (
        f"{ATG}减量至方案剂量的 75% — 原因：platelets 45 × 10⁹/L。"
    )
    assert chinese_alert(_alert("demo", AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE)) == (
        "环磷酰胺：本计划 16,240 mg（270.7 mg/kg；9.78 g/m²）。"
    )
    assert chinese_alert(_alert("no choices, a dropped day", AlertCode.DAY_DROPPED)) == (
        f"甲泼尼龙：第−4天已停用，随{ATG}一并停用（两者同日给药） — 原因：fever。"
    )
    assert chinese_alert(_alert("no choices, a dropped day", AlertCode.CHOICE_REQUIRED)) == (
        "重组人粒细胞集落刺激因子（G-CSF）：请在 5–10 mcg/kg/天 范围内选择剂量。"
    )


def test_prior_cyclophosphamide_in_the_chinese_total() -> None:
    """2,000 mg prior + the plan's cyclophosphamide = the cumulative the engine states."""
    plan = compute(PLANS["large, renal, weighed late"])
    total = next(t for t in plan.drug_totals if t.drug == "cyclophosphamide")
    text = drug_total_text(total, "zh_CN")
    assert " + 既往 2,000 mg = 累积 " in text
    assert text.startswith("本计划 ") and "mg/kg；" in text
    assert drug_total_text(total, "en") == total.display
    assert drug_total_text(total, "bilingual") == f"{text} · {total.display}"


def test_unknown_codes_and_missing_facts_stay_in_the_engines_english() -> None:
    site_own = Alert(severity="soft", code="verify-local-protocol", message="Check locally.")
    assert alert_lines(site_own, "zh_CN") == ["Check locally."]
    no_params = Alert(severity="soft", code=AlertCode.BMI_EXTREME, message="BMI 40 kg/m² …")
    assert chinese_alert(no_params) is None
    assert alert_lines(no_params, "bilingual") == ["BMI 40 kg/m² …"]
    reduced = _alert("demo", AlertCode.DOSE_REDUCED)
    assert alert_lines(reduced, "en") == [reduced.message]
    assert alert_lines(reduced, "bilingual") == [chinese_alert(reduced), reduced.message]


def test_params_leave_the_content_hash_as_it_was() -> None:
    """A plan saved before alerts had params hashes the same: params restate the message."""
    plan = compute(PLANS["large, renal, weighed late"])
    assert any(alert.params for alert in plan.alerts)
    bare = plan.model_copy(
        update={"alerts": tuple(a.model_copy(update={"params": {}}) for a in plan.alerts)}
    )
    assert plan_content_hash(bare) == plan_content_hash(plan)


def test_a_chinese_worksheet_prints_the_alerts_in_chinese() -> None:
    from app.sheets import render_pdf

    plan = compute(PLANS["demo"])
    now = dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC)
    pages = pdf_pages(render_pdf(plan, ["worksheet"], PlanMeta(printed_at=now, language="zh_CN")))
    text = flat("".join(pages))
    assert flat(f"{ATG}减量至方案剂量的 75%") in text
    assert flat("环磷酰胺：本计划 16,240 mg") in text


@pytest.mark.usefixtures("isolated_qsettings")
def test_the_chinese_window_shows_the_alerts_in_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui import i18n
    from ui.alerts_model import AlertsModel

    window = open_window(qtbot, user="tester", today=lambda: dt.date(2027, 3, 1))
    try:
        window.load_input(PLANS["demo"])
        window.language_actions["zh_CN"].trigger()
        qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=5000)
        model = window.alerts_panel.model
        messages = [model.display(a, AlertsModel.COL_MESSAGE) for a in model.rows()]
        assert f"{ATG}减量至方案剂量的 75% — 原因：platelets 45 × 10⁹/L。" in messages
        assert "环磷酰胺累积量" in window.summary.text()
        assert "本计划 16,240 mg" in window.summary.text()
        # ATG at 75% of 2.5 mg/kg × 60 kg = 150 mg: 112.5 mg, rounded to 5 mg → 115 mg.
        doses = window.schedule_model.doses()
        assert "115 mg（方案剂量 150 mg 的 75% — 原因：platelets 45 × 10⁹/L）" in doses
        rows = window.schedule_model.rows()
        window.schedule_view.selectRow(
            next(i for i, r in enumerate(rows) if r.admin is not None and r.admin.item == "atg")
        )
        trace = window.trace_view.text()
        assert "计算：2.5 mg/kg × 60 kg（实际体重） = 150 mg × 75%（减量原因：" in trace
        assert "规格：25 mg/支 × 5 支" in trace
    finally:
        i18n.install_language("en")


def test_traces_keep_their_arithmetic_and_change_their_words() -> None:
    """ATG: 2.5 mg/kg × 60 kg = 150 mg × 75% = 112.5 mg, rounded to 5 mg → 115 mg
    (+2.22%: 2.5 / 112.5 = 2.22%). Every number of the English trace is in the Chinese one,
    in the same order; no English word of the engine's is left."""
    plan = compute(PLANS["demo"])
    atg = next(a for a in plan.administrations if a.item == "atg" and a.dose is not None)
    zh = trace_text(atg.trace, "zh_CN")
    assert zh == (
        "2.5 mg/kg × 60 kg（实际体重） = 150 mg × 75%（减量原因：platelets 45 × 10⁹/L）= "
        "112.5 mg；按 5 mg 取整：115 mg（较未取整值 +2.22%）"
    )
    number = r"[+−-]?\d[\d,.]*"
    for administration in plan.administrations:
        trace = administration.trace
        words = trace_text(trace, "zh_CN")
        assert re.findall(number, words) == re.findall(number, trace), (trace, words)
        for english in ("actual weight", "rounded to", "from unrounded", "reduced:"):
            assert english not in words, words
    assert trace_text(atg.trace, "en") == atg.trace
    assert trace_text(atg.trace, "bilingual") == f"{zh} · {atg.trace}"
    assert trace_text("a phrase the table does not know", "zh_CN") == (
        "a phrase the table does not know"
    )


def test_a_protocol_files_own_alert_and_reading_are_worded_from_the_catalogue() -> None:
    """auto-hsct-ln's engraftment G-CSF alert and its mobilization reading (2.0 g/m² on
    each of the 2 days) from resources/i18n/protocols_zh_CN.toml, numbers as in English."""
    plan = compute(PLANS["demo"])
    verify = next(a for a in plan.alerts if a.code == "verify-local-protocol")
    assert chinese_alert(verify) == (
        "植入期 G-CSF：原始资料给出 0.5 mcg/kg/天；移植后 G-CSF 通常为 5 mcg/kg/天。"
        "请对照本院方案核实。"
    )
    assert alert_lines(verify, "bilingual")[1] == verify.message
    reading = next(a for a in plan.alerts if a.code == AlertCode.SOURCE_READING)
    text = chinese_alert(reading)
    assert text is not None
    assert "本计划理解为2 天每天各 2.0 g/m²（合计 4.0 g/m²）；" in text
    assert "另一种理解为2 天合计 2.0 g/m²（每天 1.0 g/m²）。" in text
    assert "on each of" not in text and "a total of" not in text
