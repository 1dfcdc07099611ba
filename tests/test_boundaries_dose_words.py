"""The dose of one item, word for word and at its edges (issue 16: the survivors of
``make mutation MUTANTS='dosing.engine.dose*'``, each named in docs/MUTATION.md).

A surviving mutant of ``dosing/engine/dose.py`` was a trace, an alert or a dose field the suite
never read back, or an edge no shipped protocol reaches. These tests read the whole trace and
message back, and use ``tests/fixtures/protocols/edges.toml`` for the edges: a
prescriber-entered per-kg dose given in g and in mcg, and vials of 100 and 60 mg.

auto-hsct-ln patient A (tests/test_engine_auto_hsct.py): female, 35 y, 60 kg, 165 cm.
The edges patient: male, 40 y, 60 kg, 165 cm, BSA (Mosteller) √(165 × 60 / 3600) = 1.658 →
1.66 m².
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from test_engine_auto_hsct import admins, item_result, patient_a
from test_engine_fixture import tiny

from app.protocols import get_protocol, load_protocol_file
from dosing.engine import compute_plan
from dosing.models import (
    ApheresisYield,
    ComputedPlan,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    Sex,
)

EDGES = load_protocol_file(Path(__file__).parent / "fixtures" / "protocols" / "edges.toml")


def edges(**extra: Any) -> ComputedPlan:
    extra.setdefault("choices", {"entered-in-g": D(50), "entered-in-mcg": D(5)})
    plan_input = PlanInput(
        protocol_id="edges",
        patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(60), height_cm=D(165)),
        options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        **extra,
    )
    return compute_plan(EDGES, plan_input)


def alerts_of(plan: ComputedPlan, item: str) -> list[tuple[str, str, dict[str, str]]]:
    return [(a.code, a.message, dict(a.params)) for a in plan.alerts if a.item == item]


def full_alerts(plan: ComputedPlan, item: str) -> list[tuple[str, str, str, str | None, Any]]:
    """Severity, code, message, the field it points at, and its params."""
    return [
        (a.severity, a.code, a.message, a.field, dict(a.params))
        for a in plan.alerts
        if a.item == item
    ]


def reduced(percent: str) -> ComputedPlan:
    """The ranged, reducible item chosen at 3 mcg/kg (range 2–4, floor 50%), reduced to
    ``percent`` for "  renal function  " (the reason is kept without its outer spaces)."""
    return edges(
        choices={"entered-in-g": D(50), "entered-in-mcg": D(5), "ranged-reducible": D(3)},
        reductions={"ranged-reducible": Reduction(percent=D(percent), reason="  renal function  ")},
    )


# ---------------------------------------------------------------- reductions


def test_a_reduction_above_100_percent_is_refused_keeping_the_choice() -> None:
    """110% of 3 mcg/kg × 60 kg: a dose above the protocol dose is refused, with a hard
    alert pointing at the reduction ("reduce ranged-reducible"). The refused item keeps what
    was chosen, the dosing weight and the percentage, so the prescriber sees what was asked."""
    plan = reduced("110")
    assert full_alerts(plan, "ranged-reducible") == [
        (
            "hard",
            "dose-above-protocol",
            "Ranged reducible: 110% of the protocol dose is above 100%; a dose above the "
            "protocol dose is refused.",
            "reduce ranged-reducible",
            {"drug": "Ranged reducible", "percent": "110%"},
        )
    ]
    result = item_result(plan, "ranged-reducible")
    assert (result.dose, result.trace) == (None, "Refused: 110% of protocol dose is above 100%.")
    assert (result.dosing_weight_kg, result.chosen) == (D(60), D(3))
    assert [
        (a.day, a.chosen_value, a.reduced_percent) for a in admins(plan, "ranged-reducible")
    ] == [
        (0, "3 mcg/kg/day (range 2–4 mcg/kg/day)", D(110)),
        (1, "3 mcg/kg/day (range 2–4 mcg/kg/day)", D(110)),
    ]


def test_exactly_100_percent_is_not_above_the_protocol_dose() -> None:
    """100% of 3 mcg/kg × 60 kg = 180 mcg: not above the protocol dose, so given (the other
    side of the 110% refusal), with the reduction's info alert and no floor alert."""
    plan = reduced("100")
    result = item_result(plan, "ranged-reducible")
    assert result.dose.value == D(180)
    assert [code for _s, code, *_ in full_alerts(plan, "ranged-reducible")] == ["dose-reduced"]


def test_a_reduction_below_the_floor_word_for_word() -> None:
    """40% of 3 mcg/kg × 60 kg = 180 mcg → 72 mcg, below the floor of 50%: a soft alert with
    both percentages, then the info alert with the reason; the trace shows each step and the
    dose shows the protocol dose it was reduced from."""
    plan = reduced("40")
    assert full_alerts(plan, "ranged-reducible") == [
        (
            "soft",
            "reduction-below-floor",
            "Ranged reducible: 40% is below the protocol's floor of 50%.",
            None,
            {"drug": "Ranged reducible", "percent": "40%", "floor": "50%"},
        ),
        (
            "info",
            "dose-reduced",
            "Ranged reducible reduced to 40% of the protocol dose — reason: renal function.",
            None,
            {"drug": "Ranged reducible", "percent": "40%", "reason": "renal function"},
        ),
    ]
    result = item_result(plan, "ranged-reducible")
    assert result.trace == (
        "3 mcg/kg × 60 kg (actual weight) = 180 mcg × 40% (reduced: renal function) = 72 mcg; "
        "rounded to the nearest 1 mcg: 72 mcg (0% from unrounded)"
    )
    dose = result.dose
    assert (dose.value, dose.display, dose.protocol_value, dose.protocol_display) == (
        D(72),
        "72 mcg (40% of protocol dose 180 mcg — reason: renal function)",
        D(180),
        "180 mcg",
    )


def test_a_reduction_exactly_at_the_floor_has_no_floor_alert() -> None:
    """50% is not below the floor of 50%: 180 × 50% = 90 mcg, only the info alert."""
    plan = reduced("50")
    assert item_result(plan, "ranged-reducible").dose.value == D(90)
    assert [code for _s, code, *_ in full_alerts(plan, "ranged-reducible")] == ["dose-reduced"]


# ---------------------------------------------------------------- items not dosed here


def test_a_local_protocol_item_has_no_dose_and_no_trace() -> None:
    """The anti-emetic is given per the site's own protocol: listed on its days, never dosed,
    with nothing in its trace (no "No dose until chosen")."""
    plan = patient_a()
    result = item_result(plan, "anti-emetic")
    assert (result.dose, result.trace) == (None, "")
    assert alerts_of(plan, "anti-emetic") == []


# ---------------------------------------------------------------- prescriber-entered doses


def test_prescriber_entered_per_kg_in_grams_shows_it_per_kg_and_per_m2() -> None:
    """50 mg/kg entered, given in g: 50 × 60 kg = 3,000 mg = 3 g. The alert puts it back per
    kg and per m²: 3 g × 1,000 = 3,000 mg; 3,000 / 60 = 50 mg/kg; 3,000 mg / 1,000 / 1.66 m²
    = 1.807… → 1.81 g/m². (A dose in g not converted back to mg, or divided by the factor,
    would read 0.00005 mg/kg; a g dose left out of the context would read nothing.)"""
    plan = edges()
    context = " = 50 mg/kg = 1.81 g/m²"
    assert alerts_of(plan, "entered-in-g") == [
        (
            "prescriber-entered",
            f"Entered in grams: 3 g{context} entered by the prescriber; the source states "
            "no dose. Confirm it against the prescription.",
            {"drug": "Entered in grams", "dose": "3 g", "per": context},
        )
    ]
    result = item_result(plan, "entered-in-g")
    assert result.trace == (
        "50 mg/kg × 60 kg (actual weight) = 3,000 mg = 3 g; rounded to the nearest 0.1 g: "
        "3 g (0% from unrounded)"
    )
    assert (result.dose.value, result.dose.display) == (D(3), "3 g")


def test_prescriber_entered_in_micrograms_has_no_mass_context() -> None:
    """5 mcg/kg × 60 kg = 300 mcg: the per-kg / per-m² context is given for mg and g doses
    only, so the message has nothing between the dose and "entered" (not "None", not a stray
    word)."""
    assert alerts_of(edges(), "entered-in-mcg") == [
        (
            "prescriber-entered",
            "Entered in micrograms: 300 mcg entered by the prescriber; the source states no "
            "dose. Confirm it against the prescription.",
            {"drug": "Entered in micrograms", "dose": "300 mcg", "per": ""},
        )
    ]


# ---------------------------------------------------------------- rounding to a presentation


def test_halfway_between_vial_totals_takes_the_smaller_total_not_the_fewer_large_vials() -> None:
    """110 mg fixed, vials of 100 and 60 mg: above 110 the least total is 2 × 60 = 120 mg,
    below it 1 × 100 = 100 mg; both are 10 mg away and within ±10% (10 × 100 = 1,000 ≤
    110 × 10 = 1,100). The tie goes to the smaller total, 100 mg (−10 / 110 = −9.09%), even
    though its counts, largest vial first, (1, 0) sort after (0, 2) of 120 mg."""
    result = item_result(edges(), "vial-tie-counts")
    assert (result.dose.value, result.dose.display) == (D(100), "100 mg")
    assert result.trace == (
        "110 mg; rounded to the nearest 1 mg: 110 mg; rounded to a presentation "
        "within ±10%: 100 mg (-9.09% from unrounded)"
    )


def test_a_syringe_total_exactly_at_the_ranges_maximum_is_taken() -> None:
    """Mobilization G-CSF chosen 9.8 mcg/kg × 60 kg = 588 mcg; the range's maximum is
    10 mcg/kg × 60 kg = 600 mcg (so is the hard ceiling, 10 mcg/kg). Syringes of 300 and
    480 mcg: 2 × 300 = 600 mcg is exactly at the maximum, allowed (never *above* it), and
    12 mcg away (12 × 100 = 1,200 ≤ 588 × 10 = 5,880): the dose is 600 mcg, +12 / 588 =
    +2.04%. Below, 480 mcg is 108 mcg away, outside ±10%; without 600 the dose would stay
    588 mcg. The whole trace reads back, each step kept."""
    plan = patient_a(choices={"methylprednisolone": D(250), "gcsf-mobilization": D("9.8")})
    result = item_result(plan, "gcsf-mobilization")
    assert result.trace == (
        "9.8 mcg/kg × 60 kg (actual weight) = 588 mcg; rounded to the nearest 1 mcg: 588 mcg; "
        "rounded to a presentation within ±10%: 600 mcg (+2.04% from unrounded)"
    )
    dose = result.dose
    assert (dose.value, dose.display, dose.unrounded, dose.rounding_deviation_percent) == (
        D(600),
        "600 mcg",
        D(588),
        D("2.04"),
    )
    # Unreduced, the protocol dose is the amount rounded to the increment only: 588 mcg.
    assert (dose.protocol_value, dose.protocol_display) == (D(588), "588 mcg")


# ---------------------------------------------------------------- reinfusion


def test_reinfusion_of_two_collections_word_for_word() -> None:
    """Collections of 90 and 60 × 10⁶ CD34+ cells: 150 × 10⁶ = 150,000,000 cells, all
    reinfused, nothing rounded (deviation 0); per kg 150 / 60 kg = 2.5 × 10⁶ CD34+ cells/kg."""
    plan = patient_a(
        apheresis=(
            ApheresisYield(date=dt.date(2027, 3, 10), cd34_10e6=D(90), mnc_10e8=D(70)),
            ApheresisYield(date=dt.date(2027, 3, 11), cd34_10e6=D(60), mnc_10e8=D(60)),
        )
    )
    result = item_result(plan, "pbsc-reinfusion")
    assert result.trace == (
        "2 apheresis collection(s): 150 × 10⁶ CD34+ cells ÷ 60 kg = 2.5 × 10⁶ CD34+ cells/kg"
    )
    dose = result.dose
    assert dose.value == D(150_000_000)
    assert dose.rounding_deviation_percent == D(0)
    assert dose.unrounded == dose.protocol_value == D(150_000_000)
    assert alerts_of(plan, "pbsc-reinfusion") == []


def test_reinfusion_without_yields_asks_for_them() -> None:
    """No apheresis entered: no dose, and the trace and the info alert say what to enter."""
    plan = patient_a()
    words = "Enter the apheresis yields: the whole collected graft is reinfused."
    result = item_result(plan, "pbsc-reinfusion")
    assert (result.dose, result.trace) == (None, words)
    name = "Autologous peripheral blood stem cells (CD34+)"
    assert alerts_of(plan, "pbsc-reinfusion") == [
        ("apheresis-yields-missing", f"{name}: {words}", {"drug": name})
    ]


# ---------------------------------------------------------------- choices and a dose of 0


def test_a_dose_that_rounds_to_0_is_refused_word_for_word() -> None:
    """0.5 mg/kg entered, given in g: 0.5 × 60 kg = 30 mg = 0.03 g, which rounds to 0 at the
    0.1 g increment (0.03 < 0.05): refused with a hard alert, and the trace says so."""
    plan = edges(choices={"entered-in-g": D("0.5"), "entered-in-mcg": D(5)})
    assert full_alerts(plan, "entered-in-g")[0] == (
        "hard",
        "dose-rounds-to-zero",
        "Entered in grams: 0.03 g rounds to 0 at the 0.1 g increment; a 0 dose is not "
        "scheduled. Drop the day(s) instead, or give a larger percentage.",
        None,
        {"drug": "Entered in grams", "dose": "0.03 g", "increment": "0.1 g"},
    )
    result = item_result(plan, "entered-in-g")
    assert (result.dose, result.trace) == (
        None,
        "0.5 mg/kg × 60 kg (actual weight) = 30 mg = 0.03 g; rounded to the nearest 0.1 g: "
        "0 g; refused: rounds to 0.",
    )


def test_nothing_chosen_asks_for_a_value_in_the_range_or_the_prescribers_dose() -> None:
    """No value chosen for the ranged item (2–4 mcg/kg/day, no default) nor for the
    prescriber-entered one: no dose, and a soft alert for each pointing at ``choose <id>``,
    the range's ends in its params."""
    plan = edges(choices={"entered-in-g": D(50)})
    assert full_alerts(plan, "ranged-reducible") == [
        (
            "soft",
            "choice-required",
            "Ranged reducible (ranged-reducible): choose a value in 2–4 mcg/kg/day.",
            "choose ranged-reducible",
            {
                "drug": "Ranged reducible",
                "item": "ranged-reducible",
                "unit": "mcg/kg/day",
                "low": "2",
                "high": "4",
            },
        )
    ]
    assert full_alerts(plan, "entered-in-mcg") == [
        (
            "soft",
            "choice-required",
            "Entered in micrograms (entered-in-mcg): the source gives no dose: the "
            "prescriber enters it in mcg/kg.",
            "choose entered-in-mcg",
            {"drug": "Entered in micrograms", "item": "entered-in-mcg", "unit": "mcg/kg"},
        )
    ]
    for item, what in (
        ("ranged-reducible", "choose a value in 2–4 mcg/kg/day"),
        ("entered-in-mcg", "the source gives no dose: the prescriber enters it in mcg/kg"),
    ):
        result = item_result(plan, item)
        assert (result.dose, result.trace) == (None, f"No dose until chosen: {what}.")
        assert {a.chosen_value for a in admins(plan, item)} == {None}


def test_the_prescribers_value_is_shown_as_entered() -> None:
    """7 mcg/kg entered: the chosen text says so; 7 × 60 kg = 420 mcg."""
    plan = edges(choices={"entered-in-g": D(50), "entered-in-mcg": D(7)})
    assert item_result(plan, "entered-in-mcg").dose.value == D(420)
    assert [a.chosen_value for a in admins(plan, "entered-in-mcg")] == [
        "7 mcg/kg (entered by prescriber)"
    ]


def test_the_protocol_default_used_word_for_word() -> None:
    """tiny.toml's ranged drug (2–4 mcg/kg/day, default 3) with nothing chosen: the default
    is used, 3 × 60 kg = 180 mcg, with an info alert naming it."""
    plan = tiny()
    assert full_alerts(plan, "ranged") == [
        (
            "info",
            "default-used",
            "Ranged drug: protocol default 3 mcg/kg/day used.",
            None,
            {"drug": "Ranged drug", "value": "3", "unit": "mcg/kg/day"},
        )
    ]
    assert item_result(plan, "ranged").dose.value == D(180)
    assert [a.chosen_value for a in admins(plan, "ranged")][:1] == [
        "3 mcg/kg/day (range 2–4 mcg/kg/day)"
    ]


# ---------------------------------------------------------------- the hard ceiling


def test_a_dose_just_above_the_hard_ceiling_is_refused_word_for_word() -> None:
    """msc-allogeneic, 65 kg, cyclophosphamide entered as 3,910 mg (10 mg increment: stays
    3,910). The ceiling is the lower of 4,000 mg and 60 mg/kg × 65 kg = 3,900 mg; 3,910 >
    3,900: refused, the hard alert's params carrying the dose and the ceiling's own words."""
    plan_input = PlanInput(
        protocol_id="msc-allogeneic",
        patient=Patient(age_years=30, sex=Sex.FEMALE, weight_kg=D(65), height_cm=D(170)),
        options=PlanOptions(day0_date=dt.date(2027, 1, 12)),
        choices={"cy-pretreatment": D(3910)},
    )
    plan = compute_plan(get_protocol("msc-allogeneic"), plan_input)
    ceiling = "60 mg/kg × 65 kg = 3,900 mg"
    assert full_alerts(plan, "cy-pretreatment")[0] == (
        "hard",
        "dose-above-ceiling",
        f"Cyclophosphamide: 3,910 mg is above its hard ceiling per administration, {ceiling} "
        "(site value); the dose is refused.",
        None,
        {"drug": "Cyclophosphamide", "dose": "3,910 mg", "ceiling": ceiling},
    )
    result = item_result(plan, "cy-pretreatment")
    assert (result.dose, result.trace) == (
        None,
        "3,910 mg; rounded to the nearest 10 mg: 3,910 mg; refused: above the hard "
        f"ceiling of {ceiling}.",
    )
