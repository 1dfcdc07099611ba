"""Mobilization G-CSF that a count never started inside its phase (issue 10's rule: a count
outside the mobilization phase neither starts nor stops a mobilization course).

tests/test_engine_course.py's dates: mobilization day 1 = 2027-02-01, day 0 = 2027-04-12, so
conditioning starts 2027-04-07 (day −5) and the last mobilization day is 2027-04-06 (day
65). G-CSF starts on the first morning from day 3 (24 hours after cyclophosphamide on days
1–2) whose WBC is below 1.0 × 10⁹/L.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from test_engine_course import DAY0, MOBILIZATION, _plan

from dosing.models import Alert, ApheresisYield, ComputedPlan, DailyCount


def _counts(*days: tuple[dt.date, str]) -> ComputedPlan:
    return _plan(
        DAY0,
        MOBILIZATION,
        counts=tuple(DailyCount(date=day, wbc_10e9_per_l=D(wbc)) for day, wbc in days),
    )


def _gcsf_rows(plan: ComputedPlan) -> list[tuple[dt.date | None, str]]:
    return [(a.date, a.status) for a in plan.administrations if a.item == "gcsf-mobilization"]


def _alerts(plan: ComputedPlan, code: str) -> list[Alert]:
    return [a for a in plan.alerts if a.code == code]


def test_a_wbc_below_1_on_the_first_conditioning_day_does_not_start_mobilization_g_csf() -> None:
    """WBC 1.5 on 2027-04-06 (the last mobilization day), 0.8 on 2027-04-07 (day −5, the
    first conditioning day). Before: G-CSF was "started 2027-04-07", given on no day, and the
    harvest alert said "G-CSF ends on 2027-04-06" — of a course that never began. Now no
    mobilization G-CSF row is left (nothing to give, nothing waiting), and the pharmacist is
    told it never started and why."""
    plan = _counts((dt.date(2027, 4, 6), "1.5"), (dt.date(2027, 4, 7), "0.8"))
    assert _gcsf_rows(plan) == []
    assert not any(t.item == "gcsf-mobilization" for t in plan.totals)
    assert _alerts(plan, "harvest-incomplete-at-conditioning") == []
    (alert,) = _alerts(plan, "count-start-not-met")
    assert (alert.severity, alert.item) == ("soft", "gcsf-mobilization")
    assert alert.message == (
        "Filgrastim (G-CSF): not started — the WBC was not below 1 × 10⁹/L on any morning "
        "before conditioning (starts 2027-04-07); the last count inside mobilization, "
        "2027-04-06, was 1.5 × 10⁹/L. No mobilization dose is scheduled: confirm the harvest "
        "with the prescriber, or move day 0."
    )
    assert alert.params == {
        "drug": "Filgrastim (G-CSF)",
        "threshold": "1",
        "conditioning": "2027-04-07",
        "last_count": "2027-04-06",
        "last_wbc": "1.5",
        "until": "",
    }


def test_a_wbc_at_1_on_the_last_mobilization_day_ends_the_wait() -> None:
    """WBC exactly 1.0 on 2027-04-06: not "less than 1.0", and no later morning remains
    before conditioning, so the course can no longer start."""
    plan = _counts((dt.date(2027, 2, 10), "3.2"), (dt.date(2027, 4, 6), "1.0"))
    assert _gcsf_rows(plan) == []
    (alert,) = _alerts(plan, "count-start-not-met")
    assert alert.params["last_count"] == "2027-04-06" and alert.params["last_wbc"] == "1"


def test_a_wbc_below_1_on_the_last_mobilization_day_starts_one_dose() -> None:
    """WBC 0.9 on 2027-04-06: G-CSF starts that morning, its one known day (5 mcg/kg ×
    67 kg = 335 mcg), and the harvest alert says it ends there."""
    plan = _counts((dt.date(2027, 4, 6), "0.9"))
    doses = [a for a in plan.administrations if a.item == "gcsf-mobilization"]
    assert [(a.date, a.status) for a in doses] == [(dt.date(2027, 4, 6), "scheduled")]
    assert doses[0].dose is not None and doses[0].dose.value == D(335)
    assert _alerts(plan, "count-start-not-met") == []
    (harvest,) = _alerts(plan, "harvest-incomplete-at-conditioning")
    assert harvest.params["gcsf_end"] == "2027-04-06"


def test_only_a_count_after_the_phase_ends_the_wait_too() -> None:
    """No count inside mobilization at all, one on day +2 (2027-04-14): mobilization is over
    and G-CSF never started; the alert names no last count inside mobilization."""
    plan = _counts((dt.date(2027, 4, 14), "0.2"))
    assert _gcsf_rows(plan) == []
    (alert,) = _alerts(plan, "count-start-not-met")
    assert alert.message == (
        "Filgrastim (G-CSF): not started — the WBC was not below 1 × 10⁹/L on any morning "
        "before conditioning (starts 2027-04-07); no count inside mobilization was entered. "
        "No mobilization dose is scheduled: confirm the harvest with the prescriber, or move "
        "day 0."
    )
    assert alert.params["last_count"] == "" and alert.params["last_wbc"] == ""


def test_waiting_within_7_days_of_conditioning_is_alerted() -> None:
    """Last count 2027-03-30 (day 58), WBC 1.4: still waiting (the row "to be set by
    counts" stays), and 58 + 7 = 65 reaches the last mobilization day, so the pharmacist is
    told G-CSF can be given only until 2027-04-06."""
    plan = _counts((dt.date(2027, 3, 30), "1.4"))
    assert _gcsf_rows(plan) == [(None, "conditional")]
    assert _alerts(plan, "harvest-incomplete-at-conditioning") == []
    (alert,) = _alerts(plan, "count-start-not-met")
    assert alert.severity == "soft"
    assert alert.message == (
        "Filgrastim (G-CSF): not started yet — no WBC below 1 × 10⁹/L so far; the last "
        "count inside mobilization, 2027-03-30, was 1.4 × 10⁹/L. Conditioning starts "
        "2027-04-07: G-CSF can be given only until 2027-04-06. Confirm the harvest "
        "with the prescriber, or move day 0."
    )
    assert alert.params["until"] == "2027-04-06"


def test_waiting_8_days_before_the_last_day_is_not_alerted() -> None:
    """Last count 2027-03-29 = day 57; 57 + 7 = 64 < 65: not near yet, no alert."""
    plan = _counts((dt.date(2027, 3, 29), "1.4"))
    assert _gcsf_rows(plan) == [(None, "conditional")]
    assert _alerts(plan, "count-start-not-met") == []


def test_no_counts_and_no_dates_keeps_waiting_without_an_alert() -> None:
    """Without day 0 the phase's end is unknown: G-CSF waits on counts, nothing alerted."""
    plan = _plan(None, MOBILIZATION)
    assert _gcsf_rows(plan) == [(None, "conditional")]
    assert _alerts(plan, "count-start-not-met") == []


def test_the_alert_in_chinese_carries_the_same_dates_and_counts() -> None:
    """Both variants worded in Chinese from the params, with the English message's dates
    and counts (an acknowledgement is bound to them)."""
    from app.alert_text import chinese_alert

    over = _alerts(_counts((dt.date(2027, 4, 6), "1.5")), "count-start-not-met")[0]
    assert chinese_alert(over) == (
        "重组人粒细胞集落刺激因子（G-CSF）：未开始 — 预处理（2027-04-07 开始）前，每天早晨的"
        "白细胞均未低于 1 × 10⁹/L；动员期内最后一次计数（2027-04-06）为 1.5 × 10⁹/L。"
        "动员期未安排给药：请与处方医师确认采集情况，或调整第0天。"
    )
    near = _alerts(_counts((dt.date(2027, 3, 30), "1.4")), "count-start-not-met")[0]
    text = chinese_alert(near)
    assert text is not None and text.startswith("重组人粒细胞集落刺激因子（G-CSF）：尚未开始")
    for number in ("2027-03-30", "1.4 × 10⁹/L", "2027-04-07", "2027-04-06"):
        assert number in text
    none_inside = _alerts(_counts((dt.date(2027, 4, 14), "0.2")), "count-start-not-met")[0]
    assert "动员期内未录入计数" in (chinese_alert(none_inside) or "")


def test_an_apheresis_dated_in_conditioning_stops_nothing_and_is_flagged() -> None:
    """WBC 0.8 on 2027-02-07 starts G-CSF (day 7); the only apheresis, 200 × 10⁶ CD34+
    (more than the 2 × 10⁶/kg × 67 kg = 134 × 10⁶ target), is dated 2027-04-08, day −4 of
    conditioning: almost surely a date typo. Before, it "stopped" G-CSF there and the course
    ran closed from day 7 to the day before conditioning: 59 doses nobody prescribed, with
    no alert. Now it stops nothing (the known dose is day 7's, 5 mcg/kg × 67 kg = 335 mcg,
    open), the harvest-short alert stands, and the date is flagged."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=(DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),),
        apheresis=(ApheresisYield(date=dt.date(2027, 4, 8), cd34_10e6=D(200), mnc_10e8=D(200)),),
    )
    assert _gcsf_rows(plan) == [(dt.date(2027, 2, 7), "scheduled"), (None, "conditional")]
    total = next(t for t in plan.totals if t.item == "gcsf-mobilization")
    assert total.value == D(335) and total.open
    (alert,) = _alerts(plan, "apheresis-after-mobilization")
    assert (alert.severity, alert.item) == ("soft", "gcsf-mobilization")
    assert alert.message == (
        "Filgrastim (G-CSF): the apheresis of 2027-04-08 is dated on or after the first "
        "conditioning day (2027-04-07); check the dates. It is not counted towards stopping "
        "G-CSF."
    )
    assert alert.params == {
        "drug": "Filgrastim (G-CSF)",
        "date": "2027-04-08",
        "conditioning": "2027-04-07",
    }
    from app.alert_text import chinese_alert

    assert chinese_alert(alert) == (
        "重组人粒细胞集落刺激因子（G-CSF）：2027-04-08 的单采在预处理首日（2027-04-07）或之后；"
        "请核对日期。该次单采不计入停用 G-CSF 的判断。"
    )
    assert _alerts(plan, "harvest-incomplete-at-conditioning") != []


def test_an_apheresis_on_the_last_mobilization_day_still_stops_g_csf() -> None:
    """The same harvest dated 2027-04-06, the day before conditioning: inside the phase, it
    stops G-CSF there (days 7 … 65 known: 59 doses × 335 mcg = 19,765 mcg, closed)."""
    plan = _plan(
        DAY0,
        MOBILIZATION,
        counts=(DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),),
        apheresis=(ApheresisYield(date=dt.date(2027, 4, 6), cd34_10e6=D(200), mnc_10e8=D(200)),),
    )
    total = next(t for t in plan.totals if t.item == "gcsf-mobilization")
    assert total.value == D(19765) and not total.open
    assert _alerts(plan, "apheresis-after-mobilization") == []
