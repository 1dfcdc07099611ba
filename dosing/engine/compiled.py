"""Everything about a protocol's items that does not depend on the patient, worked out once
per protocol load (DESIGN §9: a plan in < 1 ms) and kept on the protocol: the per-plan loop
then only multiplies, rounds and writes the patient's numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from dosing.display import UCUM, format_dose, format_number
from dosing.engine.follow_up import compile_follow_up
from dosing.engine.presentations import volume_and_rate
from dosing.engine.schedule import ANCHOR_ORDER, day_label, day_offset
from dosing.protocol import CONVERSION, Basis, Item, Phase, Protocol, basis_amount_text


class ItemPlan:
    """Everything about one item that does not depend on the patient, worked out once per
    protocol load (DESIGN §9: a plan in < 1 ms): the per-plan loop then only multiplies,
    rounds and writes the patient's numbers."""

    __slots__ = (
        "administration_fields",
        "anchor",
        "anchor_order",
        "collected_cd34",
        "conditional",
        "course_labels",
        "course_per_basis",
        "draw_increment",
        "draw_tolerance",
        "factor",
        "fixed_basis_text",
        "fixed_volume_rate",
        "has_choice",
        "increment",
        "increment_text",
        "item",
        "local_protocol",
        "mg_factor",
        "order",
        "per_kg",
        "per_m2",
        "presentation_draws",
        "presentation_labels",
        "presentation_scale",
        "presentation_sizes",
        "presentations_divisible",
        "result_fields",
        "schedule",
        "stop_text",
        "ucum",
        "unit",
        "whole_increment",
        "window",
    )  # fmt: skip

    def __init__(self, item: Item, phase: Phase, order: int) -> None:
        preparation = item.preparation
        basis = item.basis
        unit = item.dose_unit.value
        self.item = item
        self.anchor = phase.anchor
        self.anchor_order = ANCHOR_ORDER[phase.anchor]
        self.order = order
        self.unit = unit
        self.ucum = UCUM[unit]
        self.collected_cd34 = basis is Basis.COLLECTED_CD34
        self.local_protocol = basis is Basis.LOCAL_PROTOCOL
        self.has_choice = item.dose_range is not None or item.prescriber_entered
        self.per_m2 = basis.per_m2
        self.per_kg = basis.per_kg
        dosed = not (self.collected_cd34 or self.local_protocol)
        self.factor = CONVERSION[(basis.amount_unit, unit)] if dosed else Decimal(1)
        self.fixed_basis_text = basis_amount_text(item.dose, basis) if item.dose is not None else ""
        self.increment = preparation.rounding_increment
        self.whole_increment = self.increment.as_tuple().exponent == 0
        self.increment_text = format_dose(preparation.rounding_increment, unit)
        self.window = preparation.round_to_presentation_percent
        # The vial search in whole numbers: sizes, largest first, and the doses it is given
        # (multiples of the rounding increment) at the finest decimal place of either.
        places, sizes_at_places, divisible = (
            preparation.presentation_table[1:] if preparation.presentations else (0, (), True)
        )
        increment_places = max(0, -int(self.increment.normalize().as_tuple().exponent))
        extra = max(0, increment_places - places)
        self.presentation_scale = 10 ** (places + extra)
        self.presentation_sizes = tuple(size * 10**extra for size in sizes_at_places)
        self.presentations_divisible = divisible
        # "{count} × 1,000 mg vial(s)", largest presentation first like the vial search.
        self.presentation_labels = tuple(
            (f"{format_dose(p.size, unit)} {p.form}", f"{format_dose(p.size, unit)} {p.form}s")
            for p in (preparation.presentation_table[0] if preparation.presentations else ())
        )
        # Each presentation's size, volume and "300 mcg/0.5 mL", largest first: the volume
        # to draw for a dose drawn from part of one.
        self.presentation_draws = tuple(
            (
                p.size,
                p.volume_ml,
                f"{format_dose(p.size, unit)}/{format_number(p.volume_ml)} mL"
                if p.volume_ml
                else "",
            )
            for p in (preparation.presentation_table[0] if preparation.presentations else ())
        )
        self.draw_increment = preparation.draw_increment_ml
        self.draw_tolerance = (
            preparation.draw_tolerance.max_percent if preparation.draw_tolerance else None
        )
        self.conditional = item.start_condition is not None or item.stop_condition is not None
        # Each protocol day with its label and its distance from the anchor's date.
        self.schedule = tuple(
            (
                day,
                day_label(phase.anchor, day),
                dt.timedelta(days=day_offset(phase.anchor, day)),
            )
            for day in item.days
        )
        self.course_labels = _course_labels(item.days, phase.cycle_days)
        self.stop_text = (
            item.stop_condition.text if item.stop_condition is not None else item.condition_text
        )
        # Drug totals add mass doses in mg.
        self.mg_factor = {"mg": 1, "g": 1000}.get(unit)
        # A dose in mL is its own volume: only then does the volume depend on the patient.
        self.fixed_volume_rate = None if unit == "mL" else volume_and_rate(item, None)
        self.administration_fields: dict[str, Any] = {
            "item": item.id,
            "drug": item.drug,
            "name": item.name,
            "phase": phase.id,
            "phase_name": phase.name,
            "anchor": phase.anchor,
            "route": item.route,
            "frequency": item.frequency,
            "diluent": preparation.diluent,
            "duration": preparation.duration,
        }
        self.course_per_basis = item.dose is not None and (basis.per_kg or basis.per_m2)
        # The item's result fields that are the same for every patient.
        self.result_fields: dict[str, Any] = {
            "item": item.id,
            "drug": item.drug,
            "name": item.name,
            "phase": item.phase,
            "arm": item.arm,
            "basis": basis.value,
            "protocol_dose_text": item.protocol_dose_text,
            "days": item.days,
            "reducible": item.reducible,
            "reduction_floor_percent": item.reduction_floor_percent,
            "range_min": item.dose_range.min if item.dose_range else None,
            "range_max": item.dose_range.max if item.dose_range else None,
            "range_unit": item.choice_unit if self.has_choice else None,
            "allowed_dosing_weights": preparation.allowed_dosing_weights,
            "seed": item.source.seed,
            "quote": item.source.quote,
            "note": item.note,
        }


def _course_labels(days: tuple[int, ...], cycle_days: int | None) -> dict[int, str]:
    """Each day's "cycle 2 · dose 3": its cycle ((day − 1) // cycle_days + 1) and its place
    among the item's days in that cycle."""
    if cycle_days is None:
        return {}
    labels: dict[int, str] = {}
    per_cycle: dict[int, int] = {}
    for day in days:
        cycle = (day - 1) // cycle_days + 1
        per_cycle[cycle] = per_cycle.get(cycle, 0) + 1
        labels[day] = f"cycle {cycle} · dose {per_cycle[cycle]}"
    return labels


class CompiledProtocol:
    def __init__(self, protocol: Protocol) -> None:
        phases = protocol.phases_by_id
        plans = {
            item.id: ItemPlan(item, phases[item.phase], order)
            for order, item in enumerate(protocol.items)
        }
        arms: list[str | None] = [None, *(arm.id for arm in protocol.arms)]
        self.items_by_arm = {
            arm: tuple(plans[item.id] for item in protocol.items_in_arm(arm)) for arm in arms
        }
        # Each arm's follow-up visits, less their dates (dosing.engine.follow_up).
        self.follow_up_by_arm = compile_follow_up(protocol)


def compiled_for(protocol: Protocol) -> CompiledProtocol:
    compiled = protocol.derived.get("engine")
    if compiled is None:
        compiled = protocol.derived["engine"] = CompiledProtocol(protocol)
    return cast(CompiledProtocol, compiled)
