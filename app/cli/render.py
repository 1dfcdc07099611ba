"""What ``txdose plan`` prints: the JSON object of DESIGN §6, or a readable schedule."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from app.cli.render_follow_up import follow_up_json, follow_up_lines
from app.course_text import course_total_text
from dosing.display import format_number

if TYPE_CHECKING:
    from dosing.models import Administration, ComputedPlan, Total


def plan_json(plan: ComputedPlan) -> dict[str, Any]:
    """The JSON object of DESIGN §6 (UCUM unit codes; decimal strings), plus a few extras
    (``day_label``, ``status``, ``dose.protocol_value``) that scripts find useful."""
    values = plan.anthropometrics
    return {
        "protocol": {"id": plan.protocol_id, "version": plan.protocol_version, "arm": plan.arm},
        "anthropometrics": {
            "bsa_m2": values.bsa_m2,
            "bsa_unrounded_m2": values.bsa_unrounded_m2,
            "bsa_formula": values.bsa_formula.value,
            "bsa_capped": values.bsa_capped,
            "ibw_kg": values.ibw_kg,
            "adjbw_kg": values.adjbw_kg,
            "bmi": values.bmi,
            "crcl_ml_min": values.crcl_ml_min,
            "egfr_ml_min_173m2": values.egfr_ml_min_173m2,
        },
        "administrations": [
            {
                "item": a.item,
                "drug": a.drug,
                "phase": a.phase,
                "day": a.day,
                "day_label": a.day_label,
                "course_label": a.course_label,
                "date": a.date,
                "status": a.status,
                "condition": a.condition,
                "dose": (
                    {
                        "value": a.dose.value,
                        "unit": a.dose.ucum,
                        "display": a.dose.display,
                        "unrounded": a.dose.unrounded,
                        "protocol_value": a.dose.protocol_value,
                    }
                    if a.dose is not None
                    else None
                ),
                "no_dose": a.no_dose,
                "route": a.route,
                "volume_ml": a.volume_ml,
                "rate_ml_per_h": a.rate_ml_per_h,
                "presentation": a.presentation,
                "draw_volume_ml": a.draw_volume_ml,
                "draw": a.draw,
                "draw_delivered": (
                    {
                        "value": a.draw_delivered.value,
                        "unit": a.draw_delivered.ucum,
                        "display": a.draw_delivered.display,
                        "deviation_percent": a.draw_delivered.deviation_percent,
                    }
                    if a.draw_delivered is not None
                    else None
                ),
                "reduced_percent": a.reduced_percent,
                "dosing_weight_kg": a.dosing_weight_kg,
                "trace": a.trace,
                # What the protocol says of it, or how counts and collections decided its day.
                "note": a.note,
            }
            for a in plan.administrations
        ],
        "totals": [
            {
                "item": t.item,
                "value": t.value,
                "unit": t.ucum,
                # An open course: the doses so far, and what ends it (kind and facts).
                "open": t.open,
                "stop": {"kind": t.stop.kind.value, "params": t.stop.params} if t.stop else None,
                "text": _total_text(t),
            }
            for t in plan.totals
        ],
        "drug_totals": [
            {
                "drug": d.drug,
                "plan_mg": d.plan_mg,
                "prior_mg": d.prior_mg,
                "cumulative_mg": d.cumulative_mg,
                "cumulative_mg_per_kg": d.cumulative_mg_per_kg,
                "cumulative_g_per_m2": d.cumulative_g_per_m2,
            }
            for d in plan.drug_totals
        ],
        "harvest": _harvest_json(plan),
        "daily_iv_volumes": [
            {
                "date": v.date,
                "day_label": v.day_label,
                "phase": v.phase,
                "volume_ml": v.volume_ml,
                "ml_per_kg": v.ml_per_kg,
                "weight_kg": v.weight_kg,
                "items": list(v.items),
            }
            for v in plan.daily_iv_volumes
        ],
        "follow_up": follow_up_json(plan),
        "alerts": [
            {
                "severity": a.severity,
                "code": a.code,
                "message": a.message,
                "item": a.item,
                "acknowledged": a.acknowledged,
            }
            for a in plan.alerts
        ],
    }


def _harvest_json(plan: ComputedPlan) -> dict[str, Any] | None:
    """Each apheresis target: the total needed for this weight, what is collected, and met
    (collected greater than needed, as the seed's "> 2×10^6/kg")."""
    harvest = plan.harvest
    if harvest is None:
        return None
    return {
        "collections": harvest.collections,
        "targets": [
            {
                "target": "cd34",
                "unit": "10*6.{cells}",
                "needed": harvest.cd34_target_10e6,
                "collected": harvest.cd34_collected_10e6,
                "met": harvest.cd34_met,
            },
            {
                "target": "mnc",
                "unit": "10*8.{cells}",
                "needed": harvest.mnc_target_10e8,
                "collected": harvest.mnc_collected_10e8,
                "met": harvest.mnc_met,
            },
        ],
    }


def _harvest_lines(plan: ComputedPlan) -> list[str]:
    harvest = plan.harvest
    if harvest is None:
        return []

    def met(value: bool) -> str:
        return "met" if value else "NOT MET"

    return [
        "",
        f"Harvest ({harvest.collections} collection(s)):",
        f"  CD34+: needed more than {format_number(harvest.cd34_target_10e6)} × 10⁶, collected "
        f"{format_number(harvest.cd34_collected_10e6)} × 10⁶ — {met(harvest.cd34_met)}",
        f"  Mononuclear cells: needed more than {format_number(harvest.mnc_target_10e8)} × 10⁸, "
        f"collected {format_number(harvest.mnc_collected_10e8)} × 10⁸ — {met(harvest.mnc_met)}",
    ]


def _cap_text(plan: ComputedPlan) -> str:
    """ ", capped at 1.7 m²; calculated 1.78 m²" when the BSA cap applies, else nothing."""
    values = plan.anthropometrics
    options = plan.input.options
    if not values.bsa_capped or options.bsa_cap_m2 is None:
        return ""
    calculated = values.bsa_unrounded_m2.quantize(
        Decimal(1).scaleb(-options.bsa_decimals), ROUND_HALF_UP
    )
    return (
        f", capped at {format_number(options.bsa_cap_m2)} m²; "
        f"calculated {format_number(calculated)} m²"
    )


def _body_size(plan: ComputedPlan, admin: Administration, basis: str) -> str:
    """What a per-kg or per-m² dose was multiplied by, beside the dose, so the arithmetic can
    be rechecked from the line alone: " (60 kg actual weight)", " (BSA 1.68 m²)"."""
    if admin.dose is None:
        return ""
    if admin.dosing_weight_kg is not None:
        rule = admin.dosing_weight_rule
        words = f" {rule.display_name}" if rule is not None else ""
        return f" ({format_number(admin.dosing_weight_kg)} kg{words})"
    if basis.endswith("/m2"):
        return f" (BSA {format_number(plan.anthropometrics.bsa_m2)} m²{_cap_text(plan)})"
    return ""


def _total_text(total: Total) -> str:
    """ "10,720 mg"; an open course names what ends it: "335 mcg so far; ends when the CD34+
    cells collected exceed the target (…)" (app/course_text.py, the one wording)."""
    return course_total_text(total.display, total.stop)


def plan_text(plan: ComputedPlan) -> str:
    """A readable schedule for a terminal: one block per phase and day."""
    values = plan.anthropometrics
    patient = plan.input.patient
    lines = [
        f"{plan.protocol_title} ({plan.protocol_id} v{plan.protocol_version})"
        + (f", arm {plan.arm}" if plan.arm else ""),
        f"Patient: {patient.sex.value}, {patient.age_years} years, {format_number(values.weight_kg)} kg, "
        f"{format_number(values.height_cm)} cm",
        f"BSA {format_number(values.bsa_m2)} m² ({values.bsa_formula.value}{_cap_text(plan)}); IBW "
        f"{format_number(values.ibw_kg)} kg; adjusted BW {format_number(values.adjbw_kg)} kg "
        f"(factor {format_number(values.adjbw_factor)}); BMI {format_number(values.bmi)} kg/m²"
        + (
            f"; CrCl {format_number(values.crcl_ml_min)} mL/min"
            if values.crcl_ml_min is not None
            else ""
        )
        + (
            f"; eGFR {format_number(values.egfr_ml_min_173m2)} mL/min/1.73 m²"
            if values.egfr_ml_min_173m2 is not None
            else ""
        ),
    ]
    bases = {item.item: item.basis for item in plan.items}
    # Each day's IV volume closes the last block of that date.
    volumes = {v.date: v for v in plan.daily_iv_volumes}
    last_of_date = {a.date: i for i, a in enumerate(plan.administrations) if a.date}
    current: tuple[str, str] | None = None
    resolved: set[tuple[str, str]] = set()
    for index, admin in enumerate(plan.administrations):
        heading = (admin.phase_name, admin.day_label)
        if heading != current:
            current = heading
            date = f" · {admin.date.strftime('%a %d %b %Y')}" if admin.date else ""
            lines.append("")
            lines.append(f"{admin.phase_name} — {admin.day_label}{date}")
        if admin.dose is not None:
            dose = admin.dose.display
        elif admin.no_dose == "dropped":
            dose = "DROPPED"
        elif admin.no_dose == "local-protocol":
            dose = "drug and dose per local protocol"
        else:
            dose = f"NO DOSE — {admin.trace or 'see alerts'}"
        route = "" if admin.route == "per local protocol" else f" {admin.route}"
        rate = f", {format_number(admin.rate_ml_per_h)} mL/h" if admin.rate_ml_per_h else ""
        if admin.volume_ml and admin.dose is not None and admin.dose.unit != "mL":
            # The infusion's volume beside its rate: the rate is rechecked by division.
            diluent = f" {admin.diluent}" if admin.diluent else ""
            rate = f", in {format_number(admin.volume_ml)} mL{diluent}{rate}"
        course = f" ({admin.course_label})" if admin.course_label else ""
        body = _body_size(plan, admin, bases.get(admin.item, ""))
        lines.append(f"  {admin.name}{course}{route}: {dose}{body}{rate}")
        if admin.draw:
            lines.append(f"      {admin.presentation}: {admin.draw}")
        if admin.condition:
            lines.append(f"      condition: {admin.condition}")
        if admin.note and (admin.status != "scheduled" or admin.no_dose == "local-protocol"):
            # a row per local protocol says what the source leaves to the site
            lines.append(f"      {admin.note}")
        elif admin.condition and admin.note and (admin.item, admin.note) not in resolved:
            # A course the counts or the harvest decided: which count started it, the nadir,
            # what stopped it — once, under its first dose (each day carries the same words).
            resolved.add((admin.item, admin.note))
            lines.append(f"      {admin.note}")
        if admin.date in volumes and last_of_date[admin.date] == index:
            volume = volumes[admin.date]
            lines.append(
                f"  IV volume this day: {format_number(volume.volume_ml)} mL "
                f"({format_number(volume.ml_per_kg)} mL/kg on {format_number(volume.weight_kg)} kg)"
            )
    if plan.totals:
        lines += ["", "Course totals:"]
        names = {item.item: item.name for item in plan.items}
        lines += [
            f"  {names.get(t.item, t.item)} ({t.item}): {_total_text(t)}" for t in plan.totals
        ]
    for total in plan.drug_totals:
        if total.drug == "cyclophosphamide":
            lines.append(f"  Cumulative cyclophosphamide: {total.display}")
    lines += _harvest_lines(plan)
    lines += follow_up_lines(plan)
    if plan.alerts:
        lines += ["", "Alerts:"]
        for alert in plan.alerts:
            mark = " (acknowledged)" if alert.acknowledged else ""
            lines.append(f"  [{alert.severity}] {alert.code}: {alert.message}{mark}")
    return "\n".join(lines)
