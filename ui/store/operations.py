"""Store work the window does off its UI thread, as small functions (each imports the
database layer on first use, so the window's first paint pays none of it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services import PlanMeta
    from app.store.records import VersionRecord
    from app.store.recovery import Autosave
    from app.store.service import Store
    from dosing.models import PlanInput

AUTOSAVE_INTERVAL_MS = 30_000


def autosave(plan_input: PlanInput, **where: Any) -> None:
    """Keep the plan being edited where a crash cannot lose it."""
    from app.store.recovery import autosave as write

    write(plan_input, **where)


def clear_autosave(*, user: str) -> None:
    """Forget the crash draft (saved, restored or declined)."""
    from app.store.recovery import clear_autosave as clear

    clear(user=user)


def save_plan(
    store: Store, plan_input: PlanInput, *, plan_id: str | None, base: int | None, user: str
) -> tuple[bool, VersionRecord]:
    """Save a new plan, or a new version on top of ``base``: (created?, the saved version).
    Nothing is created when the inputs equal the base version's."""
    if plan_id is None or base is None:
        saved = store.save_new(plan_input, user=user)
    else:
        saved = store.save_version(plan_id, plan_input, base_version=base, user=user)
    return saved.created, store.get(saved.plan_id, saved.version)


def unsaved_draft_meta(plan_id: str | None) -> PlanMeta:
    """The sheet facts of inputs on screen that are not a saved version of ``plan_id``."""
    from app.services import PlanMeta

    return PlanMeta(plan_id=plan_id, status="draft", printed_at=dt.datetime.now().astimezone())


def restore_question(pending: Autosave) -> str:
    """After a crash: which edit was kept, for whom and when, and whether to restore it."""
    from app.store.history import local_time
    from ui.i18n import translate

    patient = pending.plan_input.patient
    who = patient.name or translate("StoreActions", "a patient")
    if patient.mrn:
        who = translate("StoreActions", "{name} (MRN {mrn})").format(name=who, mrn=patient.mrn)
    where = (
        translate("StoreActions", "plan {plan_id} (from version {version})").format(
            plan_id=pending.plan_id, version=pending.base_version
        )
        if pending.plan_id
        else translate("StoreActions", "a new plan")
    )
    text = translate(
        "StoreActions",
        "txdose closed before an edit was saved: {where} for {who}, last kept at {time}.",
    )
    return (
        text.format(where=where, who=who, time=local_time(pending.saved_at))
        + " "
        + translate("StoreActions", "Restore it?")
    )


def verified_text(record: VersionRecord) -> str:
    """What the verifier is told once the store has accepted the verification."""
    from ui.i18n import translate

    text = translate(
        "StoreActions",
        "Plan {plan_id} version {version} is verified by {verified_by}; prepared by {prepared_by}.",
    )
    return text.format(
        plan_id=record.plan_id,
        version=record.version,
        verified_by=record.verified_by_signed,
        prepared_by=record.prepared_by,
    )
