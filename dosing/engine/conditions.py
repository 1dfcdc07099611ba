"""Courses that wait on counts: the first day a count allows, and the day a count or the
harvest stops the course."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dosing.codes import AlertCode
from dosing.decimals import plain
from dosing.display import format_number
from dosing.engine.context import Context
from dosing.engine.schedule import anchor_date_of, date_of, day_label, day_of
from dosing.models import ApheresisYield, DailyCount
from dosing.protocol import Anchor, Condition, ConditionKind, Item


@dataclass
class Days:
    """The days an item is given: known days, and whether it continues on a condition."""

    days: Sequence[int]
    waiting_to_start: bool = False
    continues: bool = False
    resolution: str = ""


def count_start_day(
    item: Item,
    anchor: Anchor,
    anchor_date: dt.date | None,
    counts: list[DailyCount],
    notes: list[str],
    protocol_items: dict[str, Item],
    last_day: int | None = None,
) -> int | None:
    """The first day on or after the item's first listed day — and, if the condition says so,
    at least N hours after another item's last dose — whose morning WBC is below the start
    threshold (mobilization G-CSF: "when … leucocytes was < 1×10⁹/L"), or None. The WBC
    below 1.0 that counts is the post-cyclophosphamide nadir: a leukopenic baseline on a
    cyclophosphamide day does not start G-CSF. A count after ``last_day`` (the phase's last
    day) starts nothing: a WBC below 1.0 on the first conditioning day is conditioning's."""
    # protocol check: a start condition is wbc-below, with its threshold.
    condition = item.start_condition
    assert condition is not None
    threshold = condition.threshold_10e9_per_l
    assert threshold is not None
    if anchor_date is None:
        return None
    first = max(item.days[0], _first_day_after(protocol_items, condition))
    for count in counts:
        day = day_of(anchor, anchor_date, count.date)
        wbc = count.wbc_10e9_per_l
        if last_day is not None and day > last_day:
            break  # counts are in date order: the rest are after the phase too
        if day >= first and wbc is not None and wbc < threshold:
            notes.append(f"started {count.date.isoformat()}: WBC {format_number(wbc)} × 10⁹/L")
            return day
    return None


def _first_day_after(items: dict[str, Item], condition: Condition) -> int:
    """Doses are given once a day at the same hour: N hours after the last dose of the
    other item is ceil(N / 24) days after its last day."""
    after = condition.not_before
    if after is None or after.item not in items:
        return -(10**6)
    return max(items[after.item].days) + -(-after.hours // 24)


def resolve_days(ctx: Context, item: Item, anchor: Anchor) -> Days:
    # Called for items with a start or a stop condition only (ItemPlan.conditional).
    plan_input = ctx.plan_input
    anchor_date = anchor_date_of(plan_input, anchor)
    first_day = item.days[0]
    counts = sorted(plan_input.counts, key=lambda c: c.date)
    notes: list[str] = []

    start_day = first_day
    phase_last = _phase_last_day(ctx, anchor, anchor_date)
    if item.start_condition is not None:
        found = count_start_day(
            item,
            anchor,
            anchor_date,
            counts,
            notes,
            ctx.protocol.items_by_id(ctx.plan_input.options.arm),
            phase_last,
        )
        if found is None:
            if phase_last is None or anchor_date is None:
                return Days([], waiting_to_start=True)
            return _not_started(ctx, item, anchor, anchor_date, counts, phase_last)
        start_day = found

    stop_condition = item.stop_condition
    if stop_condition is None:
        # A course started by a count and given on its listed days, counted from the day
        # the count started it (days 1–5 started on day 3: days 3–7), never past its phase.
        shifted = [start_day + day - first_day for day in item.days]
        return Days(
            [day for day in shifted if phase_last is None or day <= phase_last],
            resolution="; ".join(notes),
        )
    last_known: int | None = None
    # The latest count or harvest on or after the start, inside the phase or not.
    seen: int | None = None
    stop_after: int | None = None
    if anchor_date is not None:
        # protocol check: a stop is anc-above-consecutive (with its threshold) or
        # harvest-complete (and the file has its [harvest] targets).
        if stop_condition.kind is ConditionKind.ANC_ABOVE_CONSECUTIVE:
            threshold = stop_condition.threshold_10e9_per_l
            assert threshold is not None
            run: list[dt.date] = []
            # The nadir rule: recovery is counted only after the nadir, i.e. after a count at
            # or below the threshold on or after the course's first day. Counts above it
            # before that (day +1, +2: what remains of the pre-transplant blood) stop nothing.
            nadir: dt.date | None = None
            for count in counts:
                day = day_of(anchor, anchor_date, count.date)
                if day < start_day or count.anc_10e9_per_l is None:
                    continue
                last_known = day
                if nadir is None:
                    if count.anc_10e9_per_l <= threshold:
                        nadir = count.date
                        notes.append(
                            f"nadir {count.date.isoformat()}: ANC "
                            f"{format_number(count.anc_10e9_per_l)} × 10⁹/L"
                        )
                    continue
                above = count.anc_10e9_per_l > threshold
                consecutive = bool(run) and (count.date - run[-1]).days == 1
                run = ([*run, count.date] if consecutive else [count.date]) if above else []
                if len(run) >= stop_condition.consecutive_days:
                    # Counts are read in the morning: the dose is not given on the day the
                    # condition is met, so the last dose is the day before.
                    stop_after = day - 1
                    notes.append(
                        f"stopped {count.date.isoformat()}: ANC greater than "
                        f"{format_number(threshold)} × 10⁹/L on {stop_condition.consecutive_days} consecutive days"
                    )
                    break
        else:
            harvest = ctx.protocol.harvest
            assert harvest is not None
            target = harvest.cd34_per_kg_10e6 * ctx.weight_kg
            collected = mnc = Decimal(0)
            for collection in sorted(plan_input.apheresis, key=lambda c: c.date):
                day = day_of(anchor, anchor_date, collection.date)
                if day < start_day:
                    # A harvest before G-CSF started is almost surely a date typo: it must
                    # neither end the G-CSF course nor pass unnoticed.
                    ctx.alert(
                        "soft",
                        AlertCode.APHERESIS_BEFORE_START,
                        f"{item.name}: the apheresis of {collection.date.isoformat()} is dated "
                        f"before G-CSF started ({day_label(anchor, start_day)}); check the dates. "
                        "It is not counted towards stopping G-CSF.",
                        item.id,
                        params={
                            "drug": item.name,
                            "date": collection.date.isoformat(),
                            "start": day_label(anchor, start_day),
                        },
                    )
                    continue
                if phase_last is not None and day > phase_last:
                    _alert_apheresis_after(ctx, item, anchor, anchor_date, collection, phase_last)
                    # Typo or not, a record past the phase says the harvest is short at
                    # conditioning: the harvest alert below must stand.
                    seen = max(seen or day, day)
                    continue
                last_known = max(last_known or day, day)
                collected += collection.cd34_10e6
                mnc += collection.mnc_10e8
                if collected > target:
                    stop_after = day
                    # "more than", as the seed's "CD34+ cells > 2×10^6/kg": equal is not enough.
                    notes.append(
                        f"stopped {collection.date.isoformat()}: CD34+ collected "
                        f"{format_number(plain(collected))} × 10⁶, more than the target of "
                        f"{format_number(plain(target))} × 10⁶"
                    )
                    _alert_mnc_unmet(ctx, item, mnc)
                    break
            for count in counts:
                day = day_of(anchor, anchor_date, count.date)
                if stop_after is None and day >= start_day:
                    seen = max(seen or day, day)
                    # A count after the phase (day +2) says nothing about mobilization
                    # G-CSF: the doses known are those up to the last count inside it,
                    # never a run to the phase's end that nobody prescribed.
                    if phase_last is None or day <= phase_last:
                        last_known = max(last_known or day, day)
    if stop_after is not None:
        if phase_last is not None:
            stop_after = min(stop_after, phase_last)
        return Days(list(range(start_day, stop_after + 1)), resolution="; ".join(notes))
    end = max(last_known or start_day, start_day)
    if phase_last is not None and anchor_date is not None:
        # Near conditioning, or counts already past it, with the harvest short: say so.
        _alert_harvest_incomplete(
            ctx,
            item,
            anchor,
            anchor_date,
            max(end, seen or end),
            phase_last,
            ended=end >= phase_last,
        )
        if end >= phase_last:
            # The course cannot run into conditioning: it ends with its phase.
            notes.append(
                f"ended {date_of(anchor, anchor_date, phase_last)}: the day before conditioning"
            )
            return Days(list(range(start_day, phase_last + 1)), resolution="; ".join(notes))
    return Days(list(range(start_day, end + 1)), continues=True, resolution="; ".join(notes))


def _not_started(
    ctx: Context,
    item: Item,
    anchor: Anchor,
    anchor_date: dt.date,
    counts: list[DailyCount],
    phase_last: int,
) -> Days:
    """A mobilization course whose start count has not come: still waiting while mornings
    of its phase remain, never started once they are past. A pharmacist is told when the
    phase is over (no dose is scheduled: the harvest it mobilizes cannot be collected) or
    within a week of its end, the same "near" as a harvest short at conditioning."""
    inside = [
        count
        for count in counts
        if day_of(anchor, anchor_date, count.date) <= phase_last
        and count.wbc_10e9_per_l is not None
    ]
    last = inside[-1] if inside else None
    # The morning count of the last mobilization day not below the threshold, or any count
    # after the phase (conditioning has begun): no morning is left to start on.
    over = any(day_of(anchor, anchor_date, count.date) > phase_last for count in counts) or (
        last is not None and day_of(anchor, anchor_date, last.date) == phase_last
    )
    latest = day_of(anchor, anchor_date, last.date) if last is not None else item.days[0]
    if not over and latest + _NEAR_DAYS < phase_last:
        return Days([], waiting_to_start=True)
    condition = item.start_condition
    assert condition is not None and condition.threshold_10e9_per_l is not None
    threshold = format_number(condition.threshold_10e9_per_l)
    conditioning = _conditioning_date(anchor, anchor_date, phase_last)
    until = conditioning - dt.timedelta(days=1)
    if last is not None:
        assert last.wbc_10e9_per_l is not None
        last_words = (
            f"the last count inside mobilization, {last.date.isoformat()}, was "
            f"{format_number(last.wbc_10e9_per_l)} × 10⁹/L"
        )
    else:
        last_words = "no count inside mobilization was entered"
    if over:
        message = (
            f"{item.name}: not started — the WBC was not below {threshold} × 10⁹/L on any "
            f"morning before conditioning (starts {conditioning.isoformat()}); {last_words}. "
            "No mobilization dose is scheduled: confirm the harvest with the prescriber, or "
            "move day 0."
        )
    else:
        message = (
            f"{item.name}: not started yet — no WBC below {threshold} × 10⁹/L so far; "
            f"{last_words}. Conditioning starts {conditioning.isoformat()}: G-CSF can be "
            f"given only until {until.isoformat()}. Confirm the harvest with the prescriber, "
            "or move day 0."
        )
    ctx.alert(
        "soft",
        AlertCode.COUNT_START_NOT_MET,
        message,
        item.id,
        params={
            "drug": item.name,
            "threshold": threshold,
            "conditioning": conditioning.isoformat(),
            "last_count": last.date.isoformat() if last is not None else "",
            "last_wbc": format_number(last.wbc_10e9_per_l)
            if last is not None and last.wbc_10e9_per_l is not None
            else "",
            "until": "" if over else until.isoformat(),
        },
    )
    if over:
        return Days([], resolution=f"not started before conditioning ({conditioning})")
    return Days([], waiting_to_start=True)


def _conditioning_date(anchor: Anchor, anchor_date: dt.date, phase_last: int) -> dt.date:
    """The first day after the mobilization phase: conditioning's first day."""
    conditioning = date_of(anchor, anchor_date, phase_last + 1)
    assert conditioning is not None  # a dated anchor dates every day
    return conditioning


def _alert_apheresis_after(
    ctx: Context,
    item: Item,
    anchor: Anchor,
    anchor_date: dt.date,
    collection: ApheresisYield,
    phase_last: int,
) -> None:
    """A harvest dated in conditioning or later is, like one before G-CSF started, almost
    surely a date typo: counted, it "stopped" G-CSF there and closed a run of doses to the
    day before conditioning that nobody prescribed."""
    conditioning = _conditioning_date(anchor, anchor_date, phase_last)
    ctx.alert(
        "soft",
        AlertCode.APHERESIS_AFTER_MOBILIZATION,
        f"{item.name}: the apheresis of {collection.date.isoformat()} is dated on or after the "
        f"first conditioning day ({conditioning.isoformat()}); check the dates. It is not "
        "counted towards stopping G-CSF.",
        item.id,
        params={
            "drug": item.name,
            "date": collection.date.isoformat(),
            "conditioning": conditioning.isoformat(),
        },
    )


def _alert_mnc_unmet(ctx: Context, item: Item, mnc_10e8: Decimal) -> None:
    """G-CSF stops on the CD34+ target; the seed sets a mononuclear-cell target too
    ("CD34+ cells > 2×10^6/kg and mononuclear cells > 2×10^8/kg")."""
    harvest = ctx.protocol.harvest
    assert harvest is not None
    mnc_target = harvest.mnc_per_kg_10e8 * ctx.weight_kg
    if mnc_10e8 > mnc_target:
        return
    ctx.alert(
        "soft",
        AlertCode.HARVEST_MNC_UNMET,
        f"{item.name}: stopped on the CD34+ target, but the mononuclear cells collected "
        f"({format_number(mnc_10e8)} × 10⁸) are not more than the target of "
        f"{format_number(plain(mnc_target))} × 10⁸ ({format_number(harvest.mnc_per_kg_10e8)} "
        f"× 10⁸/kg × {format_number(ctx.weight_kg)} kg). Decide whether to collect again.",
        item.id,
        params={
            "drug": item.name,
            "mnc": format_number(mnc_10e8),
            "target": format_number(plain(mnc_target)),
            "per_kg": format_number(harvest.mnc_per_kg_10e8),
            "weight": format_number(ctx.weight_kg),
        },
    )


# Conditioning this close to the last known dose, with the harvest short, is "near".
_NEAR_DAYS = 7


def _phase_last_day(ctx: Context, anchor: Anchor, anchor_date: dt.date | None) -> int | None:
    """The last day of a mobilization course: the day before conditioning, if known."""
    last_date = ctx.mobilization_last_date
    if anchor is not Anchor.MOBILIZATION or anchor_date is None or last_date is None:
        return None
    return day_of(anchor, anchor_date, last_date)


def _alert_harvest_incomplete(
    ctx: Context,
    item: Item,
    anchor: Anchor,
    anchor_date: dt.date,
    end: int,
    phase_last: int,
    *,
    ended: bool,
) -> None:
    stop = item.stop_condition
    if (
        end + _NEAR_DAYS < phase_last
        or stop is None
        or stop.kind is not ConditionKind.HARVEST_COMPLETE
    ):
        return
    conditioning = _conditioning_date(anchor, anchor_date, phase_last)
    ctx.alert(
        "soft",
        AlertCode.HARVEST_INCOMPLETE_AT_CONDITIONING,
        f"{item.name}: the CD34+ cells collected do not yet exceed the harvest target and "
        f"conditioning starts "
        f"{conditioning.isoformat()}; "
        + (
            f"G-CSF ends on {(conditioning - dt.timedelta(days=1)).isoformat()}, the day before."
            if ended
            else "G-CSF can continue only until the day before."
        )
        + " Confirm the harvest or move day 0.",
        item.id,
        params={
            "drug": item.name,
            "conditioning": conditioning.isoformat(),
            "gcsf_end": (conditioning - dt.timedelta(days=1)).isoformat() if ended else "",
        },
    )
