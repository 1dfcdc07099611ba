"""The text table reads as a pharmacist rechecks it (issue 10): each per-kg dose beside the
weight it was multiplied by, each per-m² dose beside the BSA (and its cap when one applies),
an open-ended course's total naming what ends it; the worksheet shows the harvest per target.
Arithmetic by hand in each test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from conftest import flat, pdf_pages, run_cli

from app.protocols import get_protocol
from app.services import PlanMeta, plan_content_hash
from app.sheets import render_pdf
from dosing.engine import compute_plan
from dosing.models import ApheresisYield, Patient, PlanInput, PlanOptions, Sex

BASE = (
    "plan", "--protocol", "auto-hsct-ln", "--sex", "female", "--age", "36",
    "--day0", "2027-04-12", "--mobilization-start", "2027-02-01",
    "--choose", "methylprednisolone=120", "--choose", "gcsf-mobilization=5",
)  # fmt: skip
PATIENT_67 = ("--weight", "67", "--height", "171")
# WBC 0.8 on mobilization day 7 starts G-CSF; the day +3 ANC 0.1 is before any recovery.
COUNTS = ("--count", "2027-02-07:wbc=0.8,anc=0.4", "--count", "2027-04-14:wbc=0.2,anc=0.1")


def _text(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run_cli(capsys, *BASE, *args)
    assert code == 0, err
    return out


def test_per_kg_doses_name_their_dosing_weight(capsys: pytest.CaptureFixture[str]) -> None:
    """67 kg, actual weight: cyclophosphamide 40 mg/kg × 67 = 2,680 mg; hydration
    50 mL/kg × 67 = 3,350 mL; filgrastim 5 mcg/kg × 67 = 335 mcg."""
    out = _text(capsys, *PATIENT_67, *COUNTS)
    assert "  Cyclophosphamide IV: 2,680 mg (67 kg actual weight), in 500 mL" in out
    assert "  Hyperhydration (intravenous fluid) IV: 3,350 mL (67 kg actual weight)," in out
    assert "  Filgrastim (G-CSF) subcutaneous: 335 mcg (67 kg actual weight)" in out
    # A flat dose multiplies nothing: no weight beside it.
    assert "  Methylprednisolone IV: 120 mg, in 100 mL" in out


def test_adjusted_weight_is_named_beside_the_dose(capsys: pytest.CaptureFixture[str]) -> None:
    """100 kg, 160 cm, female: 160 / 2.54 = 62.99 in, IBW 45.5 + 2.3 × 2.99 = 52.38 kg;
    adjusted 52.38 + 0.4 × (100 − 52.38) = 71.43 kg; cyclophosphamide 40 × 71.43 =
    2,857.2 → 2,860 mg (10 mg steps). Hydration follows the same rule: 50 × 71.43 =
    3,571.5 → 3,570 mL (10 mL steps)."""
    out = _text(capsys, "--weight", "100", "--height", "160", "--dosing-weight", "adjusted")
    assert "  Cyclophosphamide IV: 2,860 mg (71.43 kg adjusted body weight), in 500 mL" in out
    assert "IV: 3,570 mL (71.43 kg adjusted body weight)," in out


def test_each_infusion_shows_its_volume_beside_its_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ATG in 500 mL over 6 hours: 500 / 6 = 83.3 mL/h; methylprednisolone 100 mL over 1 hour.
    A dose in mL is its own volume: hydration 3,350 mL over 24 hours = 139.6 mL/h, once."""
    out = _text(capsys, *PATIENT_67)
    assert (
        "  Rabbit anti-thymocyte globulin (ATG) IV: 170 mg (67 kg actual weight), "
        "in 500 mL sodium chloride 0.9%, 83.3 mL/h"
    ) in out
    assert "  Methylprednisolone IV: 120 mg, in 100 mL sodium chloride 0.9%, 100 mL/h" in out
    assert "IV: 3,350 mL (67 kg actual weight), 139.6 mL/h\n" in out


def test_per_m2_doses_show_the_bsa_and_its_cap(capsys: pytest.CaptureFixture[str]) -> None:
    """67 kg, 171 cm: Mosteller √(171 × 67 / 3600) = √3.1825 = 1.7840 → 1.78 m²;
    2.0 g/m² × 1.78 = 3,560 mg. Capped at 1.7 m²: 2.0 × 1.7 = 3,400 mg."""
    out = _text(capsys, *PATIENT_67)
    assert "  Cyclophosphamide IV: 3,560 mg (BSA 1.78 m²), in 500 mL" in out
    assert "capped" not in out
    out = _text(capsys, *PATIENT_67, "--bsa-cap", "1.7")
    assert (
        "  Cyclophosphamide IV: 3,400 mg (BSA 1.7 m², capped at 1.7 m²; calculated 1.78 m²),"
        " in 500 mL"
    ) in out
    assert "BSA 1.7 m² (mosteller, capped at 1.7 m²; calculated 1.78 m²);" in out


def test_open_ended_totals_name_what_ends_them(capsys: pytest.CaptureFixture[str]) -> None:
    """Mobilization G-CSF: one dose known (day 7, 335 mcg) until the harvest decides;
    engraftment G-CSF 0.5 mcg/kg × 67 = 33.5 → 34 mcg on days +1 and +2 = 68 mcg until
    the ANC recovers."""
    out = _text(capsys, *PATIENT_67, *COUNTS)
    # The target: more than 2 × 10⁶ CD34+/kg × 67 kg = 134 × 10⁶ cells (seed 000's ">").
    assert (
        "  Filgrastim (G-CSF) (gcsf-mobilization): 335 mcg so far; ends when the CD34+ cells "
        "collected exceed the target (more than 2 × 10⁶/kg: 134 × 10⁶ cells for 67 kg)"
    ) in out
    assert (
        "  Filgrastim (G-CSF) (gcsf-engraftment): 68 mcg so far; ends when ANC is greater "
        "than 1.0 × 10⁹/L on 2 consecutive days after the nadir"
    ) in out
    assert "reaches" not in out
    assert "more until the condition is met" not in out
    # A course of fixed days keeps its plain total: 40 mg/kg × 67 × 4 days = 10,720 mg.
    assert "  Cyclophosphamide (cy-conditioning): 10,720 mg\n" in out


def test_worksheet_shows_the_harvest_per_target() -> None:
    """67 kg: each target is more than 2 × 67 = 134 (× 10⁶ CD34+, × 10⁸ mononuclear cells).
    Collected 150 × 10⁶ CD34+ (150 / 67 = 2.24 × 10⁶/kg): met; 100 × 10⁸ mononuclear cells
    (1.49 × 10⁸/kg): not met."""
    plan = compute_plan(
        get_protocol("auto-hsct-ln"),
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
            options=PlanOptions(
                day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 2, 1)
            ),
            choices={"methylprednisolone": D(120), "gcsf-mobilization": D(5)},
            apheresis=(
                ApheresisYield(date=dt.date(2027, 2, 12), cd34_10e6=D(150), mnc_10e8=D(100)),
            ),
        ),
    )
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 2, 12, 9, 0, tzinfo=dt.UTC),
    )
    text = flat("\n".join(pdf_pages(render_pdf(plan, ["worksheet"], meta))))
    assert "Harvest status (1 collection(s))" in text
    assert "CD34+ more than 134 × 10⁶ 150 × 10⁶ (2.24 × 10⁶/kg) met" in text
    assert "Mononuclear cells more than 134 × 10⁸ 100 × 10⁸ (1.49 × 10⁸/kg) NOT MET" in text
