"""The pharmacist worksheet: every number with the arithmetic behind it, so a second
pharmacist can recheck the plan by hand."""

from __future__ import annotations

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from app.alert_text import alert_lines, trace_text
from app.course_text import course_total_text, item_total_text
from app.sheets._context import SheetContext
from app.sheets._language import name_text
from app.sheets._styles import LIGHT, SHADE
from app.sheets._text import (
    NOT_ENTERED,
    Verbatim,
    amount,
    date_or_missing,
    diluent_text,
    dose_text,
    esc,
    formula_name,
    kg,
    patient_sex,
    rule_name,
    short_date,
    weight_line,
    words_for_signs,
)
from dosing.display import format_number, format_percent
from dosing.models import Administration, ComputedPlan, ItemResult


def _pairs(ctx: SheetContext, rows: list[tuple[str, str]], label_share: float = 0.28) -> Table:
    s = ctx.styles
    data = [[Paragraph(esc(k), s.label), Paragraph(esc(v), s.body)] for k, v in rows]
    table = Table(data, colWidths=[ctx.width * label_share, ctx.width * (1 - label_share)])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _grid(
    ctx: SheetContext, header: list[str], rows: list[list[str]], shares: list[float]
) -> Table:
    s = ctx.styles
    data: list[list[object]] = [[Paragraph(esc(h), s.label) for h in header]]
    data += [[Paragraph(esc(cell), s.small) for cell in row] for row in rows]
    table = Table(data, colWidths=[ctx.width * share for share in shares], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _patient(ctx: SheetContext) -> list[Flowable]:
    plan, s = ctx.plan, ctx.styles
    patient = plan.input.patient
    values = plan.anthropometrics
    arm = f" · arm {plan.arm}" if plan.arm else ""
    options = plan.input.options
    rows = [
        (
            "Patient",
            # Only the name and MRN are free text here: the rest holds no sign to spell.
            Verbatim(
                f"{patient.name or NOT_ENTERED} · MRN {patient.mrn or NOT_ENTERED} · "
                f"born {date_or_missing(patient.date_of_birth)} · {patient_sex(plan)} · "
                f"{patient.age_years} years"
            ),
        ),
        (
            "Protocol",
            f"{plan.protocol_title} ({plan.protocol_id} version {plan.protocol_version}{arm})",
        ),
        (
            "Anchor dates",
            f"day 0 {date_or_missing(options.day0_date)} · mobilization day 1 "
            f"{date_or_missing(options.mobilization_start_date)} · treatment day 1 "
            f"{date_or_missing(options.treatment_start_date)}",
        ),
        ("Weight · height", f"{weight_line(plan)} · {format_number(values.height_cm)} cm"),
        (
            "Body surface area",
            f"{formula_name(plan)}: unrounded {format_number(values.bsa_unrounded_m2)} m², "
            f"rounded to {options.bsa_decimals} decimals {format_number(values.bsa_m2)} m²"
            + (
                f" — CAPPED at {format_number(options.bsa_cap_m2)} m²"
                if values.bsa_capped and options.bsa_cap_m2 is not None
                else ""
            ),
        ),
        ("Ideal body weight (Devine)", kg(values.ibw_kg)),
        (
            "Adjusted body weight",
            f"{kg(values.adjbw_kg)} (factor {format_number(values.adjbw_factor)}; per-item factors "
            "are in each item's calculation)",
        ),
        ("Body mass index", f"{format_number(values.bmi)} kg/m²"),
        (
            "Serum creatinine",
            f"{format_number(values.creatinine_mg_dl)} mg/dL"
            if values.creatinine_mg_dl is not None
            else NOT_ENTERED,
        ),
        (
            "Creatinine clearance (Cockcroft–Gault)",
            f"{format_number(values.crcl_ml_min)} mL/min"
            if values.crcl_ml_min is not None
            else "not calculated (no creatinine)",
        ),
        (
            "eGFR (CKD-EPI 2021)",
            f"{format_number(values.egfr_ml_min_173m2)} mL/min/1.73 m²"
            if values.egfr_ml_min_173m2 is not None
            else "not calculated (no creatinine)",
        ),
        ("Prior cumulative cyclophosphamide", amount(patient.prior_cyclophosphamide_mg, "mg")),
    ]
    return [
        Paragraph(esc(f"Pharmacist worksheet — {plan.protocol_title}"), s.title),
        Spacer(1, 3),
        Paragraph("Patient and anthropometrics", s.heading),
        _pairs(ctx, rows),
    ]


def _admins_of(plan: ComputedPlan, item: ItemResult) -> list[Administration]:
    return [a for a in plan.administrations if a.item == item.item]


def _item_block(ctx: SheetContext, item: ItemResult) -> Flowable:
    plan, s = ctx.plan, ctx.styles
    admins = _admins_of(plan, item)
    rows: list[tuple[str, str]] = [("Protocol dose", item.protocol_dose_text)]
    if item.dosing_weight_kg is not None:
        rows.append(
            (
                "Dosing weight",
                f"{format_number(item.dosing_weight_kg)} kg ({rule_name(item.dosing_weight_rule)})",
            )
        )
    if item.range_min is not None and item.range_max is not None:
        unit = item.range_unit or ""
        chosen = (
            f"{format_number(item.chosen)} {unit}"
            if item.chosen is not None
            else "NOT CHOSEN — choice required"
        )
        rows.append(
            (
                "Chosen value",
                f"{chosen} (range {format_number(item.range_min)}–"
                f"{format_number(item.range_max)} {unit})",
            )
        )
    elif item.needs_choice:
        rows.append(
            (
                "Chosen value",
                f"{format_number(item.chosen)} {item.range_unit or ''}"
                if item.chosen is not None
                else "NOT ENTERED — choice required",
            )
        )
    reduction = plan.input.reductions.get(item.item)
    if reduction is not None:
        rows.append(
            (
                "Reduction",
                f"{format_percent(reduction.percent)} of the protocol dose — reason: "
                f"{words_for_signs(reduction.reason)}"
                + (
                    f" (floor {format_percent(item.reduction_floor_percent)})"
                    if item.reduction_floor_percent is not None
                    else ""
                ),
            )
        )
    calculation = trace_text(item.trace, ctx.meta.language) if item.trace else None
    rows.append(("Calculation", calculation or "no calculation (not dosed by this plan)"))
    dose = item.dose
    if dose is not None:
        rows += [
            (
                "Rounding",
                f"unrounded {amount(dose.unrounded, dose.unit)} → rounded (given) "
                f"{dose.amount_display}; deviation "
                f"{format_percent(dose.rounding_deviation_percent)}",
            ),
            ("Protocol dose (100%)", dose.protocol_display),
        ]
    else:
        rows.append(("Dose", dose_text(plan, admins[0])[0] if admins else "no administration"))
    presentations = {a.presentation for a in admins if a.presentation}
    if presentations:
        rows.append(("Presentation", "; ".join(sorted(presentations))))
    draws = dict.fromkeys(a.draw for a in admins if a.draw)
    if draws:
        rows.append(("Volume to draw", "; ".join(draws)))
    infusions = dict.fromkeys(_infusion(a) for a in admins if a.dose is not None)
    for infusion in infusions:
        if infusion:
            rows.append(("Route and infusion", infusion))
    given = [a for a in admins if a.status == "scheduled" and a.day is not None]
    dropped = [a for a in admins if a.status == "dropped"]
    conditional = [a for a in admins if a.status == "conditional"]
    if given:
        rows.append(("Days given", ", ".join(_day_and_date(a) for a in given)))
    if dropped:
        rows.append(
            (
                "Days dropped",
                ", ".join(f"{_day_and_date(a)} ({dose_text(plan, a)[0]})" for a in dropped),
            )
        )
    for a in conditional:
        rows.append(("Conditional", a.condition or "waits on blood counts"))
    if item.course_total is not None:
        rows.append(("Course total", item_total_text(item, ctx.meta.language)))
    odd = [a for a in admins if a.trace and a.trace != item.trace]
    for a in odd:
        rows.append((f"Calculation, {a.day_label}", trace_text(a.trace, ctx.meta.language)))
    if item.note:
        rows.append(("Note", item.note))
    name = name_text(item.name, ctx.meta.language)
    title = Paragraph(esc(f"{name} — {item.phase} ({item.item})"), s.bold)
    return KeepTogether([title, Spacer(1, 1.5), _pairs(ctx, rows), Spacer(1, 6)])


def _infusion(admin: Administration) -> str:
    """``IV: sodium chloride 0.9%, 500 mL over 6 hours at 83.3 mL/h`` — volume, duration and
    rate side by side, so the rate can be rechecked by division."""
    parts = [admin.route]
    if admin.diluent or admin.volume_ml is not None:
        parts.append(diluent_text(admin))
    if admin.duration:
        parts.append(admin.duration)
    if admin.rate_ml_per_h is not None:
        parts.append(f"at {format_number(admin.rate_ml_per_h)} mL/h")
    return " · ".join(parts)


def _day_and_date(admin: Administration) -> str:
    return admin.day_label + (f" ({short_date(admin.date)})" if admin.date is not None else "")


def _totals(ctx: SheetContext) -> list[Flowable]:
    plan, s = ctx.plan, ctx.styles
    names = {item.item: f"{item.name} — {item.phase}" for item in plan.items}
    story: list[Flowable] = [Paragraph("Totals per item", s.heading)]
    rows = [
        [names.get(t.item, t.item), course_total_text(t.display, t.stop, ctx.meta.language)]
        for t in plan.totals
    ]
    story.append(_grid(ctx, ["Item", "Total in this plan"], rows or [["—", "—"]], [0.5, 0.5]))
    story.append(Paragraph("Cumulative per drug (all phases, plus prior exposure)", s.heading))
    drug_names: dict[str, str] = {}
    for item in plan.items:
        drug_names.setdefault(item.drug, item.name)
    drug_rows = [
        [
            drug_names.get(t.drug, t.drug),
            amount(t.plan_mg, "mg"),
            amount(t.prior_mg, "mg"),
            amount(t.cumulative_mg, "mg"),
            f"{format_number(t.cumulative_mg_per_kg)} mg/kg",
            f"{format_number(t.cumulative_g_per_m2)} g/m²",
        ]
        for t in plan.drug_totals
    ]
    story.append(
        _grid(
            ctx,
            ["Drug", "This plan", "Prior", "Cumulative", "per kg", "per m²"],
            drug_rows or [["—"] * 6],
            [0.24, 0.15, 0.15, 0.16, 0.15, 0.15],
        )
    )
    return story


def _harvest(ctx: SheetContext) -> list[Flowable]:
    """Each apheresis target: the total needed (per-kg target × weight), what is collected,
    and met or not — both targets, since G-CSF stops on the CD34+ one alone."""
    plan, s = ctx.plan, ctx.styles
    harvest = plan.harvest
    if harvest is None:
        return []

    def status(met: bool) -> str:
        return "met" if met else "NOT MET"

    rows = [
        [
            "CD34+",
            f"more than {format_number(harvest.cd34_target_10e6)} × 10⁶",
            f"{format_number(harvest.cd34_collected_10e6)} × 10⁶ "
            f"({format_number(harvest.cd34_collected_per_kg_10e6)} × 10⁶/kg)",
            status(harvest.cd34_met),
        ],
        [
            "Mononuclear cells",
            f"more than {format_number(harvest.mnc_target_10e8)} × 10⁸",
            f"{format_number(harvest.mnc_collected_10e8)} × 10⁸ "
            f"({format_number(harvest.mnc_collected_per_kg_10e8)} × 10⁸/kg)",
            status(harvest.mnc_met),
        ],
    ]
    return [
        Paragraph(f"Harvest status ({harvest.collections} collection(s))", s.heading),
        _grid(ctx, ["Target", "Needed", "Collected", "Status"], rows, [0.22, 0.26, 0.36, 0.16]),
        Paragraph(esc(harvest.target_text), s.small),
    ]


def _iv_volumes(ctx: SheetContext) -> list[Flowable]:
    """Each day's IV volume beside its mL/kg: seed 000's "the volume of infusion liquid is
    50 ml/kg/day" may be the whole day's intake, not the hyperhydration alone."""
    plan, s = ctx.plan, ctx.styles
    if not plan.daily_iv_volumes:
        return []
    names = {item.item: name_text(item.name, ctx.meta.language) for item in plan.items}
    rows = [
        [
            f"{v.day_label} ({short_date(v.date)})",
            f"{format_number(v.volume_ml)} mL",
            f"{format_number(v.ml_per_kg)} mL/kg on {kg(v.weight_kg)}",
            " + ".join(names.get(item, item) for item in v.items),
        ]
        for v in plan.daily_iv_volumes
    ]
    return [
        Paragraph("IV volume per day (every IV infusion of the day)", s.heading),
        _grid(ctx, ["Day", "IV volume", "per kg", "Summed"], rows, [0.2, 0.14, 0.2, 0.46]),
    ]


def _alerts(ctx: SheetContext) -> list[Flowable]:
    plan, s = ctx.plan, ctx.styles
    story: list[Flowable] = [Paragraph("Alerts", s.heading)]
    severity = {"hard": "HARD — refused", "soft": "soft", "info": "info"}
    rows = []
    for alert in plan.alerts:
        if alert.severity == "info":
            ack = "—"
        elif alert.acknowledged:
            ack = f"acknowledged: {alert.acknowledgement or ''}"
        elif alert.severity == "soft":
            ack = "NOT ACKNOWLEDGED (a soft alert needs acknowledgement with a reason)"
        else:
            ack = "cannot be acknowledged: the dose is refused"
        message = " · ".join(alert_lines(alert, ctx.meta.language))
        rows.append([severity[alert.severity], alert.code, message, ack])
    story.append(
        _grid(
            ctx,
            ["Severity", "Code", "Message", "Acknowledgement"],
            rows or [["—", "—", "no alerts", "—"]],
            [0.1, 0.26, 0.42, 0.22],
        )
    )
    return story


def _signatures(ctx: SheetContext) -> list[Flowable]:
    meta, s = ctx.meta, ctx.styles
    rows: list[list[object]] = [
        [Paragraph(h, s.label) for h in ("", "Name", "Initials", "Date and time")]
    ]
    for role, who in (("Prepared by", meta.prepared_by), ("Verified by", meta.verified_by)):
        rows.append([Paragraph(role, s.bold), Paragraph(esc(who or ""), s.body), "", ""])
    table = Table(
        rows, colWidths=[ctx.width * f for f in (0.18, 0.38, 0.14, 0.30)], rowHeights=[None, 26, 26]
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [KeepTogether([Paragraph("Sign-off", s.heading), table])]


def build(ctx: SheetContext) -> list[Flowable]:
    story = _patient(ctx)
    story.append(Paragraph("Each item: calculation, rounding and changes", ctx.styles.heading))
    for item in ctx.plan.items:
        story.append(_item_block(ctx, item))
    story += _totals(ctx)
    story += _harvest(ctx)
    story += _iv_volumes(ctx)
    story += _alerts(ctx)
    story += _signatures(ctx)
    return story
