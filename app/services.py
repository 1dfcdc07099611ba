"""The one entry point the GUI, the CLI, the sheets and the store use to compute a plan.

No dose logic lives here: it asks the engine and adds what belongs to the application
(which protocol files exist, a content hash for printed pages).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.models import ComputedPlan, PlanInput
from dosing.protocol import Protocol


def compute(plan_input: PlanInput, protocol: Protocol | None = None) -> ComputedPlan:
    """Compute ``plan_input`` against its shipped protocol (``DosingError`` on refusal).

    ``protocol``: the one already loaded for it (the window's), so a keystroke does not look
    for the protocol's file again; ignored unless it is the plan's own protocol."""
    if protocol is None or protocol.id != plan_input.protocol_id:
        protocol = get_protocol(plan_input.protocol_id)
    return compute_plan(protocol, plan_input)


def plan_content_hash(plan: ComputedPlan) -> str:
    """A short hash of everything a sheet prints, so two printouts can be compared.

    Canonical: the same values give the same hash however they were typed (``5`` or ``5.0``)
    and in whatever order choices were entered, so a plan saved from the CLI and reopened in
    the window is recognised as the same plan. Acknowledgements are left out: they do not
    change a dose. Nor are alerts' ``params``: they restate the message (the hash of a plan
    saved before they existed stays the same).
    """
    content = to_jsonable(
        plan.model_dump(exclude={"input": {"acknowledgements"}, "alerts": {"__all__": {"params"}}}),
        canonical=True,
    )
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


class PlanMeta(BaseModel):
    """What a printed page says about the plan besides its doses."""

    plan_id: str | None = None  # None until saved
    version: int | None = None
    status: str = "draft"  # draft | verified | superseded | cancelled
    content_hash: str = ""
    prepared_by: str | None = None
    verified_by: str | None = None
    printed_at: dt.datetime
    paper: str = "A4"  # A4 | Letter
    language: str = "en"  # en | zh_CN | bilingual (app.sheets._language.LANGUAGES)
    # events in the audit log when the saved plan was loaded: part of the page's check code
    audit_position: int | None = None

    @property
    def verified(self) -> bool:
        return self.status == "verified"


def to_jsonable(value: Any, canonical: bool = False) -> Any:
    """Decimals as plain strings (never exponent form), enums as their values, dates ISO.

    ``canonical`` also drops trailing zeros, so equal values give equal text (``5`` = ``5.0``)
    for the content hash.
    """
    if isinstance(value, Decimal):
        if canonical:
            return format(value.normalize(), "f") if value else "0"
        return format(value, "f")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, canonical) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v, canonical) for v in value]
    return value


def dumps(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)
