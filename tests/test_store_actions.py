"""The store in the window: New / Open… / Save / Verify… / History…, conflicts, autosave."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QSettings, Qt
from test_store_support import CONFIRM, _isolated_user_dirs
from test_store_support import plan_input as _plan_input

from app.store import BlindEntry, autosave, pending_autosave
from app.store.history import history_entries
from app.store.service import Store
from ui.main_window import MainWindow
from ui.store import StoreActions, VerifyDialog, install

__all__ = ["_isolated_user_dirs"]

TODAY = dt.date(2027, 3, 1)


def plan_input(**changes: Any) -> Any:
    """The shared example exactly as the window builds it: acknowledgements signed by its
    user, the G-CSF choice as its spin box gives it (5.0) and the choices in its order.
    (``plan_content_hash`` hashes 5 unlike 5.0 and {a, b} unlike {b, a}: see the last test.)"""
    entered = _plan_input(ack_by="alice", gcsf="5.0", **changes)
    return entered.model_copy(update={"choices": dict(sorted(entered.choices.items()))})


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


def _window(qtbot: Any, tmp_path: Path) -> MainWindow:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    return open_window(qtbot, user="alice", today=lambda: TODAY)


class Answers:
    """Records what the controller would have shown, and answers its questions."""

    def __init__(self, controller: StoreActions, ask: bool = True) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.questions: list[str] = []
        controller.warn = self.warnings.append  # type: ignore[method-assign]
        controller.inform = self.infos.append  # type: ignore[method-assign]
        controller.ask = lambda text: self.questions.append(text) or ask  # type: ignore[method-assign]


def _controller(
    qtbot: Any, tmp_path: Path, store_url: str, user: str = "alice"
) -> tuple[MainWindow, StoreActions, Answers]:
    window = _window(qtbot, tmp_path)
    controller = install(window, url=store_url, user=user, autosave_interval_ms=3_600_000)
    answers = Answers(controller)
    return window, controller, answers


def _wait(qtbot: Any, controller: StoreActions) -> None:
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)


def test_actions_sit_in_the_file_menu_above_printing(
    qtbot: Any, tmp_path: Path, store_url: str
) -> None:
    """New, Open…, Save, Verify…, History… come first in File, then the print actions."""
    window, _, _ = _controller(qtbot, tmp_path, store_url)
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts[:5] == ["&New plan", "&Open…", "&Save", "&Verify…", "&History…"]
    assert window.file_menu.actions()[5].isSeparator()
    assert texts[6] == "Print Pre&view…"


def test_save_then_save_an_edit_makes_versions(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """Save files version 1 (draft, in the title); an edit saved is version 2."""
    window, controller, answers = _controller(qtbot, tmp_path, store_url)
    window.load_input(plan_input())
    controller.save()
    _wait(qtbot, controller)
    assert answers.warnings == []
    assert (controller.plan_id is not None, controller.version) == (True, 1)
    assert store.get(controller.plan_id).plan_input == plan_input()
    assert window.windowTitle() == "txdose — Jane Doe (MRN MRN-1001) — draft v1"
    window.load_input(plan_input(weight="62"))
    controller.save()
    _wait(qtbot, controller)
    assert [(v.version, v.status) for v in store.history(controller.plan_id)] == [
        (1, "superseded"),
        (2, "draft"),
    ]
    assert window.windowTitle().endswith("draft v2")


def test_a_conflict_keeps_my_edit_until_i_choose(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """Another workstation saved first: my edit stays on screen; 'mine' saves it on top."""
    window, controller, _ = _controller(qtbot, tmp_path, store_url)
    window.load_input(plan_input())
    controller.save()
    _wait(qtbot, controller)
    plan_id = controller.plan_id
    assert plan_id is not None
    store.save_version(plan_id, plan_input(weight="70"), base_version=1, user="bob")
    mine = plan_input(methylprednisolone="500")
    window.load_input(mine)
    seen: list[tuple[int, list[str]]] = []
    choice = "keep"

    def choose(error: Any, changes: list[str]) -> str:
        seen.append((error.theirs.version, changes))
        return choice

    controller.choose_conflict = choose  # type: ignore[method-assign]
    controller.save()
    _wait(qtbot, controller)
    assert seen[0][0] == 2
    assert "patient.weight_kg: 70 → 60" in seen[0][1]
    assert "choices.methylprednisolone: 250 → 500" in seen[0][1]
    assert window.current_input() == mine
    assert [v.version for v in store.history(plan_id)] == [1, 2]
    choice = "mine"
    controller.save()
    qtbot.waitUntil(lambda: controller.version == 3, timeout=20_000)
    _wait(qtbot, controller)
    assert store.get(plan_id).plan_input == mine


def test_open_searches_by_name_and_loads_the_plan_exactly(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """Open… lists plans, narrows by part of the name, and loads the chosen one as saved."""
    first = store.save_new(plan_input(), user="alice").plan_id
    second = store.save_new(plan_input(mrn="77-1", name="Zoë Ångström"), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url)
    dialog = controller.make_open_dialog()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=20_000)
    dialog.search_edit.setText("ångs")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=20_000)
    assert dialog.selected_plan_id() == second
    assert dialog.model.index(0, dialog.model.COL_STATUS).data() == "draft"
    controller.open_plan(first)
    _wait(qtbot, controller)
    assert answers.warnings == []
    assert window.current_input() == plan_input()
    assert (controller.plan_id, controller.version) == (first, 1)
    assert window.windowTitle().endswith("draft v1")


# Verification in the window (chosen from the list, never opened; each adjustment ticked):
# tests/test_window_verify.py.


def test_verify_dialog_refuses_incomplete_entries(qtbot: Any) -> None:
    """No weight, a weight out of range, no protocol, no initials: the dialog stays open."""
    dialog = VerifyDialog("plan X")
    qtbot.addWidget(dialog)
    dialog._accept_if_valid()
    assert dialog.error_label.text().startswith("weight: is missing")
    dialog.weight_edit.setText("<b>6</b>")  # echoed as typed, never read as markup
    dialog._accept_if_valid()
    assert dialog.error_label.text().startswith("weight: '<b>6</b>' is not a number")
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText
    dialog.weight_edit.setText("600")
    dialog.height_edit.setText("165")
    dialog._accept_if_valid()
    assert dialog.error_label.text().startswith("weight: 600 kg is outside the accepted range")
    dialog.weight_edit.setText("60")
    dialog._accept_if_valid()
    assert dialog.error_label.text() == "protocol: choose the protocol written in the chart"
    dialog.protocol_combo.setCurrentIndex(dialog.protocol_combo.findData("ucmsc-vs-il2"))
    dialog._accept_if_valid()
    assert dialog.error_label.text() == "arm: choose the arm written in the chart"
    dialog.arm_combo.setCurrentIndex(dialog.arm_combo.findData("il2"))
    dialog._accept_if_valid()
    assert dialog.error_label.text().startswith("initials:")
    assert dialog.entry().arm == "il2"


def test_history_shows_what_changed_line_by_line(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """Version 2 lists the weight change and every dose it moved, with the engine's strings."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.save_version(plan_id, plan_input(weight="62"), base_version=1, user="alice")
    entries = history_entries(store, plan_id)
    assert entries[0].label.startswith("v1 · superseded · alice ")
    lines = entries[1].changes.splitlines()
    assert lines[0] == "Changes from version 1 to 2:"
    assert "  patient.weight_kg: 60 → 62" in lines
    # cyclophosphamide 40 mg/kg/day: 60 kg → 2,400 mg, 62 kg → 2,480 mg
    assert "  dose Cyclophosphamide, day −5 (2027-04-07): 2,400 mg → 2,480 mg" in lines
    _, controller, _ = _controller(qtbot, tmp_path, store_url)
    controller.open_plan(plan_id)
    _wait(qtbot, controller)
    shown: list[str] = []
    controller.exec_dialog = lambda d: shown.append(d.text.toPlainText()) or True  # type: ignore[method-assign]
    controller.history_dialog()
    _wait(qtbot, controller)
    assert shown == [entries[1].changes]


def test_new_plan_detaches_from_the_saved_one(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """After New, Save files a second plan instead of a new version of the first."""
    window, controller, _ = _controller(qtbot, tmp_path, store_url)
    window.load_input(plan_input())
    controller.save()
    _wait(qtbot, controller)
    first = controller.plan_id
    controller.new_plan()
    assert controller.plan_id is None and window.plan_meta() is None
    window.load_input(plan_input(weight="80"))
    controller.save()
    _wait(qtbot, controller)
    assert controller.plan_id not in (None, first)
    assert store.count_plans() == 2


def test_an_unsaved_edit_is_autosaved_and_offered_back(
    qtbot: Any, tmp_path: Path, store_url: str
) -> None:
    """The autosave tick keeps the edit; a new session offers it and restores it whole."""
    window, controller, _ = _controller(qtbot, tmp_path, store_url)
    edited = plan_input(weight="61.5")
    window.load_input(edited)
    controller.autosave_now()
    pending = pending_autosave(user="alice")
    assert pending is not None and pending.plan_input == edited
    # the "crash": a second window starts and is offered the draft
    autosave(edited, user="alice")
    window2 = _window(qtbot, tmp_path)
    controller2 = StoreActions(window2, url=store_url, user="alice")
    answers2 = Answers(controller2, ask=True)
    controller2.offer_autosave()
    assert (
        "txdose closed before an edit was saved: a new plan for Jane Doe (MRN MRN-1001)"
        in answers2.questions[0]
    )
    assert window2.current_input() == edited


def test_declining_the_offer_or_saving_clears_the_autosave(
    qtbot: Any, tmp_path: Path, store_url: str
) -> None:
    """No: the draft is dropped. Save, and a clean close, leave nothing to offer."""
    window, controller, answers = _controller(qtbot, tmp_path, store_url)
    autosave(plan_input(), user="alice")
    answers_no = Answers(controller, ask=False)
    controller.offer_autosave()
    assert answers_no.questions and pending_autosave(user="alice") is None
    window.load_input(plan_input(weight="63"))
    controller.autosave_now()
    assert pending_autosave(user="alice") is not None
    controller.save()
    _wait(qtbot, controller)
    assert pending_autosave(user="alice") is None
    window.close()
    assert pending_autosave(user="alice") is None
    assert answers.warnings == []


def test_an_unsaved_edit_survives_closing(qtbot: Any, tmp_path: Path, store_url: str) -> None:
    """Closing with an edit not saved keeps it for the next start."""
    window, _, _ = _controller(qtbot, tmp_path, store_url)
    window.load_input(plan_input(weight=str(Decimal("64.5"))))
    window.close()
    pending = pending_autosave(user="alice")
    assert pending is not None and pending.plan_input == plan_input(weight="64.5")


# Printing and exporting from the window, audited once sent or written (never when the menu
# action fires): tests/test_window_verify_print.py.


def test_a_plan_saved_from_the_cli_opens_in_the_window_as_saved(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """The same values typed differently (5 / 5.0, another key order) are the same plan."""
    plan_id = store.save_new(_plan_input(ack_by="alice"), user="alice").plan_id
    store.verify(
        plan_id,
        BlindEntry(weight_kg=60, height_cm=165, protocol_id="auto-hsct-ln"),
        user="bob",
        confirmed=CONFIRM,
    )
    window, controller, answers = _controller(qtbot, tmp_path, store_url, user="carol")
    controller.open_plan(plan_id)
    _wait(qtbot, controller)
    assert answers.warnings == []
    assert window.windowTitle().endswith("verified v1")
    assert window.print_meta().status == "verified"


def test_an_older_search_result_never_replaces_a_newer_one(qtbot: Any) -> None:
    """Results arriving out of order: only the latest search's rows are shown."""
    from ui.store import OpenDialog

    dialog = OpenDialog(lambda text, status: None)
    qtbot.addWidget(dialog)
    first = dialog.searches
    dialog.refresh()
    newer = dialog.searches
    row = _row("AAAA-AAAA")
    dialog.set_rows([row], newer)
    dialog.set_rows([row, _row("BBBB-BBBB")], first)  # the stale one arrives last
    assert dialog.model.rowCount() == 1
    assert dialog.selected_plan_id() == "AAAA-AAAA"


def _row(plan_id: str) -> Any:
    from app.store.records import PlanSummary

    return PlanSummary(
        plan_id=plan_id,
        mrn="1",
        patient_name="A",
        protocol_id="auto-hsct-ln",
        version=1,
        status="draft",
        updated_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        updated_by="alice",
    )


def test_the_crash_offer_waits_for_the_protocols(
    qtbot: Any, tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """install() on a window still loading asks nothing until its protocols are loaded."""
    autosave(plan_input(weight="66"), user="alice")
    asked: list[str] = []
    monkeypatch.setattr(StoreActions, "ask", lambda self, text: asked.append(text) or True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = MainWindow(today=lambda: TODAY, user="alice")
    qtbot.addWidget(window)
    install(window, url=store_url, user="alice")
    window.show()
    qtbot.wait(50)
    assert asked == []
    window.load_engine()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5_000)
    assert window.current_input() == plan_input(weight="66")
