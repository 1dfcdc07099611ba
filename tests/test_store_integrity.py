"""Tampering with a saved version by SQL is refused at show/print: the row must agree with
the audit events that made it (issue 15: "VERIFIED means verified")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from test_store_support import CONFIRM, _isolated_user_dirs, db_url, plan_input, raw_sql

from app.services import compute, plan_content_hash
from app.store import BlindEntry, SameUserError, TamperedError
from app.store.audit import event_hash
from app.store.identity import canonical_user, checked_user
from app.store.service import Store, open_store
from dosing.errors import InputError

__all__ = ["_isolated_user_dirs", "db_url"]

BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def test_draft_marked_verified_by_sql_is_refused(store: Store, db_url: str) -> None:
    """``UPDATE plan_versions SET status='verified'`` on a draft (no trigger lifted): no
    verify event exists for its content, so show/print refuse, naming the plan."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    raw_sql(
        db_url,
        "UPDATE plan_versions SET status = 'verified', verified_by = 'bob' "
        f"WHERE plan_id = '{plan_id}'",
        unguarded=True,
    )
    with pytest.raises(
        TamperedError,
        match=f"plan {plan_id} version 1 is marked verified "
        r"\(by bob\) but no verification",
    ):
        store.load(plan_id)


def test_cancelled_plan_revived_by_sql_is_refused(store: Store, db_url: str) -> None:
    """A plan cancelled as wrong patient, set back to draft by SQL, stays refused."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.cancel(plan_id, user="alice", reason="wrong patient")
    raw_sql(
        db_url,
        f"UPDATE plan_versions SET status = 'draft' WHERE plan_id = '{plan_id}'",
        f"UPDATE plans SET status = 'draft' WHERE id = '{plan_id}'",
        unguarded=True,
    )
    with pytest.raises(TamperedError, match=r"was cancelled \(audit log\) but is now marked draft"):
        store.get(plan_id)


def test_changed_weight_with_recomputed_hash_is_refused(store: Store, db_url: str) -> None:
    """Weight 60 → 80 kg with ``content_hash`` recomputed by the project's own function:
    the create event recorded the hash of the 60 kg plan, so the version is refused."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    forged = plan_input(weight="80")
    forged_hash = plan_content_hash(compute(forged))
    raw_sql(
        db_url,
        "UPDATE plan_versions SET input_json = '"
        # text() reads ":name" as a bind parameter; "\\:" is a literal colon
        + forged.model_dump_json().replace("'", "''").replace(":", "\\:")
        + f"', content_hash = '{forged_hash}' WHERE plan_id = '{plan_id}'",
        unguarded=True,
    )
    with pytest.raises(TamperedError, match="inputs were changed outside txdose"):
        store.load(plan_id)


def test_untampered_verified_plan_still_opens(store: Store) -> None:
    """The check refuses nothing txdose itself wrote: saved, verified, edited, cancelled."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    store.save_version(plan_id, plan_input(weight="59"), base_version=1, user="alice")
    assert store.get(plan_id, 1).status == "superseded"
    assert store.get(plan_id, 2).status == "draft"
    store.cancel(plan_id, user="alice", reason="wrong patient")
    assert store.get(plan_id).status == "cancelled"


def test_renamed_patient_is_refused(store: Store, db_url: str) -> None:
    """The patients row renamed by SQL: the sheet would print one name while ``plans list``
    files it under another; the hashed inputs still say Jane Doe, so show/print refuse."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    raw_sql(db_url, "UPDATE patients SET name = 'Kim Poe', name_folded = 'kim poe'", unguarded=True)
    with pytest.raises(TamperedError, match="filed under 'Kim Poe' but was saved for 'Jane Doe'"):
        store.load(plan_id)


def test_plan_moved_to_another_patient_is_refused(store: Store, db_url: str) -> None:
    """``plans.patient_id`` pointed at another patient's row: refused, naming both MRNs."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.save_new(plan_input(mrn="MRN-2002", name="Kim Poe"), user="alice")
    raw_sql(
        db_url,
        "UPDATE plans SET patient_id = (SELECT id FROM patients "
        f"WHERE mrn = 'MRN-2002') WHERE id = '{plan_id}'",
        unguarded=True,
    )
    with pytest.raises(
        TamperedError, match="filed under MRN MRN-2002 but was saved for MRN MRN-1001"
    ):
        store.get(plan_id)


@pytest.mark.parametrize(
    "verifier",
    ["\u0410lice", "\uff41\uff4c\uff49\uff43\uff45", "alice\u200b", "ALICE", " Alice "],
    ids=["cyrillic-A", "fullwidth", "zero-width-space", "upper", "spaces"],
)
def test_look_alike_of_the_preparer_cannot_verify(store: Store, verifier: str) -> None:
    """Each of these is alice to a reader: refused as the preparer or as a mixed-script name,
    and the refusal is audited."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises((SameUserError, InputError)):
        store.verify(plan_id, BLIND, user=verifier, confirmed=CONFIRM)
    assert [e.action for e in store.audit_events(plan_id)][-1] == "verify-refused"
    assert store.get(plan_id).status == "draft"


@pytest.mark.parametrize("verifier", ["alice@ward3", "WARD\\alice", "bob@ward3"])
def test_a_user_name_with_a_domain_part_cannot_verify(store: Store, verifier: str) -> None:
    """``alice@ward3`` and ``WARD\\alice`` are alice under a second name: refused, audited."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    with pytest.raises(InputError, match="domain or host part"):
        store.verify(plan_id, BLIND, user=verifier, confirmed=CONFIRM)
    assert [e.action for e in store.audit_events(plan_id)][-1] == "verify-refused"


def test_canonical_user_names() -> None:
    """NFKC + casefold + invisible characters removed: the three look-alikes fold to alice;
    a Cyrillic А is refused as mixed script, a Greek-only name is accepted."""
    assert {canonical_user(n) for n in ("ａｌｉｃｅ", "alice\u200b", "Al\u00adice")} == {"alice"}
    with pytest.raises(InputError, match="mixes letters of CYRILLIC and LATIN"):
        checked_user("\u0410lice")
    assert checked_user("Αλίκη") == "Αλίκη"


def test_deleted_tail_with_the_head_wound_back_is_reported(store: Store, db_url: str) -> None:
    """Delete the last events (the verify) and wind ``audit_head`` back to what is left: the
    chain that remains is intact, but this workstation saw a later event."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    kept = [e for e in store.audit_events() if e.action != "verify"]
    last = kept[-1]
    raw_sql(
        db_url,
        f"DELETE FROM audit_events WHERE seq > {last.seq}",
        f"UPDATE audit_head SET seq = {last.seq}, hash = '{last.hash}'",
        unguarded=True,
    )
    report = store.verify_audit()
    assert not report.ok
    assert f"the log now ends at event {last.seq}" in " ".join(report.problems)


def test_every_event_deleted_is_reported(store: Store, db_url: str) -> None:
    """``DELETE FROM audit_events`` and the head reset to the start: not "intact"."""
    store.save_new(plan_input(), user="alice")
    raw_sql(
        db_url,
        "DELETE FROM audit_events",
        "UPDATE audit_head SET seq = 0, hash = '" + "0" * 64 + "'",
        unguarded=True,
    )
    assert "the log now ends at event 0" in " ".join(store.verify_audit().problems)


def test_last_event_rewritten_and_rechained_is_reported(store: Store, db_url: str) -> None:
    """The verify event's actor changed to mallory with its hash and the head recomputed by
    the project's own (unkeyed) function: the chain is intact, but its last event is not the
    one this workstation saw."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    last = store.audit_events()[-1]
    forged = event_hash(
        seq=last.seq,
        at=last.at,
        actor="mallory",
        action=last.action,
        plan_id=last.plan_id,
        version=last.version,
        detail=last.detail,
        prev_hash=last.prev_hash,
    )
    raw_sql(
        db_url,
        f"UPDATE audit_events SET actor = 'mallory', hash = '{forged}' WHERE seq = {last.seq}",
        f"UPDATE audit_head SET hash = '{forged}'",
        unguarded=True,
    )
    assert store.verify_audit().problems == (
        f"event {last.seq} is not the event this workstation saw there: the log was rewritten "
        "from that point outside txdose",
    )


def test_a_deleted_middle_event_of_another_plan_stops_printing(store: Store, db_url: str) -> None:
    """Triggers dropped, one event deleted from the middle of the log (another plan's): the
    log is no longer whole, so no plan is shown or printed until it is looked into.
    Two saves × (create + 2 acknowledgements) + one verify = 7 events; one deleted leaves 6."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    other = store.save_new(plan_input(mrn="MRN-2002", name="Kim Poe"), user="alice").plan_id
    store.verify(plan_id, BLIND, user="bob", confirmed=CONFIRM)
    middle = next(e for e in store.audit_events() if e.plan_id == other)
    raw_sql(db_url, f"DELETE FROM audit_events WHERE seq = {middle.seq}", unguarded=True)
    with pytest.raises(TamperedError, match=f"plan {plan_id} version 1 is not shown or printed: "):
        store.load(plan_id)
    with pytest.raises(TamperedError, match="holds 6 events where its end says 7"):
        store.get(plan_id)


def test_every_event_deleted_stops_printing(store: Store, db_url: str) -> None:
    """Every event deleted and the head reset: the count agrees with the head, but this
    workstation saw the log further on."""
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    raw_sql(
        db_url,
        "DELETE FROM audit_events",
        "UPDATE audit_head SET seq = 0, hash = '" + "0" * 64 + "'",
        unguarded=True,
    )
    with pytest.raises(TamperedError, match="has seen event 3, but the log now ends at event 0"):
        store.load(plan_id)
