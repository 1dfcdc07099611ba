"""The plan's own words (issue 16: ``dosing/engine/plan.py``): an input for another protocol
is refused naming both, and a capped BSA says so in every per-m² trace.

Patient B of tests/test_engine_auto_hsct.py: male, 48 y, 82.4 kg, 178 cm; BSA (Mosteller)
√(178 × 82.4 / 3600) = √4.0742 = 2.0185 → 2.02 m².
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.protocols import get_protocol
from dosing.engine import compute_plan
from dosing.errors import InputError
from dosing.models import ComputedPlan, Patient, PlanInput, PlanOptions, Sex

PATIENT_B = Patient(age_years=48, sex=Sex.MALE, weight_kg=D("82.4"), height_cm=D(178))


def b_plan(cap: D | None) -> ComputedPlan:
    return compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln", patient=PATIENT_B, options=PlanOptions(bsa_cap_m2=cap)
        ),
    )


def test_an_input_for_another_protocol_is_refused_naming_both() -> None:
    """An msc-adipose input given to auto-hsct-ln: InputError on "protocol"."""
    with pytest.raises(InputError) as refused:
        compute_plan(
            get_protocol("auto-hsct-ln"), PlanInput(protocol_id="msc-adipose", patient=PATIENT_B)
        )
    assert (refused.value.field, refused.value.message) == (
        "protocol",
        "input is for 'msc-adipose', not 'auto-hsct-ln'",
    )


def test_a_capped_bsa_says_so_in_the_trace() -> None:
    """Mobilization cyclophosphamide 2.0 g/m². Uncapped: 2 × 2.02 = 4.04 g = 4,040 mg
    (Mosteller). Capped at 2.0 m²: 2 × 2 = 4 g = 4,000 mg, "(Mosteller, capped at 2 m²)"."""
    uncapped = next(a for a in b_plan(None).administrations if a.item == "cy-mobilization")
    assert uncapped.trace == (
        "2 g/m² × 2.02 m² (Mosteller) = 4.04 g = 4,040 mg; rounded to the nearest 10 mg: "
        "4,040 mg (0% from unrounded)"
    )
    capped = next(a for a in b_plan(D(2)).administrations if a.item == "cy-mobilization")
    assert capped.trace == (
        "2 g/m² × 2 m² (Mosteller, capped at 2 m²) = 4 g = 4,000 mg; rounded to the nearest "
        "10 mg: 4,000 mg (0% from unrounded)"
    )
