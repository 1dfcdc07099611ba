"""Independent verification, and the sightings that make it not blind (issue 15).

``Store`` (service.py) inherits this: ``show`` (a version read by a person, a draft's values
shown to anyone but its preparer recorded as "viewed"), ``adjustments_to_confirm`` (the blind
re-entry checked, and what is left to confirm) and ``verify``. Every refusal is an audit event
("verify-refused" with its reason) before the error reaches the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from app.services import compute
from app.store.compare import dose_differences, entry_mismatches, with_entry
from app.store.errors import (
    ConflictError,
    NotBlindError,
    PlanStateError,
    ProtocolChangedError,
    SameUserError,
    StoreError,
    UnconfirmedError,
    VerificationMismatch,
)
from app.store.identity import checked_user, same_user
from app.store.reading import StoreReader, _clean_initials, _now, recompute
from app.store.records import BlindEntry, VersionRecord
from app.store.schema import PlanRow, VersionRow
from app.store.verification import (
    Adjustment,
    adjustments,
    confirmation_problems,
    describe_required,
    is_sighting,
    sighting,
)
from dosing.errors import DosingError, InputError
from dosing.models import PlanInput


def last_verified_weight(session: Session, plan_id: str) -> Decimal | None:
    """The weight of the plan's newest version that was verified (superseded since or not):
    a new version's reference weight, so a change of 10% or more since what a second
    pharmacist last checked raises ``weight-changed`` without anyone asking for it."""
    row = session.execute(
        select(VersionRow)
        .where(VersionRow.plan_id == plan_id, VersionRow.verified_at.is_not(None))
        .order_by(VersionRow.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return None
    return PlanInput.model_validate_json(row.input_json).patient.weight_kg


def with_reference_weight(plan_input: PlanInput, reference: Decimal | None) -> PlanInput:
    """``plan_input`` with ``reference`` as its reference weight (unchanged if None)."""
    if reference is None or plan_input.options.reference_weight_kg == reference:
        return plan_input
    options = plan_input.options.model_copy(update={"reference_weight_kg": reference})
    return plan_input.model_copy(update={"options": options})


class VerifyingStore(StoreReader):
    """The verification half of ``Store``; the transaction and the audit append are
    ``Store``'s own (``_write``, ``_event``)."""

    if TYPE_CHECKING:

        def _write(self) -> AbstractContextManager[Session]: ...

        def _event(
            self,
            session: Session,
            action: str,
            actor: str,
            plan_id: str | None = None,
            version: int | None = None,
            **detail: Any,
        ) -> None: ...

    # ------------------------------------------------------------ the last verified version

    def reference_weight(self, plan_id: str) -> Decimal | None:
        """The weight of the plan's last verified version (None: never verified): what a
        new version of it is compared with (``save_version`` sets it)."""
        with self._read() as session:
            return last_verified_weight(session, self._plan(session, plan_id).id)

    # ------------------------------------------------------------ sightings

    def show(
        self, plan_id: str, version: int | None = None, *, user: str, via: str
    ) -> VersionRecord:
        """A saved version for ``user`` to read (``plans show``, Open). While the plan's
        current version is a draft, showing any version of it to anyone but that draft's
        preparer is first recorded as "viewed": that person has seen the values (an older
        version's weight is, most often, the draft's) and can no longer verify it blind."""
        record = self.get(plan_id, version)
        if self.is_sighting(record, user):
            with self._write() as session:
                self._event(
                    session,
                    "viewed",
                    user,
                    record.plan_id,
                    record.version,
                    via=via,
                    content_hash=record.content_hash,
                )
        return record

    def is_sighting(self, record: VersionRecord, user: str) -> bool:
        """Whether showing ``record`` to ``user`` shows a draft's values to someone who might
        verify it: the plan's current version is a draft that ``user`` did not prepare."""
        current = record if record.status == "draft" else self.history(record.plan_id)[-1]
        return is_sighting(current.status, user, current.created_by)

    # ------------------------------------------------------------ verification

    def adjustments_to_confirm(
        self, plan_id: str, entry: BlindEntry, *, user: str, version: int | None = None
    ) -> tuple[VersionRecord, list[Adjustment]]:
        """Check everything ``verify`` checks before the confirmations (each refusal
        audited and raised, as there); return the version and the adjustments its
        verifier must confirm one by one. Nothing is verified."""
        record, required = self._checked(plan_id, entry, user, version)
        return record, required

    def verify(
        self,
        plan_id: str,
        entry: BlindEntry,
        *,
        user: str,
        initials: str | None = None,
        version: int | None = None,
        confirmed: Sequence[str] = (),
    ) -> VersionRecord:
        """Independent verification of the current version by a second user.

        Refused (and the refusal audited) when: the verifier prepared this version, or has
        seen its values (``show``, a printed or exported draft); the version is not the
        current draft; the saved doses no longer reproduce; a hard limit applies or a soft
        alert is unacknowledged; the blind entries or the doses recomputed from them differ
        from the prepared plan (the error names each field); or ``confirmed`` does not name
        each adjustment of the plan exactly once (``UnconfirmedError`` lists them). Each
        confirmation, with what it confirmed, is in the verify event.
        """
        initials = _clean_initials(initials)
        record, required = self._checked(plan_id, entry, user, version)
        pid, number = record.plan_id, record.version
        problems = confirmation_problems(required, confirmed)
        if problems:
            self._refused(pid, number, user, "unconfirmed", problems, entry)
            raise UnconfirmedError(
                f"verification of plan {pid} version {number} refused: the re-entered values "
                f"match, but each adjustment must be confirmed once ({'; '.join(problems)}). "
                f"The adjustments: {describe_required(required)}",
                tuple((a.key, a.what) for a in required),
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
                confirmed=[{"key": a.key, "what": a.what} for a in required],
            )
            session.flush()
            session.refresh(row)
            return self._record(session, row, target)

    def _checked(
        self, plan_id: str, entry: BlindEntry, user: str, version: int | None
    ) -> tuple[VersionRecord, list[Adjustment]]:
        """Every check before the confirmations, in the order a person can act on them."""
        record = self.get(plan_id, version)
        pid, number = record.plan_id, record.version
        if record.status != "draft":
            self._refuse(
                record,
                user,
                "not the current draft",
                PlanStateError(
                    f"plan {pid} version {number} is {record.status}: only the current draft "
                    "can be verified"
                ),
            )
        try:
            checked_user(user)
        except InputError as refused:
            self._refuse(record, user, str(refused), refused, ["user"])
        if same_user(user, record.created_by):
            self._refuse(
                record,
                user,
                "same user",
                SameUserError(
                    f"{user} prepared plan {pid} version {number} and cannot also verify it: "
                    "a second pharmacist must verify"
                ),
            )
        seen = sighting(self.audit_events(pid), user)
        if seen is not None:
            how = {"viewed": "viewed", "print": "printed", "export": "exported"}[seen.action]
            self._refuse(
                record,
                user,
                "viewed",
                NotBlindError(
                    f"{user} {how} plan {pid} (version {seen.version}, audit event {seen.seq}) "
                    "while it was a draft, and so cannot verify it blind: a pharmacist who has "
                    "not seen its values must verify (from File → Verify… or the plan list, "
                    "without opening it)"
                ),
            )
        try:
            prepared = recompute(record)
        except ProtocolChangedError as exc:
            self._refuse(record, user, "protocol changed", exc)
        if prepared.has_hard_alert:
            self._refuse(
                record,
                user,
                "hard limit",
                PlanStateError(
                    f"plan {pid} version {number} cannot be verified while a hard limit applies: "
                    + "; ".join(a.message for a in prepared.alerts if a.severity == "hard")
                ),
                [a.code for a in prepared.alerts if a.severity == "hard"],
            )
        open_alerts = prepared.unacknowledged_soft_alerts
        if open_alerts:
            self._refuse(
                record,
                user,
                "unacknowledged alert",
                PlanStateError(
                    f"plan {pid} version {number} cannot be verified with unacknowledged "
                    "alerts: " + "; ".join(f"{a.code}: {a.message}" for a in open_alerts)
                ),
                [a.code for a in open_alerts],
            )
        fields = entry_mismatches(record.plan_input, entry)
        doses: list[str] = []
        if "protocol" not in fields and "arm" not in fields:
            try:
                doses = dose_differences(prepared, compute(with_entry(record.plan_input, entry)))
            except DosingError as exc:
                fields.append(f"your entries cannot be computed ({exc})")
        if fields or doses:
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
            self._refuse(
                record,
                user,
                "mismatch",
                VerificationMismatch(
                    f"verification of plan {pid} version {number} refused: "
                    + "; ".join(parts)
                    + ". Check the chart and the prepared plan with the preparer.",
                    tuple(fields + doses),
                ),
                fields + doses,
                entry,
            )
        return record, adjustments(prepared)

    def _refuse(
        self,
        record: VersionRecord,
        user: str,
        reason: str,
        error: StoreError | InputError,
        fields: list[str] | None = None,
        entry: BlindEntry | None = None,
    ) -> NoReturn:
        """Audit the refusal, then raise it: a refusal nobody can find later did not happen."""
        self._refused(record.plan_id, record.version, user, reason, fields or [], entry)
        raise error

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
