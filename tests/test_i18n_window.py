"""The Chinese window: the catalogue is complete and current, its translations keep every
placeholder and mnemonic, and View → Language switches the running window and back."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from fnmatch import fnmatch
from pathlib import Path

import pytest
from conftest import open_window
from PySide6.QtCore import Qt

from ui import i18n
from ui import settings as keys

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "txdose_zh_CN.ts"
QM = ROOT / "resources" / "i18n" / "txdose_zh_CN.qm"
TOOLS = Path(sys.executable).parent
TODAY = dt.date(2027, 3, 1)

pytestmark = pytest.mark.usefixtures("isolated_qsettings")


def _messages() -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, type) of every message in the catalogue."""
    found = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found.append(
                (
                    name,
                    message.findtext("source") or "",
                    translation.text,
                    translation.get("type"),
                )
            )
    return found


def _tool(name: str) -> str:
    found = TOOLS / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def _ui_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


# ---------------------------------------------------------------- the catalogue


def test_every_message_is_translated() -> None:
    """No ``type="unfinished"`` (nor an empty translation) anywhere in the catalogue."""
    messages = _messages()
    assert len(messages) > 300
    assert TS.read_text(encoding="utf-8").count('type="unfinished"') == 0
    assert [(c, s) for c, s, text, _ in messages if not text] == []
    assert [(c, s) for c, s, _, kind in messages if kind is not None] == []


def test_catalogue_holds_every_string_of_the_window(tmp_path: Path) -> None:
    """lupdate run over ui/ today finds exactly the catalogue's strings: a new ``tr()`` label
    without a translation, or a translation for a string that is gone, fails here (fix:
    the lupdate/lrelease commands in the README's language section)."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [_tool("pyside6-lupdate"), *_ui_sources(), "-ts", str(fresh), "-locations", "none"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    found = {
        (context.findtext("name"), message.findtext("source"))
        for context in ET.parse(fresh).getroot().iter("context")
        for message in context.iter("message")
    }
    assert found == {(c, s) for c, s, _, _ in _messages()}


def test_committed_qm_is_compiled_from_the_committed_ts(tmp_path: Path) -> None:
    """The shipped .qm is byte for byte what lrelease makes of the .ts (compiled again here)."""
    compiled = tmp_path / "txdose_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == QM.read_bytes()


def test_translations_keep_placeholders_and_mnemonics() -> None:
    """``{version}`` and the like are filled after translation: a renamed or lost one would
    raise or drop a number. The Alt letter stays the same letter, Chinese style ``(&F)``."""
    for context, source, text, _ in _messages():
        assert text is not None
        where = f"{context}: {source!r} -> {text!r}"
        assert sorted(re.findall(r"\{(\w*)\}", text)) == sorted(re.findall(r"\{(\w*)\}", source)), (
            where
        )
        mnemonic = re.search(r"&(\w)", source)
        if mnemonic:
            assert f"(&{mnemonic.group(1).upper()})" in text, where
        else:
            assert "&" not in text, where


def test_units_follow_the_dose_conventions() -> None:
    """ISMP: never μg or IU (misread as mg and IV or 10); mcg, kg, mL stay in Latin letters."""
    for context, source, text, _ in _messages():
        assert text is not None
        for banned in ("μg", "µg", "IU", "微克", "U/"):
            assert banned not in text, (context, source, text)
        for unit in ("mcg", "mg", "kg", "mL", "m²", "10⁹/L"):
            if unit in source:
                assert unit in text, (context, source, text)


def test_drug_names_are_the_glossary_names() -> None:
    """A drug the window names in its own words has the glossary's one Chinese name."""
    glossary = dict(
        line.split("\t")[:2]
        for line in (ROOT / "resources" / "i18n" / "glossary.tsv")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
    )
    texts = {source: text for _, source, text, _ in _messages()}
    assert glossary["Cyclophosphamide"] == "环磷酰胺"
    assert "环磷酰胺" in texts["Prior c&yclophosphamide"]
    assert "环磷酰胺" in texts["prior cumulative cyclophosphamide in mg"]
    assert glossary["Mononuclear cells"] == texts["Mononuclear cells"]
    assert glossary["Dosing weight"] in texts["Dosing w&eight"]


def test_the_catalogue_ships_with_the_package() -> None:
    """The .qm (and the .ts the switch reads its sources from) match the package data
    patterns of the wheel, which the desktop bundle collects whole."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["txdose_resources"]
    for name in ("i18n/txdose_zh_CN.qm", "i18n/txdose_zh_CN.ts"):
        assert any(fnmatch(name, pattern) for pattern in patterns), name
    spec = (ROOT / "packaging" / "txdose.spec").read_text(encoding="utf-8")
    assert 'collect_data_files("txdose_resources")' in spec
    assert i18n.catalogue_path("zh_CN").exists()


def test_numbers_need_no_conversion_in_the_offered_languages() -> None:
    """The window writes numbers as the engine does (1,234.5: thousands comma, decimal
    point). Both offered locales write them so; a language whose locale does not (de: 1.234,5)
    fails here until the window converts them."""
    from PySide6.QtCore import QLocale

    for code, _ in i18n.LANGUAGES:
        locale = QLocale(code) if code != "en" else QLocale(QLocale.Language.English)
        assert (locale.groupSeparator(), locale.decimalPoint()) == (",", "."), code
        assert locale.toString(1234567.5, "f", 1) == "1,234,567.5"


# ---------------------------------------------------------------- choosing the language


def test_the_remembered_language_wins_over_the_system(isolated_qsettings: Path) -> None:
    settings = keys.open_settings()
    keys.write(settings, keys.WINDOW_LANGUAGE, "zh_CN")
    assert i18n.chosen_language(settings) == "zh_CN"
    keys.write(settings, keys.WINDOW_LANGUAGE, "en")
    assert i18n.chosen_language(settings) == "en"
    keys.write(settings, keys.WINDOW_LANGUAGE, "klingon")  # a hand-edited file
    assert i18n.chosen_language(settings) == i18n.system_language()


# ---------------------------------------------------------------- switching the window


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    shown = open_window(qtbot, user="tester", today=lambda: TODAY)
    yield shown
    i18n.install_language("en")  # the next test starts in English whatever happened here


def _fill(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    patient = window.patient_panel
    patient.name_edit.setText("王小明")  # QTest types Latin keys only
    for edit, text in (
        (patient.mrn_edit, "123"),
        (patient.weight.edit, "60"),
        (patient.height.edit, "165"),
    ):
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    patient.dob_edit.set_value(dt.date(1991, 6, 2))
    patient.sex_combo.setCurrentIndex(patient.sex_combo.findData("female"))
    window.protocol_panel.day0_edit.set_value(dt.date(2027, 4, 12))
    window.protocol_panel.mobilization_edit.set_value(TODAY)


def _switch(qtbot, window, language: str, file_menu: str) -> None:  # type: ignore[no-untyped-def]
    """View → Language → ``language``; Qt delivers LanguageChange from the event loop."""
    window.language_actions[language].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title() == file_menu, timeout=5000)


def _menu_titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [action.text() for action in window.menuBar().actions()]


def _headers(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]


def _label_for(widget) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    labels = [label for label in widget.window().findChildren(QLabel) if label.buddy() is widget]
    assert len(labels) == 1
    return str(labels[0].text())


def test_view_language_switches_the_window_to_chinese_and_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Without a restart: menus, panel titles, form labels, table headers and the texts built
    from the plan change language; what was typed stays as typed; the choice is kept."""
    _fill(qtbot, window)
    assert window.current_plan() is not None
    assert _menu_titles(window) == ["&File", "&View", "&Help"]
    plan_doses = [a.dose.display for a in window.current_plan().administrations if a.dose]
    assert "choose a value (5–10 mcg/kg/day)" in window.schedule_model.doses()

    _switch(qtbot, window, "zh_CN", "文件(&F)")

    assert _menu_titles(window) == ["文件(&F)", "视图(&V)", "帮助(&H)"]
    assert window.patient_panel.title() == "患者"
    assert window.protocol_panel.title() == "方案"
    assert _label_for(window.patient_panel.name_edit) == "姓名(&N)"
    assert _label_for(window.patient_panel.weight.edit) == "体重(&W)"
    assert _headers(window.schedule_model) == [
        "药品",
        "剂量",
        "给药途径",
        "体积",
        "滴速",
        "时长",
        "给药条件 / 备注",
    ]
    assert _headers(window.totals_model)[2] == "疗程总量"
    totals = window.totals_model
    items = [totals.display(row, totals.COL_ITEM) for row in totals.rows()]
    assert "环磷酰胺（动员）" in items and "环磷酰胺（预处理）" in items
    view_actions = [a.text() for a in window.view_menu.actions() if a.text()]
    assert "患者(&P)" in view_actions and "语言(&L)" in view_actions
    assert window.actions_by_name["print"].text() == "打印(&P)…"
    assert window.patient_panel.sex_combo.currentText() == "女"
    assert "<b>理想体重</b>" in window.summary.toHtml() or "理想体重" in window.summary.text()
    assert window.alerts_panel.title() == "警示(&L)"
    # Drug, phase and route names are the glossary's (as on the sheets); dates the locale's.
    rows = window.schedule_model.rows()
    drugs = {window.schedule_model.display(r, 0) for r in rows if not r.is_group}
    assert {"环磷酰胺", "甲泼尼龙", "兔抗人胸腺细胞免疫球蛋白（ATG）"} <= drugs
    headings = [r.title for r in rows if r.is_group]
    assert "预处理 — 第−3天 · 2027年4月9日星期五" in headings
    assert window.schedule_model.display(next(r for r in rows if not r.is_group), 2) == "静脉给药"
    # The adjustments name their drugs the same way, rebuilt without losing a value.
    choice = window.adjustments_panel.choice_check("gcsf-mobilization")
    assert choice.text() == "重组人粒细胞集落刺激因子（G-CSF）（5–10 mcg/kg/天）"
    # Typed values are data, never retranslated; the doses are the same doses.
    assert window.patient_panel.name_edit.text() == "王小明"
    assert window.patient_panel.weight.edit.text() == "60"
    assert [a.dose.display for a in window.current_plan().administrations if a.dose] == (plan_doses)
    # What is not a dose is in Chinese; the unit stays mcg, "/day" reads "/天" (as in the
    # adjustments panel).
    assert "请选择剂量（5–10 mcg/kg/天）" in window.schedule_model.doses()
    assert keys.read(window.settings, keys.WINDOW_LANGUAGE) == "zh_CN"
    assert i18n.current_language() == "zh_CN"

    _switch(qtbot, window, "en", "&File")

    assert _menu_titles(window) == ["&File", "&View", "&Help"]
    assert window.patient_panel.title() == "Patient"
    assert _label_for(window.patient_panel.name_edit) == "&Name"
    assert _headers(window.schedule_model)[0] == "Drug"
    headings = [r.title for r in window.schedule_model.rows() if r.is_group]
    assert "Conditioning — day −3 · Fri 9 Apr 2027" in headings
    assert window.patient_panel.sex_combo.currentText() == "female"
    assert "IBW" in window.summary.text()
    assert choice.text() == "Filgrastim (G-CSF) (5–10 mcg/kg/day)"
    assert keys.read(window.settings, keys.WINDOW_LANGUAGE) == "en"


def test_a_chinese_window_asks_for_missing_inputs_in_chinese(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The banner's field names and requests are translated, in Chinese punctuation."""
    _switch(qtbot, window, "zh_CN", "文件(&F)")
    text = window.banner.text()
    assert text.startswith("要计算给药计划，请填写：")
    assert "<b>性别</b>（请选择女或男）" in text
    assert "sex" not in text and "choose" not in text


def test_a_name_that_is_a_catalogue_word_is_not_translated(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Retranslation reads only labels and other static texts, never what was typed: a
    patient whose name field holds "Patient" keeps it."""
    window.patient_panel.name_edit.setFocus()
    qtbot.keyClicks(window.patient_panel.name_edit, "Patient")
    _switch(qtbot, window, "zh_CN", "文件(&F)")
    assert window.patient_panel.name_edit.text() == "Patient"
    assert window.patient_panel.title() == "患者"


def test_a_refused_input_is_explained_in_chinese(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """500 typed as a weight in kg: refused by the engine's range 20–250 kg (validation.WEIGHT_KG) with its hint
    about pounds, in the banner and the field's tooltip, in Chinese; the numbers as typed."""
    _switch(qtbot, window, "zh_CN", "文件(&F)")
    _fill(qtbot, window)
    weight = window.patient_panel.weight.edit
    weight.setFocus()
    weight.selectAll()
    qtbot.keyClicks(weight, "500")
    expected = "500 kg 超出允许范围 20–250 kg（是否按磅输入？请将单位改选为 lb）"
    assert f"<b>体重</b>：{expected}" in window.banner.text()
    assert weight.toolTip() == f"体重：{expected}"
    assert window.current_plan() is None  # and no dose is shown meanwhile


def test_the_chinese_window_shows_the_protocol_files_words_in_chinese(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The protocol title and summary, a condition and a note in the schedule, and the
    protocol's own alert, from resources/i18n/protocols_zh_CN.toml; English again after
    switching back."""
    _fill(qtbot, window)
    _switch(qtbot, window, "zh_CN", "文件(&F)")
    panel = window.protocol_panel
    assert (
        panel.protocol_combo.currentText()
        == "auto-hsct-ln — 自体造血干细胞移植治疗难治性狼疮性肾炎"
    )
    assert panel.title_label.text().startswith("环磷酰胺 + G-CSF 动员，单采，")
    model = window.schedule_model
    notes = [model.display(r, model.COL_NOTES).replace("\n", "") for r in model.rows()]
    assert any(
        "每日一次，直至最低点之后中性粒细胞绝对计数连续 2 天高于 1.0 × 10⁹/L" in n for n in notes
    )
    assert any("白细胞计数低于 1.0 × 10⁹/L 时开始" in n for n in notes)
    assert not any("daily until" in n or "Reducible" in n for n in notes)
    messages = [window.alerts_panel.model.display(r, 1) for r in window.alerts_panel.model.rows()]
    assert any(m.startswith("植入期 G-CSF：原始资料给出 0.5 mcg/kg/天") for m in messages)
    # A phase whose id is not its name, and a dose's calculation (its tooltip).
    totals = window.totals_model
    items = [totals.display(row, totals.COL_ITEM) for row in totals.rows()]
    assert "重组人粒细胞集落刺激因子（G-CSF）（植入期支持治疗）" in items
    cy = next(r for r in model.rows() if r.admin is not None and r.admin.item == "cy-conditioning")
    # The vials to draw from (several: the cell shows only "抽取 120 mL"), then the calculation.
    assert model.tooltip(cy, model.COL_DOSE) == (
        "抽取 120 mL：2,000 mg/100 mL 整支 × 1 + 从 500 mg/25 mL 中抽取 20 mL，实际给药 2,400 mg\n"
        "40 mg/kg × 60 kg（实际体重） = 2,400 mg；按 10 mg 取整：2,400 mg（较未取整值 0%）"
    )

    _switch(qtbot, window, "en", "&File")
    assert panel.protocol_combo.currentText() == (
        "auto-hsct-ln — Autologous HSCT for refractory lupus nephritis"
    )
    notes = [model.display(r, model.COL_NOTES) for r in model.rows()]
    assert any("daily until ANC greater than" in n.replace("\n", " ") for n in notes)


def test_a_course_in_cycles_reads_cycle_and_dose_in_chinese(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """IL-2, 7 doses every other day per 28-day cycle: treatment day 31 is the second dose of
    cycle 2 ((31 − 1) // 28 + 1 = 2; days 29, 31 of that cycle), in the schedule and in the
    worklist's day column: 第2周期 · 第2剂."""
    from app.store.worklist import DueDose
    from dosing.models import PlanInput, PlanOptions
    from ui.screenshot import demo_input
    from ui.worklist import DUE_COLUMNS

    plan_input = PlanInput(
        protocol_id="ucmsc-vs-il2",
        patient=demo_input().patient,
        options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 4, 12)),
    )
    _switch(qtbot, window, "zh_CN", "文件(&F)")
    window.load_input(plan_input)
    model = window.schedule_model
    notes = {
        r.admin.day: model.display(r, model.COL_NOTES) for r in model.rows() if r.admin is not None
    }
    assert notes[1] == "第1周期 · 第1剂" and notes[31] == "第2周期 · 第2剂"
    assert notes[69] == "第3周期 · 第7剂"
    due = DueDose(
        plan_id="p",
        version=1,
        mrn="NJ-7",
        patient_name="王小明",
        item="il2",
        drug="Interleukin-2 (low dose)",
        dose="1,000,000 international units",
        route="subcutaneous",
        when="every other day for 2 weeks (7 doses), then 2 weeks off; 3 cycles",
        day_label="treatment day 31",
        course_label="cycle 2 · dose 2",
    )
    texts = {column.header: column.text(due) for column in DUE_COLUMNS}
    assert texts["Day"] == "治疗第31天 · 第2周期 · 第2剂"
    assert texts["Drug"] == "白细胞介素-2（低剂量）"
    assert texts["Dose"] == "1,000,000 国际单位" and texts["Route"] == "皮下注射"
    assert texts["Frequency · duration"] == "隔日一次，连用 2 周（共 7 剂），停 2 周；共 3 个周期"
