"""A saved plan's versions as the history dialog shows them: each with what changed from the
version before it (inputs, then doses). No Qt here: the window and any future command share it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.records import VersionRecord
    from app.store.service import Store
    from dosing.models import ComputedPlan


def local_time(value: dt.datetime) -> str:
    """A stored (UTC) time as the workstation's local time, to the minute."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class HistoryEntry:
    label: str  # "v2 · verified · alice 2026-11-22 02:31 · verified by bob (BB)"
    changes: str  # what changed from the version before, one line each
    # the measurements of this version, for the versions side by side: "60 kg", "165 cm",
    # "1.66 m²" (BSA "—" when the version can no longer be recomputed)
    version: int = 0
    status: str = ""
    weight: str = ""
    height: str = ""
    bsa: str = ""


def figures(record: VersionRecord, plan: ComputedPlan | None) -> tuple[str, str, str]:
    """A version's weight, height and BSA as shown side by side with the others."""
    from dosing.display import format_number

    patient = record.plan_input.patient
    bsa = f"{format_number(plan.anthropometrics.bsa_m2)} m²" if plan is not None else "—"
    return f"{format_number(patient.weight_kg)} kg", f"{format_number(patient.height_cm)} cm", bsa


def history_entries(store: Store, plan_id: str) -> list[HistoryEntry]:
    """Each version with what changed from the one before it: inputs, then doses."""
    from app.store.diff import diff_versions
    from app.store.errors import ProtocolChangedError
    from app.store.reading import recompute

    versions = store.history(plan_id)
    plans: list[ComputedPlan | None] = []
    for record in versions:
        try:
            plans.append(recompute(record))
        except ProtocolChangedError:
            plans.append(None)
    entries = []
    for index, record in enumerate(versions):
        label = (
            f"v{record.version} · {record.status} · {record.prepared_by} "
            f"{local_time(record.created_at)}"
        )
        if record.verified_by_signed and record.verified_at is not None:
            label += f" · verified by {record.verified_by_signed} {local_time(record.verified_at)}"
        if index == 0:
            lines = [
                f"Version 1: created by {record.prepared_by} at {local_time(record.created_at)}."
            ]
        else:
            previous = versions[index - 1]
            changes = diff_versions(
                previous.plan_input, record.plan_input, plans[index - 1], plans[index]
            )
            lines = [f"Changes from version {previous.version} to {record.version}:"]
            lines += [f"  {change}" for change in changes] or ["  (none)"]
        if plans[index] is None:
            lines.append(
                "The protocol file has changed since this version was saved: its "
                "doses can no longer be reproduced."
            )
        if record.note:
            lines.append(f"Note: {record.note}")
        if record.close_reason:
            lines.append(
                f"{record.status.capitalize()}: {record.close_reason} ({record.closed_by})"
            )
        weight, height, bsa = figures(record, plans[index])
        lines.append(f"This version: weight {weight} · height {height} · BSA {bsa}")
        entries.append(
            HistoryEntry(
                label, "\n".join(lines), record.version, record.status, weight, height, bsa
            )
        )
    return entries
