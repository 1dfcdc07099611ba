"""The vial search and the volume to draw at their edges (issue 16: the survivors of
``make mutation`` in ``dosing/engine/presentations.py``).

The shipped protocols' vial sizes either divide each other (cyclophosphamide 2,000 | 1,000 |
500 mg) or never tie, so the search's tie-breaks on total and on units, its fill-up and
fill-down of the smallest presentation, and the rounding of what a draw delivers were never
read back. ``tests/fixtures/protocols/presentations-mt.toml`` gives vials of 100 and 60 mg,
60 and 40 mg, 100, 60 and 40 mg, 200 and 100 mg (each divides the next), and a 5 mg/4 mL
ampoule (1.25 mg/mL; at the 0.01 mL graduation a step is 0.0125 mg, so what a draw delivers
falls on a half of 0.01 mg and its deviation on a half of 0.1%).

A combination is (total, count per presentation, largest first); "below" is the largest
combination under the dose the ±10% window may round down to.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.protocols import load_protocol_file
from dosing.engine import compute_plan
from dosing.engine.compiled import ItemPlan, compiled_for
from dosing.engine.presentations import (
    presentation_combinations,
    presentation_text,
    volume_to_draw,
)
from dosing.models import Patient, PlanInput, PlanOptions, Sex

FIXTURE = load_protocol_file(
    Path(__file__).parent / "fixtures" / "protocols" / "presentations-mt.toml"
)


def entry(item_id: str) -> ItemPlan:
    """The compiled item (built per test: the mutation runs clear the compiled tables)."""
    return next(e for e in compiled_for(FIXTURE).items_by_arm[None] if e.item.id == item_id)


# ---------------------------------------------------------------- 100 and 60 mg vials


def test_a_dose_just_over_one_vial_fills_up_with_the_smaller_vial() -> None:
    """101 mg from 100 and 60 mg vials. Above: 1 × 100 = 100 < 101, so the 1 mg left needs a
    60 mg vial (160); 2 × 60 = 120 is less: 120 mg. Below: 1 × 100 = 100 mg (2 × 60 = 120 is
    over 101; 1 × 60 = 60 is less than 100)."""
    assert presentation_combinations(D(101), entry("vials-100-60"), want_below=True) == (
        (D(120), (0, 2)),
        (D(100), (1, 0)),
    )


def test_a_dose_of_exactly_the_larger_vial_has_the_smaller_vial_below() -> None:
    """100 mg: above is 1 × 100 mg exactly; below stays under the dose: 1 × 60 = 60 mg
    (2 × 60 = 120 is over)."""
    assert presentation_combinations(D(100), entry("vials-100-60"), want_below=True) == (
        (D(100), (1, 0)),
        (D(60), (0, 1)),
    )


def test_the_largest_total_below_wins_over_fewer_vials() -> None:
    """200 mg: above 2 × 100 = 200 exactly. Below: 3 × 60 = 180 (3 vials) against
    1 × 100 + 1 × 60 = 160 (2 vials): the larger total, 180, wins although it takes more
    vials."""
    assert presentation_combinations(D(200), entry("vials-100-60"), want_below=True) == (
        (D(200), (2, 0)),
        (D(180), (0, 3)),
    )


def test_equal_totals_take_the_fewest_vials() -> None:
    """300 mg: 3 × 100 = 300 (3 vials) or 5 × 60 = 300 (5 vials): 3 × 100 mg. The words:
    "3 × 100 mg vials"."""
    plan_entry = entry("vials-100-60")
    (total, counts), _ = presentation_combinations(D(300), plan_entry, want_below=False)
    assert (total, counts) == (D(300), (3, 0))
    assert presentation_text(counts, plan_entry) == "3 × 100 mg vials"


def test_a_dose_under_the_smallest_vial_has_nothing_below() -> None:
    """50 mg: above 1 × 60 mg; no combination is under 50 mg but none at all: None."""
    assert presentation_combinations(D(50), entry("vials-100-60"), want_below=True) == (
        (D(60), (0, 1)),
        None,
    )


def test_a_dose_finer_than_the_vials_is_covered_rounding_up() -> None:
    """The search counts in whole mg here (scale 1); a dose between two whole mg is covered by
    rounding it up. 100.5 mg → 101 mg: 2 × 60 = 120 (1 × 100 = 100 does not cover it).
    119.5 mg → 120 mg: 2 × 60 = 120 exactly (not 121 mg, which would need 160)."""
    plan_entry = entry("vials-100-60")
    assert presentation_combinations(D("100.5"), plan_entry, want_below=False) == (
        (D(120), (0, 2)),
        None,
    )
    assert presentation_combinations(D("119.5"), plan_entry, want_below=False) == (
        (D(120), (0, 2)),
        None,
    )


def test_the_vial_words_refuse_counts_that_do_not_match_the_vials() -> None:
    """Two presentations (100, 60 mg): a count for each, or the words could name the wrong
    vial. One count is refused (ValueError); two give "1 × 100 mg vial + 2 × 60 mg vials"."""
    plan_entry = entry("vials-100-60")
    assert presentation_text((1, 2), plan_entry) == "1 × 100 mg vial + 2 × 60 mg vials"
    with pytest.raises(ValueError):
        presentation_text((1,), plan_entry)
    with pytest.raises(ValueError):
        presentation_text((1, 2, 0), plan_entry)


# ---------------------------------------------------------------- 60 and 40 mg vials


def test_equal_totals_below_take_the_fewest_vials() -> None:
    """121 mg from 60 and 40 mg vials. Above: 120 is short; 1 × 60 + 2 × 40 = 140 (3 × 40 =
    120 and 2 × 60 = 120 are short, 160 is more). Below: 120 = 2 × 60 (2 vials) or 3 × 40
    (3 vials): 2 × 60 mg."""
    assert presentation_combinations(D(121), entry("vials-60-40"), want_below=True) == (
        (D(140), (1, 2)),
        (D(120), (2, 0)),
    )


# ---------------------------------------------------------------- 100, 60 and 40 mg vials


def test_equal_totals_and_vials_above_keep_fewer_of_the_largest() -> None:
    """161 mg from 100, 60 and 40 mg vials. Above: 160 (1 × 100 + 1 × 60) is short; 180 is
    3 × 60 (3 vials), 1 × 100 + 2 × 40 (3 vials) or 1 × 60 + 3 × 40 (4 vials). Of the two with
    3 vials the search keeps the first it meets, the one with fewer of the largest vial:
    3 × 60 mg. Below: 1 × 100 + 1 × 60 = 160 mg."""
    plan_entry = entry("vials-100-60-40")
    assert presentation_combinations(D(161), plan_entry, want_below=True) == (
        (D(180), (0, 3, 0)),
        (D(160), (1, 1, 0)),
    )
    assert presentation_text((0, 3, 0), plan_entry) == "3 × 60 mg vials"


def test_equal_totals_and_vials_below_keep_fewer_of_the_largest() -> None:
    """181 mg: above 2 × 100 = 200 (180 is short; 1 × 100 + 1 × 60 + 1 × 40 = 200 takes 3).
    Below: 180 as 3 × 60 or 1 × 100 + 2 × 40, both 3 vials: 3 × 60 mg, the first met."""
    assert presentation_combinations(D(181), entry("vials-100-60-40"), want_below=True) == (
        (D(200), (2, 0, 0)),
        (D(180), (0, 3, 0)),
    )


# ---------------------------------------------------------------- 200 and 100 mg vials


def test_sizes_that_divide_each_other_have_the_next_multiple_below() -> None:
    """1,500 mg from 200 and 100 mg vials (100 | 200): above 7 × 200 + 1 × 100 = 1,500
    exactly; below, the next multiple of 100 under it, 1,400 = 7 × 200 (not 1,500 itself)."""
    assert presentation_combinations(D(1500), entry("vials-200-100"), want_below=True) == (
        (D(1500), (7, 1)),
        (D(1400), (7, 0)),
    )


def test_sizes_that_divide_each_other_give_no_below_unless_asked() -> None:
    """1,500 mg without the window (want_below false): above 7 × 200 + 1 × 100, below None."""
    assert presentation_combinations(D(1500), entry("vials-200-100"), want_below=False) == (
        (D(1500), (7, 1)),
        None,
    )


def test_sizes_that_divide_each_other_one_smallest_vial_has_nothing_below() -> None:
    """100 mg: 1 × 100 exactly; under 100 mg there is no vial at all: None (not 0 mg).
    101 mg: above 1 × 200 (2 × 100 = 200 takes 2); below 1 × 100."""
    plan_entry = entry("vials-200-100")
    assert presentation_combinations(D(100), plan_entry, want_below=True) == (
        (D(100), (0, 1)),
        None,
    )
    assert presentation_combinations(D(101), plan_entry, want_below=True) == (
        (D(200), (1, 0)),
        (D(100), (0, 1)),
    )


# ---------------------------------------------------------------- 5 mg/4 mL ampoule


def test_a_rest_of_one_mg_is_drawn_not_the_whole_ampoule() -> None:
    """4 mg from one 5 mg/4 mL ampoule: 1 mg is left in it, so 4 × 4 / 5 = 3.2 mL is drawn
    (not the whole 4 mL, 5 mg); it delivers 3.2 × 1.25 = 4 mg, the dose."""
    draw = volume_to_draw(D(4), (1,), entry("ampoule-5-in-4"))
    assert draw is not None
    assert draw.text == "draw 3.2 mL of 5 mg/4 mL — delivers 4 mg"
    assert (draw.volume_ml, draw.delivered_shown, draw.deviation_percent, draw.units) == (
        D("3.2"),
        D(4),
        D(0),
        (1,),
    )


def test_what_a_draw_delivers_is_shown_rounded_half_up() -> None:
    """0.22 mg: 0.22 × 4 / 5 = 0.176 → 0.18 mL, which delivers 0.18 × 1.25 = 0.225 mg →
    0.23 mg half up (half to even would show 0.22); (0.225 − 0.22) × 100 / 0.22 = 2.27% →
    +2.3%."""
    draw = volume_to_draw(D("0.22"), (1,), entry("ampoule-5-in-4"))
    assert draw is not None
    assert draw.text == "draw 0.18 mL of 5 mg/4 mL — delivers 0.23 mg (dose 0.22 mg, +2.3%)"
    assert (draw.delivered_shown, draw.deviation_percent) == (D("0.23"), D("2.3"))


def test_the_deviation_of_a_draw_rounds_its_half_away_from_zero() -> None:
    """0.08 mg: 0.08 × 4 / 5 = 0.064 → 0.06 mL, delivering 0.06 × 1.25 = 0.075 mg → 0.08 mg
    shown (half up); (0.075 − 0.08) × 100 / 0.08 = −6.25% → −6.3% (half to even: −6.2%)."""
    draw = volume_to_draw(D("0.08"), (1,), entry("ampoule-5-in-4"))
    assert draw is not None
    assert draw.text == "draw 0.06 mL of 5 mg/4 mL — delivers 0.08 mg (dose 0.08 mg, −6.3%)"
    assert draw.deviation_percent == D("-6.3")


def test_a_draw_exactly_at_its_limit_keeps_the_half_up_volume() -> None:
    """0.22 mg rounds half up to 0.18 mL = 0.225 mg. A limit of 0.225 mg: not above it, so
    0.18 mL stays. A limit of 0.224 mg: 0.225 is above it, so the volume rounds down to
    0.17 mL (0.176 toward zero), 0.17 × 1.25 = 0.2125 mg → 0.21 mg shown;
    (0.2125 − 0.22) × 100 / 0.22 = −3.41% → −3.4%."""
    plan_entry = entry("ampoule-5-in-4")
    at_limit = volume_to_draw(D("0.22"), (1,), plan_entry, D("0.225"))
    assert at_limit is not None
    assert at_limit.text == "draw 0.18 mL of 5 mg/4 mL — delivers 0.23 mg (dose 0.22 mg, +2.3%)"
    under_limit = volume_to_draw(D("0.22"), (1,), plan_entry, D("0.224"))
    assert under_limit is not None
    assert under_limit.text == (
        "draw 0.17 mL of 5 mg/4 mL — delivers 0.21 mg (dose 0.22 mg, −3.4%)"
    )
    assert (under_limit.volume_ml, under_limit.delivered_shown) == (D("0.17"), D("0.21"))


def test_a_whole_spare_ampoule_is_no_draw() -> None:
    """5 mg from 2 ampoules (10 mg): 5 mg over is a whole ampoule unopened, not a part drawn
    from one: no volume to draw (the vial search never gives it). 5.01 mg from the same two
    ampoules: 4.99 mg over, one whole (4 mL) and (5 − 4.99) × 4 / 5 = 0.008 → 0.01 mL from
    the second, 4.01 mL, delivering 5 + 0.0125 = 5.0125 → 5.01 mg; 0.0125 × 100 / 5.01 =
    0.0499% → 0%."""
    plan_entry = entry("ampoule-5-in-4")
    assert volume_to_draw(D(5), (2,), plan_entry) is None
    draw = volume_to_draw(D("5.01"), (2,), plan_entry)
    assert draw is not None
    assert draw.text == (
        "draw 4.01 mL: 1 × 5 mg/4 mL whole + 0.01 mL of 5 mg/4 mL — delivers 5.01 mg "
        "(dose 5.01 mg, 0%)"
    )


def test_the_ampoule_draw_on_the_plan() -> None:
    """The fixture's 0.22 mg fixed dose from a 5 mg ampoule (outside ±10%, so not rounded to
    it): 1 × 5 mg ampoule, draw 0.18 mL delivering 0.225 → 0.23 mg, +2.3% (within the site's
    5%: no alert)."""
    plan = compute_plan(
        FIXTURE,
        PlanInput(
            protocol_id="presentations-mt",
            patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(60), height_cm=D(165)),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        ),
    )
    (given,) = [a for a in plan.administrations if a.item == "ampoule-5-in-4"]
    assert given.dose is not None and given.dose.value == D("0.22")
    assert given.presentation == "1 × 5 mg ampoule"
    assert given.draw == "draw 0.18 mL of 5 mg/4 mL — delivers 0.23 mg (dose 0.22 mg, +2.3%)"
    assert given.draw_delivered is not None
    assert (given.draw_delivered.value, given.draw_delivered.deviation_percent) == (
        D("0.23"),
        D("2.3"),
    )
    assert [a.code for a in plan.alerts if a.item == "ampoule-5-in-4"] == []


def test_an_infusion_rate_rounds_its_half_up() -> None:
    """The 60/40 mg item's 120 mg (2 × 60 mg vials) in 25 mL over 4 hours: 25 / 4 =
    6.25 mL/h → 6.3 mL/h half up (half to even would give 6.2)."""
    plan = compute_plan(
        FIXTURE,
        PlanInput(
            protocol_id="presentations-mt",
            patient=Patient(age_years=40, sex=Sex.MALE, weight_kg=D(60), height_cm=D(165)),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        ),
    )
    (given,) = [a for a in plan.administrations if a.item == "vials-60-40"]
    assert given.dose is not None and given.dose.value == D(120)
    assert given.presentation == "2 × 60 mg vials"
    assert (given.volume_ml, given.rate_ml_per_h) == (D(25), D("6.3"))
