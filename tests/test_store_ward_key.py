"""The ward key (issue 15): audit events sealed with an HMAC whose key is kept outside the
database, so an event rewritten and rechained with the open (unkeyed) hash is caught."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_cli
from test_store_support import (
    _isolated_user_dirs,
    db_url,
    plan_input,
    raw_sql,
    verify_confirming_all,
)

from app.store import BlindEntry, TamperedError
from app.store.audit import event_hash
from app.store.records import AuditEvent
from app.store.service import Store, open_store
from app.store.ward_key import WardKeyError, create_key, fingerprint, read_key, user_key_path

__all__ = ["_isolated_user_dirs", "db_url"]

BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def _forget_what_this_workstation_saw() -> None:
    """So that only the seals can catch a rewrite (the seen-head check is tested apart)."""
    seen = Path(os.environ["TXDOSE_DATA_DIR"]) / "audit-seen.json"
    seen.unlink(missing_ok=True)


def _rechained(url: str, events: list[AuditEvent], seq: int, actor: str) -> None:
    """Event ``seq`` given another actor, and it and every later event rehashed with the
    project's own unkeyed function, the head moved to match: a consistent chain."""
    prev = next((e.hash for e in events if e.seq == seq - 1), "0" * 64)
    statements = []
    for event in (e for e in events if e.seq >= seq):
        who = actor if event.seq == seq else event.actor
        digest = event_hash(
            seq=event.seq,
            at=event.at,
            actor=who,
            action=event.action,
            plan_id=event.plan_id,
            version=event.version,
            detail=event.detail,
            prev_hash=prev,
        )
        statements.append(
            f"UPDATE audit_events SET actor = '{who}', prev_hash = '{prev}', hash = '{digest}' "
            f"WHERE seq = {event.seq}"
        )
        prev = digest
    statements.append(f"UPDATE audit_head SET hash = '{prev}'")
    raw_sql(url, *statements, unguarded=True)


def test_init_key_creates_an_owner_only_key_and_seals_the_log(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """A keyless store with one saved plan (create + 2 acknowledgements = events 1–3): init-key
    writes 32 random bytes, mode 0600, and seals from event 4 (its own record) on."""
    store = open_store(db_url)
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    code, out, err = run_cli(capsys, "admin", "init-key", "--db", db_url, "--user", "carol")
    assert (code, err) == (0, "")
    path = user_key_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = read_key(path)
    assert len(key) == 32
    assert f"ward key {fingerprint(key)}: {path} (created" in out
    assert "audit events from event 4 on are sealed" in out
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    events = store.audit_events()
    assert [(e.seq, e.action, e.mac is not None) for e in events] == [
        (1, "create", False),
        (2, "acknowledge", False),
        (3, "acknowledge", False),
        (4, "ward-key", True),
        (5, "verify", True),
    ]
    code, out, _ = run_cli(capsys, "audit", "verify", "--db", db_url)
    assert (code, out.strip()) == (
        0,
        "audit log intact: 5 events, every hash, link and seal of the ward key checks out",
    )
    # a second run keeps the key and the record: nothing new is created
    code, out, _ = run_cli(capsys, "admin", "init-key", "--db", db_url)
    assert code == 0 and "(already on this workstation" in out and "from event 4 on" in out
    assert read_key(path) == key
    store.close()


def test_a_key_file_others_can_read_is_refused(
    capsys: pytest.CaptureFixture[str], store: Store, db_url: str
) -> None:
    store.save_new(plan_input(), user="alice")
    key = create_key(user_key_path())
    store.seal_with(key, user="carol")
    user_key_path().chmod(0o644)
    with pytest.raises(WardKeyError, match="can be read by other users"):
        store.save_new(plan_input(mrn="MRN-2"), user="alice")
    code, _, err = run_cli(capsys, "admin", "init-key", "--db", db_url)
    assert code == 4 and "chmod 600" in err


def test_a_workstation_with_another_key_or_none_says_so(
    capsys: pytest.CaptureFixture[str],
    store: Store,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    ward = create_key(user_key_path())
    store.seal_with(ward, user="carol")
    monkeypatch.setenv("TXDOSE_CONFIG_DIR", str(tmp_path / "other-workstation"))
    with pytest.raises(WardKeyError, match="this workstation has no ward key"):
        store.save_new(plan_input(mrn="MRN-2"), user="alice")
    other = create_key(user_key_path())
    message = f"sealed with the ward key {fingerprint(ward)}, but this workstation's key"
    with pytest.raises(WardKeyError, match=message):
        store.get(plan_id)
    with pytest.raises(WardKeyError, match=f"is {fingerprint(other)}, another key"):
        verify_confirming_all(store, plan_id, BLIND, user="bob")
    code, _, err = run_cli(capsys, "audit", "verify", "--db", db_url)
    assert code == 4 and "another key" in err and "the seals were not checked" in err
    code, _, err = run_cli(capsys, "plans", "show", plan_id, "--db", db_url)
    assert code == 4 and fingerprint(ward) in err


def test_an_event_rewritten_and_rechained_is_caught_by_its_seal(store: Store, db_url: str) -> None:
    """The verify event's actor changed to mallory, and every hash from there recomputed with
    the unkeyed function: the chain is whole, the workstation's memory is gone, and still the
    seal of the rewritten event gives it away; the plan is refused at open."""
    create_key(user_key_path())
    plan_id = store.save_new(plan_input(), user="alice").plan_id  # sealed from event 1
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    store.save_new(plan_input(mrn="MRN-2", name="Kim Poe"), user="alice")
    events = store.audit_events()
    verify = next(e for e in events if e.action == "verify")
    _rechained(db_url, events, verify.seq, "mallory")
    _forget_what_this_workstation_saw()
    report = store.verify_audit()
    assert [p for p in report.problems if "seal" in p] == [
        f"event {e.seq} ({e.action} by {'mallory' if e.seq == verify.seq else e.actor} at "
        f"{e.at} on plan {e.plan_id} v{e.version}) does not match its seal: it was written or "
        "rewritten without the ward key"
        for e in events
        if e.seq >= verify.seq
    ]
    with pytest.raises(TamperedError, match=f"event {verify.seq} \\(verify\\) is not sealed"):
        store.load(plan_id)


def test_a_forged_verify_event_appended_by_sql_is_refused(store: Store, db_url: str) -> None:
    """Triggers in place: a verify event appended with the right unkeyed hash, the head moved
    on, the version signed in one change: every trigger passes. Without the key no seal can
    be forged, so the version is refused at open, naming the plan."""
    create_key(user_key_path())
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    record = store.get(plan_id)
    last = store.audit_events()[-1]
    detail = f'{{"content_hash": "{record.content_hash}", "initials": null}}'
    forged = {
        "seq": last.seq + 1,
        "at": last.at,
        "actor": "bob",
        "action": "verify",
        "plan_id": plan_id,
        "version": 1,
        "detail": detail,
        "prev_hash": last.hash,
    }
    digest = event_hash(**forged)  # type: ignore[arg-type]
    raw_sql(
        db_url,
        "INSERT INTO audit_events (seq, at, actor, action, plan_id, version, detail, "
        f"prev_hash, hash) VALUES ({last.seq + 1}, '{last.at}', 'bob', 'verify', '{plan_id}', "
        f"1, '{detail}', '{last.hash}', '{digest}')".replace(":", "\\:"),
        f"UPDATE audit_head SET seq = {last.seq + 1}, hash = '{digest}'",
        "UPDATE plan_versions SET status = 'verified', verified_by = 'bob', "
        f"verified_at = created_at WHERE plan_id = '{plan_id}'",
    )
    with pytest.raises(TamperedError, match=f"plan {plan_id} version 1: audit event 4 \\(verify"):
        store.load(plan_id)
    assert "carries no seal of the ward key" in " ".join(store.verify_audit().problems)


def test_keyless_use_keeps_working_and_says_what_it_cannot_detect(
    capsys: pytest.CaptureFixture[str], store: Store, db_url: str
) -> None:
    """A store made before any key: saves and verifies as before, and `audit verify` says
    plainly that a rewrite with recomputed hashes is beyond it. A key arriving later is
    mentioned, not silently used (the log before it is not sealed)."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    code, out, _ = run_cli(capsys, "audit", "verify", "--db", db_url)
    lines = out.splitlines()
    assert (code, lines[0]) == (0, "audit log intact: 4 events, every hash and link checks out")
    assert lines[1].startswith("not checked: this log is not sealed with a ward key: someone")
    assert "this check cannot detect that" in lines[1]
    create_key(user_key_path())
    store.save_new(plan_input(mrn="MRN-2"), user="alice")
    assert all(e.mac is None for e in store.audit_events())
    limits = store.verify_audit().limits
    assert "this workstation holds a ward key" in limits[-1] and "init-key" in limits[-1]


def test_a_rewrite_before_the_key_breaks_the_first_seal(store: Store, db_url: str) -> None:
    """Events 1–3 were written keyless, the key seals from event 4: rewriting event 1 and
    rechaining changes event 4's previous hash, which its seal covers."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.seal_with(create_key(user_key_path()), user="carol")
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    _rechained(db_url, store.audit_events(), 1, "mallory")
    _forget_what_this_workstation_saw()
    problems = store.verify_audit().problems
    assert [p.split(" (")[0] for p in problems] == ["event 4", "event 5"]


def test_the_key_record_removed_by_sql_is_caught(store: Store, db_url: str) -> None:
    """Triggers dropped and the key's settings rows deleted, so the log would pass as keyless:
    its sealed events give it away, at open and in `audit verify`."""
    create_key(user_key_path())
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    raw_sql(db_url, "DELETE FROM store_settings", unguarded=True)
    with pytest.raises(TamperedError, match="the key's record was removed outside txdose"):
        store.load(plan_id)
    assert "record was removed" in " ".join(store.verify_audit().problems)
