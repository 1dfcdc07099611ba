"""The window's text about a plan: the anthropometric summary line and the input banner."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dosing.display import format_number
from dosing.errors import InputError, MissingInput
from ui import theme
from ui.formatting import (
    day_label_text,
    glossary_text,
    protocol_dose_text,
    protocol_text,
    weight_rule_text,
)
from ui.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from app.services import PlanMeta
    from dosing.models import Administration, ComputedPlan, DrugTotal, ItemResult


def summary_html(plan: ComputedPlan) -> str:
    values = plan.anthropometrics
    formula = values.bsa_formula.value.replace("-", "–").title()
    bsa = (
        translate("PlanText", "<b>BSA</b> {bsa} m² ({formula}, capped; unrounded {unrounded})")
        if values.bsa_capped
        else translate("PlanText", "<b>BSA</b> {bsa} m² ({formula}; unrounded {unrounded})")
    )
    parts = [
        bsa.format(
            bsa=format_number(values.bsa_m2),
            formula=formula,
            unrounded=format_number(values.bsa_unrounded_m2),
        ),
        translate("PlanText", "<b>IBW</b> {ibw} kg").format(ibw=format_number(values.ibw_kg)),
        translate("PlanText", "<b>AdjBW</b> {adjbw} kg (factor {factor})").format(
            adjbw=format_number(values.adjbw_kg), factor=format_number(values.adjbw_factor)
        ),
        translate("PlanText", "<b>BMI</b> {bmi} kg/m²").format(bmi=format_number(values.bmi)),
    ]
    if values.crcl_ml_min is not None:
        parts.append(
            translate("PlanText", "<b>CrCl</b> {crcl} mL/min (Cockcroft–Gault)").format(
                crcl=format_number(values.crcl_ml_min)
            )
        )
    if values.egfr_ml_min_173m2 is not None:
        parts.append(
            translate("PlanText", "<b>eGFR</b> {egfr} mL/min/1.73 m² (CKD-EPI 2021)").format(
                egfr=format_number(values.egfr_ml_min_173m2)
            )
        )
    weights: list[str] = []
    for item in plan.items:
        if item.dosing_weight_kg is not None:
            text = (
                f"{html.escape(glossary_text(item.name))} {format_number(item.dosing_weight_kg)} kg "
                f"({weight_rule_text(item.dosing_weight_rule)})"
            )
            if text not in weights:
                weights.append(text)
    line = " · ".join(parts)
    if weights:
        line += "<br>" + translate("PlanText", "<b>Dosing weight</b>: {weights}").format(
            weights=" · ".join(weights)
        )
    return line


def plan_summary_html(plan: ComputedPlan) -> str:
    """The box above the schedule: the body measures and dosing weights, then each drug's
    cumulative dose. Cumulative exposure is read with the weights it was computed from; below
    the course totals it took six lines of their page, which then showed one of seven rows
    at 1280 × 800."""
    totals = drug_totals_html(plan)
    return summary_html(plan) + ("<br>" + totals if totals else "")


def drug_totals_html(plan: ComputedPlan) -> str:
    """The cumulative dose of each drug over the whole course, one per line."""
    return "<br>".join(
        translate("PlanText", "<b>Cumulative {drug}</b>: {total}").format(
            drug=html.escape(glossary_text(d.name)), total=html.escape(_total_text(d))
        )
        for d in plan.drug_totals
    )


def _total_text(total: DrugTotal) -> str:
    from ui.i18n import current_language

    if current_language() == "en":
        return total.display
    from app.alert_text import drug_total_text

    return drug_total_text(total, current_language())


def _words(what: str, admin: Administration) -> str:
    """The dose or the presentation of ``admin`` with their words in the window's language."""
    from ui.i18n import current_language

    language = current_language()
    if what == "dose":
        if language == "en" or admin.dose is None:
            return admin.dose.display if admin.dose is not None else ""
        from app.alert_text import dose_display

        return dose_display(admin, language)
    if language == "en" or not admin.presentation:
        return admin.presentation or ""
    from app.alert_text import presentation_words

    return presentation_words(admin.presentation, language)


def _draw(admin: Administration) -> str:
    from ui.i18n import current_language

    if admin.dose is None or not admin.draw:
        return ""
    if current_language() == "en":
        return admin.draw
    from app.alert_text import draw_words

    return draw_words(admin.draw, current_language())


def _trace(trace: str) -> str:
    from ui.i18n import current_language

    if current_language() == "en":
        return trace
    from app.alert_text import trace_text

    return trace_text(trace, current_language())


def trace_html(admin: Administration, item: ItemResult | None) -> str:
    """How the selected dose was calculated, with the protocol's own words."""
    e = html.escape
    name, day = glossary_text(admin.name), day_label_text(admin.day_label)
    lines = [f"<b>{e(name)} — {e(day)}</b>"]
    if admin.dose is not None:
        lines.append(
            translate("PlanText", "<b>Dose</b>: {dose}").format(dose=e(_words("dose", admin)))
        )
    lines.append(
        translate("PlanText", "<b>Calculation</b>: {trace}").format(trace=e(_trace(admin.trace)))
    )
    if admin.dosing_weight_kg is not None:
        lines.append(
            translate("PlanText", "<b>Dosing weight</b>: {weight} kg ({rule})").format(
                weight=format_number(admin.dosing_weight_kg),
                rule=e(weight_rule_text(admin.dosing_weight_rule)),
            )
        )
    for label, value in (
        (translate("PlanText", "Chosen"), protocol_text(admin.chosen_value)),
        (translate("PlanText", "Presentation"), _words("presentation", admin)),
        # The whole of how to draw it: the schedule's cell keeps the volume short.
        (translate("PlanText", "Volume to draw"), _draw(admin)),
        (translate("PlanText", "Condition"), protocol_text(admin.condition)),
        (translate("PlanText", "Note"), protocol_text(admin.note)),
    ):
        if value:
            lines.append(
                translate("PlanText", "<b>{label}</b>: {value}").format(label=label, value=e(value))
            )
    if item is not None:
        lines.append(
            translate("PlanText", "<b>Protocol dose</b>: {dose}").format(
                dose=e(protocol_dose_text(item.protocol_dose_text))
            )
        )
        lines.append(
            translate("PlanText", "<i>Source ({seed}): “{quote}”</i>").format(
                seed=e(item.seed), quote=e(item.quote)
            )
        )
    return "<br>".join(lines)


def banner(errors: list[InputError], notices: Sequence[str] = ()) -> tuple[str, str]:
    """(style, text) of the banner above the schedule: refused inputs clear the doses; inputs
    not given yet are asked for gently (an empty form is not a mistake); ``notices`` (a
    protocol file that did not load) are always shown."""
    style, text = _input_banner(errors)
    for notice in notices:
        text += ("<br>" if text else "") + translate(
            "PlanText", "<b>Protocol file not loaded</b>: {problem}"
        ).format(problem=_esc(notice))
    return (style or theme.ERROR_BANNER_STYLE, text) if notices else (style, text)


def _input_banner(errors: list[InputError]) -> tuple[str, str]:
    invalid = [e for e in errors if not isinstance(e, MissingInput)]
    missing = [e for e in errors if isinstance(e, MissingInput)]
    if invalid:
        lines = [
            translate("PlanText", "<b>{label}</b>: {value}").format(
                label=_esc(field_text(e.field)), value=_esc(message_text(e.message))
            )
            for e in invalid + missing
        ]
        text = translate("PlanText", "<b>Doses cleared</b> — fix the marked input:") + "<br>"
        text += "<br>".join(lines)
        return theme.ERROR_BANNER_STYLE, text
    if missing:
        text = translate("PlanText", "To compute the plan, enter: {fields}").format(
            fields=translate("PlanText", "; ").join(
                translate("PlanText", "<b>{field}</b> ({what})").format(
                    field=_esc(field_text(e.field)),
                    what=_esc(message_text(e.message.removeprefix("is missing: "))),
                )
                for e in missing
            )
        )
        return theme.MISSING_BANNER_STYLE, text
    return "", ""


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def window_title(name: str, mrn: str, meta: PlanMeta | None, edited: bool) -> str:
    """``txdose — name (MRN …) — verified v2[, edited — not saved]``."""
    parts = ["txdose"]
    name, mrn = name.strip(), mrn.strip()
    if name or mrn:
        who = name or translate("PlanText", "unnamed")
        parts.append(
            translate("PlanText", "{name} (MRN {mrn})").format(name=who, mrn=mrn) if mrn else who
        )
    if meta is not None:
        status = status_text(meta.status) + (
            f" v{meta.version}" if meta.version is not None else ""
        )
        if edited and meta.content_hash:
            status += translate("PlanText", ", edited — not saved")
        parts.append(status)
    return " — ".join(parts)


def plan_state(meta: PlanMeta | None, edited: bool) -> tuple[str, str]:
    """(kind, words) of the banner above the schedule; kind picks its colour
    (``theme.STATE_STYLES``). ``edited``: the screen no longer shows the saved version."""
    if meta is None:
        return "draft", translate("PlanText", "DRAFT — not saved, not verified")
    version = f" v{meta.version}" if meta.version is not None else ""
    if meta.status == "verified":
        if edited:
            words = (
                translate(
                    "PlanText", "EDITED SINCE VERIFIED{version} by {user} — save and verify again"
                )
                if meta.verified_by
                else translate("PlanText", "EDITED SINCE VERIFIED{version} — save and verify again")
            )
            return "edited", words.format(version=version, user=meta.verified_by)
        words = (
            translate("PlanText", "VERIFIED{version} by {user}")
            if meta.verified_by
            else translate("PlanText", "VERIFIED{version}")
        )
        return "verified", words.format(version=version, user=meta.verified_by)
    if meta.status == "draft":
        if edited:
            words = translate("PlanText", "DRAFT{version} — edited, not saved; needs verifying")
        else:
            words = translate(
                "PlanText", "DRAFT{version} — awaiting verification by a second pharmacist"
            )
        return "draft", words.format(version=version)
    words = translate("PlanText", "{status}{version} — not the current plan")
    return "closed", words.format(status=status_text(meta.status).upper(), version=version)


# A saved plan's status and the names of the fields an input error names, as the window
# shows them (the engine and the store keep the English keys).
_STATUS = {
    "draft": QT_TRANSLATE_NOOP("Status", "draft"),
    "verified": QT_TRANSLATE_NOOP("Status", "verified"),
    "superseded": QT_TRANSLATE_NOOP("Status", "superseded"),
    "cancelled": QT_TRANSLATE_NOOP("Status", "cancelled"),
}


def status_text(status: str) -> str:
    return translate("Status", _STATUS[status]) if status in _STATUS else status


_FIELDS = (
    QT_TRANSLATE_NOOP("Field", "name"),
    QT_TRANSLATE_NOOP("Field", "MRN"),
    QT_TRANSLATE_NOOP("Field", "date of birth"),
    QT_TRANSLATE_NOOP("Field", "age"),
    QT_TRANSLATE_NOOP("Field", "sex"),
    QT_TRANSLATE_NOOP("Field", "weight"),
    QT_TRANSLATE_NOOP("Field", "height"),
    QT_TRANSLATE_NOOP("Field", "weigh date"),
    QT_TRANSLATE_NOOP("Field", "creatinine"),
    QT_TRANSLATE_NOOP("Field", "prior cyclophosphamide"),
    QT_TRANSLATE_NOOP("Field", "protocol"),
    QT_TRANSLATE_NOOP("Field", "arm"),
    QT_TRANSLATE_NOOP("Field", "BSA formula"),
    QT_TRANSLATE_NOOP("Field", "day 0"),
    QT_TRANSLATE_NOOP("Field", "mobilization start"),
    QT_TRANSLATE_NOOP("Field", "treatment start"),
    QT_TRANSLATE_NOOP("Field", "plan"),
    QT_TRANSLATE_NOOP("Field", "mrn"),  # the store's name for it
    QT_TRANSLATE_NOOP("Field", "user"),
    QT_TRANSLATE_NOOP("Field", "count date"),
    QT_TRANSLATE_NOOP("Field", "WBC"),
    QT_TRANSLATE_NOOP("Field", "ANC"),
    QT_TRANSLATE_NOOP("Field", "apheresis date"),
    QT_TRANSLATE_NOOP("Field", "CD34+ yield"),
    QT_TRANSLATE_NOOP("Field", "MNC yield"),
    QT_TRANSLATE_NOOP("Field", "input"),
)


def message_text(message: str) -> str:
    """An input refusal's words in the window's language (the engine's are English)."""
    from ui.i18n import current_language

    if current_language() == "en":
        return message
    from app.input_text import input_message

    return input_message(message, current_language())


def error_text(error: InputError) -> str:
    """``weight: 500 kg is outside …`` for a field's tooltip, in the window's language."""
    return translate("PlanText", "{field}: {message}").format(
        field=field_text(error.field), message=message_text(error.message)
    )


def field_text(field: str) -> str:
    """An input error's field as the window names it (``choose atg`` and the like, which
    name a protocol item, stay as they are)."""
    return translate("Field", field) if field in _FIELDS else field
