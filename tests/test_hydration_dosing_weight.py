"""The hyperhydration item follows the chosen dosing-weight rule (issue 10): seed 000's
"the volume of infusion liquid is 50 ml/kg/day" on actual weight floods an obese patient,
so the site lets the pharmacist dose it on the same weight as the drugs it protects."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

BASE = [
    "plan",
    "--protocol",
    "auto-hsct-ln",
    "--weight",
    "100",
    "--height",
    "165",
    "--sex",
    "female",
    "--age",
    "40",
    "--day0",
    "2027-04-12",
    "--choose",
    "methylprednisolone=250",
    "--choose",
    "gcsf-mobilization=5",
    "--json",
]


def _hydration_ml(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[str, str]:
    code, out, err = run_cli(capsys, *BASE, *extra)
    assert code == 0, err
    plan = json.loads(out)
    first = next(a for a in plan["administrations"] if a["item"] == "hydration")
    return first["dose"]["value"], first["dosing_weight_kg"]


def test_hydration_follows_the_adjusted_dosing_weight(capsys: pytest.CaptureFixture[str]) -> None:
    """Female, 165 cm: IBW = 45.5 + 2.3 × (165 / 2.54 − 60) = 45.5 + 2.3 × 4.96 = 56.91 kg.
    Adjusted BW = 56.91 + 0.4 × (100 − 56.91) = 56.91 + 17.236 = 74.146 → 74.15 kg.
    Hydration 50 mL/kg: actual 100 kg → 5,000 mL; adjusted 74.15 kg → 3,707.5 → 3,710 mL
    (to the nearest 10 mL, half up)."""
    assert _hydration_ml(capsys) == ("5000", "100")
    assert _hydration_ml(capsys, "--dosing-weight", "adjusted") == ("3710", "74.15")
