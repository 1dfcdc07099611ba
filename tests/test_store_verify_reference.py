"""A new version remembers the last verified one (issue 15): its weight is the reference
weight of every later version, so a change of 10% or more is the ``weight-changed`` alert
without anyone typing ``--reference-weight``; the history shows each version's weight,
height and BSA side by side.

The rule (dosing/engine/alerts.py): alert when |weight − reference| × 10 ≥ reference.
Verified at 60 kg: 66 kg → 6 × 10 = 60 ≥ 60, alert (+10%); 65.9 kg → 5.9 × 10 = 59 < 60,
none; 54 kg → 60 ≥ 60, alert (−10%, which the engine writes "-10%").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from conftest import run_cli as _run
from PySide6.QtCore import QSettings
from test_store_support import CONFIRM, _isolated_user_dirs, db_url, plan_input

from app.store import BlindEntry
from app.store.history import history_entries
from app.store.service import Store, open_store
from dosing.models import Acknowledgement, PlanInput
from ui.store import HistoryDialog, install

__all__ = ["_isolated_user_dirs", "db_url"]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def _blind(weight: str) -> BlindEntry:
    return BlindEntry(weight_kg=Decimal(weight), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


def _verified_at_60(store: Store) -> str:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.verify(plan_id, _blind("60"), user="bob", confirmed=CONFIRM)
    return plan_id


def _weight_alerts(store: Store, plan_id: str) -> list[str]:
    _, plan = store.load(plan_id)
    return [a.message for a in plan.alerts if a.code == "weight-changed"]


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (
            "66",
            "Weight changed by +10% since the plan was computed (60 kg → 66 kg): every "
            "weight-based dose has been recalculated and the plan must be verified again.",
        ),
        ("65.9", None),
        (
            "54",
            "Weight changed by -10% since the plan was computed (60 kg → 54 kg): every "
            "weight-based dose has been recalculated and the plan must be verified again.",
        ),
        ("54.1", None),
    ],
)
def test_an_edit_is_compared_with_the_last_verified_weight(
    store: Store, weight: str, message: str | None
) -> None:
    """No --reference-weight given: the edit's reference is the verified 60 kg."""
    plan_id = _verified_at_60(store)
    saved = store.save_version(plan_id, plan_input(weight=weight), base_version=1, user="alice")
    record = store.get(plan_id, saved.version)
    assert record.plan_input.options.reference_weight_kg == Decimal(60)
    alerts = _weight_alerts(store, plan_id)
    if message is None:
        assert alerts == []
    else:
        assert alerts == [message]


def test_a_weight_change_blocks_verification_until_acknowledged(store: Store) -> None:
    """66 kg after 60 kg verified: the new version cannot be verified until the preparer
    acknowledges the change in a further version."""
    from app.store import PlanStateError

    plan_id = _verified_at_60(store)
    store.save_version(plan_id, plan_input(weight="66"), base_version=1, user="alice")
    with pytest.raises(PlanStateError, match="unacknowledged alerts: weight-changed"):
        store.verify(plan_id, _blind("66"), user="bob", confirmed=CONFIRM)
    acknowledged = _acknowledging(plan_input(weight="66"))
    store.save_version(plan_id, acknowledged, base_version=2, user="alice")
    record = store.verify(
        plan_id,
        _blind("66"),
        user="bob",
        confirmed=[*CONFIRM, *AT_66],
    )
    assert (record.version, record.status) == (3, "verified")


def _acknowledging(entered: PlanInput) -> PlanInput:
    """The weight change acknowledged; at 66 kg also the volume to draw of engraftment G-CSF
    (0.5 × 66 = 33 mcg; 33 ÷ 600 mcg/mL = 0.055 → 0.06 mL = 36 mcg, +9.1%: draw-deviation)."""
    acks = [Acknowledgement(code="weight-changed", reason="re-weighed on the ward")]
    if entered.patient.weight_kg == 66:
        acks.append(
            Acknowledgement(code="draw-deviation", item="gcsf-engraftment", reason="ward syringe")
        )
    return entered.model_copy(update={"acknowledgements": (*entered.acknowledgements, *acks)})


# What a verifier confirms of a 66 kg version beside the example's own adjustments.
AT_66 = ("acknowledge:weight-changed", "acknowledge:draw-deviation@gcsf-engraftment")


def test_the_newest_verified_version_is_the_reference(store: Store) -> None:
    """Verified at 60, then at 66 (acknowledged): 70 kg is compared with 66 kg
    (4 × 10 = 40 < 66: no alert), though it is +16.7% on the first 60 kg."""
    plan_id = _verified_at_60(store)
    store.save_version(
        plan_id, _acknowledging(plan_input(weight="66")), base_version=1, user="alice"
    )
    store.verify(plan_id, _blind("66"), user="bob", confirmed=[*CONFIRM, *AT_66])
    saved = store.save_version(plan_id, plan_input(weight="70"), base_version=2, user="alice")
    assert store.get(plan_id, saved.version).plan_input.options.reference_weight_kg == 66
    assert _weight_alerts(store, plan_id) == []


def test_a_plan_never_verified_has_no_reference(store: Store) -> None:
    """A draft edited from 60 to 66 kg: nobody verified 60 kg, so nothing to compare with."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    saved = store.save_version(plan_id, plan_input(weight="66"), base_version=1, user="alice")
    assert store.get(plan_id, saved.version).plan_input.options.reference_weight_kg is None
    assert _weight_alerts(store, plan_id) == []


def test_saving_a_verified_plan_unchanged_makes_no_version(store: Store) -> None:
    """The reference filled in by the store is not an edit: a verified plan stays verified."""
    plan_id = _verified_at_60(store)
    saved = store.save_version(plan_id, plan_input(), base_version=1, user="alice")
    assert (saved.version, saved.created) == (1, False)
    assert store.get(plan_id).status == "verified"


def test_history_shows_weight_height_and_bsa_of_each_version(store: Store) -> None:
    """Mosteller: √(165 × 60 / 3600) = √2.75 = 1.658… → 1.66 m²;
    √(165 × 66 / 3600) = √3.025 = 1.739… → 1.74 m²."""
    plan_id = _verified_at_60(store)
    store.save_version(plan_id, plan_input(weight="66"), base_version=1, user="alice")
    entries = history_entries(store, plan_id)
    assert [(e.version, e.status, e.weight, e.height, e.bsa) for e in entries] == [
        (1, "superseded", "60 kg", "165 cm", "1.66 m²"),
        (2, "draft", "66 kg", "165 cm", "1.74 m²"),
    ]
    assert entries[1].changes.splitlines()[-1] == (
        "This version: weight 66 kg · height 165 cm · BSA 1.74 m²"
    )


# ---------------------------------------------------------------- the command line

PLAN = [
    "--protocol", "auto-hsct-ln", "--height", "165", "--sex", "female", "--age", "35",
    "--name", "Jane Doe", "--mrn", "MRN-1001", "--day0", "2027-04-12",
    "--choose", "methylprednisolone=250", "--choose", "gcsf-mobilization=5",
    "--acknowledge", "verify-local-protocol@gcsf-engraftment=local protocol checked",
]  # fmt: skip


def test_plan_dash_dash_plan_takes_the_verified_weight(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """`txdose plan --plan ID --weight 66 …`: the weight-changed alert without
    --reference-weight; --save files version 2 with the reference; 65.9 kg has no alert."""
    store = open_store(db_url)
    try:
        plan_id = _verified_at_60(store)
    finally:
        store.close()
    code, out, err = _run(
        capsys, "plan", *PLAN, "--weight", "65.9", "--plan", plan_id, "--db", db_url
    )
    assert (code, err) == (0, "")
    assert "Weight changed" not in out
    code, out, err = _run(
        capsys, "plan", *PLAN, "--weight", "66", "--plan", plan_id, "--save", "--db", db_url,
        "--user", "alice",
    )  # fmt: skip
    assert code == 0
    assert "Weight changed by +10% since the plan was computed (60 kg → 66 kg)" in out
    assert err == f"saved: {plan_id} version 2\n"
    store = open_store(db_url)
    try:
        assert store.get(plan_id).plan_input.options.reference_weight_kg == 60
    finally:
        store.close()


def test_a_reference_weight_other_than_the_verified_one_is_refused(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    store = open_store(db_url)
    try:
        plan_id = _verified_at_60(store)
    finally:
        store.close()
    code, _, err = _run(
        capsys, "plan", *PLAN, "--weight", "66", "--plan", plan_id, "--reference-weight", "64",
        "--db", db_url,
    )  # fmt: skip
    assert code == 2
    assert (
        f"64 kg given, but the last verified version of plan {plan_id} weighed 60 kg, and "
        "that is its reference weight: leave --reference-weight out"
    ) in err


# ---------------------------------------------------------------- the window


def test_the_window_saves_an_edit_with_the_verified_reference(
    qtbot: Any, tmp_path: Path, sqlite_store: Store, store_url: str
) -> None:
    """alice opens her verified plan, changes the weight to 66 kg and saves: version 2 is
    compared with 60 kg, the alert is on screen, and the screen is the saved version."""
    entered = plan_input(ack_by="alice", gcsf="5.0")
    entered = entered.model_copy(update={"choices": dict(sorted(entered.choices.items()))})
    plan_id = sqlite_store.save_new(entered, user="alice").plan_id
    sqlite_store.verify(plan_id, _blind("60"), user="bob", confirmed=CONFIRM)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = open_window(qtbot, user="alice", today=lambda: dt.date(2027, 3, 1))
    controller = install(window, url=store_url, user="alice", autosave_interval_ms=3_600_000)
    controller.warn = lambda text: pytest.fail(text)  # type: ignore[method-assign]
    controller.open_plan(plan_id)
    qtbot.waitUntil(lambda: controller.busy == 0 and controller.plan_id == plan_id, timeout=20_000)
    edited = entered.model_copy(
        update={"patient": entered.patient.model_copy(update={"weight_kg": Decimal(66)})}
    )
    window.load_input(edited)
    controller.save()
    qtbot.waitUntil(lambda: controller.busy == 0 and controller.version == 2, timeout=20_000)
    saved = sqlite_store.get(plan_id)
    assert saved.plan_input.options.reference_weight_kg == 60
    assert window.current_input() == saved.plan_input
    assert not controller.unsaved_changes()
    assert [a.code for a in window.current_plan().alerts if a.code == "weight-changed"] == [
        "weight-changed"
    ]
    dialog = HistoryDialog(plan_id, history_entries(sqlite_store, plan_id))
    qtbot.addWidget(dialog)
    cells = [
        [dialog.figures.item(row, column).text() for column in range(5)]
        for row in range(dialog.figures.rowCount())
    ]
    assert cells == [
        ["v1", "superseded", "60 kg", "165 cm", "1.66 m²"],
        ["v2", "draft", "66 kg", "165 cm", "1.74 m²"],
    ]


def test_plans_show_lists_each_version_with_its_measurements(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """Version 1 verified at 60 kg, version 2 at 66 kg: both lines carry weight, height and
    BSA (1.66 m² and 1.74 m², as above), the newest last."""
    store = open_store(db_url)
    try:
        plan_id = _verified_at_60(store)
        store.save_version(plan_id, plan_input(weight="66"), base_version=1, user="alice")
    finally:
        store.close()
    code, out, _ = _run(capsys, "plans", "show", plan_id, "--db", db_url, "--user", "alice")
    assert code == 0
    lines = out.splitlines()
    start = lines.index("Versions:")
    assert [line.split("  alice")[0] for line in lines[start + 1 : start + 3]] == [
        "  v1  superseded  60 kg · 165 cm · BSA 1.66 m²",
        "  v2  draft       66 kg · 165 cm · BSA 1.74 m²",
    ]
