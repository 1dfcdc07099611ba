"""Engine rules the shipped protocols do not reach, on the tiny fixture protocol.

Patient: female, 35 y, 60 kg, 165 cm; Mosteller √(165 × 60 / 3600) = 1.6583 → 1.66 m².
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from app.protocols import load_protocol_file
from dosing.engine import compute_plan
from dosing.errors import InputError
from dosing.models import (
    Administration,
    ComputedPlan,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    Sex,
)

TINY = load_protocol_file(Path(__file__).parent / "fixtures" / "protocols" / "tiny.toml")


def tiny(weight: str = "60", **extra: Any) -> ComputedPlan:
    plan_input = PlanInput(
        protocol_id="tiny",
        patient=Patient(age_years=35, sex=Sex.FEMALE, weight_kg=D(weight), height_cm=D(165)),
        options=PlanOptions(day0_date=dt.date(2027, 3, 1)),
        **extra,
    )
    return compute_plan(TINY, plan_input)


def admins(plan: ComputedPlan, item: str) -> list[Administration]:
    return [a for a in plan.administrations if a.item == item]


def test_mg_per_m2_given_in_grams() -> None:
    """750 mg/m² × 1.66 m² = 1,245 mg = 1.245 g → 1.2 g (0.1 g increment, −3.61%)."""
    plan = tiny(choices={"entered": D(10)})
    first, second = admins(plan, "drug-m2")
    assert first.dose is not None
    assert first.dose.value == D("1.2")
    assert first.dose.display == "1.2 g"
    assert first.dose.unrounded == D("1.245")
    assert first.dose.rounding_deviation_percent == D("-3.61")  # −0.045 / 1.245
    assert (first.day, first.date, second.date) == (-3, dt.date(2027, 2, 26), dt.date(2027, 2, 28))
    assert "1,245 mg = 1.245 g" in first.trace
    (total,) = [d for d in plan.drug_totals if d.drug == "drug-m2"]
    assert total.plan_mg == 2400  # 2 × 1.2 g in mg


def test_reduction_below_floor_is_soft() -> None:
    """40% is below the 50% floor: soft alert; 1.245 g × 40% = 0.498 → 0.5 g."""
    plan = tiny(
        choices={"entered": D(10)},
        reductions={"drug-m2": Reduction(percent=D(40), reason="mucositis")},
    )
    dose = admins(plan, "drug-m2")[0].dose
    assert dose is not None
    assert dose.value == D("0.5")
    # 40% applies to the unrounded 1.245 g (0.498 g → 0.5 g), shown beside the rounded 1.2 g.
    assert dose.display == "0.5 g (40% of protocol dose 1.245 g, rounded 1.2 g — reason: mucositis)"
    (alert,) = [a for a in plan.alerts if a.code == "reduction-below-floor"]
    assert alert.severity == "soft"


def test_reduction_at_floor_no_alert() -> None:
    """50% is at the floor: no floor alert; 1.245 × 0.5 = 0.6225 → 0.6 g."""
    plan = tiny(
        choices={"entered": D(10)},
        reductions={"drug-m2": Reduction(percent=D(50), reason="mucositis")},
    )
    dose = admins(plan, "drug-m2")[0].dose
    assert dose is not None and dose.value == D("0.6")
    assert "reduction-below-floor" not in {a.code for a in plan.alerts}


def test_range_default_used_when_not_chosen() -> None:
    """No choice: the protocol default 3 mcg/kg × 60 kg = 180 mcg, with an info alert."""
    plan = tiny(choices={"entered": D(10)})
    (admin,) = admins(plan, "ranged")
    assert admin.dose is not None and admin.dose.value == 180
    (alert,) = [a for a in plan.alerts if a.code == "default-used"]
    assert alert.severity == "info"


def test_range_chosen_value() -> None:
    """2.5 mcg/kg × 61 kg = 152.5 → 155 mcg (5 mcg increment, half up)."""
    plan = tiny("61", choices={"entered": D(10), "ranged": D("2.5")})
    (admin,) = admins(plan, "ranged")
    assert admin.dose is not None and admin.dose.value == 155


def test_prescriber_entered_per_kg() -> None:
    """10 mg/kg entered × 60 kg = 600 mg; without a value, dose None and choice-required."""
    plan = tiny(choices={"entered": D(10)})
    (admin,) = admins(plan, "entered")
    assert admin.dose is not None and admin.dose.display == "600 mg"
    missing = tiny()
    (admin,) = admins(missing, "entered")
    assert admin.dose is None
    assert any(a.code == "choice-required" and a.item == "entered" for a in missing.alerts)


def test_prescriber_entered_negative_refused() -> None:
    """A negative prescriber-entered dose is refused by name."""
    with pytest.raises(InputError) as info:
        tiny(choices={"entered": D(-1)})
    assert info.value.field == "choose entered"


def test_fixed_international_units_total() -> None:
    """3,000,000 international units × 3 days = 9,000,000 international units."""
    plan = tiny(choices={"entered": D(10)})
    assert [a.day for a in admins(plan, "units")] == [1, 2, 3]
    (total,) = [t for t in plan.totals if t.item == "units"]
    assert total.value == 9_000_000
    assert total.ucum == "[iU]"
    assert total.display == "9,000,000 international units"
