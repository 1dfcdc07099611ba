"""Verification that is blind, each adjustment confirmed, every refusal audited (issue 15)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as _run
from test_store_support import CONFIRM, _isolated_user_dirs, db_url, plan_input

from app.store import BlindEntry, NotBlindError, PlanStateError, SameUserError, UnconfirmedError
from app.store.service import Store, open_store
from dosing.models import DroppedDay, Reduction

__all__ = ["_isolated_user_dirs", "db_url"]

BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")
PLAN = [
    "--protocol", "auto-hsct-ln", "--weight", "60", "--height", "165", "--sex", "female",
    "--age", "35", "--name", "Jane Doe", "--mrn", "MRN-1001", "--day0", "2027-04-12",
    "--choose", "methylprednisolone=250", "--choose", "gcsf-mobilization=5",
    "--acknowledge", "verify-local-protocol@gcsf-engraftment=local protocol checked",
    "--acknowledge", "source-reading@cy-mobilization=per day, confirmed",
]  # fmt: skip
ENTRIES = ["--weight", "60", "--height", "165", "--protocol", "auto-hsct-ln"]
CONFIRM_FLAGS = [flag for key in CONFIRM for flag in ("--confirm", key)]


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def _save(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> str:
    code, _out, err = _run(capsys, "plan", *PLAN, *extra, "--save", "--db", db, "--user", "alice")
    assert code == 0, err
    return err.split("saved: ", 1)[1].strip()


def _verify(
    capsys: pytest.CaptureFixture[str], db: str, plan_id: str, user: str, *extra: str
) -> tuple[int, str, str]:
    return _run(capsys, "verify", plan_id, *ENTRIES, *extra, "--db", db, "--user", user)


def _events(db: str, plan_id: str) -> list[tuple[str, str, int | None, dict[str, Any]]]:
    store = open_store(db)
    try:
        return [
            (e.action, e.actor, e.version, json.loads(e.detail))
            for e in store.audit_events(plan_id)
        ]
    finally:
        store.close()


def _status(db: str, plan_id: str) -> str:
    store = open_store(db)
    try:
        return store.get(plan_id).status
    finally:
        store.close()


# ---------------------------------------------------------------- blind means blind (CLI)


def test_a_draft_shown_to_the_verifier_cannot_be_verified_blind(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """bob runs `plans show` on alice's draft (a "viewed" event), then verifies: refused,
    saying why, and the refusal is audited; carol, who has not seen it, verifies."""
    plan_id = _save(capsys, db_url)
    code, out, _ = _run(capsys, "plans", "show", plan_id, "--db", db_url, "--user", "bob")
    assert code == 0 and "60 kg" in out
    viewed = _events(db_url, plan_id)[-1]
    assert viewed[:3] == ("viewed", "bob", 1)
    assert viewed[3]["via"] == "plans show"

    code, _, err = _verify(capsys, db_url, plan_id, "bob", *CONFIRM_FLAGS)
    assert code == 4
    # events 1 create, 2 and 3 acknowledge, 4 viewed
    assert err == (
        f"txdose: bob viewed plan {plan_id} (version 1, audit event 4) while it was a draft, "
        "and so cannot verify it blind: a pharmacist who has not seen its values must verify "
        "(from File → Verify… or the plan list, without opening it)\n"
    )
    refused = _events(db_url, plan_id)[-1]
    assert refused[:3] == ("verify-refused", "bob", 1)
    assert refused[3]["reason"] == "viewed"
    assert _status(db_url, plan_id) == "draft"

    code, out, err = _verify(capsys, db_url, plan_id, "carol", *CONFIRM_FLAGS)
    assert (code, err) == (0, "")
    assert _status(db_url, plan_id) == "verified"


def test_the_preparer_looking_again_is_no_sighting(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """alice shows her own draft: no "viewed" event; bob, who saw nothing, verifies."""
    plan_id = _save(capsys, db_url)
    code, _, _ = _run(capsys, "plans", "show", plan_id, "--db", db_url, "--user", "alice")
    assert code == 0
    assert [e[0] for e in _events(db_url, plan_id)] == ["create", "acknowledge", "acknowledge"]
    code, _out, err = _verify(capsys, db_url, plan_id, "bob", *CONFIRM_FLAGS)
    assert (code, err) == (0, "")
    assert [e[0] for e in _events(db_url, plan_id)] == [
        "create",
        "acknowledge",
        "acknowledge",
        "verify",
    ]


def test_a_draft_the_verifier_printed_counts_as_seen(
    capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path
) -> None:
    """A printed draft carries its values: bob printed it, so bob cannot verify it blind."""
    plan_id = _save(capsys, db_url)
    out = tmp_path / "draft.pdf"
    code, _, err = _run(
        capsys, "sheet", "--plan", plan_id, "--out", str(out), "--db", db_url, "--user", "bob"
    )
    assert code == 0, err
    code, _, err = _verify(capsys, db_url, plan_id, "BOB", *CONFIRM_FLAGS)
    assert code == 4
    assert err.startswith(f"txdose: BOB printed plan {plan_id} (version 1, audit event 4) ")


def test_plans_verify_is_the_same_command(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    """`txdose plans verify` beside list/show/cancel does what `txdose verify` does."""
    plan_id = _save(capsys, db_url)
    code, out, err = _run(
        capsys, "plans", "verify", plan_id, *ENTRIES, *CONFIRM_FLAGS, "--db", db_url,
        "--user", "bob",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"verified: plan {plan_id} version 1 by bob")


# ---------------------------------------------------------------- each adjustment confirmed


def test_a_matching_reentry_without_confirmations_lists_what_to_confirm(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """Weight, height and protocol match, nothing confirmed: refused with every key and what
    it is; audited; the plan stays a draft."""
    plan_id = _save(capsys, db_url)
    code, _, err = _verify(capsys, db_url, plan_id, "bob")
    assert code == 4
    assert err == (
        f"txdose: verification of plan {plan_id} version 1 refused: the re-entered values "
        "match, but each adjustment must be confirmed once (not confirmed: "
        "choose:gcsf-mobilization, choose:methylprednisolone, "
        "acknowledge:source-reading@cy-mobilization, "
        "acknowledge:verify-local-protocol@gcsf-engraftment). Confirm each one: "
        "--confirm choose:gcsf-mobilization (Filgrastim (G-CSF): 5 mcg/kg/day "
        "(range 5–10 mcg/kg/day)); --confirm choose:methylprednisolone (Methylprednisolone: "
        "250 mg/day (range 80–500 mg/day)); --confirm "
        "acknowledge:source-reading@cy-mobilization (alert source-reading (Cyclophosphamide) "
        "acknowledged — reason: per day, confirmed); --confirm "
        "acknowledge:verify-local-protocol@gcsf-engraftment (alert verify-local-protocol "
        "(Filgrastim (G-CSF)) acknowledged — reason: local protocol checked)\n"
    )
    action, actor, _, detail = _events(db_url, plan_id)[-1]
    assert (action, actor, detail["reason"]) == ("verify-refused", "bob", "unconfirmed")
    assert _status(db_url, plan_id) == "draft"
    # one of four is still not enough
    code, _, err = _verify(capsys, db_url, plan_id, "bob", "--confirm", CONFIRM[0])
    assert code == 4
    assert "(not confirmed: choose:methylprednisolone, acknowledge:" in err


def test_unknown_and_duplicate_keys_are_refused(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """A key confirmed twice, or one the plan does not have: refused, naming each."""
    plan_id = _save(capsys, db_url)
    code, _, err = _verify(
        capsys, db_url, plan_id, "bob", *CONFIRM_FLAGS, "--confirm", CONFIRM[1],
        "--confirm", "reduce:atg",
    )  # fmt: skip
    assert code == 4
    assert (
        "each adjustment must be confirmed once (confirmed more than once: "
        "choose:methylprednisolone; not an adjustment of this plan: reduce:atg). "
        "Confirm each one: --confirm choose:gcsf-mobilization"
    ) in err
    assert _status(db_url, plan_id) == "draft"


def test_each_confirmation_is_in_the_verify_event(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """A reduction with its reason and a dropped day are confirmed by key; the verify event
    keeps each key with what it confirmed."""
    plan_id = _save(capsys, db_url, "--reduce", "atg=75:CrCl 45 mL/min", "--drop", "atg=-2:fever")
    keys = ["reduce:atg", "drop:atg@-2", *CONFIRM]
    code, _, err = _verify(capsys, db_url, plan_id, "bob", *CONFIRM_FLAGS)
    assert code == 4
    assert "(not confirmed: reduce:atg, drop:atg@-2)" in err
    flags = [flag for key in keys for flag in ("--confirm", key)]
    code, out, err = _verify(capsys, db_url, plan_id, "bob", *flags)
    assert (code, err) == (0, "")
    assert out.strip().endswith("; 6 adjustments confirmed")
    action, actor, _, detail = _events(db_url, plan_id)[-1]
    assert (action, actor) == ("verify", "bob")
    assert detail["confirmed"] == [
        {
            "key": "reduce:atg",
            "what": "Rabbit anti-thymocyte globulin (ATG) given at 75% of the protocol dose — "
            "reason: CrCl 45 mL/min",
        },
        {
            "key": "drop:atg@-2",
            "what": "Rabbit anti-thymocyte globulin (ATG) day −2 not given — reason: fever",
        },
        {
            "key": "choose:gcsf-mobilization",
            "what": "Filgrastim (G-CSF): 5 mcg/kg/day (range 5–10 mcg/kg/day)",
        },
        {
            "key": "choose:methylprednisolone",
            "what": "Methylprednisolone: 250 mg/day (range 80–500 mg/day)",
        },
        {
            "key": "acknowledge:source-reading@cy-mobilization",
            "what": "alert source-reading (Cyclophosphamide) acknowledged — reason: "
            "per day, confirmed",
        },
        {
            "key": "acknowledge:verify-local-protocol@gcsf-engraftment",
            "what": "alert verify-local-protocol (Filgrastim (G-CSF)) acknowledged — reason: "
            "local protocol checked",
        },
    ]


def test_a_plan_without_adjustments_needs_no_confirmation(store: Store) -> None:
    """Nothing chosen, reduced, dropped or acknowledged: the blind re-entry is the whole
    check (msc-adipose: premedication and cells by weight)."""
    entered = plan_input().model_copy(
        update={"protocol_id": "msc-adipose", "choices": {}, "acknowledgements": ()}
    )
    plan_id = store.save_new(entered, user="alice").plan_id
    record, required = store.adjustments_to_confirm(
        plan_id, BLIND.model_copy(update={"protocol_id": "msc-adipose"}), user="bob"
    )
    assert (record.version, required) == (1, [])
    verified = store.verify(
        plan_id, BLIND.model_copy(update={"protocol_id": "msc-adipose"}), user="bob"
    )
    assert verified.status == "verified"


# ---------------------------------------------------------------- every refusal audited


def _last_refusal(store: Store, plan_id: str) -> tuple[str, int | None, str, list[str]]:
    event = store.audit_events(plan_id)[-1]
    detail = json.loads(event.detail)
    assert event.action == "verify-refused"
    return event.actor, event.version, detail["reason"], detail["fields"]


def test_a_hard_limit_refusal_is_audited(store: Store) -> None:
    """150% of the ATG dose is a hard limit: refused, and the refusal names its code."""
    entered = plan_input().model_copy(
        update={"reductions": {"atg": Reduction(percent=Decimal(150), reason="typo")}}
    )
    plan_id = store.save_new(entered, user="alice").plan_id
    with pytest.raises(PlanStateError, match="while a hard limit applies"):
        store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    assert _last_refusal(store, plan_id) == ("bob", 1, "hard limit", ["dose-above-protocol"])


def test_an_unacknowledged_alert_refusal_is_audited(store: Store) -> None:
    plan_id = store.save_new(plan_input(acknowledged=False), user="alice").plan_id
    with pytest.raises(PlanStateError, match="with unacknowledged alerts: source-reading"):
        store.verify(plan_id, BLIND, user="bob")
    assert _last_refusal(store, plan_id) == (
        "bob",
        1,
        "unacknowledged alert",
        ["source-reading", "verify-local-protocol"],
    )


def test_verifying_a_superseded_or_verified_version_is_audited(store: Store) -> None:
    """Version 1 after version 2 was saved; then version 2 once it is verified."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.save_version(plan_id, plan_input(weight="62"), base_version=1, user="alice")
    with pytest.raises(PlanStateError, match="version 1 is superseded: only the current draft"):
        store.verify(plan_id, BLIND, user="bob", version=1, confirmed=CONFIRM)
    assert _last_refusal(store, plan_id) == ("bob", 1, "not the current draft", [])
    entry = BLIND.model_copy(update={"weight_kg": Decimal(62)})
    store.verify(plan_id, entry, user="bob", confirmed=CONFIRM)
    with pytest.raises(PlanStateError, match="version 2 is verified: only the current draft"):
        store.verify(plan_id, entry, user="carol", confirmed=CONFIRM)
    assert _last_refusal(store, plan_id) == ("carol", 2, "not the current draft", [])


def test_the_same_user_refusal_is_audited(store: Store) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(SameUserError):
        store.verify(plan_id, BLIND, user="Alice", confirmed=CONFIRM)
    assert _last_refusal(store, plan_id) == ("Alice", 1, "same user", [])


def test_the_viewed_refusal_is_audited_and_names_the_sighting(store: Store) -> None:
    """``show`` by bob records "viewed" (event 4); bob's verification names it."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.show(plan_id, user="bob", via="window")
    with pytest.raises(NotBlindError, match=r"bob viewed plan .* \(version 1, audit event 4\)"):
        store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    assert _last_refusal(store, plan_id) == ("bob", 1, "viewed", [])


def test_an_unconfirmed_refusal_is_audited_with_what_was_missing(store: Store) -> None:
    entered = plan_input().model_copy(
        update={"dropped_days": (DroppedDay(item="atg", day=-2, reason="fever"),)}
    )
    plan_id = store.save_new(entered, user="alice").plan_id
    with pytest.raises(UnconfirmedError) as refused:
        store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    assert refused.value.required[0] == (
        "drop:atg@-2",
        "Rabbit anti-thymocyte globulin (ATG) day −2 not given — reason: fever",
    )
    assert _last_refusal(store, plan_id) == (
        "bob",
        1,
        "unconfirmed",
        ["not confirmed: drop:atg@-2"],
    )


def test_an_older_version_shown_while_a_draft_waits_is_a_sighting(store: Store) -> None:
    """bob shows version 1 (superseded, 60 kg) while alice's version 2 (61 kg) waits: its
    values are most of the draft's, so bob cannot verify version 2 blind."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.save_version(plan_id, plan_input(weight="61"), base_version=1, user="alice")
    store.show(plan_id, 1, user="bob", via="plans show")
    assert [(e.action, e.actor, e.version) for e in store.audit_events(plan_id)][-1] == (
        "viewed",
        "bob",
        1,
    )
    entry = BLIND.model_copy(update={"weight_kg": Decimal(61)})
    with pytest.raises(NotBlindError, match=r"bob viewed plan .* \(version 1, audit event "):
        store.verify(plan_id, entry, user="bob", confirmed=CONFIRM)
    # once version 2 is verified (by carol), showing version 1 shows no draft
    store.verify(plan_id, entry, user="carol", confirmed=CONFIRM)
    store.show(plan_id, 1, user="dave", via="plans show")
    assert store.audit_events(plan_id)[-1].action == "verify"
