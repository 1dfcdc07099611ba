"""The total IV volume of each day of the plan, and what it is per kg.

Seed 000 says "hyperhydration (the volume of infusion liquid is 50 ml/kg/day)". The plan reads
it as the hyperhydration fluid alone (50 mL/kg), but the sentence may mean the whole day's
intake: the sodium bicarbonate and every drug's diluent come on top. So each day's sum is shown
with its mL/kg, for the pharmacist to compare with the 50 mL/kg of the source.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from dosing.decimals import RATE_PLACES, plain
from dosing.models import Administration, Anthropometrics, DailyIvVolume, ItemResult


def _intravenous(route: str) -> bool:
    return route.upper().startswith("IV")


def daily_iv_volumes(
    administrations: tuple[Administration, ...],
    items: tuple[ItemResult, ...],
    anthropometrics: Anthropometrics,
) -> tuple[DailyIvVolume, ...]:
    """Per date: the IV volumes given that day, summed, and per kg of the weight the
    hyperhydration is dosed on (its dosing weight; the actual weight without hydration).

    Dropped administrations and those without a dose carry no volume and add nothing; a
    day with no IV volume gets no row. 60 kg, conditioning day −4: hydration 3,000 +
    sodium bicarbonate 250 + cyclophosphamide 500 + methylprednisolone 100 + ATG 500 =
    4,350 mL; 4,350 / 60 = 72.5 mL/kg.
    """
    weight = next(
        (
            item.dosing_weight_kg
            for item in items
            if item.drug == "hydration" and item.dosing_weight_kg is not None
        ),
        anthropometrics.weight_kg,
    )
    days: dict[dt.date, list[Administration]] = {}
    for admin in administrations:
        if (
            admin.date is None
            or admin.status == "dropped"
            or admin.volume_ml is None
            or not _intravenous(admin.route)
        ):
            continue
        days.setdefault(admin.date, []).append(admin)
    result = []
    for date, given in sorted(days.items()):
        total = sum((a.volume_ml for a in given if a.volume_ml is not None), Decimal(0))
        per_kg = (total / weight).quantize(RATE_PLACES, ROUND_HALF_UP)
        first = given[0]
        result.append(
            DailyIvVolume(
                date=date,
                day_label=first.day_label,
                phase=first.phase,
                phase_name=first.phase_name,
                volume_ml=plain(total),
                ml_per_kg=plain(per_kg),
                weight_kg=plain(weight),
                items=tuple(dict.fromkeys(a.item for a in given)),
            )
        )
    return tuple(result)
