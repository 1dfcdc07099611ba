"""The computation: a validated protocol and a plan input in, a ``ComputedPlan`` out.

Order of operations for every dose (DESIGN §3): protocol dose × body size (BSA rounded to
its decimals, or the item's dosing weight) → unit conversion → reduction (before rounding)
→ ROUND_HALF_UP to the item's increment → optional rounding to a presentation inside the
item's window. The unrounded value and the rounding deviation are kept for the trace.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from dosing import anthropometrics as anthro
from dosing import validation as check
from dosing.display import UCUM, format_day, format_dose, format_number, format_percent
from dosing.errors import InputError
from dosing.models import (
    Administration,
    Alert,
    Anthropometrics,
    BsaFormula,
    ComputedPlan,
    CreatinineUnit,
    DailyCount,
    DrugTotal,
    FollowUpVisit,
    HarvestStatus,
    ItemResult,
    NoDose,
    PlanInput,
    Severity,
    Total,
    trusted,
    trusted_from_dict,
)
from dosing.models import Dose as DoseModel
from dosing.protocol import (
    CONVERSION,
    Anchor,
    Basis,
    ConditionKind,
    DosingWeightRule,
    Item,
    Phase,
    Protocol,
    basis_amount_text,
)

if TYPE_CHECKING:
    # mypy checks every output constructor call against the real model.
    _Alert = Alert
    _Dose = DoseModel
    _Total = Total
    _FollowUpVisit = FollowUpVisit
    _DrugTotal = DrugTotal
    _Anthropometrics = Anthropometrics
    _HarvestStatus = HarvestStatus
    _ComputedPlan = ComputedPlan
else:
    (
        _Alert, _Dose, _Total, _FollowUpVisit, _DrugTotal, _Anthropometrics, _HarvestStatus,
        _ComputedPlan,
    ) = map(trusted, (
        Alert, DoseModel, Total, FollowUpVisit, DrugTotal, Anthropometrics, HarvestStatus,
        ComputedPlan,
    ))  # fmt: skip
# Built from one finished dict (about 30 a plan); their keys are checked by a test.
_new_administration = trusted_from_dict(Administration)
_new_item_result = trusted_from_dict(ItemResult)
_new_follow_up_visit = trusted_from_dict(FollowUpVisit)

HUNDRED = Decimal(100)
_PERCENT_PLACES = Decimal("0.01")
_RATE_PLACES = Decimal("0.1")
_KG_PLACES = Decimal("0.01")
_UNROUNDED_PLACES = Decimal("0.0001")
_ONE = Decimal(1)
_BSA_PLACES = {places: Decimal(1).scaleb(-places) for places in range(5)}
DEFAULT_ADJBW_FACTOR = Decimal("0.4")


# "Gehan–George" with an en dash, as the formula is cited.
_BSA_FORMULA_TEXT = {formula: formula.value.replace("-", "–").title() for formula in BsaFormula}

_ANCHOR_ORDER = {Anchor.MOBILIZATION: 0, Anchor.DAY0: 1, Anchor.TREATMENT: 2}


class _ItemPlan:
    """Everything about one item that does not depend on the patient, worked out once per
    protocol load (DESIGN §9: a plan in < 1 ms): the per-plan loop then only multiplies,
    rounds and writes the patient's numbers."""

    __slots__ = (
        "administration_fields",
        "anchor",
        "anchor_order",
        "collected_cd34",
        "conditional",
        "course_per_basis",
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
        self.anchor_order = _ANCHOR_ORDER[phase.anchor]
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
        self.conditional = item.start_condition is not None or item.stop_condition is not None
        # Each protocol day with its label and its distance from the anchor's date.
        self.schedule = tuple(
            (
                day,
                day_label(phase.anchor, day),
                dt.timedelta(days=day if phase.anchor is Anchor.DAY0 else day - 1),
            )
            for day in item.days
        )
        self.stop_text = (
            item.stop_condition.text if item.stop_condition is not None else item.condition_text
        )
        # Drug totals add mass doses in mg.
        self.mg_factor = {"mg": 1, "g": 1000}.get(unit)
        # A dose in mL is its own volume: only then does the volume depend on the patient.
        self.fixed_volume_rate = None if unit == "mL" else _volume_and_rate(item, None)
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


class _CompiledProtocol:
    def __init__(self, protocol: Protocol) -> None:
        phases = protocol.phases_by_id
        plans = {
            item.id: _ItemPlan(item, phases[item.phase], order)
            for order, item in enumerate(protocol.items)
        }
        arms: list[str | None] = [None, *(arm.id for arm in protocol.arms)]
        self.items_by_arm = {
            arm: tuple(plans[item.id] for item in protocol.items_in_arm(arm)) for arm in arms
        }
        months_and_labels = [
            (months, f"{months} month{'s' if months != 1 else ''}")
            for months in (protocol.follow_up.all_months if protocol.follow_up else ())
        ]
        # Follow-up visits fall on the same day of a later month: for each month day 0 can
        # fall in, each visit's (months, label, years later, calendar month).
        self.follow_up_by_start_month = tuple(
            tuple(
                (months, label, (start + months) // 12, (start + months) % 12 + 1)
                for months, label in months_and_labels
            )
            for start in range(12)
        )
        # Without a day 0 the visits have no date: the same objects serve every such plan.
        self.undated_follow_up = tuple(
            _FollowUpVisit(months=months, label=label, date=None)
            for months, label in months_and_labels
        )


def _compiled(protocol: Protocol) -> _CompiledProtocol:
    compiled = protocol.derived.get("engine")
    if compiled is None:
        compiled = protocol.derived["engine"] = _CompiledProtocol(protocol)
    return cast(_CompiledProtocol, compiled)


@dataclass
class _Context:
    protocol: Protocol
    plan_input: PlanInput
    bsa_m2: Decimal
    bsa_text: str
    ibw_kg: Decimal
    alerts: list[Alert] = field(default_factory=list)
    # Per plan, written once: "1.83 m² (Mosteller)" and each dosing weight with its words.
    bsa_trace: str = ""
    dosing_weights: dict[tuple[Any, ...], tuple[Decimal, DosingWeightRule, str]] = field(
        default_factory=dict
    )

    @property
    def weight_kg(self) -> Decimal:
        return self.plan_input.patient.weight_kg

    def alert(
        self,
        severity: Severity,
        code: str,
        message: str,
        item: str | None = None,
        field_name: str | None = None,
    ) -> None:
        acknowledgement = None
        if severity == "soft":
            for ack in self.plan_input.acknowledgements:
                if ack.code == code and ack.item in (None, item):
                    acknowledgement = ack.reason + (f" ({ack.by})" if ack.by else "")
                    break
        self.alerts.append(
            _Alert(
                severity=severity,
                code=code,
                message=message,
                item=item,
                field=field_name,
                acknowledged=acknowledgement is not None,
                acknowledgement=acknowledgement,
            )
        )


# ---------------------------------------------------------------- validation


def validate_plan_input(protocol: Protocol, plan_input: PlanInput) -> None:
    """Refuse any input outside its accepted range with an ``InputError`` naming it."""
    patient = plan_input.patient
    check.check_weight_kg(check.parse_decimal(patient.weight_kg, "weight", "kg"))
    check.check_height_cm(check.parse_decimal(patient.height_cm, "height", "cm"))
    check.check_age_years(patient.age_years)
    if patient.serum_creatinine is not None:
        value = check.parse_decimal(patient.serum_creatinine.value, "creatinine")
        if patient.serum_creatinine.unit is CreatinineUnit.UMOL_L:
            check.check_range(value, "creatinine", check.CREATININE_UMOL_L, "µmol/L")
        else:
            check.check_range(value, "creatinine", check.CREATININE_MG_DL, "mg/dL")
    check.check_range(
        check.parse_decimal(patient.prior_cyclophosphamide_mg, "prior cyclophosphamide"),
        "prior cyclophosphamide",
        check.PRIOR_CYCLOPHOSPHAMIDE_MG,
        "mg",
    )
    options = plan_input.options
    if options.bsa_cap_m2 is not None:
        check.check_range(
            check.parse_decimal(options.bsa_cap_m2, "BSA cap"), "BSA cap", check.BSA_CAP_M2, "m²"
        )
    if not 0 <= options.bsa_decimals <= 4:
        raise InputError("BSA decimals", f"{options.bsa_decimals} is outside 0–4")
    if options.reference_weight_kg is not None:
        check.check_weight_kg(
            check.parse_decimal(options.reference_weight_kg, "reference weight", "kg"),
            "reference weight",
        )
    check.check_range(
        check.parse_decimal(options.renal_alert_below_ml_min, "renal alert threshold"),
        "renal alert threshold",
        check.RENAL_ALERT_ML_MIN,
        "mL/min",
    )
    arm_ids = [arm.id for arm in protocol.arms]
    if arm_ids and options.arm is None:
        raise InputError("arm", f"this protocol has arms: choose one of {', '.join(arm_ids)}")
    if options.arm is not None and options.arm not in arm_ids:
        accepted = ", ".join(arm_ids) if arm_ids else "none (this protocol has no arms)"
        raise InputError("arm", f"'{options.arm}' is not an arm of {protocol.id}: {accepted}")

    items = protocol.items_by_id(options.arm)
    for item_id, value in plan_input.choices.items():
        name = f"choose {item_id}"
        item = items.get(item_id)
        if item is None:
            raise InputError(name, f"no such item in {protocol.id}; items: {', '.join(items)}")
        value = check.parse_decimal(value, name)
        unit = item.choice_unit
        if item.dose_range is not None:
            check.check_range(value, name, (item.dose_range.min, item.dose_range.max), unit)
        elif item.prescriber_entered:
            if value <= 0:
                raise InputError(name, f"enter a dose greater than 0 {unit}")
        else:
            raise InputError(
                name, "this item has a fixed protocol dose; there is nothing to choose"
            )
    for item_id, reduction in plan_input.reductions.items():
        name = f"reduce {item_id}"
        item = items.get(item_id)
        if item is None:
            raise InputError(name, f"no such item in {protocol.id}; items: {', '.join(items)}")
        if not item.reducible:
            reducible = ", ".join(i.id for i in items.values() if i.reducible) or "none"
            raise InputError(
                name, f"the protocol does not allow reducing this item (reducible: {reducible})"
            )
        percent = check.parse_decimal(reduction.percent, name, "%")
        if percent <= 0:
            raise InputError(
                name, f"{format_number(percent)}% is not a dose: give 1–100% of the protocol dose"
            )
        check.require_reason(reduction.reason, name)
    for dropped in plan_input.dropped_days:
        name = f"drop {dropped.item}"
        item = items.get(dropped.item)
        if item is None:
            raise InputError(name, f"no such item in {protocol.id}; items: {', '.join(items)}")
        if (
            item.start_condition is None
            and item.stop_condition is None
            and dropped.day not in item.days
        ):
            days = ", ".join(format_day(d) for d in item.days)
            raise InputError(name, f"{format_day(dropped.day)} is not a day of this item ({days})")
    for count in plan_input.counts:
        for label, count_value in (("WBC", count.wbc_10e9_per_l), ("ANC", count.anc_10e9_per_l)):
            if count_value is not None:
                check.check_range(
                    check.parse_decimal(count_value, f"{label} {count.date}"),
                    f"{label} {count.date}",
                    check.COUNT_10E9_PER_L,
                    "× 10⁹/L",
                )
    for collection in plan_input.apheresis:
        check.check_range(
            collection.cd34_10e6, f"CD34+ yield {collection.date}", check.CD34_10E6, "× 10⁶ cells"
        )
        check.check_range(
            collection.mnc_10e8, f"MNC yield {collection.date}", check.MNC_10E8, "× 10⁸ cells"
        )
    for ack in plan_input.acknowledgements:
        check.require_reason(ack.reason, f"acknowledge {ack.code}")


# ---------------------------------------------------------------- anthropometrics


def compute_anthropometrics(ctx_input: PlanInput) -> Anthropometrics:
    patient = ctx_input.patient
    options = ctx_input.options
    unrounded = anthro.bsa_m2(options.bsa_formula, patient.height_cm, patient.weight_kg)
    places = _BSA_PLACES.get(options.bsa_decimals) or Decimal(1).scaleb(-options.bsa_decimals)
    bsa = unrounded.quantize(places, ROUND_HALF_UP)
    capped = options.bsa_cap_m2 is not None and bsa > options.bsa_cap_m2
    if capped and options.bsa_cap_m2 is not None:
        bsa = options.bsa_cap_m2
    ibw = anthro.devine_ibw_kg(patient.sex, patient.height_cm)
    crcl = egfr = creatinine = None
    if patient.serum_creatinine is not None:
        creatinine = anthro.creatinine_mg_dl(patient.serum_creatinine)
        crcl = anthro.cockcroft_gault_ml_min(
            patient.sex, patient.age_years, patient.weight_kg, creatinine
        )
        egfr = anthro.ckd_epi_2021_egfr(patient.sex, patient.age_years, creatinine)
        creatinine = creatinine.quantize(_KG_PLACES, ROUND_HALF_UP)
    return _Anthropometrics(
        weight_kg=patient.weight_kg,
        height_cm=patient.height_cm,
        bsa_m2=anthro.plain(bsa),
        bsa_unrounded_m2=unrounded,
        bsa_formula=options.bsa_formula,
        bsa_capped=capped,
        ibw_kg=ibw,
        adjbw_kg=anthro.adjusted_bw_kg(ibw, patient.weight_kg, DEFAULT_ADJBW_FACTOR),
        adjbw_factor=DEFAULT_ADJBW_FACTOR,
        bmi=anthro.bmi(patient.weight_kg, patient.height_cm),
        crcl_ml_min=crcl,
        egfr_ml_min_173m2=egfr,
        creatinine_mg_dl=creatinine,
    )


def _dosing_weight(ctx: _Context, item: Item) -> tuple[Decimal, DosingWeightRule, str]:
    """The weight this item is dosed on, its rule, and "67 kg (actual weight)" for the
    trace. Items sharing a rule and its factors share one answer per plan."""
    wanted = ctx.plan_input.options.dosing_weight_rule
    preparation = item.preparation
    rule = (
        wanted
        if wanted is not None and wanted in preparation.allowed_dosing_weights
        else item.dosing_weight
    )
    key = (
        (rule,)
        if rule is DosingWeightRule.ACTUAL
        else (rule, preparation.adjusted_weight_factor, preparation.adjusted_threshold_percent)
    )
    known = ctx.dosing_weights.get(key)
    if known is None:
        weight_kg, rule, words = _weigh(ctx, item, rule)
        known = ctx.dosing_weights[key] = (
            weight_kg,
            rule,
            f"{format_number(weight_kg)} kg ({words})",
        )
    return known


def _weigh(
    ctx: _Context, item: Item, rule: DosingWeightRule
) -> tuple[Decimal, DosingWeightRule, str]:
    actual = ctx.weight_kg
    if rule is DosingWeightRule.ACTUAL:
        return actual, rule, "actual weight"
    ibw = ctx.ibw_kg
    factor = item.preparation.adjusted_weight_factor
    adjusted = anthro.adjusted_bw_kg(ibw, actual, factor)
    adjusted_words = (
        f"adjusted body weight (IBW {format_number(ibw)} kg + {format_number(factor)} × "
        f"(actual {format_number(actual)} kg − IBW))"
    )
    if rule is DosingWeightRule.IDEAL:
        return ibw, rule, "ideal body weight (Devine)"
    if rule is DosingWeightRule.ADJUSTED:
        return adjusted, rule, adjusted_words
    if rule is DosingWeightRule.ADJUSTED_IF_OVER:
        threshold = item.preparation.adjusted_threshold_percent
        if actual * HUNDRED > ibw * threshold:
            return (
                adjusted,
                rule,
                adjusted_words + f", actual above {format_number(threshold)}% of IBW",
            )
        return actual, rule, f"actual weight (not above {format_number(threshold)}% of IBW)"
    if rule is DosingWeightRule.LESSER_ACTUAL_IDEAL:
        if ibw < actual:
            return ibw, rule, "ideal body weight (less than actual)"
        return actual, rule, "actual weight (not more than ideal)"
    return actual, DosingWeightRule.ACTUAL, "actual weight"


# ---------------------------------------------------------------- one item's dose


@dataclass(slots=True)
class _ItemDose:
    dose: DoseModel | None
    trace: str
    dosing_weight_kg: Decimal | None
    dosing_weight_rule: DosingWeightRule | None
    reduced_percent: Decimal | None
    reduction_reason: str | None
    chosen_value: str | None
    presentation: str | None
    refused: bool = False


_Combination = tuple[Decimal, tuple[int, ...]]


def _presentation_combinations(
    amount: Decimal, entry: _ItemPlan, want_below: bool = True
) -> tuple[_Combination, _Combination | None]:
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

    def combination(total: int, counts: tuple[int, ...]) -> _Combination:
        return (Decimal(total) if scale == 1 else anthro.plain(Decimal(total) / scale)), counts

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
        below_total = (target - 1) // smallest * smallest if target > smallest else 0
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


def _presentation_text(counts: tuple[int, ...], entry: _ItemPlan) -> str:
    """``2 × 1,000 mg vials + 1 × 500 mg vial``."""
    return " + ".join(
        f"{count} × {labels[count > 1]}"
        for count, labels in zip(counts, entry.presentation_labels, strict=True)
        if count
    )


def _compute_item_dose(ctx: _Context, entry: _ItemPlan) -> _ItemDose:
    plan_input = ctx.plan_input
    item = entry.item
    unit = entry.unit
    chosen_value: str | None = None
    weight_kg: Decimal | None = None
    weight_rule: DosingWeightRule | None = None

    if entry.local_protocol or entry.collected_cd34:
        return _ItemDose(None, "", None, None, None, None, None, None)

    per_basis = item.dose
    basis_text = entry.fixed_basis_text
    if entry.has_choice:
        choice = plan_input.choices.get(item.id)
        if choice is None and item.dose_range is not None and item.dose_range.default is not None:
            choice = item.dose_range.default
            ctx.alert(
                "info",
                "default-used",
                f"{item.name}: protocol default {format_number(choice)} {item.choice_unit} used.",
                item.id,
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
                "choice-required",
                f"{item.name} ({item.id}): {what}.",
                item.id,
                f"choose {item.id}",
            )
            return _ItemDose(
                None, f"No dose until chosen: {what}.", None, None, None, None, None, None
            )
        per_basis = choice
        chosen_value = (
            f"{format_number(choice)} {item.choice_unit} (range {format_number(item.dose_range.min)}–"
            f"{format_number(item.dose_range.max)} {item.choice_unit})"
            if item.dose_range is not None
            else f"{format_number(choice)} {item.choice_unit} (entered by prescriber)"
        )
        basis_text = basis_amount_text(choice, item.basis)
    assert per_basis is not None

    factor = entry.factor
    if entry.per_m2:
        amount = per_basis * ctx.bsa_m2 * factor
        steps = f"{basis_text} × {ctx.bsa_trace}"
    elif entry.per_kg:
        weight_kg, weight_rule, weight_text = _dosing_weight(ctx, item)
        amount = per_basis * weight_kg * factor
        steps = f"{basis_text} × {weight_text}"
    else:
        amount = per_basis * factor
        steps = basis_text
    # format_dose writes a number without its trailing zeros: no plain() needed before it.
    if factor != 1:
        steps += f" = {format_dose(amount / factor, item.basis.amount_unit)}"
    steps += f" = {format_dose(amount, unit)}"
    protocol_amount = amount
    if item.prescriber_entered:
        # No protocol dose to hold it against: show it per kg and per m² and ask for a
        # deliberate acknowledgement instead.
        context = ""
        if unit in ("mg", "g"):
            mg = amount * CONVERSION[(unit, "mg")]
            per_kg = (mg / ctx.weight_kg).quantize(_RATE_PLACES, ROUND_HALF_UP)
            per_m2 = (mg / 1000 / ctx.bsa_m2).quantize(_PERCENT_PLACES, ROUND_HALF_UP)
            context = f" = {format_number(per_kg)} mg/kg = {format_number(per_m2)} g/m²"
        ctx.alert(
            "soft",
            "prescriber-entered",
            f"{item.name}: {format_dose(amount, unit)}{context} entered by the "
            "prescriber; the source states no dose. Confirm it against the prescription.",
            item.id,
        )

    reduction = plan_input.reductions.get(item.id)
    reduced_percent = reduction_reason = None

    def refuse(trace: str) -> _ItemDose:
        """No dose for this item, with why; a hard alert has already been raised."""
        return _ItemDose(
            None, trace, weight_kg, weight_rule, reduced_percent, reduction_reason,
            chosen_value, None, refused=True,
        )  # fmt: skip

    if reduction is not None:
        reduced_percent = reduction.percent
        reduction_reason = reduction.reason.strip()
        if reduction.percent > HUNDRED:
            ctx.alert(
                "hard",
                "dose-above-protocol",
                f"{item.name}: {format_percent(reduction.percent)} of the protocol dose is above "
                "100%; a dose above the protocol dose is refused.",
                item.id,
                f"reduce {item.id}",
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
                "reduction-below-floor",
                f"{item.name}: {format_percent(reduction.percent)} is below the protocol's floor of {format_percent(floor)}.",
                item.id,
            )
        ctx.alert(
            "info",
            "dose-reduced",
            f"{item.name} reduced to {format_percent(reduction.percent)} of the protocol dose — reason: {reduction_reason}.",
            item.id,
        )

    increment = entry.increment
    rounded = (
        # A whole-number increment (1, 10 mg) times a whole number of steps is already in
        # plain form; finer ones (0.5 mL) go through round_half_up's trailing-zero drop.
        (amount / increment).quantize(_ONE, ROUND_HALF_UP) * increment
        if entry.whole_increment
        else anthro.round_half_up(amount, increment)
    )
    increment_rounded = rounded
    amount_display = format_dose(rounded, unit)
    steps += f"; rounded to the nearest {entry.increment_text}: {amount_display}"
    if rounded == 0:
        ctx.alert(
            "hard",
            "dose-rounds-to-zero",
            f"{item.name}: {format_dose(amount, unit)} rounds to 0 at the "
            f"{entry.increment_text} increment; a 0 dose is not scheduled. Drop the "
            "day(s) instead, or give a larger percentage.",
            item.id,
        )
        return refuse(steps + "; refused: rounds to 0.")
    presentation = None
    if entry.presentation_labels:
        window = entry.window
        (above_total, above), below = _presentation_combinations(
            rounded, entry, want_below=window is not None
        )
        if window is not None:
            candidates = [(abs(above_total - amount), above_total, above)]
            if below is not None:
                candidates.append((abs(below[0] - amount), below[0], below[1]))
            distance, total, counts = min(candidates, key=lambda c: (c[0], c[1]))
            if distance * HUNDRED <= amount * window and total != rounded:
                rounded = total
                above = counts
                amount_display = format_dose(total, unit)
                steps += f"; rounded to a presentation within ±{format_percent(window)}: {amount_display}"
        presentation = _presentation_text(above, entry)

    deviation = (
        ((rounded - amount) * HUNDRED / amount).quantize(_PERCENT_PLACES, ROUND_HALF_UP)
        if amount
        else Decimal(0)
    )
    steps += f" ({'+' if deviation > 0 else ''}{format_percent(deviation)} from unrounded)"
    display = amount_display
    if reduction is None:
        # Unreduced, the protocol dose is this same amount rounded to the increment.
        protocol_rounded = increment_rounded
        protocol_display = (
            amount_display if rounded == increment_rounded else format_dose(protocol_rounded, unit)
        )
    else:
        protocol_rounded = anthro.round_half_up(protocol_amount, increment)
        protocol_display = format_dose(protocol_rounded, unit)
        display = (
            f"{amount_display} ({format_percent(reduction.percent)} of protocol dose "
            f"{protocol_display} — reason: {reduction_reason})"
        )
    dose = _Dose(
        value=rounded,
        unit=unit,
        ucum=entry.ucum,
        display=display,
        amount_display=amount_display,
        unrounded=anthro.plain(amount.quantize(_UNROUNDED_PLACES, ROUND_HALF_UP)),
        rounding_deviation_percent=anthro.plain(deviation),
        protocol_value=protocol_rounded,
        protocol_display=protocol_display,
    )
    return _ItemDose(
        dose,
        steps,
        weight_kg,
        weight_rule,
        reduced_percent,
        reduction_reason,
        chosen_value,
        presentation,
    )


def _reinfusion_dose(ctx: _Context, item: Item) -> tuple[DoseModel | None, str]:
    collections = ctx.plan_input.apheresis
    if not collections:
        return None, "Enter the apheresis yields: the whole collected graft is reinfused."
    cd34_10e6 = sum((c.cd34_10e6 for c in collections), Decimal(0))
    cells = cd34_10e6.scaleb(6)
    per_kg = (cd34_10e6 / ctx.weight_kg).quantize(_KG_PLACES, ROUND_HALF_UP)
    amount = format_dose(cells, "cells")
    trace = (
        f"{len(collections)} apheresis collection(s): {format_number(cd34_10e6)} × 10⁶ CD34+ cells ÷ "
        f"{format_number(ctx.weight_kg)} kg = {format_number(per_kg)} × 10⁶ CD34+ cells/kg"
    )
    dose = _Dose(
        value=anthro.plain(cells),
        unit="cells",
        ucum=UCUM["cells"],
        display=f"{amount} CD34+ ({format_number(per_kg)} × 10⁶/kg)",
        amount_display=amount,
        unrounded=anthro.plain(cells),
        rounding_deviation_percent=Decimal(0),
        protocol_value=anthro.plain(cells),
        protocol_display=amount,
    )
    return dose, trace


# ---------------------------------------------------------------- schedule


def _anchor_date(plan_input: PlanInput, anchor: Anchor) -> dt.date | None:
    options = plan_input.options
    if anchor is Anchor.DAY0:
        return options.day0_date
    if anchor is Anchor.MOBILIZATION:
        return options.mobilization_start_date
    return options.treatment_start_date


def _date_of(anchor: Anchor, anchor_date: dt.date | None, day: int) -> dt.date | None:
    if anchor_date is None:
        return None
    offset = day if anchor is Anchor.DAY0 else day - 1
    return anchor_date + dt.timedelta(days=offset)


def _day_of(anchor: Anchor, anchor_date: dt.date, date: dt.date) -> int:
    offset = (date - anchor_date).days
    return offset if anchor is Anchor.DAY0 else offset + 1


def day_label(anchor: Anchor, day: int) -> str:
    if anchor is Anchor.DAY0:
        return format_day(day)
    if anchor is Anchor.MOBILIZATION:
        return f"mobilization day {day}"
    return f"treatment day {day}"


@dataclass
class _Days:
    """The days an item is given: known days, and whether it continues on a condition."""

    days: Sequence[int]
    waiting_to_start: bool = False
    continues: bool = False
    resolution: str = ""


def _count_start_day(
    item: Item,
    anchor: Anchor,
    anchor_date: dt.date | None,
    counts: list[DailyCount],
    notes: list[str],
) -> int | None:
    """The first day on or after the item's first listed day whose morning WBC is below the
    start threshold (mobilization G-CSF: "when … leucocytes was < 1×10⁹/L"), or None."""
    condition = item.start_condition
    if anchor_date is None or condition is None or condition.kind is not ConditionKind.WBC_BELOW:
        return None
    threshold = condition.threshold_10e9_per_l or Decimal(0)
    for count in counts:
        day = _day_of(anchor, anchor_date, count.date)
        wbc = count.wbc_10e9_per_l
        if day >= item.days[0] and wbc is not None and wbc < threshold:
            notes.append(f"started {count.date.isoformat()}: WBC {format_number(wbc)} × 10⁹/L")
            return day
    return None


def _resolve_days(ctx: _Context, item: Item, anchor: Anchor) -> _Days:
    plan_input = ctx.plan_input
    if item.start_condition is None and item.stop_condition is None:
        return _Days(list(item.days))
    anchor_date = _anchor_date(plan_input, anchor)
    first_day = item.days[0]
    counts = sorted(plan_input.counts, key=lambda c: c.date)
    notes: list[str] = []

    start_day = first_day
    if item.start_condition is not None:
        found = _count_start_day(item, anchor, anchor_date, counts, notes)
        if found is None:
            return _Days([], waiting_to_start=True)
        start_day = found

    stop_condition = item.stop_condition
    if stop_condition is None:
        return _Days([start_day], resolution="; ".join(notes))
    last_known: int | None = None
    stop_after: int | None = None
    if anchor_date is not None:
        if stop_condition.kind is ConditionKind.ANC_ABOVE_CONSECUTIVE:
            threshold = stop_condition.threshold_10e9_per_l or Decimal(0)
            run: list[dt.date] = []
            for count in counts:
                day = _day_of(anchor, anchor_date, count.date)
                if day < start_day or count.anc_10e9_per_l is None:
                    continue
                last_known = day
                above = count.anc_10e9_per_l > threshold
                consecutive = bool(run) and (count.date - run[-1]).days == 1
                run = ([*run, count.date] if consecutive else [count.date]) if above else []
                if len(run) >= stop_condition.consecutive_days:
                    # Counts are read in the morning: the dose is not given on the day the
                    # condition is met, so the last dose is the day before.
                    stop_after = day - 1
                    notes.append(
                        f"stopped {count.date.isoformat()}: ANC greater than "
                        f"{format_number(threshold)} × 10⁹/L on {stop_condition.consecutive_days} consecutive days"
                    )
                    break
        elif (
            stop_condition.kind is ConditionKind.HARVEST_COMPLETE
            and ctx.protocol.harvest is not None
        ):
            target = ctx.protocol.harvest.cd34_per_kg_10e6 * ctx.weight_kg
            collected = Decimal(0)
            for collection in sorted(plan_input.apheresis, key=lambda c: c.date):
                day = _day_of(anchor, anchor_date, collection.date)
                if day < start_day:
                    # A harvest before G-CSF started is almost surely a date typo: it must
                    # neither end the G-CSF course nor pass unnoticed.
                    ctx.alert(
                        "soft",
                        "apheresis-before-start",
                        f"{item.name}: the apheresis of {collection.date.isoformat()} is dated "
                        f"before G-CSF started ({day_label(anchor, start_day)}); check the dates. "
                        "It is not counted towards stopping G-CSF.",
                        item.id,
                    )
                    continue
                last_known = max(last_known or day, day)
                collected += collection.cd34_10e6
                if collected > target:
                    stop_after = day
                    notes.append(f"harvest target reached {collection.date.isoformat()}")
                    break
            for count in counts:
                day = _day_of(anchor, anchor_date, count.date)
                if stop_after is None and day >= start_day:
                    last_known = max(last_known or day, day)
    if stop_after is not None:
        return _Days(
            list(range(start_day, max(stop_after, start_day - 1) + 1)), resolution="; ".join(notes)
        )
    end = max(last_known or start_day, start_day)
    return _Days(list(range(start_day, end + 1)), continues=True, resolution="; ".join(notes))


# ---------------------------------------------------------------- the plan


def compute_plan(protocol: Protocol, plan_input: PlanInput) -> ComputedPlan:
    """Every administration, total and alert of ``protocol`` for this patient.

    Raises ``InputError`` for any input outside its accepted range; a hard limit does not
    raise but refuses the item's dose and adds a ``hard`` alert (the CLI exits 3 on it).
    """
    if plan_input.protocol_id != protocol.id:
        raise InputError(
            "protocol", f"input is for '{plan_input.protocol_id}', not '{protocol.id}'"
        )
    validate_plan_input(protocol, plan_input)
    options = plan_input.options
    compiled = _compiled(protocol)
    anthropometrics = compute_anthropometrics(plan_input)
    bsa_text = _BSA_FORMULA_TEXT[options.bsa_formula]
    if anthropometrics.bsa_capped:
        bsa_text += f", capped at {format_number(anthropometrics.bsa_m2)} m²"
    ctx = _Context(protocol, plan_input, anthropometrics.bsa_m2, bsa_text, anthropometrics.ibw_kg)
    ctx.bsa_trace = f"{format_number(anthropometrics.bsa_m2)} m² ({bsa_text})"
    _patient_alerts(ctx, anthropometrics)

    dropped = {(d.item, d.day): d.reason for d in plan_input.dropped_days}
    dropped_items = {d.item for d in plan_input.dropped_days}
    anchor_dates = {anchor: _anchor_date(plan_input, anchor) for anchor in Anchor}
    items: list[ItemResult] = []
    administrations: list[Administration] = []
    # The bedside order of each administration (see _chronological), kept as it is built.
    order_keys: list[tuple[int, float, int]] = []
    totals: list[Total] = []
    drug_mg: dict[str, Decimal] = {}
    drug_names: dict[str, str] = {"cyclophosphamide": "Cyclophosphamide"}
    for entry in compiled.items_by_arm.get(options.arm, ()):
        item = entry.item
        anchor = entry.anchor
        anchor_date = anchor_dates[anchor]
        if entry.collected_cd34:
            reinfusion, trace = _reinfusion_dose(ctx, item)
            result = _ItemDose(reinfusion, trace, None, None, None, None, None, None)
            if reinfusion is None:
                ctx.alert("info", "apheresis-yields-missing", f"{item.name}: {trace}", item.id)
        else:
            result = _compute_item_dose(ctx, entry)
        if item.alert is not None:
            ctx.alert(item.alert.severity, item.alert.code, item.alert.message, item.id)
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
            volume, rate = entry.fixed_volume_rate or _volume_and_rate(item, dose)
            item_no_dose: NoDose | None = None
        else:
            volume = rate = None
            item_no_dose = _no_dose_reason(entry, result)
        # What a scheduled administration of this item carries after its day and date.
        scheduled_fields = {
            "status": "scheduled",
            "condition": None,
            "dose": dose,
            "no_dose": item_no_dose,
            "volume_ml": volume,
            "rate_ml_per_h": rate,
            "presentation": result.presentation,
        }
        resolved: _Days | None = None
        if not entry.conditional and item.id not in dropped_items:
            # The usual item: its protocol days, each scheduled; only the day differs.
            given: list[int] = list(item.days)
            template = {
                **shared,
                "day": None,
                "day_label": None,
                "date": None,
                **scheduled_fields,
                "note": item.note,
            }
            for day, label, offset in entry.schedule:
                fields = template.copy()
                fields["day"] = day
                fields["day_label"] = label
                fields["date"] = anchor_date + offset if anchor_date is not None else None
                administrations.append(_new_administration(fields))
                order_keys.append((entry.anchor_order, day, entry.order))
        else:
            resolved = _resolve_days(ctx, item, anchor) if entry.conditional else _Days(item.days)
            given = []
            for row_day, status, row_condition, row_dose, row_note in _rows(
                ctx, entry, resolved, dose, dropped, given
            ):
                given_dose = row_dose is not None
                administrations.append(
                    _new_administration(
                        {
                            **shared,
                            "day": row_day,
                            "day_label": "to be set by counts"
                            if row_day is None
                            else day_label(anchor, row_day),
                            "date": None
                            if row_day is None
                            else _date_of(anchor, anchor_date, row_day),
                            "status": status,
                            "condition": row_condition,
                            "dose": row_dose,
                            "no_dose": None
                            if given_dose
                            else ("dropped" if status == "dropped" else item_no_dose),
                            "volume_ml": volume if given_dose else None,
                            "rate_ml_per_h": rate if given_dose else None,
                            "presentation": result.presentation if given_dose else None,
                            "note": row_note,
                        }
                    )
                )
                order_keys.append(
                    (entry.anchor_order, _LAST if row_day is None else row_day, entry.order)
                )

        course_total: DoseModel | None = None
        if dose is not None and given:
            value = anthro.plain(dose.value * len(given))
            unit = dose.unit
            amount_display = format_dose(value, unit)
            text = amount_display
            if resolved is not None and (resolved.continues or resolved.waiting_to_start):
                text += " (scheduled doses so far; more until the condition is met)"
            protocol_total = anthro.plain(dose.protocol_value * len(given))
            course_total = _Dose(
                value=value,
                unit=unit,
                ucum=UCUM[unit],
                display=text,
                amount_display=amount_display,
                unrounded=value,
                rounding_deviation_percent=Decimal(0),
                protocol_value=protocol_total,
                protocol_display=amount_display
                if protocol_total == value
                else format_dose(protocol_total, unit),
            )
            totals.append(
                _Total(item=item.id, value=value, unit=unit, ucum=UCUM[unit], display=text)
            )
            if entry.mg_factor is not None:
                drug_mg[item.drug] = drug_mg.get(item.drug, Decimal(0)) + (
                    dose.value * len(given) * entry.mg_factor
                )
                drug_names.setdefault(item.drug, item.name)
        items.append(_item_result(ctx, entry, result, given, course_total))

    drug_totals = _drug_totals(ctx, drug_mg, drug_names, anthropometrics)
    return _ComputedPlan(
        protocol_id=protocol.id,
        protocol_version=protocol.version,
        protocol_title=protocol.title,
        arm=options.arm,
        input=plan_input,
        anthropometrics=anthropometrics,
        items=tuple(items),
        administrations=_chronological(administrations, order_keys),
        totals=tuple(totals),
        drug_totals=drug_totals,
        alerts=tuple(sorted(ctx.alerts, key=lambda alert: _SEVERITY_ORDER[alert.severity])),
        harvest=_harvest(ctx),
        follow_up=_follow_up(compiled, options.day0_date),
    )


def _rows(
    ctx: _Context,
    entry: _ItemPlan,
    resolved: _Days,
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
            reason = dropped[(item.id, day)]
            note = "Dropped by the prescriber" + (f": {reason}" if reason else "")
            rows.append((day, "dropped", None, None, note))
            label = day_label(entry.anchor, day)
            ctx.alert(
                "info",
                "day-dropped",
                f"{item.name}: {label} dropped" + (f" — {reason}" if reason else "") + ".",
                item.id,
            )
            continue
        condition = condition_text if resolved.resolution else None
        rows.append((day, "scheduled", condition, dose, resolved.resolution or item.note))
        given.append(day)
    if resolved.continues:
        rows.append((None, "conditional", entry.stop_text, dose, item.note))
    return rows


def _no_dose_reason(entry: _ItemPlan, result: _ItemDose) -> NoDose:
    if result.refused:
        return "refused"
    if entry.local_protocol:
        return "local-protocol"
    if entry.collected_cd34:
        return "awaiting-yields"
    return "choice-required"


_SEVERITY_ORDER = {"hard": 0, "soft": 1, "info": 2}
# Rows that wait on counts close their day group.
_LAST = float("inf")


def _chronological(
    administrations: list[Administration], order_keys: list[tuple[int, float, int]]
) -> tuple[Administration, ...]:
    """The schedule as it is given: mobilization, then day −5 … day 0 … day +n, then
    treatment days; within a day, the protocol file's (bedside) item order; rows that wait
    on counts close their group. Ties keep the order they were built in."""
    order = sorted(range(len(administrations)), key=order_keys.__getitem__)
    return tuple(administrations[index] for index in order)


def _volume_and_rate(item: Item, dose: DoseModel | None) -> tuple[Decimal | None, Decimal | None]:
    volume = item.preparation.volume_ml
    if dose is not None and dose.unit == "mL":
        volume = dose.value
    hours = item.preparation.infusion_hours
    if volume is None or hours is None:
        return volume, None
    return volume, anthro.plain((volume / hours).quantize(_RATE_PLACES, ROUND_HALF_UP))


def _item_result(
    ctx: _Context,
    entry: _ItemPlan,
    result: _ItemDose,
    given: list[int],
    course_total: DoseModel | None,
) -> ItemResult:
    item = entry.item
    per_basis_total = None
    if course_total is not None and entry.course_per_basis:
        # Per basis of what is given: a reduced course of 4,800 mg is 80 mg/kg, not 160.
        assert item.dose is not None
        percent = result.reduced_percent if result.reduced_percent is not None else HUNDRED
        per_day = item.dose * percent / HUNDRED
        per_basis_total = basis_amount_text(per_day * len(given), item.basis)
    return _new_item_result(
        {
            **entry.result_fields,
            "dose": result.dose,
            "given_days": tuple(given),
            "course_total": course_total,
            "course_total_per_basis": per_basis_total,
            "needs_choice": entry.has_choice and result.dose is None and not result.refused,
            "chosen": ctx.plan_input.choices.get(item.id),
            "dosing_weight_kg": result.dosing_weight_kg,
            "dosing_weight_rule": result.dosing_weight_rule,
            "trace": result.trace,
        }
    )


def _patient_alerts(ctx: _Context, values: Anthropometrics) -> None:
    patient = ctx.plan_input.patient
    options = ctx.plan_input.options
    if values.bmi >= 35 or values.bmi <= 17:
        ctx.alert(
            "soft",
            "bmi-extreme",
            f"BMI {format_number(values.bmi)} kg/m² is outside 17–35: check the weight and the dosing-weight rule.",
            field_name="weight",
        )
    eligibility = ctx.protocol.eligibility
    if eligibility is not None:
        low, high = eligibility.min_age_years, eligibility.max_age_years
        if (low is not None and patient.age_years < low) or (
            high is not None and patient.age_years > high
        ):
            ctx.alert(
                "soft",
                "age-outside-eligibility",
                f'Age {patient.age_years} years is outside the protocol\'s eligibility ({low}–{high} years): "{eligibility.quote}".',
                field_name="age",
            )
    if patient.height_cm < anthro.CM_PER_INCH * 60:
        ctx.alert(
            "info",
            "ibw-extrapolated",
            "Height under 152.4 cm (60 in): the Devine ideal body weight is extrapolated below its base.",
            field_name="height",
        )
    reference = options.reference_weight_kg
    if reference is not None and abs(patient.weight_kg - reference) * 10 >= reference:
        change = ((patient.weight_kg - reference) * HUNDRED / reference).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
        ctx.alert(
            "soft",
            "weight-changed",
            f"Weight changed by {'+' if change > 0 else ''}{format_percent(change)} since the plan "
            f"was computed ({format_number(reference)} kg → {format_number(patient.weight_kg)} kg): "
            "every weight-based dose has been recalculated and the plan must be verified again.",
            field_name="weight",
        )
    if values.bsa_capped:
        ctx.alert(
            "info",
            "bsa-capped",
            f"BSA {format_number(values.bsa_unrounded_m2.quantize(Decimal('0.01'), ROUND_HALF_UP))} m² capped at {format_number(values.bsa_m2)} m² for every per-m² dose.",
        )
    threshold = options.renal_alert_below_ml_min
    renal = [
        f"{name} {format_number(value)} {unit}"
        for name, value, unit in (
            ("CrCl (Cockcroft–Gault)", values.crcl_ml_min, "mL/min"),
            ("eGFR (CKD-EPI 2021)", values.egfr_ml_min_173m2, "mL/min/1.73 m²"),
        )
        if value is not None and value < threshold
    ]
    if renal:
        reducible = [i.name for i in ctx.protocol.items_in_arm(options.arm) if i.reducible]
        permits = (
            f"the protocol permits reducing {' and '.join(dict.fromkeys(reducible))}"
            if reducible
            else "review the doses"
        )
        ctx.alert(
            "soft",
            "renal-function-low",
            f"{'; '.join(renal)} below {format_number(threshold)} mL/min: {permits}. Doses are not reduced automatically.",
            field_name="creatinine",
        )


def _drug_totals(
    ctx: _Context,
    plan_mg_by_drug: dict[str, Decimal],
    names: dict[str, str],
    values: Anthropometrics,
) -> tuple[DrugTotal, ...]:
    """Each drug given in mg or g across every phase, with cyclophosphamide's prior exposure."""
    totals = dict(plan_mg_by_drug)
    prior = ctx.plan_input.patient.prior_cyclophosphamide_mg
    if prior and "cyclophosphamide" not in totals:
        totals["cyclophosphamide"] = Decimal(0)
    result = []
    for drug, plan_mg in totals.items():
        prior_mg = prior if drug == "cyclophosphamide" else Decimal(0)
        cumulative = plan_mg + prior_mg
        per_kg = (cumulative / values.weight_kg).quantize(Decimal("0.1"), ROUND_HALF_UP)
        per_m2 = (cumulative / 1000 / values.bsa_m2).quantize(Decimal("0.01"), ROUND_HALF_UP)
        display = f"{format_dose(plan_mg, 'mg')} in this plan"
        if prior_mg:
            display += f" + {format_dose(prior_mg, 'mg')} prior = {format_dose(cumulative, 'mg')} cumulative"
        display += f" ({format_number(per_kg)} mg/kg; {format_number(per_m2)} g/m²)"
        result.append(
            _DrugTotal(
                drug=drug,
                name=names[drug],
                plan_mg=anthro.plain(plan_mg),
                prior_mg=anthro.plain(prior_mg),
                cumulative_mg=anthro.plain(cumulative),
                cumulative_mg_per_kg=anthro.plain(per_kg),
                cumulative_g_per_m2=anthro.plain(per_m2),
                display=display,
            )
        )
        if drug == "cyclophosphamide":
            ctx.alert("info", "cumulative-cyclophosphamide", f"Cyclophosphamide: {display}.")
    return tuple(result)


def _harvest(ctx: _Context) -> HarvestStatus | None:
    targets = ctx.protocol.harvest
    if targets is None:
        return None
    weight = ctx.weight_kg
    cd34 = sum((c.cd34_10e6 for c in ctx.plan_input.apheresis), Decimal(0))
    mnc = sum((c.mnc_10e8 for c in ctx.plan_input.apheresis), Decimal(0))
    cd34_target = anthro.plain(targets.cd34_per_kg_10e6 * weight)
    mnc_target = anthro.plain(targets.mnc_per_kg_10e8 * weight)
    return _HarvestStatus(
        cd34_target_10e6=cd34_target,
        mnc_target_10e8=mnc_target,
        cd34_collected_10e6=anthro.plain(cd34),
        mnc_collected_10e8=anthro.plain(mnc),
        cd34_collected_per_kg_10e6=anthro.plain(
            (cd34 / weight).quantize(_KG_PLACES, ROUND_HALF_UP)
        ),
        mnc_collected_per_kg_10e8=anthro.plain((mnc / weight).quantize(_KG_PLACES, ROUND_HALF_UP)),
        cd34_met=cd34 > cd34_target,
        mnc_met=mnc > mnc_target,
        collections=len(ctx.plan_input.apheresis),
        target_text=(
            f"CD34+ greater than {format_number(targets.cd34_per_kg_10e6)} × 10⁶/kg "
            f"(more than {format_number(cd34_target)} × 10⁶ cells for {format_number(weight)} kg); "
            f"mononuclear cells greater than {format_number(targets.mnc_per_kg_10e8)} × 10⁸/kg "
            f"(more than {format_number(mnc_target)} × 10⁸ cells)"
        ),
        seed=targets.seed,
        quote=targets.quote,
    )


def _add_months(date: dt.date, months: int) -> dt.date:
    month_index = date.month - 1 + months
    year = date.year + month_index // 12
    month = month_index % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _follow_up(compiled: _CompiledProtocol, day0: dt.date | None) -> tuple[FollowUpVisit, ...]:
    if day0 is None:
        return compiled.undated_follow_up
    year, day = day0.year, day0.day
    visits = []
    for months, label, years_later, month in compiled.follow_up_by_start_month[day0.month - 1]:
        # Every month has a 28th; later days may need the month's last day instead.
        date = dt.date(year + years_later, month, day) if day <= 28 else _add_months(day0, months)
        visits.append(_new_follow_up_visit({"months": months, "label": label, "date": date}))
    return tuple(visits)
