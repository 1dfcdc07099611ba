"""The audit chain: each event's hash covers its content and the previous event's hash.

Pure functions over ``AuditEvent`` records: ``check_chain`` finds an edited, inserted or
deleted event and says which one, without trusting anything but the hashes.
"""

from __future__ import annotations

import hashlib
import json

from app.store.records import AuditEvent

GENESIS = "0" * 64


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
    canonical = json.dumps(
        [seq, at, actor, action, plan_id, version, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
        recomputed = event_hash(
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            action=event.action,
            plan_id=event.plan_id,
            version=event.version,
            detail=event.detail,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
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
