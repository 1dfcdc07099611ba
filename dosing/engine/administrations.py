"""Each administration of one item: its protocol days (or the days counts allow), each with
its date, dose, volume and status — scheduled, dropped, or waiting on counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dosing.codes import AlertCode
from dosing.engine.compiled import ItemPlan
from dosing.engine.conditions import Days, resolve_days
from dosing.engine.context import Context
from dosing.engine.dose import ItemDose
from dosing.engine.presentations import volume_and_rate
from dosing.engine.schedule import LAST, date_of, day_label
from dosing.models import Administration, NoDose
from dosing.models import Dose as DoseModel
from dosing.protocol import Item

_Row = tuple[int | None, str, str | None, DoseModel | None, str | None]


@dataclass
class ItemSchedule:
    administrations: list[Administration] = field(default_factory=list)
    # The bedside order of each administration (see schedule.chronological).
    order_keys: list[tuple[int, float, int]] = field(default_factory=list)
    given: list[int] = field(default_factory=list)  # the days a dose is given
    open_ended: bool = False  # more doses until a count condition is met


def schedule_item(
    ctx: Context,
    entry: ItemPlan,
    result: ItemDose,
    anchor_date: dt.date | None,
    dropped: dict[tuple[str, int], str],
    dropped_items: set[str],
) -> ItemSchedule:
    """The administrations of one item; ``dropped`` maps (item, day) to the reason."""
    item = entry.item
    dose = result.dose
    # Fields every administration of this item shares, in the contract's order.
    shared = {
        **entry.administration_fields,
        "reduced_percent": result.reduced_percent,
        "reduction_reason": result.reduction_reason,
        "chosen_value": result.chosen_value,
        "dosing_weight_kg": result.dosing_weight_kg,
        "dosing_weight_rule": result.dosing_weight_rule,
        "trace": result.trace,
    }
    if dose is not None:
        volume, rate = entry.fixed_volume_rate or volume_and_rate(item, dose)
        item_no_dose: NoDose | None = None
    else:
        volume = rate = None
        item_no_dose = no_dose_reason(entry, result)
    out = ItemSchedule()
    if not entry.conditional and item.id not in dropped_items:
        # The usual item: its protocol days, each scheduled; only the day differs (the day,
        # its label, date and course label are set per day below).
        template: dict[str, Any] = {
            **shared,
            "status": "scheduled",
            "condition": None,
            "dose": dose,
            "no_dose": item_no_dose,
            "volume_ml": volume,
            "rate_ml_per_h": rate,
            "presentation": result.presentation,
            "draw_volume_ml": result.draw_volume_ml,
            "draw": result.draw,
            "draw_delivered": result.draw_delivered,
            "note": item.note,
        }
        for day, label, offset in entry.schedule:
            fields = template.copy()
            fields["day"] = day
            fields["day_label"] = label
            fields["date"] = anchor_date + offset if anchor_date is not None else None
            fields["course_label"] = entry.course_labels.get(day)
            out.administrations.append(Administration.model_validate(fields))
            out.order_keys.append((entry.anchor_order, day, entry.order))
        out.given = list(item.days)
        return out

    resolved = resolve_days(ctx, item, entry.anchor) if entry.conditional else Days(item.days)
    out.open_ended = resolved.continues or resolved.waiting_to_start
    for row_day, status, row_condition, row_dose, row_note in _rows(
        ctx, entry, resolved, dose, dropped, out.given
    ):
        given_dose = row_dose is not None
        # model_validate of a dict: pydantic's fastest public path (~30% under keywords).
        out.administrations.append(
            Administration.model_validate(
                {
                    **shared,
                    "day": row_day,
                    "day_label": "to be set by counts"
                    if row_day is None
                    else day_label(entry.anchor, row_day),
                    "date": None
                    if row_day is None
                    else date_of(entry.anchor, anchor_date, row_day),
                    "status": status,
                    "condition": row_condition,
                    "dose": row_dose,
                    "no_dose": None
                    if given_dose
                    else ("dropped" if status == "dropped" else item_no_dose),
                    "volume_ml": volume if given_dose else None,
                    "rate_ml_per_h": rate if given_dose else None,
                    "presentation": result.presentation if given_dose else None,
                    "draw_volume_ml": result.draw_volume_ml if given_dose else None,
                    "draw": result.draw if given_dose else None,
                    "draw_delivered": result.draw_delivered if given_dose else None,
                    "note": row_note,
                    "course_label": None if row_day is None else entry.course_labels.get(row_day),
                }
            )
        )
        out.order_keys.append(
            (entry.anchor_order, LAST if row_day is None else row_day, entry.order)
        )
    return out


def _rows(
    ctx: Context,
    entry: ItemPlan,
    resolved: Days,
    dose: DoseModel | None,
    dropped: dict[tuple[str, int], str],
    given: list[int],
) -> list[tuple[int | None, str, str | None, DoseModel | None, str | None]]:
    """(day, status, condition, dose, note) for each administration of an item that waits
    on counts or has dropped days; the days actually given are added to ``given``."""
    item = entry.item
    condition_text = item.condition_text
    rows: list[tuple[int | None, str, str | None, DoseModel | None, str | None]] = []
    if resolved.waiting_to_start:
        rows.append((None, "conditional", condition_text, dose, item.note))
    for day in resolved.days:
        if (item.id, day) in dropped:
            # Never blank: validation requires a reason for every dropped day, and a day
            # dropped with its parent carries the parent's.
            reason = dropped[(item.id, day)]
            parent = ctx.dropped_with.get((item.id, day))
            note = (
                f"Dropped with {parent}, which it is given with"
                if parent is not None
                else "Dropped by the prescriber"
            ) + f": {reason}"
            rows.append((day, "dropped", None, None, note))
            label = day_label(entry.anchor, day)
            ctx.alert(
                "info",
                AlertCode.DAY_DROPPED,
                f"{item.name}: {label} dropped"
                + (f" with {parent}, which it is given with" if parent is not None else "")
                + f" — {reason}.",
                item.id,
                params={"drug": item.name, "day": label, "with": parent or "", "reason": reason},
            )
            continue
        condition = condition_text if resolved.resolution else None
        rows.append((day, "scheduled", condition, dose, resolved.resolution or item.note))
        given.append(day)
    if resolved.continues:
        rows.append((None, "conditional", entry.stop_text, dose, item.note))
    return rows


def follow_linked_drops(
    items: Sequence[Item], dropped: dict[tuple[str, int], str]
) -> dict[tuple[str, int], str]:
    """An item given with another (``with_items``: methylprednisolone "at the same time with
    ATG") is dropped on the days its parent is dropped, when it has that day in the same
    phase: ``dropped`` gains those days (with the parent's reason) and the returned map
    names the parent of each, for the trace."""
    by_id = {item.id: item for item in items}
    dropped_with: dict[tuple[str, int], str] = {}
    for item in items:
        for parent_id in item.with_items:
            parent = by_id.get(parent_id)
            if parent is None or parent.phase != item.phase:
                continue
            for day in item.days:
                key = (item.id, day)
                if (parent_id, day) in dropped and key not in dropped:
                    dropped[key] = dropped[(parent_id, day)]
                    dropped_with[key] = parent.name
    return dropped_with


def no_dose_reason(entry: ItemPlan, result: ItemDose) -> NoDose:
    if result.refused:
        return "refused"
    if entry.local_protocol:
        return "local-protocol"
    if entry.collected_cd34:
        return "awaiting-yields"
    return "choice-required"
