"""The pharmacist worksheet: every number with the arithmetic behind it, so a second
pharmacist can recheck the plan by hand. In Chinese (or bilingual) its labels are glossary
lines, the protocol's sentences come from the protocol catalogue and the traces keep their
arithmetic (``app/alert_text.py``); the numbers are the engine's in every language."""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle  # type: ignore[import-untyped]

import app.sheets._worksheet_tables as tables
from app.alert_text import (
    draw_words,
    presentation_words,
    protocol_dose_words,
    trace_text,
    unit_words,
)
from app.protocol_text import text
from app.sheets._context import SheetContext
from app.sheets._language import (
    chinese_day,
    label_text,
    name_text,
    say,
    short_chinese_date,
)
from app.sheets._paragraph import Paragraph
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
from app.sheets._totals import item_total
from dosing.display import format_number, format_percent
from dosing.models import Administration, ComputedPlan, ItemResult


def _pairs(ctx: SheetContext, rows: list[tuple[str, str]], label_share: float = 0.28) -> Table:
    s, language = ctx.styles, ctx.meta.language
    data = [
        [Paragraph(esc(label_text(k, language)), s.label), Paragraph(esc(v), s.body)]
        for k, v in rows
    ]
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


def _date(date: dt.date | None, language: str) -> str:
    if date is None:
        return say(language, NOT_ENTERED, "未填写")
    return say(language, short_date(date), short_chinese_date(date))


def _patient_words(ctx: SheetContext) -> Verbatim:
    plan, language = ctx.plan, ctx.meta.language
    patient = plan.input.patient
    missing = say(language, NOT_ENTERED, "未填写")
    english = (
        f"{patient.name or NOT_ENTERED} · MRN {patient.mrn or NOT_ENTERED} · "
        f"born {date_or_missing(patient.date_of_birth)} · {patient_sex(plan)} · "
        f"{patient.age_years} years"
    )
    if language == "en":
        return Verbatim(english)
    # Only the name and MRN are free text here: the rest holds no sign to spell.
    return Verbatim(
        f"{patient.name or missing} · {label_text('MRN', language)} {patient.mrn or missing} · "
        f"{label_text('Date of birth', language)} {_date(patient.date_of_birth, language)} · "
        f"{name_text(patient_sex(plan), language)} · {patient.age_years} 岁"
    )


def _patient(ctx: SheetContext) -> list[Flowable]:
    plan, s, language = ctx.plan, ctx.styles, ctx.meta.language
    patient = plan.input.patient
    values = plan.anthropometrics
    options = plan.input.options
    title = text(plan.protocol_title, language, plan.protocol_id)
    arm = say(language, f" · arm {plan.arm}", f" · 分组 {plan.arm}") if plan.arm else ""
    version = say(language, "version", "版本")
    weighed = (
        _date(patient.weigh_date, language)
        if patient.weigh_date
        else say(language, "weigh date not entered", "未填写称重日期")
    )
    weight = (
        weight_line(plan)
        if language == "en"
        else f"{format_number(patient.weight_kg)} kg（{say(language, 'weighed', '称重日期')} {weighed}）"
    )
    no_creatinine = say(language, "not calculated (no creatinine)", "未计算（未填写肌酐）")
    decimals = options.bsa_decimals
    bsa = say(
        language,
        f"{formula_name(plan)}: unrounded {format_number(values.bsa_unrounded_m2)} m², "
        f"rounded to {decimals} decimals {format_number(values.bsa_m2)} m²",
        f"{formula_name(plan)}：未取整 {format_number(values.bsa_unrounded_m2)} m²，"
        f"取 {decimals} 位小数 {format_number(values.bsa_m2)} m²",
    )
    if values.bsa_capped and options.bsa_cap_m2 is not None:
        cap = format_number(options.bsa_cap_m2)
        bsa += say(language, f" — CAPPED at {cap} m²", f" — 封顶于 {cap} m²")
    rows = [
        ("Patient", _patient_words(ctx)),
        (
            "Protocol",
            f"{title} ({plan.protocol_id} {version} {plan.protocol_version}{arm})",
        ),
        (
            "Anchor dates",
            say(
                language,
                f"day 0 {date_or_missing(options.day0_date)} · mobilization day 1 "
                f"{date_or_missing(options.mobilization_start_date)} · treatment day 1 "
                f"{date_or_missing(options.treatment_start_date)}",
                f"第0天 {_date(options.day0_date, 'zh_CN')} · 动员第1天 "
                f"{_date(options.mobilization_start_date, 'zh_CN')} · 治疗第1天 "
                f"{_date(options.treatment_start_date, 'zh_CN')}",
            ),
        ),
        ("Weight · height", f"{weight} · {format_number(values.height_cm)} cm"),
        ("Body surface area", bsa),
        ("Ideal body weight (Devine)", kg(values.ibw_kg)),
        (
            "Adjusted body weight",
            say(
                language,
                f"{kg(values.adjbw_kg)} (factor {format_number(values.adjbw_factor)}; per-item "
                "factors are in each item's calculation)",
                f"{kg(values.adjbw_kg)}（系数 {format_number(values.adjbw_factor)}；各项目的系数"
                "见其计算过程）",
            ),
        ),
        ("Body mass index", f"{format_number(values.bmi)} kg/m²"),
        (
            "Serum creatinine",
            f"{format_number(values.creatinine_mg_dl)} mg/dL"
            if values.creatinine_mg_dl is not None
            else say(language, NOT_ENTERED, "未填写"),
        ),
        (
            "Creatinine clearance (Cockcroft–Gault)",
            f"{format_number(values.crcl_ml_min)} mL/min"
            if values.crcl_ml_min is not None
            else no_creatinine,
        ),
        (
            "eGFR (CKD-EPI 2021)",
            f"{format_number(values.egfr_ml_min_173m2)} mL/min/1.73 m²"
            if values.egfr_ml_min_173m2 is not None
            else no_creatinine,
        ),
        ("Prior cumulative cyclophosphamide", amount(patient.prior_cyclophosphamide_mg, "mg")),
    ]
    return [
        Paragraph(esc(f"{label_text('Pharmacist worksheet', language)} — {title}"), s.title),
        Spacer(1, 3),
        tables.heading(ctx, "Patient and anthropometrics"),
        _pairs(ctx, rows),
    ]


def _admins_of(plan: ComputedPlan, item: ItemResult) -> list[Administration]:
    return [a for a in plan.administrations if a.item == item.item]


def _choice_rows(item: ItemResult, language: str) -> list[tuple[str, str]]:
    unit = item.range_unit or ""
    if item.range_min is not None and item.range_max is not None:
        chosen = (
            f"{format_number(item.chosen)} {unit}"
            if item.chosen is not None
            else say(language, "NOT CHOSEN — choice required", "未选择 — 需选择剂量")
        )
        span = f"{format_number(item.range_min)}–{format_number(item.range_max)} {unit}"
        zh = protocol_dose_words(f"{chosen}（范围 {span}）", "zh_CN")
        return [("Chosen value", say(language, f"{chosen} (range {span})", zh))]
    if item.needs_choice:
        chosen = (
            f"{format_number(item.chosen)} {unit}"
            if item.chosen is not None
            else say(language, "NOT ENTERED — choice required", "未填写 — 需填写剂量")
        )
        return [("Chosen value", chosen)]
    return []


def _item_block(ctx: SheetContext, item: ItemResult) -> Flowable:
    plan, s, language = ctx.plan, ctx.styles, ctx.meta.language
    protocol = plan.protocol_id
    admins = _admins_of(plan, item)
    rows: list[tuple[str, str]] = [
        ("Protocol dose", protocol_dose_words(item.protocol_dose_text, language))
    ]
    if item.dosing_weight_kg is not None:
        rule = name_text(rule_name(item.dosing_weight_rule), language)
        rows.append(("Dosing weight", f"{format_number(item.dosing_weight_kg)} kg ({rule})"))
    rows += _choice_rows(item, language)
    reduction = plan.input.reductions.get(item.item)
    if reduction is not None:
        percent, reason = format_percent(reduction.percent), words_for_signs(reduction.reason)
        floor = (
            format_percent(item.reduction_floor_percent)
            if item.reduction_floor_percent is not None
            else None
        )
        rows.append(
            (
                "Reduction",
                say(
                    language,
                    f"{percent} of the protocol dose — reason: {reason}"
                    + (f" (floor {floor})" if floor else ""),
                    f"方案剂量的 {percent} — 原因：{reason}"
                    + (f"（下限 {floor}）" if floor else ""),
                ),
            )
        )
    calculation = trace_text(item.trace, language) if item.trace else None
    none = say(language, "no calculation (not dosed by this plan)", "无计算（本计划不计算其剂量）")
    rows.append(("Calculation", calculation or none))
    dose = item.dose
    if dose is not None:
        unrounded, given = amount(dose.unrounded, dose.unit), dose.amount_display
        if language != "en":
            unrounded, given = unit_words(unrounded), unit_words(given)
        deviation = format_percent(dose.rounding_deviation_percent)
        rows += [
            (
                "Rounding",
                say(
                    language,
                    f"unrounded {unrounded} → rounded (given) {given}; deviation {deviation}",
                    f"未取整 {unrounded} → 取整（给药）{given}；偏差 {deviation}",
                ),
            ),
            ("Protocol dose (100%)", protocol_dose_words(dose.protocol_display, language)),
        ]
    else:
        missing = say(language, "no administration", "无给药")
        rows.append(("Dose", dose_text(plan, admins[0], language)[0] if admins else missing))
    presentations = {presentation_words(a.presentation, language) for a in admins if a.presentation}
    if presentations:
        rows.append(("Presentation", "; ".join(sorted(presentations))))
    draws = dict.fromkeys(draw_words(a.draw, language) for a in admins if a.draw)
    if draws:
        rows.append(("Volume to draw", "; ".join(draws)))
    infusions = dict.fromkeys(_infusion(a, language) for a in admins if a.dose is not None)
    for infusion in infusions:
        if infusion:
            rows.append(("Route and infusion", infusion))
    given_days = [a for a in admins if a.status == "scheduled" and a.day is not None]
    dropped = [a for a in admins if a.status == "dropped"]
    conditional = [a for a in admins if a.status == "conditional"]
    comma = "、" if language == "zh_CN" else ", "
    if given_days:
        rows.append(("Days given", comma.join(_day_and_date(a, language) for a in given_days)))
    if dropped:
        rows.append(
            (
                "Days dropped",
                comma.join(
                    f"{_day_and_date(a, language)} ({dose_text(plan, a, language)[0]})"
                    for a in dropped
                ),
            )
        )
    for a in conditional:
        waits = say(language, "waits on blood counts", "待血象确定")
        rows.append(
            ("Conditional", text(a.condition, language, protocol) if a.condition else waits)
        )
    if item.course_total is not None:
        rows.append(("Course total", item_total(item, language)))
    for a in (a for a in admins if a.trace and a.trace != item.trace):
        label = say(language, f"Calculation, {a.day_label}", f"计算（{chinese_day(a.day_label)}）")
        rows.append((label, trace_text(a.trace, language)))
    if item.note:
        rows.append(("Note", text(item.note, language, protocol)))
    phase = item.phase if language == "en" else tables.phase_of(plan, item.phase, language)
    title = Paragraph(esc(f"{name_text(item.name, language)} — {phase} ({item.item})"), s.bold)
    return KeepTogether([title, Spacer(1, 1.5), _pairs(ctx, rows), Spacer(1, 6)])


def _infusion(admin: Administration, language: str = "en") -> str:
    """``IV: sodium chloride 0.9%, 500 mL over 6 hours at 83.3 mL/h`` — volume, duration and
    rate side by side, so the rate can be rechecked by division."""
    parts = [name_text(admin.route, language)]
    if admin.diluent or admin.volume_ml is not None:
        parts.append(diluent_text(admin, language))
    if admin.duration:
        parts.append(name_text(admin.duration, language))
    if admin.rate_ml_per_h is not None:
        rate = format_number(admin.rate_ml_per_h)
        parts.append(say(language, f"at {rate} mL/h", f"滴速 {rate} mL/h"))
    return " · ".join(parts)


def _day_and_date(admin: Administration, language: str = "en") -> str:
    english = admin.day_label + (f" ({short_date(admin.date)})" if admin.date is not None else "")
    if language == "en":
        return english
    zh = chinese_day(admin.day_label) + (
        f"（{short_chinese_date(admin.date)}）" if admin.date is not None else ""
    )
    return zh if language == "zh_CN" else f"{zh} · {english}"


def build(ctx: SheetContext) -> list[Flowable]:
    story = _patient(ctx)
    story.append(tables.heading(ctx, "Each item: calculation, rounding and changes"))
    for item in ctx.plan.items:
        story.append(_item_block(ctx, item))
    story += tables.totals(ctx)
    story += tables.harvest(ctx)
    story += tables.iv_volumes(ctx)
    story += tables.alerts(ctx)
    story += tables.signatures(ctx)
    return story
