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
    from app.sheets._document import build_pdf

    return build_pdf(plan, tuple(sheets), meta)
