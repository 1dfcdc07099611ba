"""A saved plan's versions as the history dialog shows them: each with what changed from the
version before it (inputs, then doses). No Qt here: the window and any future command share it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.service import Store
    from dosing.models import ComputedPlan


def local_time(value: dt.datetime) -> str:
    """A stored (UTC) time as the workstation's local time, to the minute."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class HistoryEntry:
    label: str  # "v2 · verified · alice 2026-11-22 02:31 · verified by bob (BB)"
    changes: str  # what changed from the version before, one line each


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
        entries.append(HistoryEntry(label, "\n".join(lines)))
    return entries
