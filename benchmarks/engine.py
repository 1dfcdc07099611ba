"""Engine and CLI budgets of DESIGN §9, printed as figures (run: `.venv/bin/python benchmarks/engine.py`).

- one full auto-hsct-ln plan, median in-process (budget < 1 ms);
- 10,000 random valid plans across all protocols in one batch (budget < 5 s);
- `txdose plan … --json` cold, as a ratio to a script that imports pydantic and validates one
  model, run interleaved so both see the same machine load (budget ≤ 1.5×).
"""

from __future__ import annotations

import compileall
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.protocols import load_protocols  # noqa: E402
from dosing.engine import compute_plan  # noqa: E402
from dosing.models import Patient, PlanInput, PlanOptions, Reduction, Sex  # noqa: E402

FULL_PLAN = PlanInput(
    protocol_id="auto-hsct-ln",
    patient=Patient(age_years=35, sex=Sex.FEMALE, weight_kg=Decimal(67), height_cm=Decimal(168)),
    options=PlanOptions(
        day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 2, 1)
    ),
    choices={"methylprednisolone": Decimal(250), "gcsf-mobilization": Decimal(5)},
    reductions={"atg": Reduction(percent=Decimal(75), reason="CrCl 45 mL/min")},
)

PYDANTIC_SCRIPT = """
from pydantic import BaseModel
class Patient(BaseModel):
    weight_kg: float
    height_cm: float
Patient(weight_kg=67, height_cm=168)
"""


def one_plan_median_ms(runs: int = 2000) -> float:
    protocol = load_protocols()["auto-hsct-ln"]
    compute_plan(protocol, FULL_PLAN)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        compute_plan(protocol, FULL_PLAN)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def random_plans(count: int, seed: int = 20261122) -> list[PlanInput]:
    rng = random.Random(seed)
    protocols = load_protocols()
    plans = []
    for _ in range(count):
        protocol = rng.choice(list(protocols.values()))
        arm = rng.choice(protocol.arms).id if protocol.arms else None
        choices = {}
        for item in protocol.items:
            if item.arm not in (None, arm):
                continue
            if item.dose_range is not None and rng.random() < 0.8:
                low, high = int(item.dose_range.min), int(item.dose_range.max)
                choices[item.id] = Decimal(rng.randint(low, high))
            elif item.prescriber_entered:
                choices[item.id] = Decimal(rng.randrange(500, 2000, 10))
        reductions = {
            item.id: Reduction(percent=Decimal(rng.randint(50, 100)), reason="benchmark")
            for item in protocol.items
            if item.reducible and rng.random() < 0.3
        }
        plans.append(
            PlanInput(
                protocol_id=protocol.id,
                patient=Patient(
                    age_years=rng.randint(16, 69),
                    sex=rng.choice(list(Sex)),
                    weight_kg=Decimal(rng.randint(400, 1500)) / 10,
                    height_cm=Decimal(rng.randint(1450, 1950)) / 10,
                ),
                options=PlanOptions(
                    day0_date=dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 365)),
                    mobilization_start_date=dt.date(2026, 11, 1),
                    treatment_start_date=dt.date(2027, 1, 4),
                    arm=arm,
                ),
                choices=choices,
                reductions=reductions,
            )
        )
    return plans


def batch_seconds(plans: list[PlanInput]) -> float:
    protocols = load_protocols()
    start = time.perf_counter()
    for plan_input in plans:
        compute_plan(protocols[plan_input.protocol_id], plan_input)
    return time.perf_counter() - start


def cold_start_ratio(rounds: int = 15) -> tuple[float, float, float]:
    # A launch after the first reads the project's bytecode from __pycache__; compile it here
    # so the figure does not depend on PYTHONDONTWRITEBYTECODE or on files just edited.
    for package in ("app", "dosing"):
        compileall.compile_dir(ROOT / package, quiet=1)
    txdose = Path(sys.executable).with_name("txdose")
    cli = [
        str(txdose), "plan", "--protocol", "auto-hsct-ln", "--weight", "67", "--height", "168",
        "--sex", "female", "--age", "35", "--day0", "2027-04-12",
        "--choose", "methylprednisolone=250", "--json",
    ]  # fmt: skip
    reference = [sys.executable, "-c", PYDANTIC_SCRIPT]
    cli_times, reference_times = [], []
    for _ in range(rounds):
        for command, times in ((reference, reference_times), (cli, cli_times)):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    cli_median = statistics.median(cli_times)
    reference_median = statistics.median(reference_times)
    return cli_median, reference_median, cli_median / reference_median


def main() -> None:
    print(
        f"one full auto-hsct-ln plan, median in-process: {one_plan_median_ms():.3f} ms (budget < 1 ms)"
    )
    plans = random_plans(10_000)
    print(f"10,000 random valid plans, one batch: {batch_seconds(plans):.2f} s (budget < 5 s)")
    cli, reference, ratio = cold_start_ratio()
    print(
        f"CLI cold `txdose plan … --json`: {cli * 1000:.0f} ms; pydantic one-model script: "
        f"{reference * 1000:.0f} ms; ratio {ratio:.2f}× (budget ≤ 1.5×)"
    )


if __name__ == "__main__":
    main()
