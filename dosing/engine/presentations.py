"""Vials and syringes: the combination of presentations that covers a dose, and the volume
and rate of an infusion."""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from dosing.decimals import HUNDRED, RATE_PLACES, plain, round_half_up
from dosing.display import format_dose, format_number, signed_percent
from dosing.models import Dose as DoseModel
from dosing.protocol import Item

if TYPE_CHECKING:
    from dosing.engine.compiled import ItemPlan

Combination = tuple[Decimal, tuple[int, ...]]


def presentation_combinations(
    amount: Decimal, entry: ItemPlan, want_below: bool
) -> tuple[Combination, Combination | None]:
    """The smallest combination of presentations that covers ``amount`` (least waste, then
    fewest units), and, if ``want_below``, the largest that stays under it (for rounding to a
    presentation). A combination is its total and a count per presentation, largest first.
    """
    scale = entry.presentation_scale
    sizes = entry.presentation_sizes
    divisible = entry.presentations_divisible
    # The dose in whole units of the finest decimal place, rounded up (it covers the dose).
    scaled = amount * scale
    target = int(scaled)
    if target < scaled:
        target += 1

    def combination(total: int, counts: tuple[int, ...]) -> Combination:
        return (Decimal(total) if scale == 1 else plain(Decimal(total) / scale)), counts

    if divisible:
        # Each size divides the next (500 | 1,000 | 2,000 mg): whole multiples of the
        # smallest are exactly the reachable totals, and largest-first is the fewest units.
        def greedy(total: int) -> tuple[int, ...]:
            counts = []
            for size in sizes:
                counts.append(total // size)
                total -= counts[-1] * size
            return tuple(counts)

        smallest = sizes[-1]
        above_total = -(-target // smallest) * smallest
        # target >= 1 (a dose that rounds to 0 is refused before the vial search), so a
        # target up to one smallest presentation leaves 0 below it: no combination below.
        below_total = (target - 1) // smallest * smallest
        above = combination(above_total, greedy(above_total))
        below = (
            combination(below_total, greedy(below_total)) if want_below and below_total else None
        )
        return above, below

    smallest = sizes[-1]
    larger = sizes[:-1]
    # Best so far, compared as plain ints (this loop runs for every such dose): above = least
    # total, then fewest units; below = greatest total under the dose, then fewest units.
    above_total = above_units = below_total = below_units = -1
    above_counts: tuple[int, ...] = ()
    below_counts: tuple[int, ...] = ()
    for counts in itertools.product(*(range(target // size + 2) for size in larger)):
        partial = sum(map(operator.mul, counts, larger))
        remaining = target - partial
        used = sum(counts)
        fill_up = -(-remaining // smallest) if remaining > 0 else 0
        total = partial + fill_up * smallest
        units = used + fill_up
        if above_total < 0 or total < above_total or (total == above_total and units < above_units):
            above_total, above_units, above_counts = total, units, (*counts, fill_up)
        if want_below and remaining > 0:
            fill_down = remaining // smallest
            total = partial + fill_down * smallest
            units = used + fill_down
            if total > 0 and (
                total > below_total or (total == below_total and units < below_units)
            ):
                below_total, below_units, below_counts = total, units, (*counts, fill_down)
    return (
        combination(above_total, above_counts),
        combination(below_total, below_counts) if below_total > 0 else None,
    )


def presentation_text(counts: tuple[int, ...], entry: ItemPlan) -> str:
    """``2 × 1,000 mg vials + 1 × 500 mg vial``."""
    return " + ".join(
        f"{count} × {labels[count > 1]}"
        for count, labels in zip(counts, entry.presentation_labels, strict=True)
        if count
    )


@dataclass(frozen=True, slots=True)
class Draw:
    """How to draw a dose and what that delivers (``volume_to_draw``)."""

    volume_ml: Decimal
    text: str  # "draw 0.06 mL of 300 mcg/0.5 mL — delivers 36 mcg (dose 34 mcg, +5.9%)"
    delivered_shown: Decimal  # rounded half up to 0.01 of the unit
    deviation_percent: Decimal  # from the dose, 0.1%, halves away from zero
    units: tuple[int, ...]  # the units it opens, largest first (no unit nothing is drawn from)


_DELIVERED_PLACES = Decimal("0.01")
_DEVIATION_PLACES = Decimal("0.1")


def _graduations_down(volume: Decimal, increment: Decimal) -> Decimal:
    """``volume`` rounded down (toward zero) to a multiple of the graduation ``increment``."""
    return plain((volume / increment).to_integral_value(ROUND_DOWN) * increment)


def volume_to_draw(
    dose: Decimal, counts: tuple[int, ...], entry: ItemPlan, limit: Decimal | None = None
) -> Draw | None:
    """The volume to draw for ``dose`` from the presentations ``counts`` (largest first),
    how, and what it delivers: every unit whole but the smallest one used, which gives the
    rest — ``dose`` less the whole units — at its concentration, rounded half up to the
    site's syringe graduation; rounded down instead where half up would deliver more than
    ``limit`` (the item's hard ceiling, or a range's maximum, for this patient). A rest too
    small to measure (rounds to 0 mL) is not drawn: the whole units are the draw (81 mg of
    methylprednisolone from 40 mg/1 mL vials: 2 mL, 80 mg). None when a presentation used
    has no volume in the protocol file, or nothing measurable is drawn."""
    draws = entry.presentation_draws
    used = [index for index, count in enumerate(counts) if count]
    if not used or any(draws[index][1] is None for index in used):
        return None
    total = sum((counts[i] * draws[i][0] for i in used), Decimal(0))
    partial = used[-1]
    size, volume, label = draws[partial]
    assert volume is not None
    excess = total - dose
    whole = list(counts)
    partial_ml = Decimal(0)
    delivered = total
    if excess > 0:
        if excess >= size:  # never from the vial search; a dose above its combination
            return None
        whole[partial] -= 1
        whole_amount = total - size
        exact_ml = (size - excess) * volume / size
        partial_ml = round_half_up(exact_ml, entry.draw_increment)
        if limit is not None and whole_amount + partial_ml * size / volume > limit:
            partial_ml = _graduations_down(exact_ml, entry.draw_increment)
        delivered = whole_amount + partial_ml * size / volume
        if not partial_ml and not any(whole):
            return None
    whole_ml = sum((whole[i] * (draws[i][1] or 0) for i in used), Decimal(0))
    parts = [f"{whole[i]} × {draws[i][2]} whole" for i in used if whole[i]]
    if partial_ml:
        parts.append(f"{format_number(partial_ml)} mL of {label}")
    draw_ml = plain(whole_ml + partial_ml)
    if len(parts) == 1 and partial_ml:
        text = f"draw {parts[0]}"
    else:
        text = f"draw {format_number(draw_ml)} mL: " + " + ".join(parts)
    shown = plain(delivered.quantize(_DELIVERED_PLACES, ROUND_HALF_UP))
    deviation = plain(
        ((delivered - dose) * HUNDRED / dose).quantize(_DEVIATION_PLACES, ROUND_HALF_UP)
    )
    unit = entry.unit
    text += f" — delivers {format_dose(shown, unit)}"
    if delivered != dose:
        text += f" (dose {format_dose(dose, unit)}, {signed_percent(deviation)})"
    opened = tuple(w + (1 if i == partial and partial_ml else 0) for i, w in enumerate(whole))
    return Draw(draw_ml, text, shown, deviation, opened)


def volume_and_rate(item: Item, dose: DoseModel | None) -> tuple[Decimal | None, Decimal | None]:
    volume = item.preparation.volume_ml
    if dose is not None and dose.unit == "mL":
        volume = dose.value
    hours = item.preparation.infusion_hours
    if volume is None or hours is None:
        return volume, None
    return volume, plain((volume / hours).quantize(RATE_PLACES, ROUND_HALF_UP))
