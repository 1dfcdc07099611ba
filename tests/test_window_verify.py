"""Blind verification in the window (issue 15), driven with real key events: a draft chosen
from the plan list and never opened, the re-entry typed, each adjustment ticked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog
from test_store_support import CONFIRM, _isolated_user_dirs
from test_store_support import plan_input as _plan_input

from app.store.service import Store
from ui.store import OpenDialog, StoreActions, VerifyDialog, install
from ui.store.confirm_dialog import ConfirmAdjustmentsDialog

__all__ = ["_isolated_user_dirs"]

TODAY = dt.date(2027, 3, 1)


def plan_input(**changes: Any) -> Any:
    """The shared example as the window builds it (acknowledgement signed, 5.0, sorted)."""
    entered = _plan_input(ack_by="alice", gcsf="5.0", **changes)
    return entered.model_copy(update={"choices": dict(sorted(entered.choices.items()))})


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


class Answers:
    def __init__(self, controller: StoreActions, ask: bool = True) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.questions: list[str] = []
        self.statuses: list[str] = []
        controller.warn = self.warnings.append  # type: ignore[method-assign]
        controller.inform = self.infos.append  # type: ignore[method-assign]
        controller.status = self.statuses.append  # type: ignore[method-assign]
        controller.ask = lambda text: self.questions.append(text) or ask  # type: ignore[method-assign]


class Verifier:
    """Answers each dialog as a verifier at the keyboard would, and notes what it saw."""

    def __init__(self, qtbot: Any, window: Any, *, weight: str = "60", tick: bool = True) -> None:
        self.qtbot, self.window, self.weight, self.tick = qtbot, window, weight, tick
        self.seen: dict[str, Any] = {}

    def __call__(self, dialog: QDialog) -> bool:
        qtbot = self.qtbot
        dialog.show()
        qtbot.waitExposed(dialog)
        if isinstance(dialog, OpenDialog):
            qtbot.waitUntil(lambda: dialog.model.rowCount() >= 1, timeout=20_000)
            self.seen["list"] = [
                dialog.model.row(i).plan_id for i in range(dialog.model.rowCount())
            ]
            qtbot.keyClick(dialog.verify_button, Qt.Key.Key_Space)
        elif isinstance(dialog, VerifyDialog):
            self.seen["blank"] = (
                dialog.weight_edit.text(),
                dialog.height_edit.text(),
                dialog.protocol_combo.currentData(),
            )
            self.seen["plan_hidden"] = not self.window.centralWidget().isVisible()
            qtbot.keyClicks(dialog.weight_edit, self.weight)
            qtbot.keyClicks(dialog.height_edit, "165")
            qtbot.keyClick(dialog.protocol_combo, Qt.Key.Key_Down)  # the first protocol
            qtbot.keyClicks(dialog.initials_edit, "BB")
            qtbot.keyClick(dialog.initials_edit, Qt.Key.Key_Return)
        elif isinstance(dialog, ConfirmAdjustmentsDialog):
            self.seen["boxes"] = [check.text() for check in dialog.checks]
            enabled = [dialog.verify_button.isEnabled()]
            if self.tick:
                for check in dialog.checks:
                    qtbot.keyClick(check, Qt.Key.Key_Space)
                    enabled.append(dialog.verify_button.isEnabled())
                qtbot.keyClick(dialog.verify_button, Qt.Key.Key_Space)
            else:
                qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            self.seen["verify_enabled"] = enabled
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
        return dialog.result() == QDialog.DialogCode.Accepted


def _controller(
    qtbot: Any, tmp_path: Path, store_url: str, user: str, ask: bool = True
) -> tuple[Any, StoreActions, Answers]:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = open_window(qtbot, user=user, today=lambda: TODAY)
    controller = install(window, url=store_url, user=user, autosave_interval_ms=3_600_000)
    return window, controller, Answers(controller, ask=ask)


def _wait(qtbot: Any, controller: StoreActions) -> None:
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)


def _actions(store: Store, plan_id: str) -> list[tuple[str, str]]:
    return [(e.action, e.actor) for e in store.audit_events(plan_id)]


BOXES = [
    "Filgrastim (G-CSF): 5 mcg/kg/day (range 5–10 mcg/kg/day)",
    "Methylprednisolone: 250 mg/day (range 80–500 mg/day)",
    "alert source-reading (Cyclophosphamide) acknowledged by alice — reason: per day, confirmed",
    "alert verify-local-protocol (Filgrastim (G-CSF)) acknowledged by alice — reason: local "
    "protocol checked",
]


def test_verify_from_the_plan_list_without_opening_it(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """Open… → Verify… on alice's draft: bob types the re-entry blind, ticks each of the three
    adjustments (Verify enabled only after the third), and the plan is verified; it was never
    opened, so no "viewed" event, and the window still shows no plan."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "bob")
    verifier = Verifier(qtbot, window)
    controller.exec_dialog = verifier  # type: ignore[method-assign]
    controller.actions["open"].trigger()
    _wait(qtbot, controller)
    assert answers.warnings == []
    assert verifier.seen["list"] == [plan_id]
    assert verifier.seen["blank"] == ("", "", None)
    assert verifier.seen["plan_hidden"] is True
    assert verifier.seen["boxes"] == BOXES
    assert verifier.seen["verify_enabled"] == [False, False, False, False, True]
    assert answers.infos == [
        f"Plan {plan_id} version 1 is verified by bob (BB); prepared by alice."
    ]
    assert window.centralWidget().isVisible()
    assert controller.plan_id is None
    assert store.get(plan_id).status == "verified"
    assert _actions(store, plan_id) == [
        ("create", "alice"),
        ("acknowledge", "alice"),
        ("acknowledge", "alice"),
        ("verify", "bob"),
    ]
    detail = json.loads(store.audit_events(plan_id)[-1].detail)
    assert [c["key"] for c in detail["confirmed"]] == list(CONFIRM)


def test_file_verify_offers_the_drafts_and_no_open(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """File → Verify… lists drafts only, with Verify and no Open button."""
    draft = store.save_new(plan_input(), user="alice").plan_id
    verified = store.save_new(plan_input(mrn="M-2", name="B"), user="alice").plan_id
    from app.store import BlindEntry

    store.verify(
        verified,
        BlindEntry(weight_kg=60, height_cm=165, protocol_id="auto-hsct-ln"),
        user="carol",
        confirmed=CONFIRM,
    )
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "bob")
    chooser = controller.make_open_dialog(status="draft")
    chooser.set_verifying()
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitUntil(lambda: chooser.model.rowCount() == 1, timeout=20_000)
    assert chooser.selected_plan_id() == draft
    from PySide6.QtWidgets import QDialogButtonBox

    assert not chooser.buttons.button(QDialogButtonBox.StandardButton.Open).isVisible()
    assert chooser.verify_button.isEnabled()
    verifier = Verifier(qtbot, window)
    controller.exec_dialog = verifier  # type: ignore[method-assign]
    controller.actions["verify"].trigger()
    _wait(qtbot, controller)
    assert verifier.seen["list"] == [draft]
    assert store.get(draft).status == "verified"
    assert answers.warnings == []


def test_opening_a_draft_asks_and_then_it_cannot_be_verified_blind(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """bob opens alice's draft: asked first; yes → "viewed" audited, the plan shown; bob's
    verification is then refused, saying why, and the refusal is audited."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "bob")
    controller.open_plan(plan_id)
    _wait(qtbot, controller)
    assert answers.questions == [
        f"Plan {plan_id} is a draft prepared by alice. Opening it shows its values, and you "
        "will then not be able to verify it blind (verify it from the plan list instead). "
        "Open it anyway?"
    ]
    assert controller.plan_id == plan_id
    answers.warnings.clear()  # (the window re-signs alice's acknowledgement as bob's edit)
    assert _actions(store, plan_id)[-1] == ("viewed", "bob")
    verifier = Verifier(qtbot, window)
    controller.exec_dialog = verifier  # type: ignore[method-assign]
    controller.actions["verify"].trigger()
    _wait(qtbot, controller)
    assert verifier.seen["plan_hidden"] is True
    assert answers.warnings == [
        f"bob viewed plan {plan_id} (version 1, audit event 4) while it was a draft, and so "
        "cannot verify it blind: a pharmacist who has not seen its values must verify (from "
        "File → Verify… or the plan list, without opening it)"
    ]
    assert "boxes" not in verifier.seen
    assert _actions(store, plan_id)[-1] == ("verify-refused", "bob")
    assert store.get(plan_id).status == "draft"


def test_declining_to_open_shows_and_records_nothing(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "bob", ask=False)
    controller.open_plan(plan_id)
    _wait(qtbot, controller)
    assert len(answers.questions) == 1
    assert controller.plan_id is None and window.current_input() != plan_input()
    assert _actions(store, plan_id) == [
        ("create", "alice"),
        ("acknowledge", "alice"),
        ("acknowledge", "alice"),
    ]


def test_the_preparer_opens_her_own_draft_without_a_question(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "alice")
    controller.open_plan(plan_id)
    _wait(qtbot, controller)
    assert answers.questions == [] and window.current_input() == plan_input()
    assert _actions(store, plan_id) == [
        ("create", "alice"),
        ("acknowledge", "alice"),
        ("acknowledge", "alice"),
    ]


def test_a_wrong_weight_is_refused_by_name_before_any_box(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """61 kg typed for 60 kg: refused naming weight; no adjustment is shown; still a draft."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "bob")
    verifier = Verifier(qtbot, window, weight="61")
    controller.exec_dialog = verifier  # type: ignore[method-assign]
    controller.actions["verify"].trigger()
    _wait(qtbot, controller)
    assert len(answers.warnings) == 1
    assert "the re-entered weight does not match the prepared plan" in answers.warnings[0]
    assert "boxes" not in verifier.seen
    assert store.get(plan_id).status == "draft"


def test_leaving_a_box_unticked_does_not_verify(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "bob")
    verifier = Verifier(qtbot, window, tick=False)
    controller.exec_dialog = verifier  # type: ignore[method-assign]
    controller.actions["verify"].trigger()
    _wait(qtbot, controller)
    assert verifier.seen["verify_enabled"] == [False]
    assert answers.statuses == [
        f"Plan {plan_id} was not verified: not every adjustment was confirmed"
    ]
    assert store.get(plan_id).status == "draft"


def test_the_preparer_cannot_verify_in_the_window(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    window, controller, answers = _controller(qtbot, tmp_path, store_url, "alice")
    controller.exec_dialog = Verifier(qtbot, window)  # type: ignore[method-assign]
    controller.actions["verify"].trigger()
    _wait(qtbot, controller)
    assert answers.warnings[0].startswith(f"alice prepared plan {plan_id} version 1")
    assert _actions(store, plan_id)[-1] == ("verify-refused", "alice")
