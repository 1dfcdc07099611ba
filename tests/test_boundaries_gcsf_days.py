"""G-CSF days at the edges of the count rules (issue 16: survivors of ``make mutation`` on
``dosing.engine.conditions``, docs/MUTATION.md).

auto-hsct-ln patient A, 60 kg: mobilization day 1 is 1 March 2027, day 0 is 12 April 2027.
Mobilization G-CSF starts on a WBC below 1.0 and stops when the CD34+ collected exceed
2 × 10⁶/kg × 60 kg = 120 × 10⁶ (the last dose on the day of that collection); conditioning
starts on day −5, 7 April, so mobilization ends at the latest on 6 April (mobilization
day 37). Engraftment G-CSF, 30 mcg a day from day +1, stops when ANC is above 1.0 on 2
consecutive days after the nadir (a count at or below 1.0), with no dose on the day met.
"""

from __future__ import annotations

from decimal import Decimal as D

from test_boundaries_engine import (
    admins,
    engraftment_counts,
    engraftment_days,
    mobilization,
    mobilization_days,
)
from test_engine_auto_hsct import patient_a, total

from dosing.models import ApheresisYield, DailyCount


def test_an_anc_exactly_at_the_threshold_is_the_nadir() -> None:
    """ANC 1.0 on +5 (17 April) is "at or below 1.0": the nadir. Then 1.2 on +11 and 1.3 on
    +12 (24 April) are 2 consecutive days above: met on +12, last dose +11, so +1…+11,
    11 × 30 = 330 mcg, no longer conditional. Were 1.0 not a nadir, no nadir would ever be
    seen here and G-CSF would run on, conditional, past +12."""
    plan = patient_a(counts=engraftment_counts({5: "1.0", 11: "1.2", 12: "1.3"}))
    assert engraftment_days(plan) == (list(range(1, 12)), False)
    assert total(plan, "gcsf-engraftment") == 330
    assert {a.note for a in admins(plan, "gcsf-engraftment")} == {
        "nadir 2027-04-17: ANC 1 × 10⁹/L; stopped 2027-04-24: ANC greater than "
        "1 × 10⁹/L on 2 consecutive days"
    }


def test_a_collection_on_the_day_g_csf_started_counts_towards_the_harvest() -> None:
    """WBC 0.8 on mobilization day 9 (9 March) starts G-CSF; an apheresis the same day
    collects CD34+ 130 × 10⁶ > 120: the target is met on day 9, so day 9 is the only dose,
    and the collection is not "before G-CSF started" (no alert). Treating the start day as
    before the start would leave G-CSF running on, conditional, with a false date alert."""
    plan = patient_a(
        counts=(DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),),
        apheresis=(ApheresisYield(date=mobilization(9), cd34_10e6=D(130), mnc_10e8=D(130)),),
    )
    assert mobilization_days(plan) == ([9], False)
    assert "apheresis-before-start" not in {a.code for a in plan.alerts}
    assert {a.note for a in admins(plan, "gcsf-mobilization")} == {
        "started 2027-03-09: WBC 0.8 × 10⁹/L; stopped 2027-03-09: CD34+ collected "
        "130 × 10⁶, more than the target of 120 × 10⁶"
    }


def test_a_course_closed_by_conditioning_says_so_on_each_dose() -> None:
    """WBC 0.8 on day 9 starts G-CSF; a count on 6 April (day 37, the day before
    conditioning) with the harvest short closes the course there: days 9…37, 29 doses,
    each noted with the count that started it and the date it ended, joined by "; "."""
    counts = (
        DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),
        DailyCount(date=mobilization(37), wbc_10e9_per_l=D("3.0")),
    )
    plan = patient_a(counts=counts)
    assert mobilization_days(plan) == (list(range(9, 38)), False)
    assert {a.note for a in admins(plan, "gcsf-mobilization")} == {
        "started 2027-03-09: WBC 0.8 × 10⁹/L; ended 2027-04-06: the day before conditioning"
    }
