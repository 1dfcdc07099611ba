"""The database's ward key against this workstation's, and the events sealed with it.

The database records only the key's fingerprint (``store_settings``: ``audit-key``) and the
first event sealed with it (``audit-keyed-from``); the key stays in its file
(``ward_key.py``). A database sealed with a key this workstation lacks is neither read nor
written here: an unsealed event written now would look like a forgery later, and without the
key a forged verification could not be told from a real one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import app.store.audit as audit  # the module itself, not the app.store facade
import app.store.ward_key as ward_key
from app.store.records import AuditEvent
from app.store.schema import AuditRow, SettingRow

KEY_SETTING = "audit-key"
KEYED_FROM_SETTING = "audit-keyed-from"
KEYLESS_LIMIT = (
    "this log is not sealed with a ward key: someone holding the database could rewrite "
    "events and recompute every hash after them, and this check cannot detect that (only a "
    "log shorter than, or different from, what this workstation saw is caught). "
    "`txdose admin init-key` seals it from the next event on"
)


@dataclass(frozen=True)
class Sealing:
    fingerprint: str | None  # recorded in the database; None: a keyless log
    keyed_from: int  # the first sealed event (0 when keyless)
    key: bytes | None  # this workstation's key, when it is usable here
    problem: str | None  # why this workstation can neither read nor write this database
    note: str | None = None  # about this workstation's key, for a keyless log


def _key_problem(
    recorded: str, key: bytes | None, path: Path | None, error: str | None
) -> str | None:
    start = f"the audit log of this database is sealed with the ward key {recorded}, "
    end = (
        f": copy the ward's key file to {ward_key.user_key_path()}, readable by you alone; "
        "txdose reads and writes nothing here without it"
    )
    if error is not None:
        return start + "and this workstation's key cannot be used: " + error
    if key is None:
        return start + "and this workstation has no ward key" + end
    if ward_key.fingerprint(key) != recorded:
        return (
            start + f"but this workstation's key ({path}) is {ward_key.fingerprint(key)}, "
            "another key" + end
        )
    return None


def read_sealing(session: Session) -> Sealing:
    settings = {
        name: value for name, value in session.execute(select(SettingRow.name, SettingRow.value))
    }
    recorded = settings.get(KEY_SETTING)
    error: str | None = None
    try:
        loaded = ward_key.load_key()
    except ward_key.WardKeyError as exc:
        loaded, error = None, str(exc)
    key, path = loaded if loaded is not None else (None, None)
    if recorded is None:
        note = (
            f"this workstation holds a ward key ({path}) but this database was made before it: "
            "`txdose admin init-key` seals its log from the next event on"
            if key is not None
            else error
        )
        return Sealing(None, 0, key, None, note)
    keyed_from = int(settings.get(KEYED_FROM_SETTING, "1"))
    problem = _key_problem(recorded, key, path, error)
    return Sealing(recorded, keyed_from, None if problem else key, problem)


def record_key(session: Session, key: bytes, keyed_from: int) -> None:
    session.add(SettingRow(name=KEY_SETTING, value=ward_key.fingerprint(key)))
    session.add(SettingRow(name=KEYED_FROM_SETTING, value=str(keyed_from)))
    session.flush()


def seal_report(
    seals: Sealing, events: list[AuditEvent]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(problems, limits) of the seals for ``audit verify``."""
    if seals.problem is not None:
        return (seals.problem + " (so the seals were not checked)",), ()
    if seals.fingerprint is not None and seals.key is not None:
        return audit.seal_problems(events, seals.key, seals.keyed_from), ()
    if any(e.mac is not None for e in events):
        return (
            "events carry seals of a ward key but the database records no key: the key's "
            "record was removed outside txdose",
        ), ()
    return (), (KEYLESS_LIMIT,) + ((seals.note,) if seals.note else ())


def event_row(
    key: bytes | None,
    *,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    plan_id: str | None,
    version: int | None,
    detail: str,
    prev_hash: str,
) -> AuditRow:
    """The row of one event: chained by its hash, sealed with ``key`` when there is one."""
    # One set of fields for the row, its hash and its seal: they cannot drift apart.
    fields: dict[str, Any] = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "plan_id": plan_id,
        "version": version,
        "detail": detail,
        "prev_hash": prev_hash,
    }
    row = AuditRow(**fields)
    row.hash = audit.event_hash(**fields)
    if key is not None:
        row.mac = audit.event_mac(key, **fields)
    return row
