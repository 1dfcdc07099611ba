"""What every sheet builder is given, and the builder's signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from app.services import PlanMeta
from app.sheets._styles import Styles
from dosing.models import ComputedPlan


@dataclass(frozen=True)
class SheetContext:
    """What every sheet builder gets: the plan, the page metadata, styles and frame width."""

    plan: ComputedPlan
    meta: PlanMeta
    styles: Styles
    width: float


SheetBuilder = Callable[[SheetContext], list[Flowable]]
