"""Store work the window does off its UI thread, as small functions (each imports the
database layer on first use, so the window's first paint pays none of it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services import PlanMeta
    from app.store.records import VersionRecord
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
