"""What the store refuses. ``str(exc)`` is a sentence for a pharmacist or a nurse.

No SQLAlchemy here: the GUI and the CLI catch these without importing the database layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.records import VersionRecord
    from dosing.models import PlanInput


class StoreError(Exception):
    """Anything the plan store refuses (the CLI exits 4 on these)."""


class NotFoundError(StoreError):
    """No such plan, or no such version of it."""


class ConflictError(StoreError):
    """Someone saved the plan after the version this edit started from.

    ``mine`` is the edit that was not saved, kept so it can be reapplied on top of
    ``theirs`` (the version now current); nothing was overwritten.
    """

    def __init__(self, message: str, *, mine: PlanInput | None, theirs: VersionRecord) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs


class PatientMismatchError(StoreError):
    """The MRN is already saved for a different patient (a mistyped MRN, most likely)."""


class PlanStateError(StoreError):
    """The action does not fit the plan's status (cancelled, already verified, superseded)."""


class ProtocolChangedError(StoreError):
    """Recomputing the saved inputs no longer gives the saved doses: the protocol file changed."""


class VerificationError(StoreError):
    """Verification refused; the version stays a draft."""


class SameUserError(VerificationError):
    """The preparer cannot verify their own plan."""


class VerificationMismatch(VerificationError):
    """The blind re-entry disagrees with the prepared plan; ``fields`` says where."""

    def __init__(self, message: str, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.fields = fields


class NotBlindError(VerificationError):
    """The verifier has seen the draft's values (shown, opened, printed): not a blind check."""


class UnconfirmedError(VerificationError):
    """The blind re-entry matched, but not every adjustment was confirmed (exactly once);
    ``required`` holds each adjustment's key and what it is."""

    def __init__(self, message: str, required: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message)
        self.required = required


class SchemaError(StoreError):
    """The database was made by a newer txdose, or cannot be migrated."""


class TamperedError(StoreError):
    """A saved version disagrees with the audit events that made it; ``problems`` says how."""

    def __init__(self, message: str, problems: tuple[str, ...]) -> None:
        super().__init__(message)
        self.problems = problems
