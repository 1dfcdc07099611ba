"""Migration 0003's triggers: the hand edits of issue 15 refused by the database itself, with
the triggers in place (SQLite and, with TXDOSE_TEST_PG_URL, PostgreSQL). Where a trigger
cannot tell a hand edit from txdose's own, the edit is shown to be caught at open instead."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_cli
from sqlalchemy.exc import DBAPIError
from test_store_support import (
    _isolated_user_dirs,
    db_url,
    plan_input,
    raw_sql,
    verify_confirming_all,
)

from app.store import BlindEntry, TamperedError
from app.store.service import Store, open_store

__all__ = ["_isolated_user_dirs", "db_url"]

BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")
STATUS = "status changes only through txdose"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def _refused(url: str, statement: str, message: str) -> None:
    with pytest.raises(DBAPIError, match=message):
        raw_sql(url, statement)


def test_draft_marked_verified_without_the_signature_is_refused(store: Store, db_url: str) -> None:
    """The issue's ``SET status='verified', verified_by='bob'`` on a draft: no verified_at in
    the same change, so the trigger refuses it; the plan still opens as a draft."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    _refused(
        db_url,
        "UPDATE plan_versions SET status = 'verified', verified_by = 'bob' "
        f"WHERE plan_id = '{plan_id}'",
        STATUS,
    )
    _refused(
        db_url, f"UPDATE plan_versions SET verified_by = 'bob' WHERE plan_id = '{plan_id}'", STATUS
    )
    # the plan row's copy of the status passes (txdose writes it first when verifying), but
    # the plan list shows the version's own status, so nothing reads "verified"
    raw_sql(db_url, f"UPDATE plans SET status = 'verified' WHERE id = '{plan_id}'")
    assert [p.status for p in store.list_plans()] == ["draft"]
    assert store.list_plans(status="verified") == []
    assert store.get(plan_id).status == "draft"


def test_draft_marked_verified_with_every_signature_field_is_caught_at_open(
    store: Store, db_url: str
) -> None:
    """The full signature set by hand passes the trigger (it looks like txdose's own change),
    but no verify event exists for this content: refused at open, naming the plan."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    raw_sql(
        db_url,
        "UPDATE plan_versions SET status = 'verified', verified_by = 'bob', "
        f"verified_at = created_at WHERE plan_id = '{plan_id}'",
    )
    with pytest.raises(TamperedError, match=f"plan {plan_id} version 1 is marked verified"):
        store.load(plan_id)


@pytest.mark.parametrize("status", ["draft", "verified", "superseded"])
def test_nothing_leaves_cancelled(store: Store, db_url: str, status: str) -> None:
    """A plan cancelled as "wrong patient" cannot be revived: neither its version nor the
    plan row leaves cancelled."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.cancel(plan_id, user="alice", reason="wrong patient")
    _refused(
        db_url, f"UPDATE plan_versions SET status = '{status}' WHERE plan_id = '{plan_id}'", STATUS
    )
    _refused(db_url, f"UPDATE plans SET status = '{status}' WHERE id = '{plan_id}'", STATUS)
    assert store.get(plan_id).status == "cancelled"


def test_verified_never_goes_back_to_draft(store: Store, db_url: str) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    _refused(
        db_url,
        "UPDATE plan_versions SET status = 'draft', verified_at = NULL, verified_by = NULL "
        f"WHERE plan_id = '{plan_id}'",
        "cannot be changed|" + STATUS,
    )
    _refused(db_url, f"UPDATE plans SET status = 'draft' WHERE id = '{plan_id}'", STATUS)
    assert store.get(plan_id).status == "verified"


def test_a_plan_cannot_move_to_another_patient(store: Store, db_url: str) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.save_new(plan_input(mrn="MRN-2002", name="Kim Poe"), user="alice")
    _refused(
        db_url,
        "UPDATE plans SET patient_id = (SELECT id FROM patients WHERE mrn = 'MRN-2002') "
        f"WHERE id = '{plan_id}'",
        "cannot move to another patient",
    )
    assert store.get(plan_id).mrn == "MRN-1001"


@pytest.mark.parametrize(
    "change",
    ["name = 'Kim Poe', name_folded = 'kim poe'", "mrn = 'MRN-9'", "date_of_birth = '1990-01-01'"],
    ids=["name", "mrn", "date-of-birth"],
)
def test_a_saved_patient_cannot_be_relabelled(store: Store, db_url: str, change: str) -> None:
    """Name and MRN (and a date of birth once given) are fixed. The first fixture patient has
    no date of birth, so one is saved for MRN-3 first."""
    store.save_new(plan_input(), user="alice")
    raw_sql(db_url, "UPDATE patients SET date_of_birth = '1980-05-06' WHERE mrn = 'MRN-1001'")
    _refused(db_url, f"UPDATE patients SET {change}", "cannot be changed")
    assert [p.patient_name for p in store.list_plans()] == ["Jane Doe"]


@pytest.mark.parametrize("table", ["plans", "patients", "plan_versions"])
def test_deletes_are_refused_by_a_trigger_even_with_foreign_keys_off(
    store: Store, db_url: str, table: str
) -> None:
    """``PRAGMA foreign_keys=OFF; DELETE FROM plans``: on SQLite the foreign keys are off
    for this connection, so only a trigger can refuse it; PostgreSQL has no such switch for
    an ordinary role, the trigger refuses the same."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
                connection.commit()
            with pytest.raises(DBAPIError, match=r"cannot be (changed or )?deleted"):
                with connection.begin():
                    connection.execute(text(f"DELETE FROM {table}"))
    finally:
        engine.dispose()
    assert [p.plan_id for p in store.list_plans()] == [plan_id]


def test_the_audit_head_cannot_be_wound_back(store: Store, db_url: str) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    _refused(db_url, "UPDATE audit_head SET seq = 1", "cannot be wound back")
    _refused(db_url, "UPDATE audit_head SET hash = '" + "0" * 64 + "'", "cannot be wound back")
    _refused(db_url, "DELETE FROM audit_head", "cannot be wound back")
    _refused(db_url, "DELETE FROM audit_events WHERE seq > 1", "append-only")
    assert store.verify_audit().ok


def test_an_event_cannot_be_slipped_in_before_the_end(store: Store, db_url: str) -> None:
    store.save_new(plan_input(), user="alice")
    store.save_new(plan_input(mrn="MRN-2"), user="alice")
    _refused(
        db_url,
        "INSERT INTO audit_events (seq, at, actor, action, detail, prev_hash, hash) "
        "VALUES (0, 'x', 'mallory', 'verify', '{}', 'x', 'x')",
        "only appended",
    )


def test_txdose_own_paths_pass_every_trigger(store: Store) -> None:
    """Save, verify, edit a verified plan, verify again, cancel: nothing txdose does is refused."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    store.save_version(plan_id, plan_input(weight="61"), base_version=1, user="alice")
    verify_confirming_all(
        store,
        plan_id,
        BLIND.model_copy(update={"weight_kg": Decimal(61)}),
        user="bob",
    )
    store.save_version(plan_id, plan_input(weight="62"), base_version=2, user="alice")
    store.cancel(plan_id, user="alice", reason="wrong patient")
    assert [v.status for v in store.history(plan_id)] == ["superseded", "superseded", "cancelled"]
    assert store.verify_audit().ok


def test_sheet_of_a_version_signed_by_sql_is_refused_and_nothing_written(
    capsys: pytest.CaptureFixture[str], store: Store, db_url: str, tmp_path: Path
) -> None:
    """End to end: the signature set by hand (passing the triggers), then `txdose sheet
    --plan`: exit 4, the plan named, no PDF written and no print audited."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    raw_sql(
        db_url,
        "UPDATE plan_versions SET status = 'verified', verified_by = 'bob', "
        f"verified_at = created_at WHERE plan_id = '{plan_id}'",
    )
    events = len(store.audit_events())
    pdf = tmp_path / "forged.pdf"
    code, _, err = run_cli(capsys, "sheet", "--plan", plan_id, "--out", str(pdf), "--db", db_url)
    assert code == 4
    assert f"plan {plan_id} version 1 is not shown or printed" in err
    assert "no verification of this content is in the audit log" in err
    assert not pdf.exists() and len(store.audit_events()) == events
