"""The count-driven rules once the nadir has been seen (issue 16; mutants that survived
``make mutation``, docs/MUTATION.md).

The engraftment stop rule counts recovery only after the nadir (a count at or below 1.0 on
or after day +1), so a test of "consecutive" needs a nadir first, or it passes for the
nadir rule's sake whatever "consecutive" means. auto-hsct-ln patient A: day 0 is
12 April 2027; engraftment G-CSF 30 mcg a day from day +1 until ANC > 1.0 × 10⁹/L on 2
consecutive days (no dose on the day the rule is met).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

from test_boundaries_engine import engraftment_counts, engraftment_days, mobilization
from test_engine_auto_hsct import A_DAY0, patient_a, total

from dosing.models import ApheresisYield, DailyCount


def test_after_the_nadir_two_days_above_two_days_apart_do_not_stop() -> None:
    """Nadir 0.1 on +5; ANC 1.2 on +10, no count on +11, 1.3 on +12: two counts above 1.0
    but 12 − 10 = 2 days apart, not consecutive: G-CSF continues, +1…+12 known (the last
    count, +12), still conditional. Were any two counts above a run, it would stop on +12
    with the last dose on +11."""
    plan = patient_a(counts=engraftment_counts({5: "0.1", 10: "1.2", 12: "1.3"}))
    assert engraftment_days(plan) == (list(range(1, 13)), True)


def test_after_the_nadir_the_next_two_days_above_stop() -> None:
    """Nadir 0.1 on +5; 1.2 on +11 and 1.3 on +12 (12 − 11 = 1 day): met on +12, last dose
    +11: +1…+11, 11 × 30 = 330 mcg, no longer conditional."""
    plan = patient_a(counts=engraftment_counts({5: "0.1", 11: "1.2", 12: "1.3"}))
    assert engraftment_days(plan) == (list(range(1, 12)), False)
    assert total(plan, "gcsf-engraftment") == 330


def test_after_the_nadir_a_count_without_anc_neither_ends_nor_joins_the_run() -> None:
    """Nadir 0.1 on +5; ANC 1.5 on +10, a WBC-only count on +11, ANC 1.5 on +12 and +13.
    The WBC-only day is skipped (it is neither below nor above): +10 and +12 are not
    consecutive, +12 and +13 are: met on +13, last dose +12 (+1…+12, 12 × 30 = 360 mcg).
    A scan that stopped at the WBC-only count would leave G-CSF conditional after +10."""
    counts = (
        *engraftment_counts({5: "0.1", 10: "1.5"}),
        DailyCount(date=A_DAY0 + dt.timedelta(days=11), wbc_10e9_per_l=D("4.0")),
        *engraftment_counts({12: "1.5", 13: "1.5"}),
    )
    plan = patient_a(counts=counts)
    assert engraftment_days(plan) == (list(range(1, 13)), False)
    assert total(plan, "gcsf-engraftment") == 360


# ---------------------------------------------------------------- harvest: the MNC target
# Seed 000: "CD34+ cells > 2×10^6/kg and mononuclear cells > 2×10^8/kg". G-CSF stops on the
# CD34+ target; an MNC count not above its target raises a soft alert. Patient A, 60 kg:
# CD34+ target 2 × 60 = 120 × 10⁶, MNC target 2 × 60 = 120 × 10⁸; G-CSF started day 9.


def _harvest(mnc: str) -> Any:
    started = (DailyCount(date=mobilization(9), wbc_10e9_per_l=D("0.8")),)
    collected = (ApheresisYield(date=mobilization(14), cd34_10e6=D(130), mnc_10e8=D(mnc)),)
    return patient_a(counts=started, apheresis=collected)


def test_mnc_exactly_at_its_target_is_not_more_and_is_alerted() -> None:
    """CD34+ 130 > 120 stops G-CSF on day 14; MNC 120 × 10⁸ is not more than 120: one soft
    alert on the mobilization G-CSF giving both figures and the 2 × 10⁸/kg × 60 kg."""
    (alert,) = [a for a in _harvest("120").alerts if a.code == "harvest-mnc-unmet"]
    assert (alert.severity, alert.item) == ("soft", "gcsf-mobilization")
    assert alert.message == (
        "Filgrastim (G-CSF): stopped on the CD34+ target, but the mononuclear cells collected "
        "(120 × 10⁸) are not more than the target of 120 × 10⁸ (2 × 10⁸/kg × 60 kg). "
        "Decide whether to collect again."
    )
    assert alert.params == {
        "drug": "Filgrastim (G-CSF)",
        "mnc": "120",
        "target": "120",
        "per_kg": "2",
        "weight": "60",
    }


def test_mnc_just_above_its_target_is_not_alerted() -> None:
    """MNC 120.1 × 10⁸ is more than 120: no MNC alert."""
    assert "harvest-mnc-unmet" not in {a.code for a in _harvest("120.1").alerts}


def test_the_day_g_csf_started_is_noted_with_its_count() -> None:
    """WBC 0.8 on mobilization day 9 (9 March) starts G-CSF: each of its days carries the
    note "started 2027-03-09: WBC 0.8 × 10⁹/L" (the count that started it, for the nurse
    to check), before what stopped it."""
    plan = _harvest("130")
    (first, *_) = [a for a in plan.administrations if a.item == "gcsf-mobilization"]
    assert first.day == 9
    assert first.note is not None
    assert first.note.startswith("started 2027-03-09: WBC 0.8 × 10⁹/L; ")
