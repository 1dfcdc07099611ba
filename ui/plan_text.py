"""The window's text about a plan: the anthropometric summary line and the input banner."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dosing.display import format_number
from dosing.errors import InputError, MissingInput
from ui import theme
from ui.formatting import weight_rule_text

if TYPE_CHECKING:
    from app.services import PlanMeta
    from dosing.models import ComputedPlan


def summary_html(plan: ComputedPlan) -> str:
    values = plan.anthropometrics
    formula = values.bsa_formula.value.replace("-", "–").title()
    parts = [
        f"<b>BSA</b> {format_number(values.bsa_m2)} m² ({formula}"
        + (", capped" if values.bsa_capped else "")
        + f"; unrounded {format_number(values.bsa_unrounded_m2)})",
        f"<b>IBW</b> {format_number(values.ibw_kg)} kg",
        f"<b>AdjBW</b> {format_number(values.adjbw_kg)} kg "
        f"(factor {format_number(values.adjbw_factor)})",
        f"<b>BMI</b> {format_number(values.bmi)} kg/m²",
    ]
    if values.crcl_ml_min is not None:
        parts.append(f"<b>CrCl</b> {format_number(values.crcl_ml_min)} mL/min (Cockcroft–Gault)")
    if values.egfr_ml_min_173m2 is not None:
        parts.append(
            f"<b>eGFR</b> {format_number(values.egfr_ml_min_173m2)} mL/min/1.73 m² (CKD-EPI 2021)"
        )
    weights: list[str] = []
    for item in plan.items:
        if item.dosing_weight_kg is not None:
            text = (
                f"{html.escape(item.name)} {format_number(item.dosing_weight_kg)} kg "
                f"({weight_rule_text(item.dosing_weight_rule)})"
            )
            if text not in weights:
                weights.append(text)
    line = " · ".join(parts)
    if weights:
        line += "<br><b>Dosing weight</b>: " + " · ".join(weights)
    return line


def banner(errors: list[InputError], notices: Sequence[str] = ()) -> tuple[str, str]:
    """(style, text) of the banner above the schedule: refused inputs clear the doses; inputs
    not given yet are asked for gently (an empty form is not a mistake); ``notices`` (a
    protocol file that did not load) are always shown."""
    style, text = _input_banner(errors)
    for notice in notices:
        text += ("<br>" if text else "") + f"<b>Protocol file not loaded</b>: {_esc(notice)}"
    return (style or theme.ERROR_BANNER_STYLE, text) if notices else (style, text)


def _input_banner(errors: list[InputError]) -> tuple[str, str]:
    invalid = [e for e in errors if not isinstance(e, MissingInput)]
    missing = [e for e in errors if isinstance(e, MissingInput)]
    if invalid:
        lines = [f"<b>{_esc(e.field)}</b>: {_esc(e.message)}" for e in invalid + missing]
        text = "<b>Doses cleared</b> — fix the marked input:<br>" + "<br>".join(lines)
        return theme.ERROR_BANNER_STYLE, text
    if missing:
        text = "To compute the plan, enter: " + "; ".join(
            f"<b>{_esc(e.field)}</b> ({_esc(e.message.removeprefix('is missing: '))})"
            for e in missing
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
        parts.append(f"{name or 'unnamed'}" + (f" (MRN {mrn})" if mrn else ""))
    if meta is not None:
        status = meta.status + (f" v{meta.version}" if meta.version is not None else "")
        if edited and meta.content_hash:
            status += ", edited — not saved"
        parts.append(status)
    return " — ".join(parts)


def plan_state(meta: PlanMeta | None, edited: bool) -> tuple[str, str]:
    """(kind, words) of the banner above the schedule; kind picks its colour
    (``theme.STATE_STYLES``). ``edited``: the screen no longer shows the saved version."""
    if meta is None:
        return "draft", "DRAFT — not saved, not verified"
    version = f" v{meta.version}" if meta.version is not None else ""
    if meta.status == "verified":
        by = f" by {meta.verified_by}" if meta.verified_by else ""
        if edited:
            return "edited", f"EDITED SINCE VERIFIED{version}{by} — save and verify again"
        return "verified", f"VERIFIED{version}{by}"
    if meta.status == "draft":
        if edited:
            return "draft", f"DRAFT{version} — edited, not saved; needs verifying"
        return "draft", f"DRAFT{version} — awaiting verification by a second pharmacist"
    return "closed", f"{meta.status.upper()}{version} — not the current plan"
