"""The plan store: every operation is one transaction, and every change is an audit event.

Rules kept here (DESIGN §8, issue 5):
- a plan's versions never change once saved (the database refuses it too, migration 0002);
  an edit is a new version and the one it replaces is marked superseded; statuses move only
  along these paths and nothing saved is deleted (migration 0003's triggers);
- a save names the version it started from; if another save got there first, the edit is
  refused with a ``ConflictError`` carrying it, so it can be reapplied (optimistic locking);
- verification (verifying.py) is by a different user who has not seen the draft, re-entered
  weight, height, protocol and arm blind, and confirmed each adjustment; the plan is
  recomputed from their entries and any difference blocks it;
- the audit log is append-only and hash-chained; writers are serialized on its head row so
  the chain cannot fork.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

import app.store.sealing as sealing  # the module itself: app.store (the facade) is not a dependency
import app.store.seen as seen
import app.store.ward_key as ward_key
from app.services import compute, plan_content_hash
from app.store.database import WRITE, make_engine, migrate
from app.store.diff import diff, flatten_input
from app.store.errors import (
    ConflictError,
    PatientMismatchError,
    PlanStateError,
)
from app.store.reading import (
    _clean_initials,
    _now,
    new_plan_id,
)
from app.store.records import (
    SavedVersion,
    VersionRecord,
)
from app.store.rows import add_version, file_patient
from app.store.schema import AuditHeadRow, PlanRow
from app.store.verifying import VerifyingStore, last_verified_weight, with_reference_weight
from dosing.acknowledgements import carried_over
from dosing.models import PlanInput
from dosing.text import read_reason

# Test hook: called inside a save's transaction just before it commits (the SIGKILL test
# parks a writer here). Never set by the application.
BEFORE_COMMIT: Callable[[], None] | None = None
_SEAL = "txdose-ward-key"  # session.info: the key this transaction's events are sealed with


class Store(VerifyingStore):
    """One database: reads (``StoreReader``), verification (``VerifyingStore``) and every
    write, each one transaction with its audit event. Open with ``open_store(url)``;
    ``close()`` when done."""

    # ------------------------------------------------------------ transactions

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._engine.connect() as connection:
            connection.execution_options(**{WRITE: True})
            with connection.begin(), Session(bind=connection, expire_on_commit=False) as session:
                # Every writer takes the audit head first (PostgreSQL row lock; SQLite's
                # BEGIN IMMEDIATE already serializes): one order of locks, no deadlock, and
                # no two events ever claim the same place in the chain.
                locked = session.execute(
                    select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
                ).scalar_one()
                session.info[_SEAL] = self._sealing_key(session, locked.seq)
                yield session
                session.flush()
                if BEFORE_COMMIT is not None:
                    BEFORE_COMMIT()
                head = session.get(AuditHeadRow, 1)
                newest = (head.seq, head.hash) if head is not None else None
        if newest is not None:
            seen.remember(self.url, *newest)

    def _sealing_key(self, session: Session, head_seq: int) -> bytes | None:
        """The key this transaction seals its events with; refused (``WardKeyError``) when
        the database is sealed with a key this workstation lacks. A new, empty database on a
        workstation that holds the ward key is sealed from its first event."""
        seals = self._checked_sealing(session)
        if seals.fingerprint is None and seals.key is not None and head_seq == 0:
            sealing.record_key(session, seals.key, 1)
            return seals.key
        return seals.key if seals.fingerprint is not None else None

    def seal_with(self, key: bytes, *, user: str) -> int:
        """Record the ward key in this database: its own event and every later one are
        sealed. Returns the first sealed event's number (the existing one if already sealed
        with this key; another key is refused)."""
        with self._write() as session:
            if session.info[_SEAL] is not None:
                return self._sealing(session).keyed_from
            head = session.get(AuditHeadRow, 1)
            assert head is not None
            first = head.seq + 1
            sealing.record_key(session, key, first)
            session.info[_SEAL] = key
            self._event(session, "ward-key", user, fingerprint=ward_key.fingerprint(key))
        return first

    def _event(
        self,
        session: Session,
        action: str,
        actor: str,
        plan_id: str | None = None,
        version: int | None = None,
        **detail: Any,
    ) -> None:
        head = session.get(AuditHeadRow, 1)
        assert head is not None
        seq = head.seq + 1
        row = sealing.event_row(
            session.info.get(_SEAL),
            seq=seq,
            at=_now(),
            actor=actor,
            action=action,
            plan_id=plan_id,
            version=version,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
            prev_hash=head.hash,
        )
        session.add(row)
        head.seq = seq
        head.hash = row.hash
        # Support log: the event's kind, plan and actor only; its detail may name the patient.
        logging.getLogger("txdose.store").info(
            "audit %s: %s plan=%s version=%s by=%s", seq, action, plan_id, version, actor
        )

    def _acknowledgement_events(
        self,
        session: Session,
        before: PlanInput | None,
        after: PlanInput,
        plan_id: str,
        version: int,
        user: str,
    ) -> None:
        old = set(before.acknowledgements) if before is not None else set()
        for ack in after.acknowledgements:
            if ack not in old:
                self._event(
                    session,
                    "acknowledge",
                    user,
                    plan_id,
                    version,
                    code=ack.code,
                    item=ack.item,
                    reason=ack.reason,
                    by=ack.by or user,
                )

    def save_new(
        self, plan_input: PlanInput, *, user: str, initials: str | None = None, note: str = ""
    ) -> SavedVersion:
        """A new plan, version 1, draft. Its inputs are recomputed here, so the saved hash is
        the hash of exactly these inputs against the current protocol file. What is saved
        is the plan's own input: each acknowledgement bound to the alert it acknowledged."""
        plan = compute(plan_input)
        plan_input = plan.input
        initials = _clean_initials(initials)
        now = _now()
        with self._write() as session:
            patient = file_patient(session, plan_input, user)
            plan_id = new_plan_id()
            while session.get(PlanRow, plan_id) is not None:
                plan_id = new_plan_id()
            session.add(
                PlanRow(
                    id=plan_id,
                    patient_id=patient.id,
                    protocol_id=plan.protocol_id,
                    current_version=1,
                    status="draft",
                    created_at=now,
                    created_by=user,
                    updated_at=now,
                    updated_by=user,
                )
            )
            session.flush()
            add_version(session, plan_id, 1, plan, user, initials, note, now)
            self._event(
                session,
                "create",
                user,
                plan_id,
                1,
                mrn=patient.mrn,
                protocol=plan.protocol_id,
                protocol_version=plan.protocol_version,
                content_hash=plan_content_hash(plan),
            )
            self._acknowledgement_events(session, None, plan_input, plan_id, 1, user)
        return SavedVersion(plan_id=plan_id, version=1, created=True)

    def save_version(
        self,
        plan_id: str,
        plan_input: PlanInput,
        *,
        base_version: int,
        user: str,
        initials: str | None = None,
        note: str = "",
    ) -> SavedVersion:
        """An edit of ``base_version``: a new draft version; the base is superseded.

        ``ConflictError`` if the plan moved on since ``base_version`` (someone else saved or
        verified a newer version): nothing is written and the edit comes back in the error.
        An edit that changes nothing makes no version (a verified plan stays verified).
        An acknowledgement repeated from the base version stays bound to the alert it
        acknowledged there: if the edit changed that alert, it is withdrawn. Once a version of
        the plan was verified, the newest verified one's weight is the reference weight of
        every new version (a change of 10% or more is the ``weight-changed`` alert).
        """
        initials = _clean_initials(initials)
        now = _now()
        with self._write() as session:
            row = self._plan(session, plan_id)
            if row.current_version != base_version:
                current = self._version(session, row, None)
                theirs = self._record(session, row, current)
                raise ConflictError(
                    f"plan {row.id} was changed by {current.created_by} "
                    f"(version {current.version}, {current.status}) after version {base_version} "
                    "that this edit started from: your edit was not saved and is kept; "
                    f"review version {current.version} and apply your changes to it",
                    mine=plan_input,
                    theirs=theirs,
                )
            if row.status == "cancelled":
                raise PlanStateError(f"plan {row.id} is cancelled: start a new plan instead")
            base = self._version(session, row, base_version)
            before = PlanInput.model_validate_json(base.input_json)
            plan_input = with_reference_weight(plan_input, last_verified_weight(session, row.id))
            carried = carried_over(plan_input.acknowledgements, before.acknowledgements)
            plan = compute(plan_input.model_copy(update={"acknowledgements": carried}))
            plan_input = plan.input
            patient = file_patient(session, plan_input, user)
            if patient.id != row.patient_id:
                raise PatientMismatchError(
                    f"plan {row.id} belongs to another MRN than {patient.mrn}: a plan cannot "
                    "move to another patient; start a new plan for this one"
                )
            # (the reference weight alone, filled in here, is not an edit)
            if with_reference_weight(before, plan_input.options.reference_weight_kg) == plan_input:
                return SavedVersion(plan_id=row.id, version=base.version, created=False)
            number = base_version + 1
            changed = cast(
                CursorResult[Any],
                session.execute(
                    update(PlanRow)
                    .where(PlanRow.id == row.id, PlanRow.current_version == base_version)
                    .values(
                        current_version=number,
                        status="draft",
                        protocol_id=plan.protocol_id,
                        updated_at=now,
                        updated_by=user,
                    )
                    .execution_options(synchronize_session=False)
                ),
            ).rowcount
            if changed != 1:  # unreachable while writers are serialized; kept as a backstop
                raise ConflictError(
                    f"plan {row.id} changed while saving: your edit was not saved and is kept",
                    mine=plan_input,
                    theirs=self._record(session, row, base),
                )
            base_status = base.status
            base.status = "superseded"
            base.closed_at = now
            base.closed_by = user
            base.close_reason = f"edited as version {number}"
            add_version(session, row.id, number, plan, user, initials, note, now)
            changes = [str(c) for c in diff(flatten_input(before), flatten_input(plan_input))]
            self._event(
                session,
                "edit",
                user,
                row.id,
                number,
                from_version=base_version,
                superseded=f"version {base_version} ({base_status})",
                changes=changes,
                content_hash=plan_content_hash(plan),
            )
            self._acknowledgement_events(session, before, plan_input, row.id, number, user)
        return SavedVersion(plan_id=row.id, version=number, created=True)

    def cancel(self, plan_id: str, *, user: str, reason: str) -> VersionRecord:
        """Withdraw a plan (its current version becomes cancelled); a reason is required."""
        # A real reason (dosing.text.read_reason), as for every adjustment: it is what the
        # audit log and the plan list say about why the plan was withdrawn.
        reason = read_reason(reason, "reason")
        now = _now()
        with self._write() as session:
            row = self._plan(session, plan_id)
            if row.status == "cancelled":
                raise PlanStateError(f"plan {row.id} is already cancelled")
            current = self._version(session, row, None)
            current.status = "cancelled"
            current.closed_at = now
            current.closed_by = user
            current.close_reason = reason.strip()
            row.status = "cancelled"
            row.updated_at = now
            row.updated_by = user
            self._event(session, "cancel", user, row.id, current.version, reason=reason.strip())
            session.flush()
            return self._record(session, row, current)

    # ------------------------------------------------------------ audit

    def record(
        self,
        action: str,
        *,
        user: str,
        plan_id: str | None = None,
        version: int | None = None,
        **detail: Any,
    ) -> None:
        """An event with no change of data: ``print``, ``export``."""
        with self._write() as session:
            self._event(session, action, user, plan_id, version, **detail)


def open_store(url: str, *, migrate_schema: bool = True) -> Store:
    """Open (creating and migrating as needed) the database at ``url``."""
    engine = make_engine(url)
    try:
        if migrate_schema:
            migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)
