"""Alerts at their boundaries, word for word (issue 16; mutants that survived
``make mutation``, docs/MUTATION.md). The params are what the Chinese alert texts are
filled from (app/alert_text.py): a slip in a key or a value is a wrong sentence on the ward.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from test_engine_course import DAY0, MOBILIZATION, _plan
from test_engine_msc import _plan as msc_plan

from dosing.models import Alert, ComputedPlan, DailyCount, Sex

# ---------------------------------------------------------------- harvest short near conditioning
# tests/test_engine_course.py: mobilization day 1 = 2027-02-01, conditioning from 2027-04-07
# (day −5 of day 0 2027-04-12), so the last mobilization day is 2027-04-06 = day 65. G-CSF
# starts on day 7 (WBC 0.8 on 2027-02-07); no harvest entered. "Near" is within 7 days:
# the alert is raised when the last known dose day + 7 ≥ 65.


def _harvest_alerts(last_count: dt.date) -> list[Alert]:
    counts = (
        DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),
        DailyCount(date=last_count, wbc_10e9_per_l=D(3)),
    )
    plan: ComputedPlan = _plan(DAY0, MOBILIZATION, counts=counts)
    return [a for a in plan.alerts if a.code == "harvest-incomplete-at-conditioning"]


def test_harvest_short_exactly_7_days_before_the_last_day_is_alerted() -> None:
    """Last count 2027-03-30 = day 58; 58 + 7 = 65 is not before day 65: near, alerted (G-CSF
    may still continue to 2027-04-06)."""
    (alert,) = _harvest_alerts(dt.date(2027, 3, 30))
    assert (alert.severity, alert.item) == ("soft", "gcsf-mobilization")
    assert alert.message == (
        "Filgrastim (G-CSF): the CD34+ cells collected do not yet exceed the harvest target "
        "and conditioning starts 2027-04-07; G-CSF can continue only until the day before. "
        "Confirm the harvest or move day 0."
    )
    assert alert.params == {
        "drug": "Filgrastim (G-CSF)",
        "conditioning": "2027-04-07",
        "gcsf_end": "",
    }


def test_harvest_short_8_days_before_the_last_day_is_not_alerted() -> None:
    """Last count 2027-03-29 = day 57; 57 + 7 = 64 < 65: not near yet, no alert."""
    assert _harvest_alerts(dt.date(2027, 3, 29)) == []


def test_harvest_short_when_counts_reach_the_last_day_says_when_g_csf_ends() -> None:
    """A count on 2027-04-06 (day 65) reaches the last mobilization day: G-CSF ends there,
    and the alert names 2027-04-06."""
    (alert,) = _harvest_alerts(dt.date(2027, 4, 6))
    assert alert.message.endswith(
        "G-CSF ends on 2027-04-06, the day before. Confirm the harvest or move day 0."
    )
    assert alert.params == {
        "drug": "Filgrastim (G-CSF)",
        "conditioning": "2027-04-07",
        "gcsf_end": "2027-04-06",
    }


# ---------------------------------------------------------------- prescriber-entered dose
# msc-allogeneic cyclophosphamide has no protocol dose (prescriber-entered, 10 mg steps).
# Female 40 y, 80 kg, 127 cm: Mosteller √(127 × 80 / 3600) = √2.8222 = 1.67995 → 1.68 m².


def _prescriber_alert(mg: int) -> Alert:
    plan = msc_plan(
        "msc-allogeneic", "80", "127", Sex.FEMALE, 40, choices={"cy-pretreatment": D(mg)}
    )
    (alert,) = [a for a in plan.alerts if a.code == "prescriber-entered"]
    return alert


def test_prescriber_entered_mg_per_kg_rounds_half_up() -> None:
    """980 mg ÷ 80 kg = 12.25 → 12.3 mg/kg (half-even would give 12.2); 0.98 g ÷ 1.68 m² =
    0.5833 → 0.58 g/m²."""
    alert = _prescriber_alert(980)
    assert (alert.severity, alert.item) == ("soft", "cy-pretreatment")
    assert alert.message == (
        "Cyclophosphamide: 980 mg = 12.3 mg/kg = 0.58 g/m² entered by the prescriber; the "
        "source states no dose. Confirm it against the prescription."
    )
    assert alert.params == {
        "drug": "Cyclophosphamide",
        "dose": "980 mg",
        "per": " = 12.3 mg/kg = 0.58 g/m²",
    }


def test_prescriber_entered_g_per_m2_rounds_half_up() -> None:
    """1,050 mg ÷ 80 kg = 13.125 → 13.1 mg/kg; 1.05 g ÷ 1.68 m² = 0.625 → 0.63 g/m²
    (half-even would give 0.62; ÷ 1,001 mg/g would give 0.62)."""
    assert _prescriber_alert(1050).params["per"] == " = 13.1 mg/kg = 0.63 g/m²"
