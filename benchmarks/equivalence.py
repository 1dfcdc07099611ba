"""Proof that a restructuring changes no output (run: `.venv/bin/python benchmarks/equivalence.py`).

Builds a few thousand varied plans from a fixed seed — every protocol and arm, every BSA
formula and dosing-weight rule, BSA decimals and caps, reductions (over 100% and rounding to
zero included), dropped days, WBC/ANC counts, apheresis yields, acknowledgements, creatinine,
reference weight, missing dates — computes each through the public API, and prints the sha256
of the canonical JSON of every outcome (the plan, or the refusal's type and message). Run it
before and after a change: the two digests must be identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.protocols import load_protocols  # noqa: E402
from app.services import compute, to_jsonable  # noqa: E402
from dosing.errors import DosingError  # noqa: E402
from dosing.models import (  # noqa: E402
    Acknowledgement,
    ApheresisYield,
    BsaFormula,
    CreatinineUnit,
    DailyCount,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    SerumCreatinine,
    Sex,
)
from dosing.protocol import DosingWeightRule  # noqa: E402

ACK_CODES = (
    "choice-required", "bmi-high", "bmi-low", "weight-changed", "renal", "rounding",
    "reduction", "cumulative-cyclophosphamide", "range",
)  # fmt: skip


def _maybe(rng: random.Random, chance: float) -> bool:
    return rng.random() < chance


def _date(rng: random.Random, base: dt.date, spread: int) -> dt.date:
    return base + dt.timedelta(days=rng.randint(-spread, spread))


def varied_plan(rng: random.Random, protocols: dict[str, Any]) -> PlanInput:
    protocol = rng.choice(sorted(protocols.values(), key=lambda p: p.id))
    arm = rng.choice(protocol.arms).id if protocol.arms and _maybe(rng, 0.9) else None
    day0 = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 365))
    items = [item for item in protocol.items if item.arm in (None, arm)]
    choices: dict[str, Decimal] = {}
    for item in items:
        if item.dose_range is not None and _maybe(rng, 0.85):
            low, high = item.dose_range.min, item.dose_range.max
            # Mostly inside the range, sometimes just outside it (refused).
            value = low + (high - low) * Decimal(rng.randint(0, 100)) / 100
            if _maybe(rng, 0.05):
                value = high + 1
            choices[item.id] = value.quantize(Decimal("0.1"))
        elif item.prescriber_entered and _maybe(rng, 0.85):
            choices[item.id] = Decimal(rng.randrange(10, 5000, 5)) / rng.choice((1, 10))
    reductions = {}
    for item in items:
        if item.reducible and _maybe(rng, 0.25):
            percent = rng.choice(
                (Decimal(rng.randint(1, 100)), Decimal("0.01"), Decimal("0.5"), Decimal(120))
            )
            reductions[item.id] = Reduction(percent=percent, reason="renal function")
    dropped = tuple(
        DroppedDay(item=item.id, day=day, reason=rng.choice(("", "patient unwell")))
        for item in items
        for day in (item.days or ())
        if _maybe(rng, 0.04)
    )
    mobilization = day0 - dt.timedelta(days=rng.randint(30, 90)) if _maybe(rng, 0.8) else None
    counts_base = mobilization or day0
    counts = tuple(
        sorted(
            {
                c.date: c
                for c in (
                    DailyCount(
                        date=_date(rng, counts_base + dt.timedelta(days=rng.randint(0, 20)), 10),
                        wbc_10e9_per_l=Decimal(rng.randint(0, 80)) / 10
                        if _maybe(rng, 0.9)
                        else None,
                        anc_10e9_per_l=Decimal(rng.randint(0, 60)) / 10
                        if _maybe(rng, 0.8)
                        else None,
                    )
                    for _ in range(rng.randint(0, 6))
                )
            }.values(),
            key=lambda c: c.date,
        )
    )
    post_counts = tuple(
        DailyCount(
            date=day0 + dt.timedelta(days=offset),
            anc_10e9_per_l=Decimal(rng.randint(0, 30)) / 10,
            wbc_10e9_per_l=Decimal(rng.randint(0, 50)) / 10,
        )
        for offset in sorted(rng.sample(range(1, 25), rng.randint(0, 6)))
    )
    apheresis = tuple(
        ApheresisYield(
            date=counts_base + dt.timedelta(days=rng.randint(5, 20)),
            cd34_10e6=Decimal(rng.randint(0, 600)) / 2,
            mnc_10e8=Decimal(rng.randint(0, 900)) / 3,
        )
        for _ in range(rng.randint(0, 3))
        if _maybe(rng, 0.6)
    )
    acknowledgements = tuple(
        Acknowledgement(
            code=rng.choice(ACK_CODES),
            item=rng.choice([None, *[item.id for item in items]]),
            reason="discussed with consultant",
            by=rng.choice(("", "alice")),
        )
        for _ in range(rng.randint(0, 3))
    )
    creatinine = None
    if _maybe(rng, 0.5):
        unit = rng.choice(list(CreatinineUnit))
        value = (
            Decimal(rng.randint(4, 40)) / 10
            if unit is CreatinineUnit.MG_DL
            else Decimal(rng.randint(30, 400))
        )
        creatinine = SerumCreatinine(value=value, unit=unit)
    weight = Decimal(rng.randint(300, 1800)) / 10
    patient = Patient(
        age_years=rng.randint(16, 75),
        sex=rng.choice(list(Sex)),
        weight_kg=weight,
        height_cm=Decimal(rng.randint(1400, 2000)) / 10,
        serum_creatinine=creatinine,
        prior_cyclophosphamide_mg=Decimal(rng.choice((0, 0, 1000, 8000, 30000))),
        weigh_date=day0 - dt.timedelta(days=rng.randint(0, 60)) if _maybe(rng, 0.3) else None,
    )
    options = PlanOptions(
        bsa_formula=rng.choice(list(BsaFormula)),
        bsa_decimals=rng.randint(0, 4),
        bsa_cap_m2=Decimal(rng.choice((180, 200, 220))) / 100 if _maybe(rng, 0.25) else None,
        dosing_weight_rule=rng.choice([None, *DosingWeightRule]) if _maybe(rng, 0.4) else None,
        day0_date=day0 if _maybe(rng, 0.92) else None,
        mobilization_start_date=mobilization,
        treatment_start_date=day0 if _maybe(rng, 0.7) else None,
        arm=arm,
        reference_weight_kg=weight * Decimal(rng.choice(("0.8", "0.95", "1", "1.15")))
        if _maybe(rng, 0.3)
        else None,
    )
    return PlanInput(
        protocol_id=protocol.id,
        patient=patient,
        options=options,
        choices=choices,
        reductions=reductions,
        dropped_days=dropped,
        counts=counts + post_counts,
        apheresis=apheresis,
        acknowledgements=acknowledgements,
    )


def outcome(plan_input: PlanInput) -> Any:
    try:
        plan = compute(plan_input)
    except DosingError as error:
        return {"refused": type(error).__name__, "message": str(error)}
    return to_jsonable(plan.model_dump(), canonical=True)


def main(count: int = 3000, seed: int = 20261201) -> None:
    rng = random.Random(seed)
    protocols = load_protocols()
    digest = hashlib.sha256()
    refused = 0
    for _ in range(count):
        result = outcome(varied_plan(rng, protocols))
        refused += "refused" in result
        digest.update(json.dumps(result, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    print(
        f"{count} plans ({count - refused} computed, {refused} refused): sha256 {digest.hexdigest()}"
    )


if __name__ == "__main__":
    main()
