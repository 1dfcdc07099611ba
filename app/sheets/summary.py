"""The protocol summary: every phase for this patient, harvest targets, follow-up visits and
the source (seed file and verbatim quote) of each item."""

from __future__ import annotations

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from app.course_text import item_total_text
from app.sheets._charts import charts
from app.sheets._context import SheetContext
from app.sheets._language import name_text
from app.sheets._styles import LIGHT
from app.sheets._text import (
    NOT_ENTERED,
    Verbatim,
    date_or_missing,
    dose_text,
    esc,
    printable_quote,
    short_date,
)
from dosing.display import format_number
from dosing.models import Administration, ComputedPlan, ItemResult

QUOTE_NOTE = (
    "Quotes are verbatim from the seed files, except that markdown escapes are removed, powers "
    "of ten are set as superscripts, the less-than and greater-than signs are written in words, "
    "micrograms are written mcg and IU international units; a reading in [brackets] is ours."
)


def _phases(plan: ComputedPlan) -> list[tuple[str, str, list[ItemResult]]]:
    """(phase id, phase name, items) in protocol order."""
    names: dict[str, str] = {}
    for admin in plan.administrations:
        names.setdefault(admin.phase, admin.phase_name)
    phases: list[tuple[str, str, list[ItemResult]]] = []
    for item in plan.items:
        if not phases or phases[-1][0] != item.phase:
            phases.append((item.phase, names.get(item.phase, item.phase.capitalize()), []))
        phases[-1][2].append(item)
    return phases


def _schedule(admins: list[Administration]) -> str:
    parts: list[str] = []
    for admin in admins:
        if admin.day is None:
            condition = admin.condition or "on blood counts"
            parts.append(f"then {condition}" if parts else condition)
            continue
        when = f" ({short_date(admin.date)})" if admin.date is not None else ""
        dropped = " — dropped" if admin.status == "dropped" else ""
        parts.append(f"{admin.day_label}{when}{dropped}")
    return "; ".join(parts) if parts else "not scheduled"


def _item(ctx: SheetContext, item: ItemResult) -> Flowable:
    plan, s = ctx.plan, ctx.styles
    admins = [a for a in plan.administrations if a.item == item.item]
    dose = dose_text(plan, admins[0])[0] if admins else "—"
    if item.dose is not None:
        dose = item.dose.display
    route = ", ".join(dict.fromkeys([admins[0].route, admins[0].frequency])) if admins else ""
    lines: list[Flowable] = [
        Paragraph(
            f"<b>{esc(name_text(item.name, ctx.meta.language))}</b> — "
            f"{esc(item.protocol_dose_text)}",
            s.body,
        ),
        Paragraph(
            f"For this patient: <b>{esc(dose)}</b>" + (f" · {esc(route)}" if route else ""), s.body
        ),
        Paragraph(f"Schedule: {esc(_schedule(admins))}", s.small),
    ]
    if item.course_total is not None:
        total = item_total_text(item, ctx.meta.language)
        lines.append(Paragraph(f"Course total: {esc(total)}", s.small))
    if item.note:
        lines.append(Paragraph(esc(item.note), s.note))
    lines.append(
        Paragraph(f"Source {esc(item.seed)}: “{esc(printable_quote(item.quote))}”", s.note)
    )
    box = Table([[lines]], colWidths=[ctx.width])
    box.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return box


def _harvest(ctx: SheetContext) -> list[Flowable]:
    plan, s = ctx.plan, ctx.styles
    harvest = plan.harvest
    if harvest is None:
        return []
    rows = [
        ["Target for this patient", harvest.target_text],
        [
            "CD34+ collected",
            f"{format_number(harvest.cd34_collected_10e6)} × 10⁶ cells "
            f"({format_number(harvest.cd34_collected_per_kg_10e6)} × 10⁶/kg) of "
            f"{format_number(harvest.cd34_target_10e6)} × 10⁶ — "
            + ("target met" if harvest.cd34_met else "target not yet met"),
        ],
        [
            "Mononuclear cells collected",
            f"{format_number(harvest.mnc_collected_10e8)} × 10⁸ cells "
            f"({format_number(harvest.mnc_collected_per_kg_10e8)} × 10⁸/kg) of "
            f"{format_number(harvest.mnc_target_10e8)} × 10⁸ — "
            + ("target met" if harvest.mnc_met else "target not yet met"),
        ],
        ["Collections", str(harvest.collections)],
    ]
    data = [[Paragraph(esc(k), s.label), Paragraph(esc(v), s.body)] for k, v in rows]
    table = Table(data, colWidths=[ctx.width * 0.25, ctx.width * 0.75])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [
        KeepTogether(
            [
                Paragraph("Harvest (apheresis) targets", s.heading),
                table,
                Paragraph(
                    f"Source {esc(harvest.seed)}: “{esc(printable_quote(harvest.quote))}”", s.note
                ),
            ]
        )
    ]


def _follow_up(ctx: SheetContext) -> list[Flowable]:
    plan, s = ctx.plan, ctx.styles
    if not plan.follow_up:
        return [
            Paragraph("Follow-up visits", s.heading),
            Paragraph("This protocol sets no follow-up visits.", s.body),
        ]
    data: list[list[object]] = [
        [Paragraph("Visit", s.label), Paragraph("Date", s.label), Paragraph("Checked", s.label)]
    ]
    quotes: dict[tuple[str, str], None] = {}
    for visit in plan.follow_up:
        date = date_or_missing(visit.date) if visit.date is not None else visit.date_missing or ""
        checks = "; ".join(visit.checks) + (f" ({visit.note})" if visit.note else "")
        data.append(
            [
                Paragraph(esc(visit.label), s.body),
                Paragraph(esc(date), s.body),
                Paragraph(esc(checks), s.body),
            ]
        )
        quotes.update(dict.fromkeys((source.seed, source.quote) for source in visit.sources))
    widths = [ctx.width * 0.22, ctx.width * 0.28, ctx.width * 0.5]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ]
        )
    )
    sources = [
        Paragraph(f"Source {esc(seed)}: “{esc(printable_quote(quote))}”", s.note)
        for seed, quote in quotes
    ]
    return [Paragraph("Follow-up visits", s.heading), table, *sources]


def _anchor_dates(plan: ComputedPlan) -> str:
    """The anchor dates this plan's days count from, and only those."""
    options = plan.input.options
    anchors = {str(a.anchor.value) for a in plan.administrations}
    parts = []
    if "mobilization" in anchors:
        parts.append(f"mobilization day 1: {date_or_missing(options.mobilization_start_date)}")
    if "day0" in anchors:
        parts.append(f"day 0: {date_or_missing(options.day0_date)}")
    if "treatment" in anchors:
        parts.append(f"treatment day 1: {date_or_missing(options.treatment_start_date)}")
    return " · ".join(parts)


def _patient_line(plan: ComputedPlan) -> Verbatim:
    """Whose summary this is, as typed (the page header has it too, shorter on a long name)."""
    patient = plan.input.patient
    return Verbatim(f"Patient: {patient.name or NOT_ENTERED} · MRN {patient.mrn or NOT_ENTERED}")


def build(ctx: SheetContext) -> list[Flowable]:
    plan, s = ctx.plan, ctx.styles
    arm = f" · arm {plan.arm}" if plan.arm else ""
    story: list[Flowable] = [
        Paragraph(esc(f"Protocol summary — {plan.protocol_title}"), s.title),
        Paragraph(esc(f"protocol {plan.protocol_id} version {plan.protocol_version}{arm}"), s.body),
        Paragraph(esc(_patient_line(plan)), s.body),
        Paragraph(esc(_anchor_dates(plan)), s.body),
        Paragraph(esc(QUOTE_NOTE), s.note),
        Spacer(1, 4),
    ]
    harvest_done = False
    for phase, name, items in _phases(plan):
        story.append(Paragraph(esc(name), s.heading))
        story += [_item(ctx, item) for item in items]
        if phase == "mobilization":
            story += _harvest(ctx)
            harvest_done = True
    if not harvest_done:
        story += _harvest(ctx)
    story += charts(ctx)
    story += _follow_up(ctx)
    return story
