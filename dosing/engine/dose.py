"""The dose of one item for this patient: protocol dose × body size → unit → reduction →
rounding to the increment → rounding to a presentation, with the trace of every step."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dosing.codes import AlertCode
from dosing.decimals import HUNDRED, KG_PLACES, PERCENT_PLACES, RATE_PLACES, plain, round_half_up
from dosing.display import UCUM, format_dose, format_number, format_percent, signed_percent
from dosing.engine.body import dosing_weight
from dosing.engine.compiled import ItemPlan
from dosing.engine.context import Context
from dosing.engine.presentations import (
    Draw,
    presentation_combinations,
    presentation_text,
    volume_to_draw,
)
from dosing.models import Dose as DoseModel
from dosing.models import DrawDelivered
from dosing.protocol import CONVERSION, DosingWeightRule, basis_amount_text

_UNROUNDED_PLACES = Decimal("0.0001")
_ONE = Decimal(1)


@dataclass(slots=True)
class ItemDose:
    dose: DoseModel | None
    trace: str
    dosing_weight_kg: Decimal | None
    dosing_weight_rule: DosingWeightRule | None
    reduced_percent: Decimal | None
    reduction_reason: str | None
    chosen_value: str | None
    presentation: str | None
    refused: bool = False
    # The volume to draw from the presentations, "draw 0.42 mL of 300 mcg/0.5 mL — delivers
    # 252 mcg", and what it delivers.
    draw_volume_ml: Decimal | None = None
    draw: str | None = None
    draw_delivered: DrawDelivered | None = None


Combination = tuple[Decimal, tuple[int, ...]]


def compute_item_dose(ctx: Context, entry: ItemPlan) -> ItemDose:
    """Protocol (or chosen) dose × body size → reduction → increment → presentation."""
    plan_input = ctx.plan_input
    item = entry.item
    unit = entry.unit
    # A reinfusion (collected CD34+) never comes here: item_dose gives it the whole graft.
    if entry.local_protocol:
        return ItemDose(None, "", None, None, None, None, None, None)

    per_basis, basis_text, chosen_value, missing = _chosen_dose(ctx, entry)
    if per_basis is None:
        return ItemDose(
            None, f"No dose until chosen: {missing}.", None, None, None, None, None, None
        )
    amount, steps, weight_kg, weight_rule = _for_body_size(ctx, entry, per_basis, basis_text)
    protocol_amount = amount
    if item.prescriber_entered:
        _alert_prescriber_entered(ctx, entry, amount)
    reduction = plan_input.reductions.get(item.id)
    reduced_percent = reduction_reason = None

    def refuse(trace: str) -> ItemDose:
        """No dose for this item, with why; a hard alert has already been raised."""
        return ItemDose(
            None, trace, weight_kg, weight_rule, reduced_percent, reduction_reason,
            chosen_value, None, refused=True,
        )  # fmt: skip

    if reduction is not None:
        reduced_percent = reduction.percent
        reduction_reason = reduction.reason.strip()
        if reduction.percent > HUNDRED:
            ctx.alert(
                "hard",
                AlertCode.DOSE_ABOVE_PROTOCOL,
                f"{item.name}: {format_percent(reduction.percent)} of the protocol dose is above "
                "100%; a dose above the protocol dose is refused.",
                item.id,
                f"reduce {item.id}",
                params={"drug": item.name, "percent": format_percent(reduction.percent)},
            )
            return refuse(
                f"Refused: {format_percent(reduction.percent)} of protocol dose is above 100%."
            )
        amount = amount * reduction.percent / HUNDRED
        steps += f" × {format_percent(reduction.percent)} (reduced: {reduction_reason}) = {format_dose(amount, unit)}"
        floor = item.reduction_floor_percent
        if floor is not None and reduction.percent < floor:
            ctx.alert(
                "soft",
                AlertCode.REDUCTION_BELOW_FLOOR,
                f"{item.name}: {format_percent(reduction.percent)} is below the protocol's floor of {format_percent(floor)}.",
                item.id,
                params={
                    "drug": item.name,
                    "percent": format_percent(reduction.percent),
                    "floor": format_percent(floor),
                },
            )
        ctx.alert(
            "info",
            AlertCode.DOSE_REDUCED,
            f"{item.name} reduced to {format_percent(reduction.percent)} of the protocol dose — reason: {reduction_reason}.",
            item.id,
            params={
                "drug": item.name,
                "percent": format_percent(reduction.percent),
                "reason": reduction_reason,
            },
        )

    increment = entry.increment
    rounded = (
        # A whole-number increment (1, 10 mg) times a whole number of steps is already in
        # plain form; finer ones (0.5 mL) go through round_half_up's trailing-zero drop.
        (amount / increment).quantize(_ONE, ROUND_HALF_UP) * increment
        if entry.whole_increment
        else round_half_up(amount, increment)
    )
    increment_rounded = rounded
    amount_display = format_dose(rounded, unit)
    steps += f"; rounded to the nearest {entry.increment_text}: {amount_display}"
    if rounded == 0:
        ctx.alert(
            "hard",
            AlertCode.DOSE_ROUNDS_TO_ZERO,
            f"{item.name}: {format_dose(amount, unit)} rounds to 0 at the "
            f"{entry.increment_text} increment; a 0 dose is not scheduled. Drop the "
            "day(s) instead, or give a larger percentage.",
            item.id,
            params={
                "drug": item.name,
                "dose": format_dose(amount, unit),
                "increment": entry.increment_text,
            },
        )
        return refuse(steps + "; refused: rounds to 0.")
    # The item's hard ceiling for this patient (site value): no dose above it, whoever set it.
    # Every dosed item has one: dosing.ceiling.check_ceiling refuses a protocol file without.
    assert item.ceiling is not None
    hard_limit, hard_text = item.ceiling.limit(unit, weight_kg or ctx.weight_kg, ctx.bsa_m2)
    presentation = None
    draw: Draw | None = None
    if entry.presentation_labels:
        # A chosen dose never rounds to a presentation above the range's maximum, nor above
        # the hard ceiling.
        ceiling = (
            min(protocol_amount * item.dose_range.max / per_basis, hard_limit)
            if item.dose_range is not None
            else hard_limit
        )
        rounded, amount_display, steps, counts = _to_presentation(
            entry, amount, rounded, amount_display, steps, ceiling
        )
        # What the drawn volume delivers never goes above that line either; the units listed
        # are those the draw opens (a rest too small to measure opens none).
        draw = volume_to_draw(rounded, counts, entry, ceiling)
        presentation = presentation_text(draw.units if draw is not None else counts, entry)

    if rounded > hard_limit:
        ctx.alert(
            "hard",
            AlertCode.DOSE_ABOVE_CEILING,
            f"{item.name}: {format_dose(rounded, unit)} is above its hard ceiling per "
            f"administration, {hard_text} (site value); the dose is refused.",
            item.id,
            params={"drug": item.name, "dose": format_dose(rounded, unit), "ceiling": hard_text},
        )
        return refuse(steps + f"; refused: above the hard ceiling of {hard_text}.")
    if draw is not None:
        _alert_draw_deviation(ctx, entry, rounded, draw)
    # amount is not 0 here: an amount of 0 rounds to 0, refused above.
    deviation = ((rounded - amount) * HUNDRED / amount).quantize(PERCENT_PLACES, ROUND_HALF_UP)
    steps += f" ({'+' if deviation > 0 else ''}{format_percent(deviation)} from unrounded)"
    display = amount_display
    if reduction is None:
        # Unreduced, the protocol dose is this same amount rounded to the increment.
        protocol_rounded = increment_rounded
        protocol_display = (
            amount_display if rounded == increment_rounded else format_dose(protocol_rounded, unit)
        )
    else:
        protocol_rounded = round_half_up(protocol_amount, increment)
        protocol_display = format_dose(protocol_rounded, unit)
        # The percentage multiplies the unrounded protocol dose: when rounding moved it, show
        # that amount too, so 75% of "170 mg" reading 125 mg adds up (75% of 167.5 mg).
        applied_to = (
            ""
            if protocol_rounded == protocol_amount
            else f"{format_dose(protocol_amount.quantize(_UNROUNDED_PLACES, ROUND_HALF_UP), unit)}"
            ", rounded "
        )
        display = (
            f"{amount_display} ({format_percent(reduction.percent)} of protocol dose "
            f"{applied_to}{protocol_display} — reason: {reduction_reason})"
        )
    dose = DoseModel(
        value=rounded,
        unit=unit,
        ucum=entry.ucum,
        display=display,
        amount_display=amount_display,
        unrounded=plain(amount.quantize(_UNROUNDED_PLACES, ROUND_HALF_UP)),
        rounding_deviation_percent=plain(deviation),
        protocol_value=protocol_rounded,
        protocol_display=protocol_display,
    )
    return ItemDose(
        dose,
        steps,
        weight_kg,
        weight_rule,
        reduced_percent,
        reduction_reason,
        chosen_value,
        presentation,
        draw_volume_ml=draw.volume_ml if draw is not None else None,
        draw=draw.text if draw is not None else None,
        draw_delivered=(
            DrawDelivered(
                value=draw.delivered_shown,
                unit=unit,
                ucum=entry.ucum,
                display=format_dose(draw.delivered_shown, unit),
                deviation_percent=draw.deviation_percent,
            )
            if draw is not None
            else None
        ),
    )


def _alert_draw_deviation(ctx: Context, entry: ItemPlan, dose: Decimal, draw: Draw) -> None:
    """The soft alert ``draw-deviation``: what the drawn volume delivers differs from the
    dose by more than the site's ``draw_tolerance`` (compared as printed, to 0.1%: +5.9%
    against 5%). 34 mcg from 300 mcg/0.5 mL at the 0.01 mL graduation: 0.0567 → 0.06 mL,
    36 mcg, +5.9%."""
    tolerance = entry.draw_tolerance
    if tolerance is None or abs(draw.deviation_percent) <= tolerance:
        return
    item = entry.item
    unit = entry.unit
    how = draw.text.split(" — ", 1)[0]
    graduation = f"{format_number(entry.draw_increment)} mL"
    params = {
        "drug": item.name,
        "draw": how,
        "delivered": format_dose(draw.delivered_shown, unit),
        "dose": format_dose(dose, unit),
        "deviation": signed_percent(draw.deviation_percent),
        "limit": format_percent(tolerance),
        "graduation": graduation,
    }
    ctx.alert(
        "soft",
        AlertCode.DRAW_DEVIATION,
        f"{item.name}: {how} delivers {params['delivered']}, {params['deviation']} from the "
        f"dose of {params['dose']} — more than the site's limit of {params['limit']} either "
        f"way, at the {graduation} syringe graduation. Check the volume with the prescriber "
        "and acknowledge it before verification.",
        item.id,
        params=params,
    )


def _chosen_dose(
    ctx: Context, entry: ItemPlan
) -> tuple[Decimal | None, str, str | None, str | None]:
    """The dose per basis (the protocol's, the chosen value, or the range's default), its
    text, the "250 mg/day (range 80–500 mg/day)" chosen text, and, when nothing is chosen
    yet, what to choose (the dose is then None and a choice-required alert raised)."""
    item = entry.item
    chosen_value: str | None = None
    per_basis = item.dose
    basis_text = entry.fixed_basis_text
    if entry.has_choice:
        choice = ctx.plan_input.choices.get(item.id)
        if choice is None and item.dose_range is not None and item.dose_range.default is not None:
            choice = item.dose_range.default
            ctx.alert(
                "info",
                AlertCode.DEFAULT_USED,
                f"{item.name}: protocol default {format_number(choice)} {item.choice_unit} used.",
                item.id,
                params={
                    "drug": item.name,
                    "value": format_number(choice),
                    "unit": item.choice_unit,
                },
            )
        if choice is None:
            what = (
                f"choose a value in {format_number(item.dose_range.min)}–"
                f"{format_number(item.dose_range.max)} {item.choice_unit}"
                if item.dose_range is not None
                else f"the source gives no dose: the prescriber enters it in {item.choice_unit}"
            )
            ctx.alert(
                "soft",
                AlertCode.CHOICE_REQUIRED,
                f"{item.name} ({item.id}): {what}.",
                item.id,
                f"choose {item.id}",
                params={
                    "drug": item.name,
                    "item": item.id,
                    "unit": item.choice_unit,
                    **(
                        {
                            "low": format_number(item.dose_range.min),
                            "high": format_number(item.dose_range.max),
                        }
                        if item.dose_range is not None
                        else {}
                    ),
                },
            )
            return None, basis_text, None, what
        per_basis = choice
        chosen_value = (
            f"{format_number(choice)} {item.choice_unit} (range {format_number(item.dose_range.min)}–"
            f"{format_number(item.dose_range.max)} {item.choice_unit})"
            if item.dose_range is not None
            else f"{format_number(choice)} {item.choice_unit} (entered by prescriber)"
        )
        basis_text = basis_amount_text(choice, item.basis)
    return per_basis, basis_text, chosen_value, None


def _for_body_size(
    ctx: Context, entry: ItemPlan, per_basis: Decimal, basis_text: str
) -> tuple[Decimal, str, Decimal | None, DosingWeightRule | None]:
    """The dose per basis times BSA or dosing weight, in the item's unit, with its trace."""
    item = entry.item
    unit = entry.unit
    weight_kg: Decimal | None = None
    weight_rule: DosingWeightRule | None = None
    factor = entry.factor
    if entry.per_m2:
        amount = per_basis * ctx.bsa_m2 * factor
        steps = f"{basis_text} × {ctx.bsa_trace}"
    elif entry.per_kg:
        weight_kg, weight_rule, weight_text = dosing_weight(ctx, item)
        amount = per_basis * weight_kg * factor
        steps = f"{basis_text} × {weight_text}"
    else:
        amount = per_basis * factor
        steps = basis_text
    # format_dose writes a number without its trailing zeros: no plain() needed before it.
    if factor != 1:
        steps += f" = {format_dose(amount / factor, item.basis.amount_unit)}"
    if factor != 1 or entry.per_m2 or entry.per_kg:
        # A fixed dose in its own unit ("10 mg") has no step to show before its rounding.
        steps += f" = {format_dose(amount, unit)}"
    return amount, steps, weight_kg, weight_rule


def _alert_prescriber_entered(ctx: Context, entry: ItemPlan, amount: Decimal) -> None:
    # No protocol dose to hold it against: show it per kg and per m² and ask for a
    # deliberate acknowledgement instead.
    item = entry.item
    unit = entry.unit
    context = ""
    if unit in ("mg", "g"):
        mg = amount * CONVERSION[(unit, "mg")]
        per_kg = (mg / ctx.weight_kg).quantize(RATE_PLACES, ROUND_HALF_UP)
        per_m2 = (mg / 1000 / ctx.bsa_m2).quantize(PERCENT_PLACES, ROUND_HALF_UP)
        context = f" = {format_number(per_kg)} mg/kg = {format_number(per_m2)} g/m²"
    ctx.alert(
        "soft",
        AlertCode.PRESCRIBER_ENTERED,
        f"{item.name}: {format_dose(amount, unit)}{context} entered by the "
        "prescriber; the source states no dose. Confirm it against the prescription.",
        item.id,
        params={"drug": item.name, "dose": format_dose(amount, unit), "per": context},
    )


def _to_presentation(
    entry: ItemPlan,
    amount: Decimal,
    rounded: Decimal,
    amount_display: str,
    steps: str,
    ceiling: Decimal,
) -> tuple[Decimal, str, str, tuple[int, ...]]:
    """The vials or syringes for the dose (a count of each, largest first); within the item's ±window the dose itself moves
    to the nearest whole presentation (below or above)."""
    unit = entry.unit
    window = entry.window
    (above_total, above), below = presentation_combinations(
        rounded, entry, want_below=window is not None
    )
    if window is not None:
        candidates = []
        if above_total <= ceiling:
            candidates.append((abs(above_total - amount), above_total, above))
        if below is not None:
            candidates.append((abs(below[0] - amount), below[0], below[1]))
        distance, total, counts = (
            min(candidates, key=lambda c: (c[0], c[1])) if candidates else (amount, rounded, above)
        )
        if distance * HUNDRED <= amount * window and total != rounded:
            rounded = total
            above = counts
            amount_display = format_dose(total, unit)
            steps += (
                f"; rounded to a presentation within ±{format_percent(window)}: {amount_display}"
            )
    return rounded, amount_display, steps, above


def reinfusion_dose(ctx: Context) -> tuple[DoseModel | None, str]:
    collections = ctx.plan_input.apheresis
    if not collections:
        return None, "Enter the apheresis yields: the whole collected graft is reinfused."
    cd34_10e6 = sum((c.cd34_10e6 for c in collections), Decimal(0))
    cells = cd34_10e6.scaleb(6)
    per_kg = (cd34_10e6 / ctx.weight_kg).quantize(KG_PLACES, ROUND_HALF_UP)
    amount = format_dose(cells, "cells")
    trace = (
        f"{len(collections)} apheresis collection(s): {format_number(cd34_10e6)} × 10⁶ CD34+ cells ÷ "
        f"{format_number(ctx.weight_kg)} kg = {format_number(per_kg)} × 10⁶ CD34+ cells/kg"
    )
    dose = DoseModel(
        value=plain(cells),
        unit="cells",
        ucum=UCUM["cells"],
        display=f"{amount} CD34+ ({format_number(per_kg)} × 10⁶/kg)",
        amount_display=amount,
        unrounded=plain(cells),
        rounding_deviation_percent=Decimal(0),
        protocol_value=plain(cells),
        protocol_display=amount,
    )
    return dose, trace


def item_dose(ctx: Context, entry: ItemPlan) -> ItemDose:
    """The dose of one item: the whole collected graft for a reinfusion, else the protocol's
    (or the prescriber's) dose for this patient."""
    if not entry.collected_cd34:
        return compute_item_dose(ctx, entry)
    reinfusion, trace = reinfusion_dose(ctx)
    if reinfusion is None:
        ctx.alert(
            "info",
            AlertCode.APHERESIS_YIELDS_MISSING,
            f"{entry.item.name}: {trace}",
            entry.item.id,
            params={"drug": entry.item.name},
        )
    return ItemDose(reinfusion, trace, None, None, None, None, None, None)
