"""The pharmacist worksheet's tables after the items: totals, the harvest, the day's IV
volume, alerts and the sign-off — in the sheet's language (English, Chinese or bilingual);
numbers and units as the engine writes them."""

from __future__ import annotations

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle  # type: ignore[import-untyped]

from app.alert_text import alert_lines
from app.protocol_text import text
from app.sheets._context import SheetContext
from app.sheets._language import (
    chinese_day,
    chinese_phase,
    label_text,
    name_text,
    say,
    short_chinese_date,
)
from app.sheets._paragraph import Paragraph
from app.sheets._styles import LIGHT, SHADE
from app.sheets._text import amount, esc, kg, short_date
from app.sheets._totals import total_text
from dosing.display import format_number
from dosing.models import ComputedPlan


def grid(ctx: SheetContext, header: list[str], rows: list[list[str]], shares: list[float]) -> Table:
    """A table with a shaded header row; the header's words are glossary labels."""
    s, language = ctx.styles, ctx.meta.language
    data: list[list[object]] = [[Paragraph(esc(label_text(h, language)), s.label) for h in header]]
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


def heading(ctx: SheetContext, english: str) -> Paragraph:
    return Paragraph(esc(name_text(english, ctx.meta.language)), ctx.styles.heading)


def phase_of(plan: ComputedPlan, phase: str, language: str) -> str:
    """A phase id as the glossary names its phase (``engraftment`` -> 植入期支持治疗)."""
    name = next((a.phase_name for a in plan.administrations if a.phase == phase), None)
    zh = chinese_phase(phase) if name is None else name_text(name, "zh_CN")
    return say(language, phase, zh)


def totals(ctx: SheetContext) -> list[Flowable]:
    plan, language = ctx.plan, ctx.meta.language
    names = {
        item.item: f"{name_text(item.name, language)} — {phase_of(plan, item.phase, language)}"
        for item in plan.items
    }
    story: list[Flowable] = [heading(ctx, "Totals per item")]
    rows = [
        [names.get(t.item, t.item), total_text(t.display, t.stop, language)] for t in plan.totals
    ]
    story.append(grid(ctx, ["Item", "Total in this plan"], rows or [["—", "—"]], [0.5, 0.5]))
    story.append(heading(ctx, "Cumulative per drug (all phases, plus prior exposure)"))
    drug_names: dict[str, str] = {}
    for item in plan.items:
        drug_names.setdefault(item.drug, name_text(item.name, language))
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
        grid(
            ctx,
            ["Drug", "This plan", "Prior", "Cumulative", "per kg", "per m²"],
            drug_rows or [["—"] * 6],
            [0.24, 0.15, 0.15, 0.16, 0.15, 0.15],
        )
    )
    return story


def harvest(ctx: SheetContext) -> list[Flowable]:
    """Each apheresis target: the total needed (per-kg target × weight), what is collected,
    and met or not — both targets, since G-CSF stops on the CD34+ one alone."""
    plan, s, language = ctx.plan, ctx.styles, ctx.meta.language
    found = plan.harvest
    if found is None:
        return []

    def status(met: bool) -> str:
        return say(language, "met", "已达到") if met else say(language, "NOT MET", "未达到")

    def needed(target: str) -> str:
        return say(language, f"more than {target}", f"超过 {target}")

    rows = [
        [
            say(language, "CD34+", "CD34⁺ 细胞"),
            needed(f"{format_number(found.cd34_target_10e6)} × 10⁶"),
            f"{format_number(found.cd34_collected_10e6)} × 10⁶ "
            f"({format_number(found.cd34_collected_per_kg_10e6)} × 10⁶/kg)",
            status(found.cd34_met),
        ],
        [
            say(language, "Mononuclear cells", "单个核细胞"),
            needed(f"{format_number(found.mnc_target_10e8)} × 10⁸"),
            f"{format_number(found.mnc_collected_10e8)} × 10⁸ "
            f"({format_number(found.mnc_collected_per_kg_10e8)} × 10⁸/kg)",
            status(found.mnc_met),
        ],
    ]
    title = say(
        language,
        f"Harvest status ({found.collections} collection(s))",
        f"采集情况（共 {found.collections} 次单采）",
    )
    return [
        Paragraph(esc(title), s.heading),
        grid(ctx, ["Target", "Needed", "Collected", "Status"], rows, [0.22, 0.26, 0.36, 0.16]),
        Paragraph(esc(text(found.target_text, language, plan.protocol_id)), s.small),
    ]


def iv_volumes(ctx: SheetContext) -> list[Flowable]:
    """Each day's IV volume beside its mL/kg: seed 000's "the volume of infusion liquid is
    50 ml/kg/day" may be the whole day's intake, not the hyperhydration alone."""
    plan, language = ctx.plan, ctx.meta.language
    if not plan.daily_iv_volumes:
        return []
    names = {item.item: name_text(item.name, language) for item in plan.items}
    rows = [
        [
            say(
                language,
                f"{v.day_label} ({short_date(v.date)})",
                f"{chinese_day(v.day_label)}（{short_chinese_date(v.date)}）",
            ),
            f"{format_number(v.volume_ml)} mL",
            say(
                language,
                f"{format_number(v.ml_per_kg)} mL/kg on {kg(v.weight_kg)}",
                f"{format_number(v.ml_per_kg)} mL/kg（按 {kg(v.weight_kg)}）",
            ),
            " + ".join(names.get(item, item) for item in v.items),
        ]
        for v in plan.daily_iv_volumes
    ]
    return [
        heading(ctx, "IV volume per day (every IV infusion of the day)"),
        grid(ctx, ["Day", "IV volume", "per kg", "Summed"], rows, [0.2, 0.14, 0.2, 0.46]),
    ]


def alerts(ctx: SheetContext) -> list[Flowable]:
    plan, language = ctx.plan, ctx.meta.language
    story: list[Flowable] = [heading(ctx, "Alerts")]
    severity = {
        "hard": say(language, "HARD — refused", "硬性上限 — 已拒绝"),
        "soft": say(language, "soft", "警示"),
        "info": say(language, "info", "提示"),
    }
    rows = []
    for alert in plan.alerts:
        if alert.severity == "info":
            ack = "—"
        elif alert.acknowledged:
            reason = alert.acknowledgement or ""
            ack = say(language, f"acknowledged: {reason}", f"已确认：{reason}")
        elif alert.severity == "soft":
            ack = say(
                language,
                "NOT ACKNOWLEDGED (a soft alert needs acknowledgement with a reason)",
                "未确认（警示须填写原因予以确认）",
            )
        else:
            ack = say(
                language,
                "cannot be acknowledged: the dose is refused",
                "不可确认：该剂量已被拒绝",
            )
        message = " · ".join(alert_lines(alert, language))
        rows.append([severity[alert.severity], alert.code, message, ack])
    none = say(language, "no alerts", "无警示")
    story.append(
        grid(
            ctx,
            ["Severity", "Code", "Message", "Acknowledgement"],
            rows or [["—", "—", none, "—"]],
            [0.1, 0.26, 0.42, 0.22],
        )
    )
    return story


def signatures(ctx: SheetContext) -> list[Flowable]:
    meta, s, language = ctx.meta, ctx.styles, ctx.meta.language
    rows: list[list[object]] = [
        [
            Paragraph(esc(label_text(h, language)), s.label)
            for h in ("", "Name", "Initials", "Date and time")
        ]
    ]
    for role, who in (("Prepared by", meta.prepared_by), ("Verified by", meta.verified_by)):
        rows.append(
            [
                Paragraph(esc(label_text(role, language)), s.bold),
                Paragraph(esc(who or ""), s.body),
                "",
                "",
            ]
        )
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
    return [KeepTogether([heading(ctx, "Sign-off"), table])]
