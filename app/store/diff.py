"""What changed between two versions, line by line: the inputs and the doses, flattened.

Doses are compared through the engine's own display strings, so the history shows exactly
what a sheet would print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from dosing.models import ComputedPlan, PlanInput


@dataclass(frozen=True)
class Change:
    kind: Literal["changed", "added", "removed"]
    key: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        if self.kind == "changed":
            return f"{self.key}: {self.old} → {self.new}"
        if self.kind == "added":
            return f"{self.key}: added {self.new}"
        return f"{self.key}: removed (was {self.old})"


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        if not value and prefix:
            return
        for key in sorted(value):
            _flatten(value[key], f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for index, element in enumerate(value, start=1):
            _flatten(element, f"{prefix}[{index}]", out)
    elif value is None or value == "":
        return
    else:
        out[prefix] = str(value).lower() if isinstance(value, bool) else str(value)


def flatten_input(plan_input: PlanInput) -> dict[str, str]:
    """``patient.weight_kg`` → ``60``; empty and unset fields are left out."""
    out: dict[str, str] = {}
    _flatten(plan_input.model_dump(mode="json"), "", out)
    return out


def flatten_doses(plan: ComputedPlan) -> dict[str, str]:
    """``dose Cyclophosphamide, day −5`` → ``2,400 mg``, plus BSA and course totals."""
    out: dict[str, str] = {
        "protocol": f"{plan.protocol_id} v{plan.protocol_version}"
        + (f", arm {plan.arm}" if plan.arm else ""),
        "BSA": f"{plan.anthropometrics.bsa_m2} m² ({plan.anthropometrics.bsa_formula.value})",
    }
    for admin in plan.administrations:
        key = f"dose {admin.name}, {admin.day_label}"
        if admin.date is not None:
            key += f" ({admin.date.isoformat()})"
        n = 2
        unique = key
        while unique in out:
            unique = f"{key} #{n}"
            n += 1
        if admin.status == "dropped":
            out[unique] = "dropped"
        elif admin.dose is not None:
            out[unique] = admin.dose.display
        else:
            out[unique] = "no dose (" + admin.status + ")"
    names = {item.item: item.name for item in plan.items}
    for total in plan.totals:
        out[f"course total {names.get(total.item, total.item)}"] = total.display
    for alert in plan.alerts:
        if alert.severity != "info":
            state = "acknowledged" if alert.acknowledged else "open"
            out[f"alert {alert.code}" + (f" ({alert.item})" if alert.item else "")] = (
                f"{alert.severity}, {state}"
            )
    return out


def diff(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """Keys in ``old``'s order, then keys only ``new`` has."""
    changes: list[Change] = []
    for key, value in old.items():
        if key not in new:
            changes.append(Change("removed", key, value, None))
        elif new[key] != value:
            changes.append(Change("changed", key, value, new[key]))
    changes += [Change("added", key, None, value) for key, value in new.items() if key not in old]
    return changes


def diff_versions(
    old_input: PlanInput,
    new_input: PlanInput,
    old_plan: ComputedPlan | None = None,
    new_plan: ComputedPlan | None = None,
) -> list[Change]:
    """Input changes first, then every dose, total or alert that moved because of them."""
    changes = diff(flatten_input(old_input), flatten_input(new_input))
    if old_plan is not None and new_plan is not None:
        changes += diff(flatten_doses(old_plan), flatten_doses(new_plan))
    return changes
