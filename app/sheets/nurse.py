"""The nurse administration schedule (landscape): what to give, when, and boxes to sign.

Scope: every administration outside mobilization (mobilization is a separate admission weeks
earlier; it is on the worksheet and the summary). For auto-hsct-ln that is day −5 to day 0 and
the engraftment G-CSF that follows; for the MSC protocols their day −1/day 0; for the IL-2 arm
its 21 doses. Each administration is one table row, and reportlab never splits a row across
pages, so an administration is always read whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from app.alert_text import alert_lines, draw_words, presentation_words
from app.course_text import item_total_text
from app.protocol_text import text, text_lines
from app.sheets._context import SheetContext
from app.sheets._fonts import BOLD, REGULAR, glyph_safe, has_fallback
from app.sheets._language import (
    chinese,
    label_text,
    name_lines,
    name_text,
    short_chinese_date,
)
from app.sheets._nurse_days import day_heading, day_key, day_lines, range_text
from app.sheets._paragraph import Paragraph
from app.sheets._styles import LIGHT, RED, SHADE
from app.sheets._text import (
    NOT_ENTERED,
    Verbatim,
    bsa_line,
    date_or_missing,
    diluent_text,
    dose_text,
    dosing_weights,
    esc,
    kg,
    patient_sex,
    rate_text,
    weight_line,
    words_for_signs,
)
from dosing.display import format_number
from dosing.models import Administration, ComputedPlan
from dosing.protocol import Anchor

BOX_LABELS = ("Time given", "Given by", "Checked by")
# Column shares of the frame width: drug, dose, route, diluent/volume, rate/duration, 3 boxes.
_SHARES = (0.22, 0.22, 0.1, 0.12, 0.12, 0.073, 0.073, 0.074)
_COMPACT_SHARES = (0.16, 0.16, 0.18, 0.1, 0.1, 0.09, 0.07, 0.07, 0.07)
_BOX_HEIGHT = 24.0
_PADDING = 3.0
_BODY_SIZE = 9.0  # the body paragraph style's size


def on_sheet(plan: ComputedPlan) -> list[Administration]:
    """The administrations the nurse schedule lists, in schedule order."""
    return [a for a in plan.administrations if a.anchor is not Anchor.MOBILIZATION]


def _date(date: dt.date | None, language: str) -> str:
    if language == "en":
        return date_or_missing(date)
    return short_chinese_date(date) if date is not None else _not_entered(language)


def _not_entered(language: str) -> str:
    return {"en": NOT_ENTERED, "zh_CN": "未填写"}.get(language, f"未填写 {NOT_ENTERED}")


def _sex_age(plan: ComputedPlan, language: str) -> str:
    age = plan.input.patient.age_years
    if language == "en":
        return f"{patient_sex(plan)} · {age} years"
    return f"{chinese(patient_sex(plan))} · {age} 岁"


def _weight(plan: ComputedPlan, language: str) -> str:
    patient = plan.input.patient
    if language == "en":
        return weight_line(plan)
    if patient.weigh_date is None:
        return f"{format_number(patient.weight_kg)} kg（未填写称重日期）"
    weighed = short_chinese_date(patient.weigh_date)
    return f"{format_number(patient.weight_kg)} kg（称重日期 {weighed}）"


def _header(ctx: SheetContext) -> list[Flowable]:
    plan, s = ctx.plan, ctx.styles
    patient = plan.input.patient
    admins = on_sheet(plan)
    language = ctx.meta.language
    protocol_title = text(plan.protocol_title, language, plan.protocol_id)
    title = f"{label_text('Administration schedule', language)} — {protocol_title}"
    span = range_text(admins, language)
    if language == "en":
        arm = f" · arm {plan.arm}" if plan.arm else ""
        sub = f"protocol {plan.protocol_id} version {plan.protocol_version}{arm}"
    else:  # the Chinese words alone: the ids and numbers read the same in both
        arm = f" · 分组 {plan.arm}" if plan.arm else ""
        sub = f"方案 {plan.protocol_id} 版本 {plan.protocol_version}{arm}"
    sub += f" · {span}" if span else ""

    def cell(label: str, value: str, bold: bool = True) -> list[Flowable]:
        label = label_text(label, ctx.meta.language)
        return [Paragraph(esc(label), s.label), Paragraph(esc(value), s.bold if bold else s.body)]

    values = plan.anthropometrics
    weights = dosing_weights(plan, language) or [
        name_text("no dose on this plan is weight-based", language)
    ]
    rows = [
        [
            cell("Patient name", Verbatim(patient.name or _not_entered(language))),
            cell("MRN", Verbatim(patient.mrn or _not_entered(language))),
            cell("Date of birth", _date(patient.date_of_birth, language)),
            cell("Sex · age", _sex_age(plan, language)),
        ],
        [
            cell("Weight", _weight(plan, language)),
            cell("Height", f"{format_number(values.height_cm)} cm"),
            cell("Body surface area", bsa_line(plan)),
            cell(
                "Ideal · adjusted body weight",
                f"{kg(values.ibw_kg)} · {kg(values.adjbw_kg)}",
                False,
            ),
        ],
        [
            [Paragraph(esc(label_text("Dosing weight per drug", ctx.meta.language)), s.label)]
            + [Paragraph(esc(line), s.body) for line in weights],
            "",
            "",
            "",
        ],
    ]
    quarter = ctx.width / 4
    table = Table(rows, colWidths=[quarter] * 4)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("SPAN", (0, 2), (-1, 2)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [
        Paragraph(esc(title), s.title),
        Paragraph(esc(sub), s.body),
        Spacer(1, 4),
        table,
        Spacer(1, 4),
    ]


def _alert_lines(ctx: SheetContext) -> list[Flowable]:
    """Hard and unacknowledged soft alerts, above the schedule, so nobody gives past them."""
    plan, s = ctx.plan, ctx.styles
    open_alerts = [
        a
        for a in plan.alerts
        if a.severity == "hard" or (a.severity == "soft" and not a.acknowledged)
    ]
    if not open_alerts:
        return []
    language = ctx.meta.language
    lines = [
        Paragraph(esc(name_text("Resolve with the pharmacist before giving:", language)), s.warning)
    ]
    for alert in open_alerts:
        label = name_text("HARD LIMIT" if alert.severity == "hard" else "warning", language)
        message = "<br/>".join(esc(line) for line in alert_lines(alert, ctx.meta.language))
        colon = "：" if language == "zh_CN" else ": "
        lines.append(Paragraph(f"• <b>{esc(label)}</b>{esc(colon)}{message}", s.body))
    box = Table([[lines]], colWidths=[ctx.width])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, RED)]))
    return [box, Spacer(1, 4)]


def _drug_cell(ctx: SheetContext, admin: Administration, frequency: bool = True) -> list[Flowable]:
    s = ctx.styles
    first, *others = name_lines(admin.name, ctx.meta.language)
    parts: list[Flowable] = [Paragraph(esc(first), s.bold)]
    parts += [Paragraph(esc(other), s.small) for other in others]  # the English generic name
    language = ctx.meta.language
    if frequency and admin.frequency and admin.frequency != admin.route:
        parts.append(Paragraph(esc(name_text(admin.frequency, language)), s.small))
    protocol = ctx.plan.protocol_id
    if admin.condition:
        # Chinese, then the English below it in the bilingual sheet (as the drug names).
        first_line, *english = text_lines(admin.condition, language, protocol)
        label = esc(name_text("Condition:", language))
        parts.append(Paragraph(f"<b>{label}</b> {esc(first_line)}", s.small))
        parts += [Paragraph(esc(line), s.small) for line in english]
    if admin.note:
        parts += [
            Paragraph(esc(line), s.note) for line in text_lines(admin.note, language, protocol)
        ]
    return parts


def _dose_cell(ctx: SheetContext, admin: Administration) -> list[Flowable]:
    s = ctx.styles
    text, warning = dose_text(ctx.plan, admin, ctx.meta.language)
    style = s.warning if warning else (s.dose if admin.dose is not None else s.bold)
    parts: list[Flowable] = [Paragraph(esc(text), style)]
    if admin.dose is not None and admin.presentation:
        words = presentation_words(admin.presentation, ctx.meta.language)
        parts.append(Paragraph(esc(words), s.small))
    if admin.dose is not None and admin.draw:
        parts.append(Paragraph(esc(_draw_words(admin, ctx.meta.language)), s.small))
    return parts


def _draw_words(admin: Administration, language: str) -> str:
    """ "draw 0.42 mL of 300 mcg/0.5 mL"; in Chinese 从 300 mcg/0.5 mL 中抽取 0.42 mL (the
    presentations are written as on their labels), the English beside it when bilingual."""
    assert admin.draw is not None
    return draw_words(admin.draw, language)


def _box(ctx: SheetContext, admin: Administration) -> Flowable:
    if admin.status == "dropped":
        return Paragraph(esc(name_text("not given", ctx.meta.language)), ctx.styles.small)
    return Spacer(1, _BOX_HEIGHT)


def _text_cell(ctx: SheetContext, text: str, share: float) -> object:
    """A short one-line value as a plain table string (drawn in the table's font, several
    times faster than a paragraph); anything that would not fit wraps as a paragraph."""
    plain = glyph_safe(words_for_signs(text))
    # A table string is drawn in one font: text needing the CJK font goes as a paragraph.
    fits = stringWidth(plain, REGULAR, _BODY_SIZE) <= ctx.width * share - 2 * _PADDING - 1
    if fits and not has_fallback(plain):
        return plain
    return Paragraph(esc(text), ctx.styles.body)


def _row(
    ctx: SheetContext,
    admin: Administration,
    shares: Sequence[float],
    frequency: bool = True,
) -> list[object]:
    """One administration; ``shares`` are the route, diluent and rate column widths."""
    return [
        _drug_cell(ctx, admin, frequency),
        _dose_cell(ctx, admin),
        _text_cell(ctx, name_text(admin.route, ctx.meta.language), shares[0]),
        _text_cell(ctx, diluent_text(admin, ctx.meta.language), shares[1]),
        _text_cell(ctx, rate_text(admin, ctx.meta.language), shares[2]),
        _box(ctx, admin),
        _box(ctx, admin),
        _box(ctx, admin),
    ]


def _column_labels(ctx: SheetContext, first: str) -> list[object]:
    english = [first, "Dose", "Route", "Diluent · volume", "Rate · duration", *BOX_LABELS]
    if ctx.meta.language == "en":
        # Plain strings, not paragraphs: one label row per day block; rendering speed counts.
        return list(english)
    # Chinese needs its own font, which a plain table string cannot switch to.
    return [
        Paragraph(esc(label_text(text, ctx.meta.language)), ctx.styles.label) for text in english
    ]


def _grid(
    rows: list[list[object]],
    widths: list[float],
    header_rows: int,
    dropped_rows: Sequence[int],
    title_row: bool,
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
        ("FONT", (0, 0), (-1, -1), REGULAR, _BODY_SIZE, 11.5),
        ("BACKGROUND", (0, header_rows - 1), (-1, header_rows - 1), LIGHT),
        ("FONT", (0, header_rows - 1), (-1, header_rows - 1), BOLD, 7.5, 9.5),
    ]
    if title_row:
        commands += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    for row in dropped_rows:
        commands.append(("BACKGROUND", (0, row), (-1, row), LIGHT))
    table.setStyle(TableStyle(commands))
    return table


def _day_block(ctx: SheetContext, admins: list[Administration]) -> Flowable:
    s = ctx.styles
    heading = Paragraph(esc(day_heading(admins[0], ctx.meta.language)), s.day)
    rows: list[list[object]] = [[heading] + [""] * 7, _column_labels(ctx, "Drug")]
    dropped: list[int] = []
    for admin in admins:
        if admin.status == "dropped":
            dropped.append(len(rows))
        rows.append(_row(ctx, admin, _SHARES[2:5]))
    widths = [share * ctx.width for share in _SHARES]
    return _grid(rows, widths, 2, dropped, True)


def _compact_table(ctx: SheetContext, admins: list[Administration]) -> list[Flowable]:
    """One row per dose with its date: a long course (IL-2, 21 doses) stays compact. The
    frequency is said once above the table rather than on every row."""
    s, language = ctx.styles, ctx.meta.language
    courses = dict.fromkeys(
        f"{name_text(a.name, language)}{'：' if language == 'zh_CN' else ': '}"
        f"{name_text(a.frequency, language)}"
        for a in admins
        if a.frequency
    )
    story: list[Flowable] = [Paragraph(esc(course), s.bold) for course in courses]
    header = [*_column_labels(ctx, "Day · date")[:1], *_column_labels(ctx, "Drug")]
    rows: list[list[object]] = [header]
    dropped: list[int] = []
    for admin in admins:
        day_cell = [Paragraph(esc(line), s.bold) for line in day_lines(admin, language)]
        if admin.course_label:  # "cycle 2 · dose 3": which of the 21 doses this is
            day_cell.append(Paragraph(esc(text(admin.course_label, language)), s.small))
        if admin.status == "dropped":
            dropped.append(len(rows))
        rows.append([day_cell, *_row(ctx, admin, _COMPACT_SHARES[3:6], frequency=False)])
    widths = [share * ctx.width for share in _COMPACT_SHARES]
    return [*story, Spacer(1, 3), _grid(rows, widths, 1, dropped, False)]


def _conditional_block(ctx: SheetContext, admins: list[Administration]) -> list[Flowable]:
    s = ctx.styles
    heading = Paragraph(
        esc(
            name_text(
                "Conditional — the day depends on blood counts (write the date when the "
                "condition is met)",
                ctx.meta.language,
            )
        ),
        s.day,
    )
    rows: list[list[object]] = [[heading] + [""] * 7, _column_labels(ctx, "Drug and condition")]
    for admin in admins:
        rows.append(_row(ctx, admin, _SHARES[2:5]))
    widths = [share * ctx.width for share in _SHARES]
    return [Spacer(1, 6), _grid(rows, widths, 2, (), True)]


def _open_courses(ctx: SheetContext, admins: list[Administration]) -> list[Flowable]:
    """Each course on the sheet still open: its doses so far and what ends it, so the nurse
    knows the last row is not the last dose (app/course_text.py, the one wording)."""
    on = {a.item for a in admins}
    language = ctx.meta.language
    lines = [
        f"{name_text(item.name, language)}: {item_total_text(item, language)}"
        for item in ctx.plan.items
        if item.item in on and item.course_stop is not None and item.course_total is not None
    ]
    if not lines:
        return []
    title = name_text("Open courses (doses so far):", language)
    return [
        Spacer(1, 4),
        KeepTogether(
            [Paragraph(f"<b>{esc(title)}</b>", ctx.styles.body)]
            + [Paragraph(esc(line), ctx.styles.body) for line in lines]
        ),
    ]


def _refused(ctx: SheetContext) -> list[Flowable]:
    s, language = ctx.styles, ctx.meta.language
    lines: list[Flowable] = [
        Paragraph(
            esc(
                name_text(
                    "THIS PLAN HAS A HARD LIMIT ALERT: NO ADMINISTRATION SCHEDULE IS PRINTED.",
                    language,
                )
            ),
            s.warning,
        ),
        Paragraph(
            esc(
                name_text("The pharmacist worksheet shows the calculation and the alert.", language)
            ),
            s.body,
        ),
    ]
    for alert in ctx.plan.alerts:
        if alert.severity == "hard":
            message = "<br/>".join(esc(line) for line in alert_lines(alert, ctx.meta.language))
            lines.append(Paragraph(f"• {message}", s.bold))
    return lines


def build(ctx: SheetContext) -> list[Flowable]:
    story = _header(ctx)
    if ctx.plan.has_hard_alert:
        # A refused dose must not reach the bedside on paper (issue 4: hard alerts block
        # printing for administration).
        return story + _refused(ctx)
    story += _alert_lines(ctx)
    admins = on_sheet(ctx.plan)
    dated = sorted((a for a in admins if a.day is not None), key=day_key)
    conditional = [a for a in admins if a.day is None]
    groups = [list(g) for _, g in groupby(dated, key=day_key)]
    if len(groups) > 6 and all(len(g) == 1 for g in groups):
        story += _compact_table(ctx, dated)
    else:
        for number, group in enumerate(groups):
            # A day on one page where it fits; a longer day continues under a repeated heading.
            # The first day starts under the header and the alerts even when it does not fit
            # there whole (a bilingual day is long): page 1 never shows the patient alone.
            block = _day_block(ctx, group)
            story += [block if number == 0 else KeepTogether(block), Spacer(1, 6)]
    if conditional:
        story += _conditional_block(ctx, conditional)
    story += _open_courses(ctx, admins)
    if not admins:
        story.append(
            Paragraph(
                esc(
                    name_text(
                        "No administration on this plan outside mobilization.", ctx.meta.language
                    )
                ),
                ctx.styles.body,
            )
        )
    mobilization = [a for a in ctx.plan.administrations if a.anchor is Anchor.MOBILIZATION]
    if mobilization:
        story += [
            Spacer(1, 6),
            KeepTogether(
                Paragraph(
                    esc(
                        name_text(
                            "Mobilization (cyclophosphamide and G-CSF before the harvest) is not "
                            "on this schedule: see the protocol summary and the pharmacist "
                            "worksheet.",
                            ctx.meta.language,
                        )
                    ),
                    ctx.styles.note,
                )
            ),
        ]
    return story
