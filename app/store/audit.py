"""The audit chain: each event's hash covers its content and the previous event's hash, and
each event written with the ward key (``ward_key.py``) is sealed with an HMAC of the same.

Pure functions over ``AuditEvent`` records: ``check_chain`` finds an edited, inserted or
deleted event and says which one, without trusting anything but the hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from app.store.records import AuditEvent

GENESIS = "0" * 64


def _canonical(
    seq: int,
    at: str,
    actor: str,
    action: str,
    plan_id: str | None,
    version: int | None,
    detail: str,
    prev_hash: str,
) -> bytes:
    return json.dumps(
        [seq, at, actor, action, plan_id, version, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def event_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    plan_id: str | None,
    version: int | None,
    detail: str,
    prev_hash: str,
) -> str:
    canonical = _canonical(seq, at, actor, action, plan_id, version, detail, prev_hash)
    return hashlib.sha256(canonical).hexdigest()


def event_mac(
    key: bytes,
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    plan_id: str | None,
    version: int | None,
    detail: str,
    prev_hash: str,
) -> str:
    """HMAC-SHA256 with the ward key over what the hash covers. It covers ``prev_hash`` too,
    so rewriting any earlier event (and relinking) breaks the seal of the first sealed event
    after it: the whole log before the key is protected from the key's first event on."""
    canonical = _canonical(seq, at, actor, action, plan_id, version, detail, prev_hash)
    return hmac.new(key, b"txdose audit seal 1\n" + canonical, hashlib.sha256).hexdigest()


def sealed(event: AuditEvent, key: bytes) -> bool:
    if event.mac is None:
        return False
    return hmac.compare_digest(event_mac(key, **_fields(event)), event.mac)


def recomputed_hash(event: AuditEvent) -> str:
    """The hash this event's stored content gives: differs from ``event.hash`` if edited."""
    return event_hash(**_fields(event))


def _fields(event: AuditEvent) -> dict[str, Any]:
    """What the hash and the seal cover, as stored."""
    return {
        "seq": event.seq,
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "plan_id": event.plan_id,
        "version": event.version,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }


def seal_problems(events: list[AuditEvent], key: bytes, keyed_from: int) -> tuple[str, ...]:
    """Every event from ``keyed_from`` on that the ward key did not seal, as sentences."""
    problems = []
    for event in events:
        if event.seq < keyed_from:
            continue
        if event.mac is None:
            problems.append(
                f"{_describe(event)} carries no seal of the ward key: it was written outside "
                "txdose, or its seal was removed"
            )
        elif not sealed(event, key):
            problems.append(
                f"{_describe(event)} does not match its seal: it was written or rewritten "
                "without the ward key"
            )
    return tuple(problems)


def _describe(event: AuditEvent) -> str:
    where = f" on plan {event.plan_id}" + (f" v{event.version}" if event.version else "")
    return f"event {event.seq} ({event.action} by {event.actor} at {event.at}{where if event.plan_id else ''})"


def check_chain(events: list[AuditEvent], head_seq: int, head_hash: str) -> tuple[str, ...]:
    """Every break in the chain, in order, as sentences naming the event."""
    problems: list[str] = []
    expected_seq = 1
    prev_hash = GENESIS
    for event in events:
        if event.seq != expected_seq:
            missing = (
                f"event {expected_seq}"
                if event.seq == expected_seq + 1
                else f"events {expected_seq}–{event.seq - 1}"
            )
            problems.append(f"{missing} missing (deleted) before {_describe(event)}")
        elif event.prev_hash != prev_hash:
            problems.append(
                f"{_describe(event)} does not follow event {event.seq - 1}: "
                f"event {event.seq - 1} was edited or replaced"
            )
        if recomputed_hash(event) != event.hash:
            problems.append(
                f"{_describe(event)} was edited: its content no longer matches its hash"
            )
        expected_seq = event.seq + 1
        prev_hash = event.hash
    last_seq = events[-1].seq if events else 0
    if head_seq > last_seq:
        missing = (
            f"event {head_seq}" if head_seq == last_seq + 1 else f"events {last_seq + 1}–{head_seq}"
        )
        problems.append(f"{missing} missing (deleted) from the end of the log")
    elif head_seq < last_seq or (head_seq == last_seq and head_hash != prev_hash):
        problems.append(
            f"the log's recorded end (event {head_seq}) does not match its last event "
            f"{last_seq}: events were added or edited outside txdose"
        )
    return tuple(problems)
