"""The total IV volume of each day (issue 10): seed 000's "the volume of infusion liquid is
50 ml/kg/day" may be the whole day's intake, so every IV volume of the day is summed
(hyperhydration, sodium bicarbonate, each drug's diluent) and shown with its mL/kg on the
hyperhydration's dosing weight. Arithmetic by hand in each test."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from typing import Any

import pytest
from conftest import flat, pdf_pages, run_cli

from app.protocols import get_protocol
from app.services import PlanMeta, plan_content_hash
from app.sheets import render_pdf
from dosing.engine import compute_plan
from dosing.models import (
    ComputedPlan,
    DailyIvVolume,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Sex,
)

DAY0 = dt.date(2027, 4, 12)
MOBILIZATION = dt.date(2027, 2, 1)
CLI = (
    "plan", "--protocol", "auto-hsct-ln", "--weight", "60", "--height", "170", "--sex",
    "female", "--age", "36", "--day0", "2027-04-12", "--mobilization-start", "2027-02-01",
    "--choose", "methylprednisolone=120", "--choose", "gcsf-mobilization=5",
)  # fmt: skip


def _plan(weight: str, **changes: Any) -> ComputedPlan:
    values: dict[str, Any] = dict(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(weight), height_cm=D(170)),
        options=PlanOptions(day0_date=DAY0, mobilization_start_date=MOBILIZATION),
        choices={"methylprednisolone": D(120), "gcsf-mobilization": D(5)},
    )
    values.update(changes)
    return compute_plan(get_protocol("auto-hsct-ln"), PlanInput(**values))


def _by_label(plan: ComputedPlan) -> dict[str, DailyIvVolume]:
    return {v.day_label: v for v in plan.daily_iv_volumes}


def test_each_conditioning_day_sums_every_iv_volume() -> None:
    """60 kg. Day −4 (with ATG): hydration 50 mL/kg × 60 = 3,000 + sodium bicarbonate 250 +
    cyclophosphamide 500 + methylprednisolone 100 + ATG 500 = 4,350 mL; 4,350 / 60 =
    72.5 mL/kg. Day −5 (no ATG yet): 3,000 + 250 + 500 = 3,750 mL = 62.5 mL/kg.
    Mobilization day 1: cyclophosphamide's 500 mL alone, 500 / 60 = 8.333 → 8.3 mL/kg."""
    days = _by_label(_plan("60"))
    assert (days["day −4"].volume_ml, days["day −4"].ml_per_kg) == (D(4350), D("72.5"))
    assert days["day −4"].items == (
        "hydration",
        "sodium-bicarbonate",
        "cy-conditioning",
        "methylprednisolone",
        "atg",
    )
    assert days["day −4"].date == dt.date(2027, 4, 8)
    assert days["day −4"].weight_kg == 60
    assert (days["day −5"].volume_ml, days["day −5"].ml_per_kg) == (D(3750), D("62.5"))
    assert (days["day −2"].volume_ml, days["day −2"].ml_per_kg) == (D(4350), D("72.5"))
    assert (days["mobilization day 1"].volume_ml, days["mobilization day 1"].ml_per_kg) == (
        D(500),
        D("8.3"),
    )
    # Subcutaneous G-CSF and the reinfusion without yields carry no IV volume: no row.
    assert "day 0" not in days and "day +1" not in days


def test_a_dropped_day_adds_no_volume() -> None:
    """ATG dropped on day −3 drops its methylprednisolone too (given "at the same time with
    ATG"): day −3 is 3,000 + 250 + 500 = 3,750 mL = 62.5 mL/kg, not 4,350."""
    dropped = (DroppedDay(item="atg", day=-3, reason="infusion reaction on day −4"),)
    days = _by_label(_plan("60", dropped_days=dropped))
    assert (days["day −3"].volume_ml, days["day −3"].ml_per_kg) == (D(3750), D("62.5"))
    assert "atg" not in days["day −3"].items
    assert days["day −4"].volume_ml == 4350


def test_ml_per_kg_rounds_half_up() -> None:
    """80 kg, mobilization day 1: 500 / 80 = 6.25 mL/kg → 6.3 (half up; half-even would
    print 6.2). Day −4: 4,000 + 250 + 500 + 100 + 500 = 5,350 / 80 = 66.875 → 66.9."""
    days = _by_label(_plan("80"))
    assert days["mobilization day 1"].ml_per_kg == D("6.3")
    assert (days["day −4"].volume_ml, days["day −4"].ml_per_kg) == (D(5350), D("66.9"))


def test_json_lists_each_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, *CLI, "--json")
    assert code == 0
    rows = json.loads(out)["daily_iv_volumes"]
    day = next(row for row in rows if row["day_label"] == "day −4")
    assert day == {
        "date": "2027-04-08",
        "day_label": "day −4",
        "phase": "conditioning",
        "volume_ml": "4350",
        "ml_per_kg": "72.5",
        "weight_kg": "60",
        "items": [
            "hydration",
            "sodium-bicarbonate",
            "cy-conditioning",
            "methylprednisolone",
            "atg",
        ],
    }
    assert [row["day_label"] for row in rows] == [
        "mobilization day 1",
        "mobilization day 2",
        "day −5",
        "day −4",
        "day −3",
        "day −2",
    ]


def test_text_closes_each_day_with_its_volume(capsys: pytest.CaptureFixture[str]) -> None:
    """The line comes after the day's last row, before the next day's heading."""
    code, out, _ = run_cli(capsys, *CLI)
    assert code == 0
    block = out.split("Conditioning — day −4")[1].split("Conditioning — day −3")[0]
    assert block.rstrip().endswith("IV volume this day: 4,350 mL (72.5 mL/kg on 60 kg)")
    block = out.split("Conditioning — day −5")[1].split("Conditioning — day −4")[0]
    assert "IV volume this day: 3,750 mL (62.5 mL/kg on 60 kg)" in block
    assert out.count("IV volume this day:") == 6


def test_worksheet_prints_the_daily_volumes() -> None:
    plan = _plan("60")
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC),
    )
    text = flat("\n".join(pdf_pages(render_pdf(plan, ["worksheet"], meta))))
    assert "IV volume per day" in text
    assert "day −4 (8 April 2027) 4,350 mL 72.5 mL/kg on 60 kg" in text
    assert "day −5 (7 April 2027) 3,750 mL 62.5 mL/kg on 60 kg" in text
