"""Saved plans (issue 5, DESIGN §8): versions, independent verification, an audit trail.

Importing this package costs nothing: every name below loads on first use (PEP 562), so the
window's start-up path pays neither pydantic nor SQLAlchemy for it; SQLAlchemy and Alembic
load only when a database is opened (``open_store``).

    store = open_store(default_url())          # or a ward's postgresql+psycopg://… URL
    saved = store.save_new(plan_input, user=current_user())
    record, plan = store.load(saved.plan_id)   # recomputed; refused if the protocol changed
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.errors import (
        ConflictError,
        NotBlindError,
        NotFoundError,
        PatientMismatchError,
        PlanStateError,
        ProtocolChangedError,
        SameUserError,
        SchemaError,
        StoreError,
        TamperedError,
        UnconfirmedError,
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
    from app.store.recovery import Autosave, autosave, clear_autosave, pending_autosave
    from app.store.service import Store

_WHERE = {
    "app.store.recovery": ("Autosave", "autosave", "clear_autosave", "pending_autosave"),
    "app.store.errors": (
        "ConflictError",
        "NotBlindError",
        "NotFoundError",
        "PatientMismatchError",
        "PlanStateError",
        "ProtocolChangedError",
        "SameUserError",
        "SchemaError",
        "StoreError",
        "TamperedError",
        "UnconfirmedError",
        "VerificationError",
        "VerificationMismatch",
    ),
    "app.store.identity": ("current_user", "data_dir", "default_url"),
    "app.store.records": (
        "STATUSES",
        "AuditEvent",
        "AuditReport",
        "BlindEntry",
        "PlanSummary",
        "SavedVersion",
        "VersionRecord",
    ),
    "app.store.service": ("Store",),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [
    "STATUSES",
    "AuditEvent",
    "AuditReport",
    "Autosave",
    "BlindEntry",
    "ConflictError",
    "NotBlindError",
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
    "TamperedError",
    "UnconfirmedError",
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
    from app.store.identity import default_url
    from app.store.service import open_store as _open

    return _open(url or default_url())


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'app.store' has no attribute {name!r}")
    return getattr(import_module(module), name)
