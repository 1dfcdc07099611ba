"""The dose of one item at its rounding edges (issue 16: survivors of
``make mutation MUTANTS='dosing.engine.dose*'``): a chosen dose kept under its range's maximum
when rounding to a vial, the deviation from unrounded on a half of 0.01%, the unrounded dose
on a half of 0.0001 mg, and the per-m² trace, read back whole.

Fixture ``tests/fixtures/protocols/dose-mt.toml``. Patient: male, 40 y, 65 kg, 165 cm; BSA
(Mosteller) √(165 × 65 / 3600) = √2.97917 = 1.72603 → 1.73 m².
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from test_engine_auto_hsct import admins, item_result

from app.protocols import load_protocol_file
from dosing.engine import compute_plan
from dosing.models import ComputedPlan, Patient, PlanInput, PlanOptions, Reduction, Sex

DOSE_MT = load_protocol_file(Path(__file__).parent / "fixtures" / "protocols" / "dose-mt.toml")
CHOICES = {"range-60-vials": D(98), "range-50-vials": D(95), "range-60-25-vials": D("99.5")}


def plan(**extra: Any) -> ComputedPlan:
    extra.setdefault("choices", CHOICES)
    plan_input = PlanInput(
        protocol_id="dose-mt",
        patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(65), height_cm=D(165)),
        options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        **extra,
    )
    return compute_plan(DOSE_MT, plan_input)


def dose_fields(plan: ComputedPlan, item: str) -> tuple[Any, ...]:
    """Value, display, unrounded, deviation from unrounded, protocol value and display."""
    dose = item_result(plan, item).dose
    return (
        dose.value,
        dose.display,
        dose.unrounded,
        dose.rounding_deviation_percent,
        dose.protocol_value,
        dose.protocol_display,
    )


def test_a_chosen_dose_never_rounds_up_to_a_vial_total_above_the_range_maximum() -> None:
    """98 mg chosen (range 50–100 mg), 60 mg vials, ±25%: the next vial total, 2 × 60 =
    120 mg, is 22 mg away (22 × 100 = 2,200 ≤ 98 × 25 = 2,450, inside the window) but above
    the range's 100 mg, so it is not taken; the total below, 60 mg, is 38 mg away (3,800 >
    2,450). The dose stays 98 mg from 2 × 60 mg vials, 0% from unrounded."""
    result = plan()
    assert dose_fields(result, "range-60-vials") == (D(98), "98 mg", D(98), D(0), D(98), "98 mg")
    assert item_result(result, "range-60-vials").trace == (
        "98 mg; rounded to the nearest 1 mg: 98 mg (0% from unrounded)"
    )
    assert [(a.presentation, a.chosen_value) for a in admins(result, "range-60-vials")] == [
        ("2 × 60 mg vials", "98 mg (range 50–100 mg)")
    ]
    assert [a for a in result.alerts if a.item == "range-60-vials"] == []


def test_a_chosen_dose_rounds_up_to_a_vial_total_equal_to_the_range_maximum() -> None:
    """95 mg chosen (range 50–100 mg), 50 mg vials, ±25%: 2 × 50 = 100 mg is 5 mg away
    (500 ≤ 95 × 25 = 2,375) and not above the range's 100 mg, so the dose moves to it:
    (100 − 95) × 100 / 95 = +5.263…% → +5.26%; the protocol dose stays the chosen 95 mg."""
    result = plan()
    assert dose_fields(result, "range-50-vials") == (
        D(100),
        "100 mg",
        D(95),
        D("5.26"),
        D(95),
        "95 mg",
    )
    assert item_result(result, "range-50-vials").trace == (
        "95 mg; rounded to the nearest 1 mg: 95 mg; rounded to a presentation within ±25%: "
        "100 mg (+5.26% from unrounded)"
    )
    assert [a.presentation for a in admins(result, "range-50-vials")] == ["2 × 50 mg vials"]


def test_a_vial_total_below_the_dose_is_below_it_when_the_vials_do_not_divide_each_other() -> None:
    """99.5 mg chosen (range 50–99.5 mg), 60 mg and 25 mg vials, ±25%. The vial search
    counts in 0.5 mg steps (the dose's finest place), so 99.5 mg is 199 steps, never 100 mg:
    covering it takes 100 mg (4 × 25 mg), above the range's 99.5 mg, and is not taken; the
    largest total under it is 85 mg (60 + 25; 2 × 60 = 120, 3 × 25 = 75), 14.5 mg away:
    1,450 ≤ 99.5 × 25 = 2,487.5, inside the window, so the dose moves to it:
    (85 − 99.5) × 100 / 99.5 = −14.572…% → −14.57%. Counted in whole mg, the total "below"
    would have been 100 mg again, given above the maximum."""
    result = plan()
    assert dose_fields(result, "range-60-25-vials") == (
        D(85),
        "85 mg",
        D("99.5"),
        D("-14.57"),
        D("99.5"),
        "99.5 mg",
    )
    assert [a.presentation for a in admins(result, "range-60-25-vials")] == [
        "1 × 60 mg vial + 1 × 25 mg vial"
    ]


def test_a_deviation_of_an_eighth_of_a_percent_rounds_half_up_with_its_plus_sign() -> None:
    """Fixed 800 mg, 267 mg vials, ±5%: 3 × 267 = 801 mg is 1 mg away (100 ≤ 800 × 5), so
    the dose is 801 mg; its deviation (801 − 800) × 100 / 800 = 0.125% is a half of 0.01%,
    rounded half up to +0.13% (half to even would give 0.12%), shown with its "+" though it
    is under 1%."""
    result = plan()
    assert dose_fields(result, "vials-267") == (
        D(801),
        "801 mg",
        D(800),
        D("0.13"),
        D(800),
        "800 mg",
    )
    assert item_result(result, "vials-267").trace == (
        "800 mg; rounded to the nearest 10 mg: 800 mg; rounded to a presentation within ±5%: "
        "801 mg (+0.13% from unrounded)"
    )
    assert [a.presentation for a in admins(result, "vials-267")] == ["3 × 267 mg vials"]


def test_a_fixed_dose_carries_no_chosen_value() -> None:
    """A fixed 800 mg dose is not chosen: its administrations carry no chosen value (None,
    ``null`` in the plan's JSON), not an empty text."""
    assert [a.chosen_value for a in admins(plan(), "vials-267")] == [None]


def test_a_per_m2_dose_shows_its_mg_before_rounding_and_its_unrounded_half_up() -> None:
    """1.125 mg/m² × 1.73 m² = 1.94625 mg, shown in the trace before its rounding to the
    0.1 mg increment: 1.9 mg, (1.9 − 1.94625) × 100 / 1.94625 = −2.3764…% → −2.38%. The
    unrounded dose to 0.0001 mg is 1.94625 on a half: 1.9463 (half to even: 1.9462)."""
    result = plan()
    assert item_result(result, "per-m2-half").trace == (
        "1.125 mg/m² × 1.73 m² (Mosteller) = 1.94625 mg; rounded to the nearest 0.1 mg: "
        "1.9 mg (-2.38% from unrounded)"
    )
    assert dose_fields(result, "per-m2-half") == (
        D("1.9"),
        "1.9 mg",
        D("1.9463"),
        D("-2.38"),
        D("1.9"),
        "1.9 mg",
    )


def test_a_reduced_dose_shows_the_unrounded_protocol_dose_rounded_half_up() -> None:
    """80% of 1.125 mg/m² × 1.73 m² = 1.94625 mg: 1.557 mg → 1.6 mg, (1.6 − 1.557) × 100 /
    1.557 = +2.7617…% → +2.76%. The protocol dose 1.94625 mg rounds to 1.9 mg, so the display
    shows what the 80% multiplied, to 0.0001 mg on a half: 1.9463 mg (half to even:
    1.9462 mg)."""
    result = plan(reductions={"per-m2-half": Reduction(percent=D(80), reason="renal function")})
    assert dose_fields(result, "per-m2-half") == (
        D("1.6"),
        "1.6 mg (80% of protocol dose 1.9463 mg, rounded 1.9 mg — reason: renal function)",
        D("1.557"),
        D("2.76"),
        D("1.9"),
        "1.9 mg",
    )
    assert item_result(result, "per-m2-half").trace == (
        "1.125 mg/m² × 1.73 m² (Mosteller) = 1.94625 mg × 80% (reduced: renal function) = "
        "1.557 mg; rounded to the nearest 0.1 mg: 1.6 mg (+2.76% from unrounded)"
    )
