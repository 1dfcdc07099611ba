"""The worklist (issue 14): today's administrations across verified plans, the plans by
status, the MRN/name filter, and Enter opening the row's plan; drafts show no doses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QSettings, Qt
from test_store_support import _isolated_user_dirs, raw_sql, verify_confirming_all
from test_store_support import plan_input as _plan_input

from app.store import BlindEntry
from app.store.service import Store
from app.store.worklist import Worklist, read_worklist
from ui import worklist as ui_worklist
from ui.store import install

__all__ = ["_isolated_user_dirs"]

# Day −4 of the example plans (day 0 on 12 April 2027): hydration, bicarbonate, anti-emetic,
# cyclophosphamide, methylprednisolone and ATG are all given that day.
DAY_MINUS_4 = dt.date(2027, 4, 8)


def plan_input(**changes: Any) -> Any:
    """The shared example as the window builds it (acknowledgement signed, the G-CSF choice
    as its spin box gives it, choices in order), so a plan opened is shown exactly."""
    entered = _plan_input(ack_by="alice", gcsf="5.0", **changes)
    return entered.model_copy(update={"choices": dict(sorted(entered.choices.items()))})


def _blind(weight: str) -> BlindEntry:
    return BlindEntry(weight_kg=Decimal(weight), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


@pytest.fixture
def ward(sqlite_store: Store) -> dict[str, str]:
    """A hand-made ward: Jane (60 kg) and Ann (80 kg) verified; Zoe a draft; Jane's first
    plan superseded by an edit (62 → 60 kg) that was verified."""
    store = sqlite_store
    jane = store.save_new(plan_input(weight="62"), user="alice").plan_id
    store.save_version(jane, plan_input(weight="60"), base_version=1, user="alice")
    verify_confirming_all(store, jane, _blind("60"), user="bob")
    ann = store.save_new(plan_input(weight="80", mrn="MRN-2002", name="Ann Lee"), user="alice")
    verify_confirming_all(store, ann.plan_id, _blind("80"), user="bob")
    zoe = store.save_new(plan_input(weight="70", mrn="MRN-3003", name="Zoe Park"), user="carol")
    return {"jane": jane, "ann": ann.plan_id, "zoe": zoe.plan_id}


def _due(worklist: Worklist) -> list[tuple[str, str, str]]:
    return [(d.patient_name, d.drug, d.dose) for d in worklist.due]


def test_today_lists_every_dose_of_the_verified_plans(
    sqlite_store: Store, ward: dict[str, str]
) -> None:
    """Day −4 for Jane (60 kg) and Ann (80 kg), nothing of Zoe's draft:
    hydration 50 mL/kg: 3,000 mL and 4,000 mL; bicarbonate 250 mL flat; cyclophosphamide
    40 mg/kg: 2,400 mg and 3,200 mg; methylprednisolone chosen 250 mg; ATG 2.5 mg/kg:
    150 mg and 200 mg; the anti-emetic and the uroprotection (mesna) per local protocol (no
    dose of ours)."""
    worklist = read_worklist(sqlite_store, DAY_MINUS_4)
    due = _due(worklist)
    expected_per_patient = {
        "Jane Doe": [
            "3,000 mL",
            "250 mL",
            "per local protocol",
            "2,400 mg",
            "per local protocol",
            "250 mg",
            "150 mg",
        ],
        "Ann Lee": [
            "4,000 mL",
            "250 mL",
            "per local protocol",
            "3,200 mg",
            "per local protocol",
            "250 mg",
            "200 mg",
        ],
    }
    for name, doses in expected_per_patient.items():
        assert [dose for patient, _drug, dose in due if patient == name] == doses
    assert {patient for patient, _d, _dose in due} == {"Jane Doe", "Ann Lee"}
    cyclophosphamide = next(
        d for d in worklist.due if d.patient_name == "Ann Lee" and d.item == "cy-conditioning"
    )
    assert (cyclophosphamide.when, cyclophosphamide.day_label, cyclophosphamide.mrn) == (
        "once daily · over 2 hours",
        "day −4",
        "MRN-2002",
    )
    assert worklist.problems == ()
    # A day with nothing due (day −1 is a rest day) lists nothing.
    assert read_worklist(sqlite_store, dt.date(2027, 4, 11)).due == ()


def test_plans_by_status_carry_no_doses(sqlite_store: Store, ward: dict[str, str]) -> None:
    """Jane's v2 verified and her v1 superseded, Ann verified, Zoe a draft by carol."""
    worklist = read_worklist(sqlite_store, DAY_MINUS_4)
    rows = {(r.patient_name, r.version): r for r in worklist.plans}
    assert {k: (r.status, r.current) for k, r in rows.items()} == {
        ("Jane Doe", 2): ("verified", True),
        ("Jane Doe", 1): ("superseded", False),
        ("Ann Lee", 1): ("verified", True),
        ("Zoe Park", 1): ("draft", True),
    }
    assert rows[("Zoe Park", 1)].prepared_by == "carol"
    assert rows[("Jane Doe", 1)].closed_reason == "edited as version 2"
    # A draft's row holds identity and state only: no weight, no height, no dose field.
    assert set(type(rows[("Zoe Park", 1)]).model_fields) == {
        "plan_id", "version", "current", "status", "mrn", "patient_name", "protocol_id",
        "arm", "prepared_by", "prepared_at", "verified_by", "closed_reason", "problem",
    }  # fmt: skip


def _zoe_verified_by_sql(store_url: str, ward: dict[str, str], verifier: str) -> None:
    """Zoe's draft set to verified by ``verifier`` with SQL, behind txdose's back."""
    raw_sql(
        store_url,
        f"UPDATE plan_versions SET status = 'verified', verified_by = '{verifier}' "
        f"WHERE plan_id = '{ward['zoe']}'",
        f"UPDATE plans SET status = 'verified' WHERE id = '{ward['zoe']}'",
        unguarded=True,
    )


def test_a_tampered_plan_is_flagged_and_its_doses_left_out(
    sqlite_store: Store, ward: dict[str, str], store_url: str
) -> None:
    """Zoe's draft marked verified by SQL: listed as not believed, none of its doses today."""
    _zoe_verified_by_sql(store_url, ward, "mallory")
    worklist = read_worklist(sqlite_store, DAY_MINUS_4)
    zoe = next(r for r in worklist.plans if r.plan_id == ward["zoe"])
    assert zoe.problem is not None and "marked verified" in zoe.problem
    assert "Zoe Park" not in {d.patient_name for d in worklist.due}
    assert any(ward["zoe"] in problem for problem in worklist.problems)
    assert ui_worklist.status_text(zoe).startswith("NOT SHOWN — ")


# ---------------------------------------------------------------- in the window


def _page(qtbot: Any, tmp_path: Path, store_url: str) -> tuple[Any, Any, Any]:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = open_window(qtbot, user="dave", today=lambda: DAY_MINUS_4)
    controller = install(window, url=store_url, user="dave", autosave_interval_ms=3_600_000)
    warnings: list[str] = []
    controller.warn = warnings.append  # a message box would wait for a click
    controller.inform = warnings.append
    controller.ask = lambda _text: True
    controller.warnings = warnings
    page = ui_worklist.install(window, controller, today=lambda: DAY_MINUS_4)
    qtbot.waitUntil(lambda: page.panel.worklist is not None, timeout=20_000)
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)
    return window, controller, page


def _shown(view: Any, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_window_opens_on_the_worklist_when_the_store_has_plans(
    qtbot: Any, tmp_path: Path, store_url: str, ward: dict[str, str]
) -> None:
    window, _controller, page = _page(qtbot, tmp_path, store_url)
    assert window.pages.currentWidget() is page.panel
    panel = page.panel
    assert len(_shown(panel.due_view, 0)) == 14  # 7 doses × 2 verified patients
    assert "14 of 14 administrations" in panel.due_box.title()
    # "Current plans": Jane v2, Ann and Zoe's draft (the superseded v1 is not current).
    assert sorted(_shown(panel.plans_view, 0)) == ["Ann Lee", "Jane Doe", "Zoe Park"]


def test_filters_by_mrn_name_and_status(
    qtbot: Any, tmp_path: Path, store_url: str, ward: dict[str, str]
) -> None:
    """Typed into the find field (real keys): the MRN from its start, the name anywhere."""
    _window, _controller, page = _page(qtbot, tmp_path, store_url)
    panel = page.panel
    qtbot.keyClicks(panel.find_edit, "MRN-20")
    assert set(_shown(panel.due_view, 0)) == {"Ann Lee"}
    assert _shown(panel.plans_view, 0) == ["Ann Lee"]
    panel.find_edit.clear()
    qtbot.keyClicks(panel.find_edit, "park")
    assert _shown(panel.due_view, 0) == []  # a draft has no doses on the worklist
    assert _shown(panel.plans_view, 0) == ["Zoe Park"]
    panel.find_edit.clear()
    qtbot.keyClicks(panel.find_edit, "2002")  # not the start of an MRN, not in a name
    assert _shown(panel.plans_view, 0) == []
    panel.find_edit.clear()
    labels = [label for label, _keep in ui_worklist.STATUS_FILTERS]
    panel.status_combo.setCurrentIndex(labels.index("Drafts awaiting verification"))
    assert _shown(panel.plans_view, 0) == ["Zoe Park"]
    assert _shown(panel.plans_view, 4) == ["draft — awaiting verification"]
    panel.status_combo.setCurrentIndex(labels.index("Superseded versions"))
    assert _shown(panel.plans_view, 3) == [f"{ward['jane']} v1"]


def test_sorting_by_a_column(
    qtbot: Any, tmp_path: Path, store_url: str, ward: dict[str, str]
) -> None:
    _window, _controller, page = _page(qtbot, tmp_path, store_url)
    view = page.panel.plans_view
    # Unsorted at first: the store's order, most recently changed first (Zoe was saved last).
    assert _shown(view, 0) == ["Zoe Park", "Ann Lee", "Jane Doe"]
    assert view.horizontalHeader().sortIndicatorSection() == -1
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _shown(view, 0) == ["Zoe Park", "Jane Doe", "Ann Lee"]
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _shown(view, 0) == ["Ann Lee", "Jane Doe", "Zoe Park"]


def test_enter_on_a_row_opens_that_plan(
    qtbot: Any, tmp_path: Path, store_url: str, ward: dict[str, str]
) -> None:
    """Filter to Ann, Tab to today's table, Down, Enter: Ann's verified plan (80 kg) is on
    screen, on the plan page, verified."""
    window, controller, page = _page(qtbot, tmp_path, store_url)
    panel = page.panel
    panel.find_edit.setFocus()
    qtbot.keyClicks(panel.find_edit, "Ann")
    for _ in range(3):  # find → which plans → Refresh → today's table
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert window.focusWidget() is panel.due_view
    qtbot.keyClick(panel.due_view, Qt.Key.Key_Down)
    qtbot.keyClick(panel.due_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.plan_id == ward["ann"], timeout=20_000)
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)
    assert controller.warnings == []
    assert window.pages.currentIndex() == 0
    assert window.patient_panel.name_edit.text() == "Ann Lee"
    assert window.plan_meta().status == "verified"
    # Ctrl+0 goes back to the worklist.
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is panel


def test_today_shows_the_start_rule_and_says_there_is_no_clock_time() -> None:
    """The protocols carry no time of day (issue 14 asks for 'time'): the column says what it
    holds (frequency and duration) and a count-started dose carries its start rule. WBC 0.8
    on mobilization day 7 (2027-03-07) starts G-CSF that day: 5 mcg/kg × 60 kg = 300 mcg,
    once daily, 'start when WBC less than 1.0 × 10⁹/L, not within 24 hours of
    cyclophosphamide; daily until the CD34+ cells collected exceed the target (more than
    2 × 10⁶/kg)'."""
    from types import SimpleNamespace

    from app.services import compute
    from app.store.worklist import due_on
    from dosing.models import DailyCount
    from ui.screenshot import demo_input

    plan = compute(
        demo_input().model_copy(
            update={
                "counts": (DailyCount(date=dt.date(2027, 3, 7), wbc_10e9_per_l=Decimal("0.8")),)
            }
        )
    )
    record = SimpleNamespace(plan_id="p1", version=1, mrn="00123456", patient_name="Jane Doe")
    due = due_on(plan, record, dt.date(2027, 3, 7))  # type: ignore[arg-type]
    assert [(d.item, d.dose, d.when) for d in due] == [
        ("gcsf-mobilization", "300 mcg", "once daily")
    ]
    assert due[0].start_rule == (
        "start when WBC less than 1.0 × 10⁹/L, not within 24 hours of cyclophosphamide; "
        "daily until the CD34+ cells collected exceed the target (more than 2 × 10⁶/kg)"
    )
    texts = {column.header: column.text(due[0]) for column in ui_worklist.DUE_COLUMNS}
    assert "When" not in texts and texts["Frequency · duration"] == "once daily"
    assert texts["Start / stop rule"].startswith("start when WBC less than 1.0 × 10⁹/L")
    # A fixed-day dose has no start rule: the cell is empty.
    fixed = due_on(plan, record, dt.date(2027, 3, 1))  # type: ignore[arg-type]
    assert fixed and all(d.start_rule is None for d in fixed)


def test_the_chinese_worklist_says_status_and_filters_in_chinese(
    qtbot: Any, tmp_path: Path, store_url: str, ward: dict[str, str]
) -> None:
    """View → Language → 中文 on the worklist: the status column ("draft — awaiting
    verification", "verified by bob") and the status filter's choices were English."""
    from test_i18n_window import _switch

    from ui import i18n

    window, _controller, page = _page(qtbot, tmp_path, store_url)
    try:
        _switch(qtbot, window, "zh_CN", "文件(&F)")
        panel = page.panel
        choices = [panel.status_combo.itemText(i) for i in range(panel.status_combo.count())]
        assert choices == [
            "当前计划（草稿及已核对）",
            "待核对的草稿",
            "已核对",
            "已被取代的版本",
            "已取消",
            "全部版本",
        ]
        assert sorted(_shown(panel.plans_view, 4)) == [
            "已由 bob 核对",
            "已由 bob 核对",
            "草稿 — 待核对",
        ]
        panel.status_combo.setCurrentIndex(3)  # superseded versions
        assert _shown(panel.plans_view, 4) == ["已被新版本取代 — 已修改为第 2 版"]
    finally:
        i18n.install_language("en")


def test_a_plan_left_out_of_today_is_said_plainly_and_in_the_window_s_language(
    qtbot: Any, tmp_path: Path, store_url: str, ward: dict[str, str]
) -> None:
    """Zoe's draft marked verified by SQL, by a "verifier" whose name is markup: the worklist
    says above today's doses that her plan's doses are not listed, and why, with the name
    shown as it is stored (the store's words were joined as rich text: a name such as
    "<span style='color:#fff'>" could have hidden the warning). In Chinese the lead is
    Chinese, after a language switch too."""
    from test_i18n_window import _switch

    from ui import i18n

    _zoe_verified_by_sql(store_url, ward, "<i>mallory</i>")
    window, _controller, page = _page(qtbot, tmp_path, store_url)
    label = page.panel.due_problems
    try:
        assert label.isVisible()
        assert label.textFormat() == Qt.TextFormat.PlainText
        lines = label.text().split("\n")
        assert lines[0] == "Not in today's list — the doses of these plans are not shown:"
        assert ward["zoe"] in lines[1] and "(by <i>mallory</i>)" in lines[1]
        _switch(qtbot, window, "zh_CN", "文件(&F)")
        lines = label.text().split("\n")
        assert lines[0] == "今日清单未列出 — 以下计划的剂量不予显示："
        assert ward["zoe"] in lines[1]
    finally:
        i18n.install_language("en")


def test_a_long_status_wraps_inside_the_plans_table_at_1280_by_800(
    qtbot: Any, tmp_path: Path, store_url: str, ward: dict[str, str]
) -> None:
    """Zoe's draft marked verified by SQL: its status ("NOT SHOWN — plan … is marked
    verified … the status was set outside txdose") ran past the table's right edge at
    1280 × 800 and was read only by scrolling sideways. It wraps in its row, whole."""
    _zoe_verified_by_sql(store_url, ward, "mallory")
    window, _controller, page = _page(qtbot, tmp_path, store_url)
    window.resize(1280, 800)
    qtbot.wait(50)
    view = page.panel.plans_view
    assert view.horizontalScrollBar().maximum() == 0  # every column inside the table
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Zoe Park")
    status = model.index(row, 4)
    assert str(status.data()).startswith("NOT SHOWN — ")
    assert view.rowHeight(row) >= view.sizeHintForRow(row)  # no line cut
    metrics = view.fontMetrics()
    assert metrics.horizontalAdvance(str(status.data())) > view.columnWidth(4)  # it wraps
