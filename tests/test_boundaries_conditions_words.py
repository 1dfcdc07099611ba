"""The count-driven courses' words and running totals, pinned (issue 16: survivors of
``make mutation`` on ``dosing.engine.conditions``, docs/MUTATION.md).

auto-hsct-ln patient A, 60 kg: mobilization day 1 is 1 March 2027, day 0 is 12 April 2027.
Mobilization G-CSF starts on a WBC below 1.0 (here 0.8 on mobilization day 9) and stops
when the CD34+ collected exceed 2 × 10⁶/kg × 60 kg = 120 × 10⁶; the MNC target is
2 × 10⁸/kg × 60 kg = 120 × 10⁸ (seed 000: "CD34+ cells > 2×10^6/kg and mononuclear cells
> 2×10^8/kg"). Engraftment G-CSF stops on ANC above 1.0 on 2 consecutive days after the
nadir.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from test_boundaries_engine import admins, engraftment_counts, mobilization
from test_engine_auto_hsct import patient_a

from dosing.models import ApheresisYield, DailyCount


def _mobilized(*yields: tuple[int, int, int]) -> Any:
    started = (DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),)
    collected = tuple(
        ApheresisYield(date=mobilization(day), cd34_10e6=D(cd34), mnc_10e8=D(mnc))
        for day, cd34, mnc in yields
    )
    return patient_a(counts=started, apheresis=collected)


def test_the_mnc_target_is_met_by_the_sum_of_the_collections() -> None:
    """Day 13: CD34+ 60, MNC 70; day 14: CD34+ 70, MNC 60. CD34+ 60 + 70 = 130 > 120 stops
    G-CSF on day 14; MNC 70 + 60 = 130 > 120 is met too, so no MNC alert. Counting only
    the last collection (60 < 120) would tell the team to collect again for nothing."""
    plan = _mobilized((13, 60, 70), (14, 70, 60))
    assert "harvest-mnc-unmet" not in {a.code for a in plan.alerts}
    assert [a.day for a in admins(plan, "gcsf-mobilization")] == [9, 10, 11, 12, 13, 14]
    assert plan.harvest is not None
    assert (plan.harvest.mnc_collected_10e8, plan.harvest.mnc_met) == (D(130), True)


def test_a_collection_before_g_csf_started_is_alerted_word_for_word() -> None:
    """A collection on mobilization day 5 (5 March), before G-CSF started on day 9: a soft
    alert naming the date and the start, since it is left out of the stop rule (a harvest
    before G-CSF is almost surely a date typo). Counted or not, CD34+ passes 120 on day 14
    here (70 + 60 + 10 or 60 + 70), so only the alert tells the pharmacist."""
    plan = _mobilized((5, 10, 10), (13, 60, 70), (14, 70, 60))
    (alert,) = [a for a in plan.alerts if a.code == "apheresis-before-start"]
    assert (alert.severity, alert.item) == ("soft", "gcsf-mobilization")
    assert alert.message == (
        "Filgrastim (G-CSF): the apheresis of 2027-03-05 is dated before G-CSF started "
        "(mobilization day 9); check the dates. It is not counted towards stopping G-CSF."
    )
    assert alert.params == {
        "drug": "Filgrastim (G-CSF)",
        "date": "2027-03-05",
        "start": "mobilization day 9",
    }


def test_the_mobilization_course_says_what_started_and_stopped_it() -> None:
    """Each dose of the course carries both notes, joined by "; ": the WBC 0.8 that
    started it and the CD34+ 60 + 70 = 130 × 10⁶ that stopped it (more than 120)."""
    plan = _mobilized((13, 60, 70), (14, 70, 60))
    notes = {a.note for a in admins(plan, "gcsf-mobilization")}
    assert notes == {
        "started 2027-03-09: WBC 0.8 × 10⁹/L; stopped 2027-03-14: CD34+ collected "
        "130 × 10⁶, more than the target of 120 × 10⁶"
    }


def test_the_engraftment_course_says_its_nadir_and_what_stopped_it() -> None:
    """Nadir ANC 0.1 on +5 (17 April); 1.2 on +11 and 1.3 on +12 (24 April): 2 consecutive
    days above 1.0, met on +12. The note names both counts, the threshold as "1"."""
    plan = patient_a(counts=engraftment_counts({5: "0.1", 11: "1.2", 12: "1.3"}))
    notes = {a.note for a in admins(plan, "gcsf-engraftment")}
    assert notes == {
        "nadir 2027-04-17: ANC 0.1 × 10⁹/L; stopped 2027-04-24: ANC greater than "
        "1 × 10⁹/L on 2 consecutive days"
    }


def test_a_count_on_the_day_before_conditioning_closes_the_course_with_its_phase() -> None:
    """Conditioning starts on day −5, 7 April 2027, so mobilization's last day is 6 April
    (mobilization day 37). WBC 0.8 on day 9 starts G-CSF; a count on 6 April, inside the
    phase, makes days 9…37 known: 37 − 9 + 1 = 29 doses, and since the phase ends there
    the course is closed, not "so far" (a count on 7 April, outside it, would leave only
    day 9 known). Either edge moved by one (a count on the last day ignored, or a course
    ending on the last day left open) changes the doses."""
    counts = (
        DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),
        DailyCount(date=mobilization(37), wbc_10e9_per_l=D("3.0")),
    )
    assert mobilization(37).isoformat() == "2027-04-06"
    plan = patient_a(counts=counts)
    gcsf = admins(plan, "gcsf-mobilization")
    assert [a.day for a in gcsf if a.status == "scheduled"] == list(range(9, 38))
    assert not any(a.status == "conditional" for a in gcsf)
