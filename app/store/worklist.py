"""The ward's worklist (issue 14): every saved plan by status, and what is due today.

A nurse starting a shift wants "who gets what today"; a pharmacist wants "what waits for my
verification". Both are read here, through ``StoreReader``, with the same checks as showing
or printing a plan:

- every listed version is checked against the audit events that made it
  (``integrity.version_problems``, what ``StoreReader.get`` refuses on); one that disagrees
  is listed with its problem and none of its doses;
- today's doses come only from VERIFIED plans, recomputed from their saved inputs and
  refused when the recomputation no longer gives the saved content (``recompute``);
- a draft row carries who prepared it, never its values: the person who verifies it must
  re-enter them blind.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

import app.store.integrity as integrity
from app.store.errors import ProtocolChangedError
from app.store.reading import StoreReader, recompute
from app.store.records import Status, VersionRecord
from dosing.models import Administration, ComputedPlan

_ROW = ConfigDict(frozen=True)


class WorklistPlan(BaseModel):
    """One version on the worklist: the current version of each plan, and the versions an
    edit superseded. Identity and state only; no dose of it."""

    model_config = _ROW
    plan_id: str
    version: int
    current: bool  # the plan's current version (a superseded one is not)
    status: Status
    mrn: str
    patient_name: str
    protocol_id: str
    arm: str | None
    prepared_by: str
    prepared_at: dt.datetime
    verified_by: str | None
    closed_reason: str | None  # "edited as version 3", a cancellation's reason
    problem: str | None  # why this version is not believed (tampering); None when it is


class DueDose(BaseModel):
    """One administration due on the worklist's day, from a verified plan."""

    model_config = _ROW
    plan_id: str
    version: int
    mrn: str
    patient_name: str
    item: str
    drug: str  # the drug in full, as printed
    dose: str  # the engine's display string, or why there is no dose
    route: str
    # Frequency and duration ("once daily · over 2 hours"). The protocol files carry no time
    # of day, so neither does the worklist: the ward gives at its own times.
    when: str
    day_label: str  # "day −5", "mobilization day 2"
    course_label: str | None  # "cycle 2 · dose 3"
    # When a count-driven item starts or stops ("start when WBC less than 1.0 × 10⁹/L, not
    # within 24 hours of cyclophosphamide"), as the protocol words it; None for a fixed day.
    start_rule: str | None = None


class Worklist(BaseModel):
    model_config = _ROW
    day: dt.date
    plans: tuple[WorklistPlan, ...]
    due: tuple[DueDose, ...]
    # Verified plans whose doses are not listed, each said in a sentence (protocol changed).
    problems: tuple[str, ...]


_NO_DOSE = {
    "dropped": "dropped",
    "choice-required": "a choice is required",
    "local-protocol": "per local protocol",
    "awaiting-yields": "the whole collected graft",
    "refused": "refused — see the plan's alerts",
}


def _when(admin: Administration) -> str:
    parts = [admin.frequency] if admin.frequency else []
    if admin.duration and admin.duration not in admin.frequency:
        parts.append(admin.duration)
    return " · ".join(parts)


def due_on(plan: ComputedPlan, record: VersionRecord, day: dt.date) -> list[DueDose]:
    """The administrations of ``plan`` dated ``day`` and not dropped, in schedule order."""
    due: list[DueDose] = []
    for admin in plan.administrations:
        if admin.date != day or admin.status == "dropped":
            continue
        dose = (
            admin.dose.display if admin.dose is not None else _NO_DOSE[admin.no_dose or "refused"]
        )
        due.append(
            DueDose(
                plan_id=record.plan_id,
                version=record.version,
                mrn=record.mrn,
                patient_name=record.patient_name,
                item=admin.item,
                drug=admin.name,
                dose=dose,
                route=admin.route,
                when=_when(admin),
                day_label=admin.day_label,
                course_label=admin.course_label,
                start_rule=admin.condition,
            )
        )
    return due


def _row(record: VersionRecord, current: bool, problem: str | None) -> WorklistPlan:
    return WorklistPlan(
        plan_id=record.plan_id,
        version=record.version,
        current=current,
        status=record.status,
        mrn=record.mrn,
        patient_name=record.patient_name,
        protocol_id=record.protocol_id,
        arm=record.arm,
        prepared_by=record.prepared_by,
        prepared_at=record.created_at,
        verified_by=record.verified_by_signed,
        closed_reason=record.close_reason,
        problem=problem,
    )


def read_worklist(
    reader: StoreReader, day: dt.date, *, search: str | None = None, limit: int | None = 500
) -> Worklist:
    """Plans (most recently changed first; each plan's current version, then the versions
    it superseded) and the doses due on ``day`` across the verified ones."""
    plans: list[WorklistPlan] = []
    due: list[DueDose] = []
    problems: list[str] = []
    for summary in reader.list_plans(search=search, limit=limit):
        versions = reader.history(summary.plan_id)
        events = reader.audit_events(summary.plan_id)
        for record in sorted(versions, key=lambda r: -r.version):
            current = record.version == summary.version
            if not current and record.status != "superseded":
                continue
            found = integrity.version_problems(record, events)
            problem = "; ".join(found) if found else None
            plans.append(_row(record, current, problem))
            if not current or record.status != "verified":
                continue
            if problem is not None:  # a nurse must know a plan's doses are missing, and why
                problems.append(problem)
                continue
            try:
                plan = recompute(record)
            except ProtocolChangedError as exc:
                problems.append(str(exc))
                continue
            due += due_on(plan, record, day)
    return Worklist(day=day, plans=tuple(plans), due=tuple(due), problems=tuple(problems))
