"""The dosing engine: ``compute_plan(protocol, plan_input)`` is the whole public surface.

One module per clinical concept: ``compiled`` (per-protocol tables), ``body`` (BSA and dosing
weights), ``dose`` (one item's dose), ``presentations`` (vials, volume, rate), ``schedule``
(days and dates), ``conditions`` (courses driven by counts), ``administrations`` (each row of
the schedule), ``totals`` (course, drug and harvest totals), ``alerts`` (patient alerts),
``follow_up``, and ``plan``, the recipe that calls them in order.
"""

from __future__ import annotations

from dosing.engine.body import compute_anthropometrics
from dosing.engine.plan import compute_plan
from dosing.engine.schedule import day_label
from dosing.validation import validate_plan_input

__all__ = ["compute_anthropometrics", "compute_plan", "day_label", "validate_plan_input"]
