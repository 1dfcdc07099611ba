"""Reading the plan store: versions checked against their audit events before anyone sees
them, plan lists, the audit chain walked. ``Store`` (``service.py``) adds the writes."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

import app.store.audit as audit  # the module itself: app.store (the facade) is not a dependency
import app.store.integrity as integrity
import app.store.sealing as sealing
import app.store.seen as seen
import app.store.ward_key as ward_key
from app.services import compute, plan_content_hash
from app.store.errors import (
    NotFoundError,
    ProtocolChangedError,
    TamperedError,
)
from app.store.records import (
    STATUSES,
    AuditEvent,
    AuditReport,
    PlanSummary,
    VersionRecord,
)
from app.store.schema import (
    AuditHeadRow,
    AuditRow,
    PatientRow,
    PlanRow,
    VersionRow,
)
from dosing.errors import InputError
from dosing.models import ComputedPlan, PlanInput

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


class StoreReader:
    """One database, read side. Open with ``open_store(url)``; ``close()`` when done."""

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
    def _read(self) -> Iterator[Session]:
        with Session(self._engine) as session:
            yield session

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

    def _sealing(self, session: Session) -> sealing.Sealing:
        return sealing.read_sealing(session)

    def _checked_sealing(self, session: Session) -> sealing.Sealing:
        state = self._sealing(session)
        if state.problem is not None:
            raise ward_key.WardKeyError(state.problem)
        return state

    def get(self, plan_id: str, version: int | None = None) -> VersionRecord:
        """A saved version (the current one if ``version`` is None), refused
        (``TamperedError``) when it disagrees with the audit events that made it."""
        with self._read() as session:
            plan = self._plan(session, plan_id)
            record = self._record(session, plan, self._version(session, plan, version))
            lost = self._lost_events(session)
            head = session.get(AuditHeadRow, 1)
            record = record.model_copy(update={"audit_position": head.seq if head else 0})
            seals = self._checked_sealing(session)
        key = seals.key if seals.fingerprint is not None else None
        events = self.audit_events(record.plan_id)
        problems = integrity.version_problems(record, events, key, seals.keyed_from) + lost
        if seals.fingerprint is None and any(e.mac is not None for e in events):
            problems += (
                "its events carry seals of a ward key but the database records no key: the "
                "key's record was removed outside txdose",
            )
        if problems:
            raise TamperedError(
                f"plan {record.plan_id} version {record.version} is not shown or printed: "
                + "; ".join(problems),
                problems,
            )
        return record

    def _lost_events(self, session: Session) -> tuple[str, ...]:
        """Events gone from anywhere in the log (two cheap queries, not a walk of the chain):
        a deleted event may be the one that cancelled or acknowledged this plan."""
        head = session.get(AuditHeadRow, 1)
        head_seq = head.seq if head is not None else 0
        count, newest = session.execute(select(func.count(), func.max(AuditRow.seq))).one()
        problems = []
        if count != head_seq or (newest or 0) != head_seq:
            problems.append(
                f"the audit log holds {count} events where its end says {head_seq}: events "
                "were deleted outside txdose (`txdose audit verify` names them)"
            )
        known = seen.seen(self.url)
        if known is not None and head_seq < known[0]:
            problems.append(
                f"this workstation has seen event {known[0]}, but the log now ends at event "
                f"{head_seq}: events were deleted outside txdose"
            )
        return tuple(problems)

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
        # The status shown is the current version's, not the plan row's copy of it: the
        # version row's status moves only along txdose's paths (migration 0003's triggers),
        # while the plan row's draft → verified cannot be told from txdose's own change.
        query = (
            select(PlanRow, PatientRow, VersionRow.status)
            .join(PatientRow, PatientRow.id == PlanRow.patient_id)
            .join(
                VersionRow,
                (VersionRow.plan_id == PlanRow.id)
                & (VersionRow.version == PlanRow.current_version),
            )
        )
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
            query = query.where(VersionRow.status == status)
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
                    status=status_now,
                    updated_at=_utc(plan.updated_at),
                    updated_by=plan.updated_by,
                )
                for plan, patient, status_now in session.execute(query).all()
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

    # ------------------------------------------------------------ the audit chain

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
                    mac=r.mac,
                )
                for r in session.execute(query).scalars()
            ]

    def verify_audit(self) -> AuditReport:
        """Walk the whole chain; each problem names the event where the chain breaks."""
        with self._read() as session:
            head = session.get(AuditHeadRow, 1)
            head_seq, head_hash = (head.seq, head.hash) if head else (0, audit.GENESIS)
            seals = self._sealing(session)
        events = self.audit_events()
        problems = audit.check_chain(events, head_seq, head_hash)
        problems += seen.seen_problems(self.url, {e.seq: e.hash for e in events}, head_seq)
        found, limits = sealing.seal_report(seals, events)
        problems += found
        if not problems:
            seen.remember(self.url, head_seq, head_hash)
        return AuditReport(events=len(events), problems=problems, limits=limits)


def recompute(record: VersionRecord) -> ComputedPlan:
    """The plan of a saved version, recomputed; refused if it no longer matches its hash."""
    plan = compute(record.plan_input)
    now_hash = plan_content_hash(plan)
    if now_hash != record.content_hash:
        # Both versions named: the one the plan was saved (and perhaps verified) under, and
        # the one installed now; the same number twice means a file changed unversioned.
        same = record.protocol_version == plan.protocol_version
        raise ProtocolChangedError(
            f"plan {record.plan_id} version {record.version} was saved against "
            f"{record.protocol_id} v{record.protocol_version} (content {record.content_hash}); "
            f"recomputed today against the installed {plan.protocol_id} "
            f"v{plan.protocol_version} it gives different content ({now_hash}): the protocol "
            "file changed since"
            + (" without a new version number" if same else "")
            + ". It is not printed as saved: open it, review the doses, save and verify a new "
            "version"
        )
    return plan
