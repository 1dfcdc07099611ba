"""The rules a protocol file must keep beyond each field's type: one dose per item, known
references, count conditions with their thresholds and only of the kinds the engine reads, day numbers inside the schema's bound,
and every quote found verbatim in its source document.

The schema (``dosing.protocol``) calls these from its validators; the quote rule needs the
source documents' text, which the caller reads (``app.protocols``): the engine reads no file.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dosing.errors import ProtocolError
from dosing.protocol_units import CONVERSION, Basis
from dosing.vocabulary import ConditionKind

if TYPE_CHECKING:
    from dosing.protocol import Condition, Item, Preparation, Protocol

# The schema's bound on day numbers (a fixed bound, not a site value): conditioning starts at
# most 60 days before day 0 and nothing is scheduled more than a year (366 days) after its
# anchor. The shipped protocols run from day −5 to treatment day 69; a day outside is a typo
# (400 for 4) that would otherwise schedule a dose a year late.
DAY_MIN = -60
DAY_MAX = 366

# The count conditions compare a blood count with a threshold; the harvest condition compares
# the apheresis yields with the protocol's [harvest] targets and takes no threshold.
_COUNT_KINDS = frozenset({ConditionKind.WBC_BELOW, ConditionKind.ANC_ABOVE_CONSECUTIVE})


def check_days(days: tuple[int, ...]) -> None:
    if any(later <= earlier for earlier, later in itertools.pairwise(days)):
        raise ValueError(f"days must be in increasing order without repeats, got {list(days)}")
    for day in days:
        if not DAY_MIN <= day <= DAY_MAX:
            raise ValueError(f"day {day} is outside −60 … 366, the schema's bound on day numbers")


def check_condition(condition: Condition) -> None:
    """A count condition without its number would start or stop on any count."""
    has_threshold = condition.threshold_10e9_per_l is not None
    if condition.kind in _COUNT_KINDS and not has_threshold:
        raise ValueError(f"'{condition.kind}' needs threshold_10e9_per_l (× 10⁹/L)")
    if condition.kind not in _COUNT_KINDS and has_threshold:
        raise ValueError(
            f"'{condition.kind}' takes no threshold_10e9_per_l (it reads the [harvest] targets)"
        )


# What the engine reads (dosing.engine.conditions): a course starts on a WBC below a threshold,
# possibly not before N hours after another item; it stops on ANC above a threshold on N
# consecutive days, or on the harvest exceeding the [harvest] targets. Anything else would be
# read by nothing and the course would start or stop on something other than the file says.
_START_KINDS = frozenset({ConditionKind.WBC_BELOW})
_STOP_KINDS = frozenset({ConditionKind.ANC_ABOVE_CONSECUTIVE, ConditionKind.HARVEST_COMPLETE})


def check_item_conditions(item: Item) -> None:
    """A start or stop condition the engine would not read is refused, never ignored."""
    for role, condition, kinds in (
        ("start_condition", item.start_condition, _START_KINDS),
        ("stop_condition", item.stop_condition, _STOP_KINDS),
    ):
        if condition is None:
            continue
        if condition.kind not in kinds:
            names = " or ".join(f"'{kind}'" for kind in sorted(kinds))
            raise ValueError(f"{role} '{condition.kind}' is not read: a {role} is {names}")
        if (
            "consecutive_days" in condition.model_fields_set
            and condition.kind is not ConditionKind.ANC_ABOVE_CONSECUTIVE
        ):
            raise ValueError(
                f"{role} '{condition.kind}' takes no consecutive_days "
                "(only 'anc-above-consecutive' counts days)"
            )
    stop = item.stop_condition
    if stop is not None and stop.not_before is not None:
        raise ValueError("stop_condition takes no not_before (only a start waits on another item)")


def check_draw_tolerance(preparation: Preparation) -> None:
    """A presentation with a volume gives a volume to draw, which delivers what the syringe
    graduation measures: the site says how far that may differ from the dose. Without any
    volume there is nothing to draw, and a tolerance would be a limit on nothing."""
    drawn = any(p.volume_ml is not None for p in preparation.presentations)
    if drawn and preparation.draw_tolerance is None:
        raise ValueError(
            "a presentation with volume_ml gives a volume to draw: add draw_tolerance = "
            '{ max_percent = "5", source = "site" } (how far what it delivers may differ '
            "from the dose before a soft alert)"
        )
    if not drawn and preparation.draw_tolerance is not None:
        raise ValueError("draw_tolerance needs a presentation with volume_ml (nothing is drawn)")


def check_one_dose(item: Item) -> None:
    needs_dose = item.basis not in (Basis.COLLECTED_CD34, Basis.LOCAL_PROTOCOL)
    given = [
        name
        for name, present in (
            ("dose", item.dose is not None),
            ("dose_range", item.dose_range is not None),
            ("prescriber_entered", item.prescriber_entered),
        )
        if present
    ]
    if needs_dose and len(given) != 1:
        raise ValueError(
            "give exactly one of dose, dose_range or prescriber_entered = true"
            + (f" (found {', '.join(given)})" if given else "")
        )
    if not needs_dose and given:
        raise ValueError(f"basis '{item.basis}' takes no dose (found {', '.join(given)})")
    if needs_dose and (item.basis.amount_unit, item.dose_unit.value) not in CONVERSION:
        raise ValueError(f"basis '{item.basis}' cannot be given in dose_unit '{item.dose_unit}'")
    if (
        item.prescriber_entered
        and not (item.basis.per_kg or item.basis.per_m2)
        and (item.basis.amount_unit != item.dose_unit.value)
    ):
        raise ValueError("a prescriber-entered fixed dose must be in its dose_unit")
    if item.dosing_weight not in item.preparation.allowed_dosing_weights:
        raise ValueError(
            f"dosing_weight '{item.dosing_weight}' is not in preparation.allowed_dosing_weights"
        )


def check_references(protocol: Protocol) -> None:
    """Ids unique; every phase, arm, linked item and seed an item names exists."""
    phase_ids = [phase.id for phase in protocol.phases]
    arm_ids = [arm.id for arm in protocol.arms]
    item_ids = [item.id for item in protocol.items]
    for kind, ids in (("phase", phase_ids), ("arm", arm_ids), ("item", item_ids)):
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"{kind} id repeated: {', '.join(repeated)}")
    stopped_on_harvest = [
        item.id
        for item in protocol.items
        if item.stop_condition is not None
        and item.stop_condition.kind is ConditionKind.HARVEST_COMPLETE
    ]
    if stopped_on_harvest and protocol.harvest is None:
        raise ValueError(
            f"item '{stopped_on_harvest[0]}' stops when the harvest is complete, but the file "
            "has no [harvest] targets"
        )
    phase_of = {item.id: item.phase for item in protocol.items}
    for item in protocol.items:
        if item.phase not in phase_ids:
            raise ValueError(f"item '{item.id}' names phase '{item.phase}', not one of {phase_ids}")
        if item.arm is not None and item.arm not in arm_ids:
            raise ValueError(f"item '{item.id}' names arm '{item.arm}', not one of {arm_ids}")
        for other in item.with_items:
            if other not in item_ids:
                raise ValueError(f"item '{item.id}' is given with unknown item '{other}'")
        after = item.start_condition.not_before if item.start_condition else None
        if after is not None and phase_of.get(after.item) != item.phase:
            raise ValueError(
                f"item '{item.id}' starts after '{after.item}', which is not an item "
                f"of its phase '{item.phase}'"
            )
        if item.reading is not None and item.reading.seed not in protocol.seeds:
            raise ValueError(
                f"item '{item.id}' reading cites seed '{item.reading.seed}', not in seeds"
            )
        if item.source.seed not in protocol.seeds:
            raise ValueError(
                f"item '{item.id}' cites seed '{item.source.seed}', not in seeds {list(protocol.seeds)}"
            )
    drugs = {item.drug for item in protocol.items}
    for threshold in protocol.cumulative_thresholds:
        if threshold.drug not in drugs:
            raise ValueError(
                f"cumulative threshold for '{threshold.drug}', which no item gives "
                f"(drugs: {', '.join(sorted(drugs))})"
            )


def sourced_quotes(protocol: Protocol) -> Iterator[tuple[str, str, str]]:
    """(where, seed, quote) for every table of the file that quotes a source — an item's
    ``source``, a seed-sourced ``preparation``, ``[harvest]``, ``[follow_up]`` … — found by
    walking the model, so a table added later is checked without being listed here."""
    yield from _walk(protocol, "")


def _walk(node: object, where: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, BaseModel):
        seed, quote = getattr(node, "seed", None), getattr(node, "quote", None)
        if isinstance(seed, str) and isinstance(quote, str):
            yield where, seed, quote
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), f"{where}.{name}" if where else name)
    elif isinstance(node, tuple):
        for index, child in enumerate(node):
            label = f"{where}[{index + 1}]"
            child_id = getattr(child, "id", None)
            yield from _walk(child, label + (f" ({child_id})" if child_id else ""))


def check_quotes(protocol: Protocol, source: str, source_text: Callable[[str], str | None]) -> None:
    """Refuse the file (``ProtocolError`` naming ``source``, the table and the seed) when a
    quote is not word for word in its source document; ``source_text(seed)`` gives the
    document's text, or ``None`` when there is no such document."""
    texts: Mapping[str, str | None] = {seed: source_text(seed) for seed in protocol.seeds}
    for where, seed, quote in sourced_quotes(protocol):
        text = texts[seed] if seed in texts else source_text(seed)
        if text is None:
            raise ProtocolError(source, f"{where}.quote", f"source document {seed} not found")
        if quote not in text:
            raise ProtocolError(
                source, f"{where}.quote", f'not found verbatim in {seed}: "{quote[:80]}"'
            )
