"""A saved version checked against the audit events that made it.

The version row's ``status`` and ``content_hash`` are plain columns: anyone holding the
database can write ``status='verified'`` or recompute a hash after changing a weight. What
such an edit cannot also produce is the matching event trail, because events are chained
(``audit.check_chain``). So a version is believed only as far as its events agree:

- a "create"/"edit" event for this version recorded this content hash;
- a version shown as verified has a "verify" event for this version and this hash;
- a version with a "cancel" event is cancelled, whatever its row says now;
- the patient it is filed under (the patients row, reached through ``plans.patient_id``) is
  the patient in its hashed inputs: a renamed patient or a moved plan is caught.

Pure functions: the store gathers the events, this module says what disagrees.
"""

from __future__ import annotations

import json

import app.store.audit as audit  # the module itself, not the app.store facade
from app.store.records import AuditEvent, VersionRecord

_MADE_BY = ("create", "edit")


def _detail(event: AuditEvent) -> dict[str, object]:
    try:
        value = json.loads(event.detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _distrust(event: AuditEvent, key: bytes | None, keyed_from: int) -> str | None:
    """Why this event cannot be believed, or None."""
    if event.hash != audit.recomputed_hash(event):
        return "was edited: its content no longer matches its hash"
    if key is not None and event.seq >= keyed_from and not audit.sealed(event, key):
        return "is not sealed by the ward key: it was written or rewritten outside txdose"
    return None


def version_problems(
    record: VersionRecord,
    events: list[AuditEvent],
    key: bytes | None = None,
    keyed_from: int = 1,
) -> tuple[str, ...]:
    """What disagrees between a saved version and the plan's own events, as sentences.
    With the ward key, an event from ``keyed_from`` on is believed only if sealed by it."""
    name = f"plan {record.plan_id} version {record.version}"
    mine = [e for e in events if e.version == record.version]
    doubts = {e.seq: _distrust(e, key, keyed_from) for e in mine}
    problems = [
        f"{name}: audit event {e.seq} ({e.action}) {doubts[e.seq]}" for e in mine if doubts[e.seq]
    ]
    trusted = [e for e in mine if not doubts[e.seq]]
    made = [e for e in trusted if e.action in _MADE_BY]
    if not made:
        problems.append(f"{name}: no audit event records that txdose saved it")
    elif all(_detail(e).get("content_hash") != record.content_hash for e in made):
        saved = _detail(made[0]).get("content_hash")
        problems.append(
            f"{name}: its content ({record.content_hash}) is not what txdose saved ({saved}): "
            "its inputs were changed outside txdose"
        )
    verified = [
        e
        for e in trusted
        if e.action == "verify" and _detail(e).get("content_hash") == record.content_hash
    ]
    if record.status == "verified" and not verified:
        problems.append(
            f"{name} is marked verified (by {record.verified_by}) but no verification of this "
            "content is in the audit log: the status was set outside txdose"
        )
    if record.status != "cancelled" and any(e.action == "cancel" for e in trusted):
        problems.append(
            f"{name} was cancelled (audit log) but is now marked {record.status}: the status "
            "was changed outside txdose"
        )
    problems.extend(_patient_problems(record, name))
    return tuple(problems)


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _patient_problems(record: VersionRecord, name: str) -> list[str]:
    hashed = record.plan_input.patient
    problems = []
    if hashed.mrn.strip() != record.mrn:
        problems.append(
            f"{name} is filed under MRN {record.mrn} but was saved for MRN {hashed.mrn.strip()}: "
            "the plan was moved to another patient outside txdose"
        )
    # a later plan for a known MRN may leave the name blank: only a given name is compared
    elif hashed.name.strip() and _fold(hashed.name) != _fold(record.patient_name):
        problems.append(
            f"{name} is filed under '{record.patient_name}' but was saved for "
            f"'{hashed.name.strip()}': the patient was renamed outside txdose"
        )
    return problems
