"""The recipe: a validated protocol and a plan input in, a ``ComputedPlan`` out.

Order of operations for every dose (DESIGN §3): protocol dose × body size (BSA rounded to
its decimals, or the item's dosing weight) → unit conversion → reduction (before rounding)
→ ROUND_HALF_UP to the item's increment → optional rounding to a presentation inside the
item's window. The unrounded value and the rounding deviation are kept for the trace.
"""

from __future__ import annotations

from decimal import Decimal

from dosing.display import format_number
from dosing.engine.administrations import follow_linked_drops, schedule_item
from dosing.engine.alerts import alert_missing_treatment_start, alert_reading, patient_alerts
from dosing.engine.body import compute_anthropometrics
from dosing.engine.compiled import compiled_for
from dosing.engine.context import Context
from dosing.engine.dose import item_dose
from dosing.engine.follow_up import follow_up
from dosing.engine.phases import check_phase_order
from dosing.engine.schedule import anchor_date_of, chronological
from dosing.engine.totals import (
    course_stop,
    course_total,
    drug_totals,
    harvest_status,
    item_result,
)
from dosing.engine.volumes import daily_iv_volumes
from dosing.errors import InputError
from dosing.models import Administration, ComputedPlan, ItemResult, PlanInput, Total
from dosing.protocol import Anchor, Protocol
from dosing.validation import validate_plan_input

_SEVERITY_ORDER = {"hard": 0, "soft": 1, "info": 2}


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
    mobilization_last_date = check_phase_order(protocol, plan_input)
    options = plan_input.options
    compiled = compiled_for(protocol)

    # 1. The body: BSA (rounded, perhaps capped), IBW, renal function, and their alerts.
    anthropometrics = compute_anthropometrics(plan_input)
    bsa_text = options.bsa_formula.display_name
    if anthropometrics.bsa_capped:
        bsa_text += f", capped at {format_number(anthropometrics.bsa_m2)} m²"
    ctx = Context(protocol, plan_input, anthropometrics.bsa_m2, anthropometrics.ibw_kg)
    ctx.mobilization_last_date = mobilization_last_date
    ctx.bsa_trace = f"{format_number(anthropometrics.bsa_m2)} m² ({bsa_text})"
    patient_alerts(ctx, anthropometrics)
    alert_missing_treatment_start(ctx)

    # 2. Each item of the arm, in the protocol file's order: its dose, its days, its total.
    # Without outer spaces, as a reduction's reason and as the CLI and the window read it.
    dropped = {(d.item, d.day): d.reason.strip() for d in plan_input.dropped_days}
    if dropped:
        ctx.dropped_with = follow_linked_drops(protocol.items_in_arm(options.arm), dropped)
    dropped_items = {item for item, _ in dropped}
    anchor_dates = {anchor: anchor_date_of(plan_input, anchor) for anchor in Anchor}
    items: list[ItemResult] = []
    administrations: list[Administration] = []
    order_keys: list[tuple[int, float, int]] = []
    totals: list[Total] = []
    drug_mg: dict[str, Decimal] = {}
    drug_names: dict[str, str] = {"cyclophosphamide": "Cyclophosphamide"}
    # Every arm of the protocol and None are keys; validation refused any other arm.
    for entry in compiled.items_by_arm[options.arm]:
        item = entry.item
        result = item_dose(ctx, entry)
        if item.alert is not None:
            ctx.alert(item.alert.severity, item.alert.code, item.alert.message, item.id)
        if item.reading is not None:
            alert_reading(ctx, item)
        schedule = schedule_item(
            ctx, entry, result, anchor_dates[entry.anchor], dropped, dropped_items
        )
        administrations.extend(schedule.administrations)
        order_keys.extend(schedule.order_keys)
        total = course_total(result.dose, schedule.given)
        stop = course_stop(ctx, item, schedule.open_ended) if total is not None else None
        if total is not None:
            totals.append(
                Total(
                    item=item.id,
                    value=total.value,
                    unit=total.unit,
                    ucum=total.ucum,
                    display=total.display,
                    open=stop is not None,
                    stop=stop,
                )
            )
            if entry.mg_factor is not None and result.dose is not None:
                drug_mg[item.drug] = drug_mg.get(item.drug, Decimal(0)) + (
                    result.dose.value * len(schedule.given) * entry.mg_factor
                )
                drug_names.setdefault(item.drug, item.name)
        items.append(item_result(ctx, entry, result, schedule.given, total, stop))

    # 3. Across items: drug totals (cumulative cyclophosphamide), harvest, follow-up, and
    # each day's IV volume.
    scheduled = chronological(administrations, order_keys)
    item_results = tuple(items)
    return ComputedPlan(
        protocol_id=protocol.id,
        protocol_version=protocol.version,
        protocol_title=protocol.title,
        arm=options.arm,
        # The acknowledgements as bound to the alerts they acknowledged (dosing.acknowledgements).
        input=plan_input.model_copy(update={"acknowledgements": tuple(ctx.acknowledged.values())}),
        anthropometrics=anthropometrics,
        items=item_results,
        administrations=scheduled,
        totals=tuple(totals),
        drug_totals=drug_totals(ctx, drug_mg, drug_names, anthropometrics),
        alerts=tuple(sorted(ctx.alerts, key=lambda alert: _SEVERITY_ORDER[alert.severity])),
        harvest=harvest_status(ctx),
        follow_up=follow_up(compiled, plan_input),
        daily_iv_volumes=daily_iv_volumes(scheduled, item_results, anthropometrics),
    )
