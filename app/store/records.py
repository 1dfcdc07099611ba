"""What the store hands back: plain frozen pydantic records, no database objects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from dosing.models import PlanInput

if TYPE_CHECKING:
    from app.services import PlanMeta

Status = Literal["draft", "verified", "superseded", "cancelled"]
STATUSES: tuple[Status, ...] = ("draft", "verified", "superseded", "cancelled")

_RECORD = ConfigDict(frozen=True)


class SavedVersion(BaseModel):
    model_config = _RECORD
    plan_id: str
    version: int
    created: bool  # False when the edit changed nothing and no version was made


class VersionRecord(BaseModel):
    """One saved version of a plan, with who did what and when."""

    model_config = _RECORD
    plan_id: str
    version: int
    status: Status
    plan_input: PlanInput
    protocol_id: str
    protocol_version: str
    arm: str | None
    content_hash: str
    mrn: str
    patient_name: str
    created_at: dt.datetime
    created_by: str
    created_initials: str | None
    note: str
    verified_at: dt.datetime | None
    verified_by: str | None
    verified_initials: str | None
    closed_at: dt.datetime | None  # superseded or cancelled
    closed_by: str | None
    close_reason: str | None
    audit_position: int = 0  # events in the log when this was read (the sheets' check code)

    @property
    def prepared_by(self) -> str:
        return _signed(self.created_by, self.created_initials)

    @property
    def verified_by_signed(self) -> str | None:
        if self.verified_by is None:
            return None
        return _signed(self.verified_by, self.verified_initials)

    def sheet_meta(self) -> PlanMeta:
        """What a sheet printed now says about this saved version (id, status, hash, who)."""
        from app.services import PlanMeta

        return PlanMeta(
            plan_id=self.plan_id,
            version=self.version,
            status=self.status,
            content_hash=self.content_hash,
            prepared_by=self.prepared_by,
            verified_by=self.verified_by_signed,
            printed_at=dt.datetime.now().astimezone(),
            audit_position=self.audit_position,
        )


def _signed(user: str, initials: str | None) -> str:
    return f"{user} ({initials})" if initials else user


class PlanSummary(BaseModel):
    """One row of the plan list: the plan and its current version."""

    model_config = _RECORD
    plan_id: str
    mrn: str
    patient_name: str
    protocol_id: str
    version: int
    status: Status
    updated_at: dt.datetime
    updated_by: str


class BlindEntry(BaseModel):
    """What the verifier re-enters without seeing the preparer's values."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    weight_kg: Decimal
    height_cm: Decimal
    protocol_id: str
    arm: str | None = None


class AuditEvent(BaseModel):
    model_config = _RECORD
    seq: int
    at: str  # ISO 8601, UTC: stored as text so the hashed bytes survive every database
    actor: str
    action: str
    plan_id: str | None
    version: int | None
    detail: str  # JSON text, hashed as stored
    prev_hash: str
    hash: str
    mac: str | None = None  # the ward key's seal; None for events written before the key


class AuditReport(BaseModel):
    model_config = _RECORD
    events: int
    problems: tuple[str, ...]
    # what this check could not establish (a log without the ward key), said plainly
    limits: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems
