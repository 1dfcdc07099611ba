"""Printed sheets (DESIGN §7): the nurse administration schedule, the pharmacist worksheet and
the protocol summary, as one PDF.

reportlab is imported only inside :func:`render_pdf`, so importing this package costs nothing
at GUI start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.sheets.registry import BY_NAME, SHEET_NAMES, SHEETS, Sheet

if TYPE_CHECKING:
    from app.services import PlanMeta
    from dosing.models import ComputedPlan

__all__ = ["BY_NAME", "SHEETS", "SHEET_NAMES", "Sheet", "render_pdf"]


def render_pdf(plan: ComputedPlan, sheets: Sequence[str], meta: PlanMeta) -> bytes:
    """One PDF holding the requested sheets in the order given, pages numbered "page n of m"
    across the whole document. A plan that is not verified is watermarked on every page.

    Raises ``ValueError`` for an unknown or repeated sheet name, or an empty selection.
    """
    import logging

    from app.sheets._document import build_pdf

    pdf = build_pdf(plan, tuple(sheets), meta)
    # Support log: plan id and version (MRN for an unsaved plan), never the patient's name.
    where = f"plan={meta.plan_id or 'unsaved'} version={meta.version}"
    logging.getLogger("txdose.sheets").info(
        "sheets rendered: %s %s mrn=%s protocol=%s v%s status=%s",
        ",".join(sheets), where, plan.input.patient.mrn or "-", plan.protocol_id,
        plan.protocol_version, meta.status,
    )  # fmt: skip
    return pdf
