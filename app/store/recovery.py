"""Crash recovery for the window: the draft being edited, written atomically to a local file.

Kept beside the user's data, not in the (possibly shared) database: an autosave is this
workstation's unsaved work, not a version anyone else should see. Readable JSON validated
by pydantic on the way back.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from app.store.identity import current_user, data_dir
from dosing.models import PlanInput


class Autosave(BaseModel):
    model_config = ConfigDict(frozen=True)
    saved_at: dt.datetime
    user: str
    plan_id: str | None = None  # the saved plan the draft was opened from, if any
    base_version: int | None = None
    plan_input: PlanInput


def _path(directory: Path | None, user: str | None) -> Path:
    who = current_user(user)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in who) or "user"
    return (directory or data_dir() / "autosave") / f"{safe}.json"


def autosave(
    plan_input: PlanInput,
    *,
    plan_id: str | None = None,
    base_version: int | None = None,
    user: str | None = None,
    directory: Path | None = None,
) -> Path:
    """Write the draft; a crash mid-write leaves the previous autosave whole (rename is atomic)."""
    path = _path(directory, user)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = Autosave(
        saved_at=dt.datetime.now(dt.UTC),
        user=current_user(user),
        plan_id=plan_id,
        base_version=base_version,
        plan_input=plan_input,
    )
    fd, tmp = tempfile.mkstemp(prefix=".autosave-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(record.model_dump_json(indent=2))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def pending_autosave(*, user: str | None = None, directory: Path | None = None) -> Autosave | None:
    """The draft left by a session that ended without saving it, or None.

    An unreadable file (a different version of txdose, a damaged disk) is not offered back
    as if it were the draft: it is ignored rather than half-restored.
    """
    path = _path(directory, user)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        return Autosave.model_validate_json(text)
    except ValidationError:
        return None


def clear_autosave(*, user: str | None = None, directory: Path | None = None) -> None:
    _path(directory, user).unlink(missing_ok=True)
