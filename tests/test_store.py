"""The plan store: saving and versions, verification rules, conflicts, audit chain, autosave."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from test_store_support import CONFIRM, _isolated_user_dirs, db_url, plan_input, raw_sql

from app.services import compute, plan_content_hash
from app.store import (
    BlindEntry,
    ConflictError,
    NotFoundError,
    PatientMismatchError,
    PlanStateError,
    ProtocolChangedError,
    SameUserError,
    VerificationMismatch,
    autosave,
    clear_autosave,
    current_user,
    default_url,
    pending_autosave,
)
from app.store.reading import normalize_plan_id
from app.store.service import Store, open_store
from dosing.errors import InputError

__all__ = ["_isolated_user_dirs", "db_url"]

BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def test_save_and_reopen_gives_the_same_inputs_and_hash(store: Store) -> None:
    """A saved plan reopens with its exact inputs, recomputed to the saved content hash."""
    entered = plan_input()
    saved = store.save_new(entered, user="alice", initials="AL")
    record, plan = store.load(saved.plan_id)
    assert (saved.version, record.version, record.status) == (1, 1, "draft")
    assert record.plan_input == entered
    assert record.content_hash == plan_content_hash(compute(entered))
    assert plan == compute(entered)
    assert (record.mrn, record.patient_name, record.protocol_id) == (
        "MRN-1001",
        "Jane Doe",
        "auto-hsct-ln",
    )
    assert record.prepared_by == "alice (AL)"


def test_plan_id_is_found_however_it_is_typed(store: Store) -> None:
    """``k7m2q9xd``, ``K7M2 Q9XD`` and ``K7M2-Q9XD`` name the same plan."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    typed = plan_id.replace("-", "").lower()
    assert normalize_plan_id(typed) == plan_id
    assert store.get(typed).plan_id == plan_id


def test_unknown_plan_and_version_are_not_found(store: Store) -> None:
    """A missing plan or version is a NotFoundError naming it."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(NotFoundError, match="no saved plan 'ZZZZ-ZZZZ'"):
        store.get("ZZZZ-ZZZZ")
    with pytest.raises(NotFoundError, match="has no version 7"):
        store.get(plan_id, 7)


def test_an_edit_is_a_new_version_and_supersedes_the_old(store: Store) -> None:
    """Saving an edit makes version 2 (draft); version 1 is superseded and unchanged."""
    first = plan_input()
    plan_id = store.save_new(first, user="alice").plan_id
    edited = plan_input(weight="62")
    saved = store.save_version(plan_id, edited, base_version=1, user="alice")
    assert (saved.version, saved.created) == (2, True)
    old, new = store.history(plan_id)
    assert (old.status, old.plan_input, old.closed_by) == ("superseded", first, "alice")
    assert (new.status, new.plan_input) == ("draft", edited)
    assert store.get(plan_id).version == 2


def test_an_edit_that_changes_nothing_makes_no_version(store: Store) -> None:
    """Saving identical inputs keeps the version (a verified plan stays verified)."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    saved = store.save_version(plan_id, plan_input(), base_version=1, user="alice")
    assert (saved.version, saved.created) == (1, False)
    assert store.get(plan_id).status == "verified"


def test_the_preparer_cannot_verify_their_own_plan(store: Store) -> None:
    """Same user (any case, any spacing) is refused and the plan stays a draft."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(SameUserError, match="alice prepared plan"):
        store.verify(plan_id, BLIND, user="alice", confirmed=CONFIRM)
    with pytest.raises(SameUserError):
        store.verify(plan_id, BLIND, user=" ALICE ", confirmed=CONFIRM)
    assert store.get(plan_id).status == "draft"
    refused = [e for e in store.audit_events(plan_id) if e.action == "verify-refused"]
    assert len(refused) == 2


def test_a_mismatched_weight_is_refused_and_named(store: Store) -> None:
    """A re-entered 61 kg against a recorded 60 kg blocks verification, naming weight and doses."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    entry = BLIND.model_copy(update={"weight_kg": Decimal(61)})
    with pytest.raises(VerificationMismatch) as caught:
        store.verify(plan_id, entry, user="bob", confirmed=CONFIRM)
    assert caught.value.fields[0] == "weight"
    assert "height" not in caught.value.fields
    assert "the re-entered weight does not match" in str(caught.value)
    # 60 → 61 kg moves the BSA (1.66 → 1.67 m²) and every cyclophosphamide dose with it
    assert "BSA" in caught.value.fields
    assert "dose Cyclophosphamide, day −5 (2027-04-07)" in caught.value.fields
    # blind: the refusal never shows the preparer's value
    assert "60 kg" not in str(caught.value)
    assert store.get(plan_id).status == "draft"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"height_cm": Decimal(166)}, "height"),
        ({"protocol_id": "msc-adipose"}, "protocol"),
        ({"arm": "il2"}, "arm"),
    ],
)
def test_each_blind_field_is_compared(store: Store, change: dict[str, object], field: str) -> None:
    """Height, protocol and arm mismatches are each refused by name."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(VerificationMismatch) as caught:
        store.verify(plan_id, BLIND.model_copy(update=change), user="bob", confirmed=CONFIRM)
    assert caught.value.fields[0] == field


def test_a_measurement_equal_in_value_verifies(store: Store) -> None:
    """60.0 kg re-entered for a recorded 60 kg is the same measurement."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    entry = BLIND.model_copy(update={"weight_kg": Decimal("60.0"), "height_cm": Decimal("165.00")})
    record = store.verify(plan_id, entry, user="bob", initials="BB", confirmed=CONFIRM)
    assert (record.status, record.verified_by, record.verified_initials) == (
        "verified",
        "bob",
        "BB",
    )
    assert store.list_plans()[0].status == "verified"


def test_unacknowledged_soft_alerts_block_verification(store: Store) -> None:
    """A plan with an open soft alert cannot be verified until it is acknowledged."""
    plan_id = store.save_new(plan_input(acknowledged=False), user="alice").plan_id
    with pytest.raises(
        PlanStateError, match=r"unacknowledged alerts: source-reading: .*; verify-local-protocol"
    ):
        store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)


def test_a_verified_version_is_immutable(store: Store, db_url: str) -> None:
    """An edit of a verified version is a new draft; the verified one keeps its inputs and
    signature, and the database itself refuses to rewrite it."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.verify(plan_id, BLIND, user="bob", initials="BB", confirmed=CONFIRM)
    with pytest.raises(PlanStateError, match="version 1 is verified"):
        store.verify(plan_id, BLIND, user="carol", confirmed=CONFIRM)
    saved = store.save_version(plan_id, plan_input(weight="59"), base_version=1, user="alice")
    assert saved.version == 2
    v1, v2 = store.history(plan_id)
    assert (v1.status, v1.verified_by, v1.plan_input) == ("superseded", "bob", plan_input())
    assert (v2.status, v2.verified_by) == ("draft", None)
    with pytest.raises(Exception, match="a saved plan version cannot be changed"):
        raw_sql(db_url, "UPDATE plan_versions SET input_json = '{}' WHERE version = 1")
    # refused by 0002's signature guard or 0003's status path, whichever fires first
    with pytest.raises(Exception, match=r"cannot be changed|changes only through txdose"):
        raw_sql(db_url, "UPDATE plan_versions SET verified_by = 'mallory' WHERE version = 1")
    with pytest.raises(Exception, match="a saved plan version cannot be changed"):
        raw_sql(db_url, "DELETE FROM plan_versions")
    assert store.get(plan_id, 1).plan_input == plan_input()


def test_a_superseded_version_cannot_be_verified(store: Store) -> None:
    """Verifying the version someone has since edited is refused."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.save_version(plan_id, plan_input(weight="62"), base_version=1, user="alice")
    with pytest.raises(PlanStateError, match="version 1 is superseded"):
        store.verify(plan_id, BLIND, user="bob", version=1, confirmed=CONFIRM)


def test_two_sessions_saving_the_same_version_conflict(db_url: str) -> None:
    """Two workstations edit version 1: the second save is refused and keeps its edit."""
    first, second = open_store(db_url), open_store(db_url)
    try:
        plan_id = first.save_new(plan_input(), user="alice").plan_id
        base_a, base_b = first.get(plan_id).version, second.get(plan_id).version
        first.save_version(plan_id, plan_input(weight="62"), base_version=base_a, user="alice")
        mine = plan_input(methylprednisolone="500")
        with pytest.raises(ConflictError) as caught:
            second.save_version(plan_id, mine, base_version=base_b, user="bob")
        assert caught.value.mine == mine
        assert (caught.value.theirs.version, caught.value.theirs.created_by) == (2, "alice")
        assert "your edit was not saved and is kept" in str(caught.value)
        assert [v.version for v in second.history(plan_id)] == [1, 2]
        assert second.get(plan_id).plan_input == plan_input(weight="62")
        # reapplied on top of theirs, it saves
        saved = second.save_version(plan_id, mine, base_version=2, user="bob")
        assert saved.version == 3
    finally:
        first.close()
        second.close()


def test_the_same_mrn_for_another_name_is_refused(store: Store) -> None:
    """A second plan under an MRN saved for someone else is refused (mistyped MRN)."""
    store.save_new(plan_input(name="Jane Doe"), user="alice")
    store.save_new(plan_input(name="  jane   DOE "), user="alice")
    with pytest.raises(PatientMismatchError, match="MRN MRN-1001 is already saved for 'Jane Doe'"):
        store.save_new(plan_input(name="John Roe"), user="alice")


def test_a_plan_cannot_move_to_another_patient(store: Store) -> None:
    """Editing a plan's MRN is refused: start a new plan instead."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(PatientMismatchError, match="cannot move to another patient"):
        store.save_version(plan_id, plan_input(mrn="MRN-2002"), base_version=1, user="alice")


def test_saving_needs_an_mrn(store: Store) -> None:
    """Plans are filed by MRN: none given is an input error naming mrn."""
    with pytest.raises(InputError) as caught:
        store.save_new(plan_input(mrn=""), user="alice")
    assert caught.value.field == "mrn"


def test_a_cancelled_plan_takes_no_edits(store: Store) -> None:
    """Cancelling needs a reason; a cancelled plan refuses edits and verification."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(InputError):
        store.cancel(plan_id, user="alice", reason=" ")
    record = store.cancel(plan_id, user="alice", reason="patient withdrew consent")
    assert (record.status, record.close_reason) == ("cancelled", "patient withdrew consent")
    with pytest.raises(PlanStateError, match="cancelled"):
        store.save_version(plan_id, plan_input(weight="61"), base_version=1, user="alice")
    with pytest.raises(PlanStateError, match="cancelled"):
        store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)


def test_list_by_mrn_prefix_status_and_name(store: Store) -> None:
    """Plans are found by MRN prefix, by status, and by any part of the name, any case."""
    a = store.save_new(plan_input(mrn="12345", name="Zoë Ångström"), user="alice").plan_id
    b = store.save_new(plan_input(mrn="12399", name="Ann Lee"), user="alice").plan_id
    c = store.save_new(plan_input(mrn="99123", name="Bob_Percent%"), user="alice").plan_id
    store.verify(b, BLIND, user="bob", confirmed=CONFIRM)
    assert {p.plan_id for p in store.list_plans(mrn_prefix="123")} == {a, b}
    assert [p.plan_id for p in store.list_plans(status="verified")] == [b]
    assert [p.plan_id for p in store.list_plans(search="ångSTRÖM")] == [a]
    assert [p.plan_id for p in store.list_plans(search="991")] == [c]
    # % and _ are literal characters, not wildcards
    assert [p.plan_id for p in store.list_plans(search="%")] == [c]
    assert [p.plan_id for p in store.list_plans(search="_")] == [c]
    assert store.list_plans()[0].plan_id == b  # most recently changed first
    with pytest.raises(InputError):
        store.list_plans(status="approved")


def test_protocol_changed_since_saving_is_refused(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If recomputing no longer gives the saved hash, the saved plan is not handed out."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    from app import protocols
    from app.store import reading

    real = protocols.get_protocol("auto-hsct-ln")
    changed = real.model_copy(update={"version": real.version + ".1"})

    def compute_with_new_file(plan_in):  # type: ignore[no-untyped-def]
        from dosing.engine import compute_plan

        return compute_plan(changed, plan_in)

    monkeypatch.setattr(reading, "compute", compute_with_new_file)
    with pytest.raises(ProtocolChangedError, match="the protocol file changed since"):
        store.load(plan_id)


# ---------------------------------------------------------------- audit chain


def _history_of_events(store: Store) -> str:
    # 1 create, 2 and 3 acknowledge (the local-protocol G-CSF, the seed's reading)
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.save_version(plan_id, plan_input(weight="62"), base_version=1, user="alice")  # 4 edit
    store.verify(
        plan_id, BLIND.model_copy(update={"weight_kg": Decimal(62)}), user="bob", confirmed=CONFIRM
    )  # 5
    store.record("print", user="carol", plan_id=plan_id, version=2, sheet="nurse")  # 6
    return plan_id


def test_audit_records_every_action_in_a_chain(store: Store) -> None:
    """create, acknowledge, edit, verify and print are chained events; the chain checks out."""
    _history_of_events(store)
    events = store.audit_events()
    assert [(e.seq, e.action, e.actor) for e in events] == [
        (1, "create", "alice"),
        (2, "acknowledge", "alice"),
        (3, "acknowledge", "alice"),
        (4, "edit", "alice"),
        (5, "verify", "bob"),
        (6, "print", "carol"),
    ]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert '"patient.weight_kg: 60 → 62"' in events[3].detail
    report = store.verify_audit()
    assert (report.ok, report.events) == (True, 6)


def test_audit_log_refuses_edits_through_the_database(store: Store, db_url: str) -> None:
    """The append-only triggers stop an UPDATE or DELETE of an audit event."""
    _history_of_events(store)
    with pytest.raises(Exception, match="append-only"):
        raw_sql(db_url, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 4")
    with pytest.raises(Exception, match="append-only"):
        raw_sql(db_url, "DELETE FROM audit_events WHERE seq = 4")


def test_an_edited_audit_row_is_found_with_its_position(store: Store, db_url: str) -> None:
    """Rewriting who verified (event 5) is reported as event 5 edited."""
    _history_of_events(store)
    raw_sql(db_url, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 5", unguarded=True)
    report = store.verify_audit()
    assert not report.ok
    assert report.problems == (
        f"event 5 (verify by mallory at {store.audit_events()[4].at} on plan "
        f"{store.audit_events()[4].plan_id} v2) was edited: its content no longer matches its hash",
    )


def test_an_edited_row_with_a_recomputed_hash_breaks_the_next_link(
    store: Store, db_url: str
) -> None:
    """A forger who also recomputes event 2's hash is caught at event 3's link."""
    from app.store.audit import event_hash

    _history_of_events(store)
    e = store.audit_events()[1]
    forged = event_hash(
        seq=2,
        at=e.at,
        actor="mallory",
        action=e.action,
        plan_id=e.plan_id,
        version=e.version,
        detail=e.detail,
        prev_hash=e.prev_hash,
    )
    raw_sql(
        db_url,
        f"UPDATE audit_events SET actor = 'mallory', hash = '{forged}' WHERE seq = 2",
        unguarded=True,
    )
    problems = store.verify_audit().problems
    assert len(problems) == 1
    assert problems[0].startswith("event 3 (acknowledge by alice")
    assert problems[0].endswith("does not follow event 2: event 2 was edited or replaced")


def test_a_deleted_audit_row_is_found(store: Store, db_url: str) -> None:
    """Deleting event 3 is reported as missing before event 4; deleting the last (6), at the
    end."""
    _history_of_events(store)
    raw_sql(db_url, "DELETE FROM audit_events WHERE seq = 3", unguarded=True)
    problems = store.verify_audit().problems
    assert len(problems) == 1 and problems[0].startswith("event 3 missing (deleted) before event 4")
    raw_sql(db_url, "DELETE FROM audit_events WHERE seq = 6", unguarded=True)
    assert store.verify_audit().problems[-1] == "event 6 missing (deleted) from the end of the log"


# ---------------------------------------------------------------- identity and autosave


def test_user_and_url_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--user beats TXDOSE_USER beats the login; TXDOSE_DATABASE_URL beats the data-dir file."""
    monkeypatch.setenv("TXDOSE_USER", "ward-terminal")
    assert current_user("nurse.kim") == "nurse.kim"
    assert current_user() == "ward-terminal"
    monkeypatch.delenv("TXDOSE_USER")
    assert current_user() != ""
    assert default_url() == f"sqlite:///{tmp_path / 'userdata' / 'txdose.sqlite3'}"
    monkeypatch.setenv("TXDOSE_DATABASE_URL", "postgresql+psycopg://ward/txdose")
    assert default_url() == "postgresql+psycopg://ward/txdose"


def test_sqlite_is_created_on_first_use_in_wal_mode(tmp_path: Path) -> None:
    """The SQLite file and its folder appear on first open, journaled in WAL mode."""
    import sqlite3

    path = tmp_path / "a" / "b" / "txdose.sqlite3"
    open_store(f"sqlite:///{path}").close()
    assert path.exists()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_autosave_is_offered_back_until_cleared(tmp_path: Path) -> None:
    """An autosaved draft comes back whole after a crash, and not after it is cleared."""
    assert pending_autosave(user="alice") is None
    autosave(plan_input(weight="61.5"), plan_id="ABCD-EFGH", base_version=3, user="alice")
    pending = pending_autosave(user="alice")
    assert pending is not None
    assert (pending.plan_input, pending.plan_id, pending.base_version, pending.user) == (
        plan_input(weight="61.5"),
        "ABCD-EFGH",
        3,
        "alice",
    )
    assert pending_autosave(user="bob") is None  # each user's own draft
    assert (tmp_path / "userdata" / "autosave" / "alice.json").exists()
    clear_autosave(user="alice")
    assert pending_autosave(user="alice") is None


def test_a_damaged_autosave_is_not_offered(tmp_path: Path) -> None:
    """A truncated autosave file is ignored rather than half-restored."""
    path = autosave(plan_input(), user="alice")
    path.write_text(path.read_text()[:40])
    assert pending_autosave(user="alice") is None


def test_the_package_exports_what_it_lists() -> None:
    """Every name in ``app.store.__all__`` resolves (lazily) to the thing it names."""
    import app.store
    from app.store import recovery

    for name in app.store.__all__:
        assert getattr(app.store, name) is not None
    assert app.store.autosave is recovery.autosave
