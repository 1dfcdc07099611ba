"""Count-driven courses no shipped protocol has (issue 16: survivors of ``make mutation`` on
``dosing.engine.conditions``, docs/MUTATION.md), on tests/fixtures/protocols/conditions-mt.toml.

Day 0 is 20 March 2027 (day N is 20 March + N); mobilization day 1 is 1 March 2027
(mobilization day N is March N). In arm "a" the first day-0 item is "arm-drug" on day 0, so
conditioning starts on 20 March and mobilization ends at the latest on 19 March
(mobilization day 19). Patient 60 kg: the harvest target is 2 × 10⁶/kg × 60 kg = 120 × 10⁶
CD34+ (and 120 × 10⁸ MNC).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from app.protocols import load_protocol_file
from dosing.engine import compute_plan
from dosing.models import (
    Administration,
    ApheresisYield,
    ComputedPlan,
    DailyCount,
    Patient,
    PlanInput,
    PlanOptions,
    Sex,
)

PROTOCOL = load_protocol_file(
    Path(__file__).parent / "fixtures" / "protocols" / "conditions-mt.toml"
)
DAY0 = dt.date(2027, 3, 20)
MOB = dt.date(2027, 3, 1)


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def mob_day(n: int) -> dt.date:
    return MOB + dt.timedelta(days=n - 1)


def plan(
    arm: str,
    counts: tuple[DailyCount, ...] = (),
    apheresis: tuple[ApheresisYield, ...] = (),
    mobilization: dt.date | None = None,
) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="conditions-mt",
        patient=Patient(age_years=35, sex=Sex.FEMALE, weight_kg=D(60), height_cm=D(165)),
        options=PlanOptions(day0_date=DAY0, mobilization_start_date=mobilization, arm=arm),
        counts=counts,
        apheresis=apheresis,
    )
    return compute_plan(PROTOCOL, plan_input)


def given(computed: ComputedPlan, item: str) -> list[Administration]:
    return [a for a in computed.administrations if a.item == item]


def days_and_continues(computed: ComputedPlan, item: str) -> tuple[list[int | None], bool]:
    rows = given(computed, item)
    return (
        [a.day for a in rows if a.status == "scheduled"],
        any(a.status == "conditional" for a in rows),
    )


def test_the_wait_after_an_arm_item_applies_in_that_arm() -> None:
    """Arm "a" gives "arm-drug" on day 0; "wait-arm" starts on a WBC below 1.0, not within
    48 hours of it: not before day 0 + ⌈48 / 24⌉ = day 2. A WBC 0.5 on day 1 (21 March)
    does not start it (still waiting); one on day 2 (22 March) does: days 1…5 counted from
    day 2 are days 2…6. Looking for "arm-drug" among the items of no arm would miss it and
    start on day 1, within 48 hours of it."""
    waiting = plan("a", (DailyCount(date=day(1), wbc_10e9_per_l=D("0.5")),))
    assert days_and_continues(waiting, "wait-arm") == ([], True)
    started = plan("a", (DailyCount(date=day(2), wbc_10e9_per_l=D("0.5")),))
    assert days_and_continues(started, "wait-arm") == ([2, 3, 4, 5, 6], False)
    assert given(started, "wait-arm")[0].note == "started 2027-03-22: WBC 0.5 × 10⁹/L"


def _mob_anc() -> ComputedPlan:
    """WBC 0.5 on mobilization day 3 starts "mob-anc"; nadir ANC 0.2 on day 5; ANC 1.5 on
    day 13 is one day above 1.0, not 2: the course continues, days 3…13 known."""
    counts = (
        DailyCount(date=mob_day(3), wbc_10e9_per_l=D("0.5")),
        DailyCount(date=mob_day(5), anc_10e9_per_l=D("0.2")),
        DailyCount(date=mob_day(13), anc_10e9_per_l=D("1.5")),
    )
    return plan("a", counts, mobilization=MOB)


def test_a_course_still_running_names_its_start_and_its_nadir() -> None:
    """Days 3…13 known (13 − 3 + 1 = 11 doses), still conditional; each dose carries the
    start and the nadir, joined by "; "."""
    computed = _mob_anc()
    assert days_and_continues(computed, "mob-anc") == (list(range(3, 14)), True)
    notes = {a.note for a in given(computed, "mob-anc") if a.status == "scheduled"}
    assert notes == {"started 2027-03-03: WBC 0.5 × 10⁹/L; nadir 2027-03-05: ANC 0.2 × 10⁹/L"}


def test_a_course_stopped_on_anc_has_no_harvest_alert_near_conditioning() -> None:
    """The last known dose, mobilization day 13, is within 7 days of the phase's last day
    (13 + 7 = 20 ≥ 19), but "mob-anc" stops on ANC, not on the harvest: no
    "harvest incomplete at conditioning" alert."""
    codes = {a.code for a in _mob_anc().alerts}
    assert "harvest-incomplete-at-conditioning" not in codes


def test_a_day_0_harvest_stop_ends_on_the_day_of_the_collection() -> None:
    """Arm "b": "harvest-day0" from day −10 (10 March) until the CD34+ collected exceed
    120 × 10⁶. A collection of 130 on 14 March, day −6 (14 − 20 = −6; day 0 counts from
    day 0 itself), meets it: days −10…−6, 5 doses, the last on the collection day."""
    collected = (ApheresisYield(date=day(-6), cd34_10e6=D(130), mnc_10e8=D(130)),)
    computed = plan("b", apheresis=collected)
    assert days_and_continues(computed, "harvest-day0") == ([-10, -9, -8, -7, -6], False)
    assert given(computed, "harvest-day0")[0].note == (
        "stopped 2027-03-14: CD34+ collected 130 × 10⁶, more than the target of 120 × 10⁶"
    )


def test_a_day_0_harvest_course_is_known_to_its_last_count() -> None:
    """Arm "b", no collection yet: a count on 13 March, day −7, makes days −10…−7 known
    (4 doses), the course still conditional."""
    computed = plan("b", (DailyCount(date=day(-7), wbc_10e9_per_l=D("3.0")),))
    assert days_and_continues(computed, "harvest-day0") == ([-10, -9, -8, -7], True)
