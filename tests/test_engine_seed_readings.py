"""Issue 10: the seed's readings made visible — the cumulative cyclophosphamide threshold, the
"2.0 g/m2 for 2 days" reading to acknowledge, and the uroprotection row on high-dose
cyclophosphamide days. Patients as in test_engine_auto_hsct.py.

Patient B: male, 48 y, 82.4 kg, 178 cm, BSA 2.02 m²; cyclophosphamide in this plan
8,080 (mobilization: 2.0 g/m² × 2.02 m² = 4,040 mg × 2) + 13,200 (conditioning: 40 mg/kg ×
82.4 kg = 3,296 → 3,300 mg × 4) = 21,280 mg.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from conftest import run_cli
from test_engine_auto_hsct import _plan, admins, patient_a, patient_b

from app.alert_text import chinese_alert
from app.protocols import PROTOCOL_DIR, get_protocol
from dosing.codes import AlertCode
from dosing.engine import compute_plan
from dosing.models import Acknowledgement, Sex
from dosing.protocol import parse_protocol

# ---------------------------------------------------------------- cumulative threshold


def test_cumulative_cyclophosphamide_above_the_site_threshold_is_a_soft_alert() -> None:
    """Prior 10,000 mg: 21,280 + 10,000 = 31,280 mg; 31.28 g / 2.02 m² = 15.485 → 15.49
    g/m², above the site threshold of 15 g/m². The alert names the plan's figure, the
    prior one and the threshold (this plan 21.28 / 2.02 = 10.53 g/m²; prior 10 / 2.02 =
    4.95 g/m²)."""
    plan = _plan("82.4", "178", Sex.MALE, 48, prior="10000", choices={
        "methylprednisolone": D(500), "gcsf-mobilization": D(6)})  # fmt: skip
    (alert,) = [a for a in plan.alerts if a.code == AlertCode.CUMULATIVE_ABOVE_THRESHOLD]
    assert alert.severity == "soft" and not alert.acknowledged
    assert alert.message == (
        "Cumulative cyclophosphamide 15.49 g/m² (this plan 21,280 mg = 10.53 g/m², "
        "prior 10,000 mg = 4.95 g/m²; 31,280 mg in all) is above the site threshold of "
        "15 g/m²: review the cumulative exposure before the plan is verified."
    )
    assert alert.field == "prior cyclophosphamide"
    assert chinese_alert(alert) == (
        "环磷酰胺累积剂量 15.49 g/m²（本计划 21,280 mg = 10.53 g/m²，既往 10,000 mg = 4.95 g/m²；"
        "合计 31,280 mg）超过本院设定的阈值 15 g/m²：核对前请复核累积暴露量。"
    )


def test_cumulative_cyclophosphamide_at_or_below_the_threshold_raises_nothing() -> None:
    """Prior 9,000 mg: 30,280 mg / 2.02 = 14.990 → 14.99 g/m², under 15: no soft alert
    (the info total is still there). Patient B's own prior 3,000 mg: 12.02 g/m²."""
    for prior in ("9000", "3000"):
        plan = _plan("82.4", "178", Sex.MALE, 48, prior=prior, choices={
            "methylprednisolone": D(500), "gcsf-mobilization": D(6)})  # fmt: skip
        codes = [a.code for a in plan.alerts]
        assert AlertCode.CUMULATIVE_ABOVE_THRESHOLD not in codes, prior
        assert AlertCode.CUMULATIVE_CYCLOPHOSPHAMIDE in codes


def test_a_threshold_in_mg_per_kg_compares_mg_per_kg() -> None:
    """The same file with the threshold written as 350 mg/kg: prior 10,000 mg gives 31,280 /
    82.4 = 379.61 → 379.6 mg/kg, above 350 (plan 21,280 / 82.4 = 258.25 → 258.3; prior
    10,000 / 82.4 = 121.36 → 121.4)."""
    text = (PROTOCOL_DIR / "auto-hsct-ln.toml").read_text(encoding="utf-8")
    old = 'soft_max = "15"\nunit = "g/m2"'
    assert old in text
    protocol = parse_protocol(text.replace(old, 'soft_max = "350"\nunit = "mg/kg"'), "x.toml")
    plan = compute_plan(protocol, patient_b().input.model_copy(update={
        "patient": patient_b().input.patient.model_copy(
            update={"prior_cyclophosphamide_mg": D(10000)})}))  # fmt: skip
    (alert,) = [a for a in plan.alerts if a.code == AlertCode.CUMULATIVE_ABOVE_THRESHOLD]
    assert alert.message.startswith(
        "Cumulative cyclophosphamide 379.6 mg/kg (this plan 21,280 mg = 258.3 mg/kg, "
        "prior 10,000 mg = 121.4 mg/kg; 31,280 mg in all) is above the site threshold of "
        "350 mg/kg"
    )


# ---------------------------------------------------------------- "2.0 g/m2 for 2 days"


def test_the_per_day_reading_is_a_soft_alert_naming_the_other_reading() -> None:
    """Seed 000: "cyclophosphamide (2.0 g/m2) for 2 days", read as 2.0 g/m² on each day: a
    soft alert on the item, unacknowledged until someone confirms it, so the plan cannot be
    verified before; its text names the other reading, a total of 2.0 g/m²."""
    plan = patient_a()
    (alert,) = [a for a in plan.alerts if a.code == AlertCode.SOURCE_READING]
    assert (alert.severity, alert.item) == ("soft", "cy-mobilization")
    assert '"cyclophosphamide (2.0 g/m2) for 2 days"' in alert.message
    assert "read here as 2.0 g/m² on each of the 2 days (4.0 g/m² in all)" in alert.message
    assert "the other reading is a total of 2.0 g/m² (1.0 g/m² a day)" in alert.message
    assert alert in plan.unacknowledged_soft_alerts
    acknowledged = patient_a(
        acknowledgements=(
            Acknowledgement(
                code="source-reading", item="cy-mobilization", reason="per day, per Dr X"
            ),
        )
    )
    (alert,) = [a for a in acknowledged.alerts if a.code == AlertCode.SOURCE_READING]
    assert alert.acknowledged and alert not in acknowledged.unacknowledged_soft_alerts


def test_the_reading_quote_is_in_the_protocol_file_verbatim() -> None:
    """The reading quotes the seed's words exactly (the loader checks them against seed 000)."""
    item = get_protocol("auto-hsct-ln").item("cy-mobilization")
    assert item.reading is not None
    assert item.reading.quote == "cyclophosphamide (2.0 g/m2) for 2 days"


# ---------------------------------------------------------------- uroprotection


def test_high_dose_cyclophosphamide_days_carry_a_uroprotection_row() -> None:
    """Each cyclophosphamide day (mobilization 2.0 g/m², conditioning 40 mg/kg) has a mesna
    row, per local protocol like the anti-emetic, saying the source names none."""
    plan = patient_a()
    for item, days in (("uroprotection-mobilization", [1, 2]), ("uroprotection", [-5, -4, -3, -2])):
        rows = admins(plan, item)
        assert [a.day for a in rows] == days
        for row in rows:
            assert row.name == "Uroprotection (mesna)"
            assert row.dose is None and row.no_dose == "local-protocol"
            assert row.note == "Per local protocol — the source names none."


def test_uroprotection_in_the_json_and_the_text_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The same rows in --json (no dose: local-protocol) and in the text table with the note."""
    args = ["plan", "--protocol", "auto-hsct-ln", "--weight", "60", "--height", "165",
            "--sex", "female", "--age", "35", "--day0", "2027-04-12",
            "--mobilization-start", "2027-03-01", "--choose", "methylprednisolone=250",
            "--choose", "gcsf-mobilization=5"]  # fmt: skip
    code, out, _ = run_cli(capsys, *args, "--json")
    assert code == 0

    rows = [a for a in json.loads(out)["administrations"] if a["item"] == "uroprotection"]
    assert [(a["day"], a["no_dose"]) for a in rows] == [
        (d, "local-protocol") for d in (-5, -4, -3, -2)
    ]
    code, out, _ = run_cli(capsys, *args)
    block = out.split("Conditioning — day −5")[1].split("\n\n")[0]
    assert "Uroprotection (mesna) IV: drug and dose per local protocol" in block
    assert "Per local protocol — the source names none." in block
