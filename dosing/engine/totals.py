"""Totals: each item's course, each drug across phases (cyclophosphamide with its prior
exposure), and the harvest against its targets."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dosing.codes import AlertCode
from dosing.decimals import HUNDRED, KG_PLACES, plain
from dosing.display import UCUM, format_dose, format_number
from dosing.engine.compiled import ItemPlan
from dosing.engine.context import Context
from dosing.engine.dose import ItemDose
from dosing.models import Anthropometrics, CourseStop, DrugTotal, HarvestStatus, ItemResult
from dosing.models import Dose as DoseModel
from dosing.protocol import ConditionKind, Item, basis_amount_text


def course_total(dose: DoseModel | None, given: list[int]) -> DoseModel | None:
    """The dose times the days it is given (for an open course, the doses so far: see
    ``course_stop``). Its display is the amount alone; app/ words an open course."""
    if dose is None or not given:
        return None
    value = plain(dose.value * len(given))
    unit = dose.unit
    amount_display = format_dose(value, unit)
    protocol_total = plain(dose.protocol_value * len(given))
    return DoseModel(
        value=value,
        unit=unit,
        ucum=UCUM[unit],
        display=amount_display,
        amount_display=amount_display,
        unrounded=value,
        rounding_deviation_percent=Decimal(0),
        protocol_value=protocol_total,
        protocol_display=amount_display
        if protocol_total == value
        else format_dose(protocol_total, unit),
    )


def course_stop(ctx: Context, item: Item, open_ended: bool) -> CourseStop | None:
    """What ends an open course, as facts: the stop condition's kind and its numbers."""
    stop = item.stop_condition
    if not open_ended or stop is None:
        return None
    params: dict[str, str] = {}
    if stop.threshold_10e9_per_l is not None:
        # As the protocol writes a count threshold ("1.0 × 10⁹/L", the seed's own figure).
        params["threshold"] = str(stop.threshold_10e9_per_l)
    if stop.kind is ConditionKind.ANC_ABOVE_CONSECUTIVE:
        params["days"] = str(stop.consecutive_days)
    harvest = ctx.protocol.harvest
    if stop.kind is ConditionKind.HARVEST_COMPLETE and harvest is not None:
        params["per_kg"] = format_number(harvest.cd34_per_kg_10e6)
        params["target"] = format_number(plain(harvest.cd34_per_kg_10e6 * ctx.weight_kg))
        params["weight"] = format_number(ctx.weight_kg)
    return CourseStop(kind=stop.kind, params=params)


def item_result(
    ctx: Context,
    entry: ItemPlan,
    result: ItemDose,
    given: list[int],
    course_total: DoseModel | None,
    stop: CourseStop | None = None,
) -> ItemResult:
    item = entry.item
    per_basis_total = None
    if course_total is not None and entry.course_per_basis:
        # Per basis of what is given: a reduced course of 4,800 mg is 80 mg/kg, not 160.
        assert item.dose is not None
        percent = result.reduced_percent if result.reduced_percent is not None else HUNDRED
        per_day = item.dose * percent / HUNDRED
        per_basis_total = basis_amount_text(per_day * len(given), item.basis)
    return ItemResult.model_validate(
        {
            **entry.result_fields,
            "dose": result.dose,
            "given_days": tuple(given),
            "course_total": course_total,
            "course_total_per_basis": per_basis_total,
            "course_stop": stop,
            "needs_choice": entry.has_choice and result.dose is None and not result.refused,
            "chosen": ctx.plan_input.choices.get(item.id),
            "dosing_weight_kg": result.dosing_weight_kg,
            "dosing_weight_rule": result.dosing_weight_rule,
            "trace": result.trace,
        }
    )


def drug_totals(
    ctx: Context,
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
            DrugTotal(
                drug=drug,
                name=names[drug],
                plan_mg=plain(plan_mg),
                prior_mg=plain(prior_mg),
                cumulative_mg=plain(cumulative),
                cumulative_mg_per_kg=plain(per_kg),
                cumulative_g_per_m2=plain(per_m2),
                display=display,
            )
        )
        if drug == "cyclophosphamide":
            ctx.alert(
                "info",
                AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE,
                f"Cyclophosphamide: {display}.",
                params={
                    "plan": format_dose(plan_mg, "mg"),
                    "prior": format_dose(prior_mg, "mg") if prior_mg else "",
                    "cumulative": format_dose(cumulative, "mg"),
                    "per_kg": format_number(per_kg),
                    "per_m2": format_number(per_m2),
                },
            )
        _threshold_alerts(ctx, drug, names[drug], plan_mg, prior_mg, values)
    return tuple(result)


def _per(unit: str, mg: Decimal, values: Anthropometrics) -> Decimal:
    """``mg`` in the terms of a threshold, rounded as the drug total shows it (0.01 g/m²,
    0.1 mg/kg), so the figure compared is the figure printed."""
    if unit == "g/m2":
        return (mg / 1000 / values.bsa_m2).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return (mg / values.weight_kg).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _threshold_alerts(
    ctx: Context,
    drug: str,
    name: str,
    plan_mg: Decimal,
    prior_mg: Decimal,
    values: Anthropometrics,
) -> None:
    """A soft alert when this plan plus the prior exposure is above a site threshold."""
    for threshold in ctx.protocol.cumulative_thresholds:
        if threshold.drug != drug:
            continue
        unit = threshold.unit
        shown = "g/m²" if unit == "g/m2" else "mg/kg"
        cumulative = _per(unit, plan_mg + prior_mg, values)
        if cumulative <= threshold.soft_max:
            continue
        facts = {
            "drug": name,
            "cumulative": format_number(cumulative),
            "unit": shown,
            "plan": format_dose(plan_mg, "mg"),
            "plan_per": format_number(_per(unit, plan_mg, values)),
            "prior": format_dose(prior_mg, "mg"),
            "prior_per": format_number(_per(unit, prior_mg, values)),
            "total": format_dose(plan_mg + prior_mg, "mg"),
            "threshold": format_number(threshold.soft_max),
        }
        ctx.alert(
            "soft",
            AlertCode.CUMULATIVE_ABOVE_THRESHOLD,
            f"Cumulative {name.lower()} {facts['cumulative']} {shown} (this plan "
            f"{facts['plan']} = {facts['plan_per']} {shown}, prior {facts['prior']} = "
            f"{facts['prior_per']} {shown}; {facts['total']} in all) is above the site threshold "
            f"of {facts['threshold']} {shown}: review the cumulative exposure before the plan "
            "is verified.",
            field_name="prior cyclophosphamide" if drug == "cyclophosphamide" else None,
            params=facts,
        )


def harvest_status(ctx: Context) -> HarvestStatus | None:
    targets = ctx.protocol.harvest
    if targets is None:
        return None
    weight = ctx.weight_kg
    cd34 = sum((c.cd34_10e6 for c in ctx.plan_input.apheresis), Decimal(0))
    mnc = sum((c.mnc_10e8 for c in ctx.plan_input.apheresis), Decimal(0))
    cd34_target = plain(targets.cd34_per_kg_10e6 * weight)
    mnc_target = plain(targets.mnc_per_kg_10e8 * weight)
    return HarvestStatus(
        cd34_target_10e6=cd34_target,
        mnc_target_10e8=mnc_target,
        cd34_collected_10e6=plain(cd34),
        mnc_collected_10e8=plain(mnc),
        cd34_collected_per_kg_10e6=plain((cd34 / weight).quantize(KG_PLACES, ROUND_HALF_UP)),
        mnc_collected_per_kg_10e8=plain((mnc / weight).quantize(KG_PLACES, ROUND_HALF_UP)),
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
