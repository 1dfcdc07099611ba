"""Saved plans (issue 5, DESIGN §8): versions, independent verification, an audit trail.

Importing this package is cheap: SQLAlchemy and Alembic load only when a database is
opened (``open_store``), never on the window's start-up path or a plain ``txdose plan``.

    store = open_store(default_url())          # or a ward's postgresql+psycopg://… URL
    saved = store.save_new(plan_input, user=current_user())
    record, plan = store.load(saved.plan_id)   # recomputed; refused if the protocol changed
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store.autosave import Autosave, autosave, clear_autosave, pending_autosave
from app.store.errors import (
    ConflictError,
    NotFoundError,
    PatientMismatchError,
    PlanStateError,
    ProtocolChangedError,
    SameUserError,
    SchemaError,
    StoreError,
    VerificationError,
    VerificationMismatch,
)
from app.store.identity import current_user, data_dir, default_url
from app.store.records import (
    STATUSES,
    AuditEvent,
    AuditReport,
    BlindEntry,
    PlanSummary,
    SavedVersion,
    VersionRecord,
)

if TYPE_CHECKING:
    from app.store.service import Store

__all__ = [
    "STATUSES",
    "AuditEvent",
    "AuditReport",
    "Autosave",
    "BlindEntry",
    "ConflictError",
    "NotFoundError",
    "PatientMismatchError",
    "PlanStateError",
    "PlanSummary",
    "ProtocolChangedError",
    "SameUserError",
    "SavedVersion",
    "SchemaError",
    "Store",
    "StoreError",
    "VerificationError",
    "VerificationMismatch",
    "VersionRecord",
    "autosave",
    "clear_autosave",
    "current_user",
    "data_dir",
    "default_url",
    "open_store",
    "pending_autosave",
]


def open_store(url: str | None = None) -> Store:
    """Open the database at ``url`` (default: ``default_url()``), migrating it if needed."""
    from app.store.service import open_store as _open

    return _open(url or default_url())


def __getattr__(name: str) -> object:
    if name == "Store":
        from app.store.service import Store

        return Store
    raise AttributeError(name)
