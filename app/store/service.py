"""The plan store: every operation is one transaction, and every change is an audit event.

Rules kept here (DESIGN §8, issue 5):
- a plan's versions never change once saved (the database refuses it too, migration 0002);
  an edit is a new version and the one it replaces is marked superseded;
- a save names the version it started from; if another save got there first, the edit is
  refused with a ``ConflictError`` carrying it, so it can be reapplied (optimistic locking);
- verification is by a different user who re-entered weight, height, protocol and arm
  blind; the plan is recomputed from their entries and any difference blocks it;
- the audit log is append-only and hash-chained; writers are serialized on its head row so
  the chain cannot fork.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, func, or_, select, update
from sqlalchemy.orm import Session

import app.store.audit as audit  # the module itself: app.store (the facade) is not a dependency
import app.store.integrity as integrity
import app.store.seen as seen
from app.services import compute, plan_content_hash
from app.store.compare import dose_differences, entry_mismatches, with_entry
from app.store.database import WRITE, make_engine, migrate
from app.store.diff import diff, flatten_input
from app.store.errors import (
    ConflictError,
    NotFoundError,
    PatientMismatchError,
    PlanStateError,
    ProtocolChangedError,
    SameUserError,
    TamperedError,
    VerificationMismatch,
)
from app.store.identity import checked_user, same_user
from app.store.records import (
    STATUSES,
    AuditEvent,
    AuditReport,
    BlindEntry,
    PlanSummary,
    SavedVersion,
    VersionRecord,
)
from app.store.schema import AuditHeadRow, AuditRow, PatientRow, PlanRow, VersionRow
from dosing.errors import DosingError, InputError
from dosing.models import ComputedPlan, PlanInput

# Test hook: called inside a save's transaction just before it commits (the SIGKILL test
# parks a writer here). Never set by the application.
BEFORE_COMMIT: Callable[[], None] | None = None

# Crockford-style alphabet without 0/O, 1/I/L and U: read aloud and typed on a ward.
_ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_plan_id() -> str:
    raw = "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_plan_id(text: str) -> str:
    """``k7m2q9xd``, ``K7M2 Q9XD`` and ``K7M2-Q9XD`` are the same plan."""
    raw = "".join(c for c in text.upper() if c.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else text.strip()


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; every stored time is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _clean_initials(initials: str | None) -> str | None:
    if initials is None or not initials.strip():
        return None
    value = initials.strip()
    if len(value) > 16:
        raise InputError("initials", f"'{value}' is too long: up to 16 characters")
    return value


class Store:
    """One database. Open with ``open_store(url)``; ``close()`` when done."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    # ------------------------------------------------------------ transactions

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._engine.connect() as connection:
            connection.execution_options(**{WRITE: True})
            with connection.begin(), Session(bind=connection, expire_on_commit=False) as session:
                # Every writer takes the audit head first (PostgreSQL row lock; SQLite's
                # BEGIN IMMEDIATE already serializes): one order of locks, no deadlock, and
                # no two events ever claim the same place in the chain.
                session.execute(
                    select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()
                ).scalar_one()
                yield session
                session.flush()
                if BEFORE_COMMIT is not None:
                    BEFORE_COMMIT()
                head = session.get(AuditHeadRow, 1)
                newest = (head.seq, head.hash) if head is not None else None
        if newest is not None:
            seen.remember(self.url, *newest)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self._engine) as session:
            yield session

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
        at = _now().isoformat(timespec="microseconds")
        text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
        digest = audit.event_hash(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            plan_id=plan_id,
            version=version,
            detail=text,
            prev_hash=head.hash,
        )
        session.add(
            AuditRow(
                seq=seq,
                at=at,
                actor=actor,
                action=action,
                plan_id=plan_id,
                version=version,
                detail=text,
                prev_hash=head.hash,
                hash=digest,
            )
        )
        head.seq = seq
        head.hash = digest
        # Support log: the event's kind, plan and actor only; its detail may name the patient.
        logging.getLogger("txdose.store").info(
            "audit %s: %s plan=%s version=%s by=%s", seq, action, plan_id, version, actor
        )

    # ------------------------------------------------------------ reading

    def _record(self, session: Session, plan: PlanRow, row: VersionRow) -> VersionRecord:
        patient = session.get(PatientRow, plan.patient_id)
        assert patient is not None
        return VersionRecord(
            plan_id=row.plan_id,
            version=row.version,
            status=row.status,
            plan_input=PlanInput.model_validate_json(row.input_json),
            protocol_id=row.protocol_id,
            protocol_version=row.protocol_version,
            arm=row.arm,
            content_hash=row.content_hash,
            mrn=patient.mrn,
            patient_name=patient.name,
            created_at=_utc(row.created_at),
            created_by=row.created_by,
            created_initials=row.created_initials,
            note=row.note,
            verified_at=_utc(row.verified_at) if row.verified_at else None,
            verified_by=row.verified_by,
            verified_initials=row.verified_initials,
            closed_at=_utc(row.closed_at) if row.closed_at else None,
            closed_by=row.closed_by,
            close_reason=row.close_reason,
        )

    def _plan(self, session: Session, plan_id: str) -> PlanRow:
        plan = session.get(PlanRow, normalize_plan_id(plan_id))
        if plan is None:
            raise NotFoundError(f"there is no saved plan '{plan_id}' in {self.url}")
        return plan

    def _version(self, session: Session, plan: PlanRow, version: int | None) -> VersionRow:
        number = plan.current_version if version is None else version
        row = session.execute(
            select(VersionRow).where(VersionRow.plan_id == plan.id, VersionRow.version == number)
        ).scalar_one_or_none()
        if row is None:
            raise NotFoundError(
                f"plan {plan.id} has no version {number} (versions 1–{plan.current_version})"
            )
        return row

    def get(self, plan_id: str, version: int | None = None) -> VersionRecord:
        """A saved version (the current one if ``version`` is None), refused
        (``TamperedError``) when it disagrees with the audit events that made it."""
        with self._read() as session:
            plan = self._plan(session, plan_id)
            record = self._record(session, plan, self._version(session, plan, version))
        problems = integrity.version_problems(record, self.audit_events(record.plan_id))
        if problems:
            raise TamperedError(
                f"plan {record.plan_id} version {record.version} is not shown or printed: "
                + "; ".join(problems),
                problems,
            )
        return record

    def history(self, plan_id: str) -> list[VersionRecord]:
        """Every version of a plan, oldest first."""
        with self._read() as session:
            plan = self._plan(session, plan_id)
            rows = session.execute(
                select(VersionRow).where(VersionRow.plan_id == plan.id).order_by(VersionRow.version)
            ).scalars()
            return [self._record(session, plan, row) for row in rows]

    def list_plans(
        self,
        *,
        mrn_prefix: str | None = None,
        status: str | None = None,
        search: str | None = None,
        limit: int | None = 1000,
    ) -> list[PlanSummary]:
        """Plans, most recently changed first. ``search`` matches an MRN prefix or any part
        of the patient's name (case-insensitive)."""
        if status is not None and status not in STATUSES:
            raise InputError("status", f"'{status}' is not one of: {', '.join(STATUSES)}")
        query = select(PlanRow, PatientRow).join(PatientRow, PatientRow.id == PlanRow.patient_id)
        if mrn_prefix:
            query = query.where(PatientRow.mrn.startswith(mrn_prefix.strip(), autoescape=True))
        if search and search.strip():
            needle = search.strip()
            query = query.where(
                or_(
                    PatientRow.mrn.startswith(needle, autoescape=True),
                    PatientRow.name_folded.contains(_fold(needle), autoescape=True),
                )
            )
        if status:
            query = query.where(PlanRow.status == status)
        query = query.order_by(PlanRow.updated_at.desc(), PlanRow.id)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as session:
            return [
                PlanSummary(
                    plan_id=plan.id,
                    mrn=patient.mrn,
                    patient_name=patient.name,
                    protocol_id=plan.protocol_id,
                    version=plan.current_version,
                    status=plan.status,
                    updated_at=_utc(plan.updated_at),
                    updated_by=plan.updated_by,
                )
                for plan, patient in session.execute(query).all()
            ]

    def count_plans(self) -> int:
        with self._read() as session:
            return int(session.execute(select(func.count()).select_from(PlanRow)).scalar_one())

    def load(self, plan_id: str, version: int | None = None) -> tuple[VersionRecord, ComputedPlan]:
        """A saved version and its plan recomputed from the saved inputs.

        Refuses (``ProtocolChangedError``) when the recomputation does not reproduce the
        saved content hash: the protocol file changed since, and the saved doses can no
        longer be printed as saved.
        """
        record = self.get(plan_id, version)
        return record, recompute(record)

    # ------------------------------------------------------------ saving

    def _patient(self, session: Session, plan_input: PlanInput, user: str) -> PatientRow:
        entered = plan_input.patient
        mrn = entered.mrn.strip()
        if not mrn:
            raise InputError("mrn", "is required to save a plan: plans are filed by MRN")
        if len(mrn) > 64:
            raise InputError("mrn", "is too long: up to 64 characters")
        patient = session.execute(
            select(PatientRow).where(PatientRow.mrn == mrn)
        ).scalar_one_or_none()
        if patient is None:
            patient = PatientRow(
                mrn=mrn,
                name=" ".join(entered.name.split()),
                name_folded=_fold(entered.name),
                date_of_birth=entered.date_of_birth,
                created_at=_now(),
                created_by=user,
            )
            session.add(patient)
            session.flush()
            return patient
        # A second plan for an MRN must be the same person: a mistyped MRN would file this
        # plan, and print it, under someone else.
        if entered.name.strip() and patient.name and _fold(entered.name) != patient.name_folded:
            raise PatientMismatchError(
                f"MRN {mrn} is already saved for '{patient.name}', not '{entered.name.strip()}': "
                "check the MRN and the name"
            )
        if (
            entered.date_of_birth is not None
            and patient.date_of_birth is not None
            and entered.date_of_birth != patient.date_of_birth
        ):
            raise PatientMismatchError(
                f"MRN {mrn} is already saved with date of birth "
                f"{patient.date_of_birth.isoformat()}, not {entered.date_of_birth.isoformat()}: "
                "check the MRN and the date of birth"
            )
        if not patient.name and entered.name.strip():
            patient.name = " ".join(entered.name.split())
            patient.name_folded = _fold(entered.name)
        if patient.date_of_birth is None and entered.date_of_birth is not None:
            patient.date_of_birth = entered.date_of_birth
        return patient

    def _new_version(
        self,
        session: Session,
        plan_id: str,
        number: int,
        plan: ComputedPlan,
        user: str,
        initials: str | None,
        note: str,
        now: dt.datetime,
    ) -> None:
        session.add(
            VersionRow(
                plan_id=plan_id,
                version=number,
                status="draft",
                input_json=plan.input.model_dump_json(),
                protocol_id=plan.protocol_id,
                protocol_version=plan.protocol_version,
                arm=plan.arm,
                content_hash=plan_content_hash(plan),
                created_at=now,
                created_by=user,
                created_initials=initials,
                note=note,
            )
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
        the hash of exactly these inputs against the current protocol file."""
        plan = compute(plan_input)
        initials = _clean_initials(initials)
        now = _now()
        with self._write() as session:
            patient = self._patient(session, plan_input, user)
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
            self._new_version(session, plan_id, 1, plan, user, initials, note, now)
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
        """
        plan = compute(plan_input)
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
            patient = self._patient(session, plan_input, user)
            if patient.id != row.patient_id:
                raise PatientMismatchError(
                    f"plan {row.id} belongs to another MRN than {patient.mrn}: a plan cannot "
                    "move to another patient; start a new plan for this one"
                )
            before = PlanInput.model_validate_json(base.input_json)
            if before == plan_input:
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
            self._new_version(session, row.id, number, plan, user, initials, note, now)
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
        if not reason.strip():
            raise InputError("reason", "is required to cancel a plan")
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

    # ------------------------------------------------------------ verification

    def verify(
        self,
        plan_id: str,
        entry: BlindEntry,
        *,
        user: str,
        initials: str | None = None,
        version: int | None = None,
    ) -> VersionRecord:
        """Independent verification of the current version by a second user.

        Refused (and the refusal audited) when: the verifier prepared this version; the
        version is not the current draft; the saved doses no longer reproduce; a hard limit
        applies or a soft alert is unacknowledged; or the blind entries or the doses
        recomputed from them differ from the prepared plan (the error names each field).
        """
        initials = _clean_initials(initials)
        record = self.get(plan_id, version)
        pid, number = record.plan_id, record.version
        if record.status != "draft":
            raise PlanStateError(
                f"plan {pid} version {number} is {record.status}: only the current draft can "
                "be verified"
            )
        try:
            checked_user(user)
        except InputError as refused:
            self._refused(pid, number, user, str(refused), ["user"])
            raise
        if same_user(user, record.created_by):
            self._refused(pid, number, user, "same user", [])
            raise SameUserError(
                f"{user} prepared plan {pid} version {number} and cannot also verify it: "
                "a second pharmacist must verify"
            )
        prepared = recompute(record)
        if prepared.has_hard_alert:
            raise PlanStateError(
                f"plan {pid} version {number} cannot be verified while a hard limit applies: "
                + "; ".join(a.message for a in prepared.alerts if a.severity == "hard")
            )
        open_alerts = prepared.unacknowledged_soft_alerts
        if open_alerts:
            raise PlanStateError(
                f"plan {pid} version {number} cannot be verified with unacknowledged alerts: "
                + "; ".join(f"{a.code}: {a.message}" for a in open_alerts)
            )
        fields = entry_mismatches(record.plan_input, entry)
        doses: list[str] = []
        if "protocol" not in fields and "arm" not in fields:
            try:
                doses = dose_differences(prepared, compute(with_entry(record.plan_input, entry)))
            except DosingError as exc:
                fields.append(f"your entries cannot be computed ({exc})")
        if fields or doses:
            self._refused(pid, number, user, "mismatch", fields + doses, entry)
            parts = []
            if fields:
                verb = "does" if len(fields) == 1 else "do"
                parts.append(
                    f"the re-entered {', '.join(fields)} {verb} not match the prepared plan"
                )
            if doses:
                shown = "; ".join(doses[:4]) + (
                    f"; and {len(doses) - 4} more" if len(doses) > 4 else ""
                )
                parts.append(f"{len(doses)} recomputed values differ ({shown})")
            raise VerificationMismatch(
                f"verification of plan {pid} version {number} refused: "
                + "; ".join(parts)
                + ". Check the chart and the prepared plan with the preparer.",
                tuple(fields + doses),
            )
        now = _now()
        with self._write() as session:
            row = self._plan(session, pid)
            changed = cast(
                CursorResult[Any],
                session.execute(
                    update(PlanRow)
                    .where(
                        PlanRow.id == pid,
                        PlanRow.current_version == number,
                        PlanRow.status == "draft",
                    )
                    .values(status="verified", updated_at=now, updated_by=user)
                    .execution_options(synchronize_session=False)
                ),
            ).rowcount
            if changed != 1:
                session.refresh(row)
                current = self._version(session, row, None)
                raise ConflictError(
                    f"plan {pid} changed while you verified it (now version {current.version}, "
                    f"{current.status} by {current.created_by}): verify the current version",
                    mine=None,
                    theirs=self._record(session, row, current),
                )
            target = self._version(session, row, number)
            target.status = "verified"
            target.verified_at = now
            target.verified_by = user
            target.verified_initials = initials
            self._event(
                session,
                "verify",
                user,
                pid,
                number,
                initials=initials,
                content_hash=record.content_hash,
            )
            session.flush()
            session.refresh(row)
            return self._record(session, row, target)

    def _refused(
        self,
        plan_id: str,
        version: int,
        user: str,
        reason: str,
        fields: list[str],
        entry: BlindEntry | None = None,
    ) -> None:
        with self._write() as session:
            self._event(
                session,
                "verify-refused",
                user,
                plan_id,
                version,
                reason=reason,
                fields=fields,
                entered=entry.model_dump(mode="json") if entry is not None else None,
            )

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

    def audit_events(self, plan_id: str | None = None) -> list[AuditEvent]:
        query = select(AuditRow).order_by(AuditRow.seq)
        if plan_id is not None:
            query = query.where(AuditRow.plan_id == normalize_plan_id(plan_id))
        with self._read() as session:
            return [
                AuditEvent(
                    seq=r.seq,
                    at=r.at,
                    actor=r.actor,
                    action=r.action,
                    plan_id=r.plan_id,
                    version=r.version,
                    detail=r.detail,
                    prev_hash=r.prev_hash,
                    hash=r.hash,
                )
                for r in session.execute(query).scalars()
            ]

    def verify_audit(self) -> AuditReport:
        """Walk the whole chain; each problem names the event where the chain breaks."""
        with self._read() as session:
            head = session.get(AuditHeadRow, 1)
            head_seq, head_hash = (head.seq, head.hash) if head else (0, audit.GENESIS)
        events = self.audit_events()
        problems = audit.check_chain(events, head_seq, head_hash)
        problems += seen.seen_problems(self.url, {e.seq: e.hash for e in events}, head_seq)
        if not problems:
            seen.remember(self.url, head_seq, head_hash)
        return AuditReport(events=len(events), problems=problems)


def recompute(record: VersionRecord) -> ComputedPlan:
    """The plan of a saved version, recomputed; refused if it no longer matches its hash."""
    plan = compute(record.plan_input)
    now_hash = plan_content_hash(plan)
    if now_hash != record.content_hash:
        raise ProtocolChangedError(
            f"plan {record.plan_id} version {record.version} was saved against "
            f"{record.protocol_id} v{record.protocol_version} (content {record.content_hash}); "
            f"recomputed today against {plan.protocol_id} v{plan.protocol_version} it gives "
            f"different content ({now_hash}): the protocol file changed since. It is not "
            "printed as saved: open it, review the doses, save and verify a new version"
        )
    return plan


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
