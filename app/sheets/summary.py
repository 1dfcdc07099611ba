"""The protocol summary: every phase for this patient, harvest targets, follow-up visits and
the source (seed file and verbatim quote) of each item."""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from app.alert_text import dose_display, protocol_dose_words
from app.protocol_text import text, text_lines
from app.sheets._charts import charts
from app.sheets._context import SheetContext
from app.sheets._language import chinese_day, label_text, name_text, say, short_chinese_date
from app.sheets._paragraph import Paragraph
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
from app.sheets._totals import item_total
from dosing.display import format_number
from dosing.models import Administration, ComputedPlan, FollowUpVisit, ItemResult

QUOTE_NOTE = (
    "Quotes are verbatim from the seed files, except that markdown escapes are removed, powers "
    "of ten are set as superscripts, the less-than and greater-than signs are written in words, "
    "micrograms are written mcg and IU international units; a reading in [brackets] is ours."
)
QUOTE_NOTE_ZH = (
    "引文逐字摘自原始资料（其原文语言），仅去除转义符号，10 的幂次改为上标，小于号和大于号"
    "改用文字，微克写作 mcg，国际单位写出全称；[方括号] 内为本方案的解读。"
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


def _schedule(admins: list[Administration], language: str = "en", protocol: str = "") -> str:
    if language == "bilingual":
        return f"{_schedule(admins, 'zh_CN', protocol)} · {_schedule(admins)}"
    zh = language == "zh_CN"
    parts: list[str] = []
    for admin in admins:
        if admin.day is None:
            if zh:
                condition = text(admin.condition, language, protocol) if admin.condition else ""
                parts.append(f"随后{condition}" if parts else condition or "按血象确定")
                continue
            condition = admin.condition or "on blood counts"
            parts.append(f"then {condition}" if parts else condition)
            continue
        if zh:
            when = f"（{short_chinese_date(admin.date)}）" if admin.date is not None else ""
            dropped = " — 停用" if admin.status == "dropped" else ""
            parts.append(f"{chinese_day(admin.day_label)}{when}{dropped}")
            continue
        when = f" ({short_date(admin.date)})" if admin.date is not None else ""
        dropped = " — dropped" if admin.status == "dropped" else ""
        parts.append(f"{admin.day_label}{when}{dropped}")
    if zh:
        return "；".join(parts) if parts else "未安排"
    return "; ".join(parts) if parts else "not scheduled"


def _item(ctx: SheetContext, item: ItemResult) -> Flowable:
    plan, s, language = ctx.plan, ctx.styles, ctx.meta.language
    admins = [a for a in plan.administrations if a.item == item.item]
    dose = dose_text(plan, admins[0], language)[0] if admins else "—"
    if item.dose is not None:
        given = next((a for a in admins if a.dose is not None), None)
        dose = dose_display(given, language) if given is not None else item.dose.display
    comma = "，" if language == "zh_CN" else ", "
    route = (
        comma.join(
            name_text(t, language) for t in dict.fromkeys([admins[0].route, admins[0].frequency])
        )
        if admins
        else ""
    )
    lines: list[Flowable] = [
        Paragraph(
            f"<b>{esc(name_text(item.name, language))}</b> — "
            f"{esc(protocol_dose_words(item.protocol_dose_text, language))}",
            s.body,
        ),
        Paragraph(
            f"{esc(label_text('For this patient:', language))} <b>{esc(dose)}</b>"
            + (f" · {esc(route)}" if route else ""),
            s.body,
        ),
        Paragraph(
            f"{esc(label_text('Schedule:', language))} "
            f"{esc(_schedule(admins, language, plan.protocol_id))}",
            s.small,
        ),
    ]
    if item.course_total is not None:
        total = item_total(item, language)
        lines.append(
            Paragraph(f"{esc(label_text('Course total:', language))} {esc(total)}", s.small)
        )
    if item.note:
        note = text_lines(item.note, language, plan.protocol_id)
        lines += [Paragraph(esc(line), s.note) for line in note]
    lines.append(_source(language, item.seed, item.quote, s.note))
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


def _collected(language: str, cells: str, per_kg: str, target: str, power: str, met: bool) -> str:
    english = f"{cells} × {power} cells ({per_kg} × {power}/kg) of {target} × {power} — " + (
        "target met" if met else "target not yet met"
    )
    zh = f"{cells} × {power} 个细胞（{per_kg} × {power}/kg），目标 {target} × {power} — " + (
        "已达到目标" if met else "尚未达到目标"
    )
    return say(language, english, zh)


def _harvest(ctx: SheetContext) -> list[Flowable]:
    plan, s, language = ctx.plan, ctx.styles, ctx.meta.language
    harvest = plan.harvest
    if harvest is None:
        return []
    rows = [
        [
            say(language, "Target for this patient", "本患者的目标"),
            text(harvest.target_text, language, plan.protocol_id),
        ],
        [
            say(language, "CD34+ collected", "已采集 CD34⁺ 细胞"),
            _collected(
                language,
                format_number(harvest.cd34_collected_10e6),
                format_number(harvest.cd34_collected_per_kg_10e6),
                format_number(harvest.cd34_target_10e6),
                "10⁶",
                harvest.cd34_met,
            ),
        ],
        [
            say(language, "Mononuclear cells collected", "已采集单个核细胞"),
            _collected(
                language,
                format_number(harvest.mnc_collected_10e8),
                format_number(harvest.mnc_collected_per_kg_10e8),
                format_number(harvest.mnc_target_10e8),
                "10⁸",
                harvest.mnc_met,
            ),
        ],
        [say(language, "Collections", "采集次数"), str(harvest.collections)],
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
                Paragraph(
                    esc(say(language, "Harvest (apheresis) targets", "采集（单采）目标")),
                    s.heading,
                ),
                table,
                _source(language, harvest.seed, harvest.quote, s.note),
            ]
        )
    ]


def _source(language: str, seed: str, quote: str, style: object) -> Flowable:
    """A source citation: the seed file and its words verbatim, in their own language."""
    label = label_text("Source", language)
    return Paragraph(f"{esc(label)} {esc(seed)}: “{esc(printable_quote(quote))}”", style)


def _visit_date(visit: FollowUpVisit, language: str, protocol: str) -> str:
    if visit.date is not None:
        return say(language, date_or_missing(visit.date), short_chinese_date(visit.date))
    return text(visit.date_missing or "", language, protocol)


def _follow_up(ctx: SheetContext) -> list[Flowable]:
    plan, s, language = ctx.plan, ctx.styles, ctx.meta.language
    heading = Paragraph(esc(say(language, "Follow-up visits", "随访")), s.heading)
    if not plan.follow_up:
        none = say(language, "This protocol sets no follow-up visits.", "本方案未设定随访。")
        return [heading, Paragraph(esc(none), s.body)]
    data: list[list[object]] = [
        [
            Paragraph(esc(say(language, "Visit", "随访时间点")), s.label),
            Paragraph(esc(say(language, "Date", "日期")), s.label),
            Paragraph(esc(say(language, "Checked", "检查内容")), s.label),
        ]
    ]
    quotes: dict[tuple[str, str], None] = {}
    protocol = plan.protocol_id
    for visit in plan.follow_up:
        if language == "en":
            checks = "; ".join(visit.checks) + (f" ({visit.note})" if visit.note else "")
        else:
            zh_checks = "；".join(text(c, "zh_CN", protocol) for c in visit.checks)
            zh_checks += f"（{text(visit.note, 'zh_CN', protocol)}）" if visit.note else ""
            english = "; ".join(visit.checks) + (f" ({visit.note})" if visit.note else "")
            checks = zh_checks if language == "zh_CN" else f"{zh_checks} · {english}"
        data.append(
            [
                Paragraph(esc(text(visit.label, language, protocol)), s.body),
                Paragraph(esc(_visit_date(visit, language, protocol)), s.body),
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
    sources = [_source(language, seed, quote, s.note) for seed, quote in quotes]
    return [heading, table, *sources]


def _anchor_dates(plan: ComputedPlan, language: str = "en") -> str:
    """The anchor dates this plan's days count from, and only those."""
    if language == "bilingual":
        return f"{_anchor_dates(plan, 'zh_CN')} · {_anchor_dates(plan)}"
    options = plan.input.options
    anchors = {str(a.anchor.value) for a in plan.administrations}

    def when(date: dt.date | None) -> str:
        if language == "en":
            return date_or_missing(date)
        return short_chinese_date(date) if date is not None else "未填写"

    names = {"en": ("mobilization day 1", "day 0", "treatment day 1")}.get(
        language, ("动员第1天", "第0天", "治疗第1天")
    )
    colon = ": " if language == "en" else "："
    parts = []
    if "mobilization" in anchors:
        parts.append(f"{names[0]}{colon}{when(options.mobilization_start_date)}")
    if "day0" in anchors:
        parts.append(f"{names[1]}{colon}{when(options.day0_date)}")
    if "treatment" in anchors:
        parts.append(f"{names[2]}{colon}{when(options.treatment_start_date)}")
    return " · ".join(parts)


def _patient_line(plan: ComputedPlan, language: str = "en") -> Verbatim:
    """Whose summary this is, as typed (the page header has it too, shorter on a long name)."""
    patient = plan.input.patient
    if language == "en":
        return Verbatim(
            f"Patient: {patient.name or NOT_ENTERED} · MRN {patient.mrn or NOT_ENTERED}"
        )
    missing = "未填写" if language == "zh_CN" else f"未填写 {NOT_ENTERED}"
    name = label_text("Patient name", language)
    mrn = label_text("MRN", language)
    return Verbatim(f"{name}：{patient.name or missing} · {mrn} {patient.mrn or missing}")


def build(ctx: SheetContext) -> list[Flowable]:
    plan, s, language = ctx.plan, ctx.styles, ctx.meta.language
    title = text(plan.protocol_title, language, plan.protocol_id)
    if language == "en":
        arm = f" · arm {plan.arm}" if plan.arm else ""
        sub = f"protocol {plan.protocol_id} version {plan.protocol_version}{arm}"
    else:  # the ids and numbers read the same in both
        arm = f" · 分组 {plan.arm}" if plan.arm else ""
        sub = f"方案 {plan.protocol_id} 版本 {plan.protocol_version}{arm}"
    note = say(language, QUOTE_NOTE, QUOTE_NOTE_ZH)
    story: list[Flowable] = [
        Paragraph(esc(f"{label_text('Protocol summary', language)} — {title}"), s.title),
        Paragraph(esc(sub), s.body),
        Paragraph(esc(_patient_line(plan, language)), s.body),
        Paragraph(esc(_anchor_dates(plan, language)), s.body),
        Paragraph(esc(note), s.note),
        Spacer(1, 4),
    ]
    harvest_done = False
    for phase, name, items in _phases(plan):
        story.append(Paragraph(esc(name_text(name, language)), s.heading))
        story += [_item(ctx, item) for item in items]
        if phase == "mobilization":
            story += _harvest(ctx)
            harvest_done = True
    if not harvest_done:
        story += _harvest(ctx)
    story += charts(ctx)
    story += _follow_up(ctx)
    return story
