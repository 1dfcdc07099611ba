"""The rows a save writes: the patient a plan is filed under, and a new draft version."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services import plan_content_hash
from app.store.errors import PatientMismatchError
from app.store.reading import _fold, _now
from app.store.schema import PatientRow, VersionRow
from dosing.errors import InputError
from dosing.models import ComputedPlan, PlanInput


def file_patient(session: Session, plan_input: PlanInput, user: str) -> PatientRow:
    """The patient a plan is filed under: found by MRN (and checked to be the same person)
    or created."""
    entered = plan_input.patient
    mrn = entered.mrn.strip()
    if not mrn:
        raise InputError("mrn", "is required to save a plan: plans are filed by MRN")
    if len(mrn) > 64:
        raise InputError("mrn", "is too long: up to 64 characters")
    patient = session.execute(select(PatientRow).where(PatientRow.mrn == mrn)).scalar_one_or_none()
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


def add_version(
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
