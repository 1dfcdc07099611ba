"""The volume to draw (issue 10): presentations carry their volume (site data), and a dose
drawn from them shows how much to draw — the whole units, and the part of the smallest one
used, rounded half up to the site's syringe graduation. Arithmetic by hand in each test."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import flat, pdf_pages, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.protocols import PROTOCOL_DIR, get_protocol
from app.services import PlanMeta, plan_content_hash
from app.sheets import render_pdf
from dosing.engine import compute_plan
from dosing.models import (
    Administration,
    ComputedPlan,
    DailyCount,
    Patient,
    PlanInput,
    PlanOptions,
    Sex,
)

DAY0 = dt.date(2027, 4, 12)
MOBILIZATION = dt.date(2027, 2, 1)
# WBC 0.8 on mobilization day 7: G-CSF starts that day (more than 24 h after cyclophosphamide).
LEUKOPENIC = (DailyCount(date=dt.date(2027, 2, 7), wbc_10e9_per_l=D("0.8")),)


def _plan(weight: str, gcsf: str = "5", **changes: Any) -> ComputedPlan:
    values: dict[str, Any] = dict(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(weight), height_cm=D(171)),
        options=PlanOptions(day0_date=DAY0, mobilization_start_date=MOBILIZATION),
        choices={"methylprednisolone": D(120), "gcsf-mobilization": D(gcsf)},
        counts=LEUKOPENIC,
    )
    values.update(changes)
    return compute_plan(get_protocol("auto-hsct-ln"), PlanInput(**values))


def _first(plan: ComputedPlan, item: str) -> Administration:
    return next(a for a in plan.administrations if a.item == item and a.dose is not None)


def test_filgrastim_335_mcg_from_a_480_mcg_syringe() -> None:
    """67 kg × 5 mcg/kg = 335 mcg: 35 mcg (10.4%) from 300 mcg and 145 mcg from 480 mcg,
    both outside the ±10% window, so 335 mcg stays; the least waste covering it is one
    480 mcg/0.8 mL syringe (600 mcg/mL): 335 ÷ 600 = 0.5583 mL → 0.56 mL (0.01 mL)."""
    gcsf = _first(_plan("67"), "gcsf-mobilization")
    assert gcsf.dose is not None and gcsf.dose.value == 335
    assert gcsf.presentation == "1 × 480 mcg prefilled syringe"
    assert gcsf.draw_volume_ml == D("0.56")
    # 0.56 mL × 600 mcg/mL = 336 mcg: (336 − 335) / 335 = 0.30% → +0.3%.
    assert gcsf.draw == "draw 0.56 mL of 480 mcg/0.8 mL — delivers 336 mcg (dose 335 mcg, +0.3%)"


def test_filgrastim_252_mcg_from_a_300_mcg_syringe() -> None:
    """50.4 kg × 5 mcg/kg = 252 mcg (48 mcg, 19%, under 300: not rounded); one 300 mcg/0.5
    mL syringe (600 mcg/mL): 252 ÷ 600 = 0.42 mL."""
    gcsf = _first(_plan("50.4"), "gcsf-mobilization")
    assert gcsf.dose is not None and gcsf.dose.value == 252
    # 0.42 mL × 600 mcg/mL = 252 mcg, the dose: no difference to show.
    assert (gcsf.draw_volume_ml, gcsf.draw) == (
        D("0.42"),
        "draw 0.42 mL of 300 mcg/0.5 mL — delivers 252 mcg",
    )


def test_volume_rounds_half_up_to_the_graduation() -> None:
    """67.8 kg × 5 mcg/kg = 339 mcg from 480 mcg/0.8 mL: 339 ÷ 600 = 0.565 mL exactly →
    0.57 mL half up (half to even would give 0.56)."""
    gcsf = _first(_plan("67.8"), "gcsf-mobilization")
    assert gcsf.dose is not None and gcsf.dose.value == 339
    assert gcsf.draw_volume_ml == D("0.57")


def test_engraftment_filgrastim_34_mcg() -> None:
    """67 kg × 0.5 mcg/kg = 33.5 mcg → 34 mcg (1 mcg, half up); from one 300 mcg/0.5 mL
    syringe: 34 ÷ 600 = 0.0567 mL → 0.06 mL, which delivers 0.06 × 600 = 36 mcg."""
    plan = _plan(
        "67",
        counts=(*LEUKOPENIC, DailyCount(date=dt.date(2027, 4, 13), anc_10e9_per_l=D("0.1"))),
    )
    gcsf = _first(plan, "gcsf-engraftment")
    assert gcsf.dose is not None and gcsf.dose.value == 34
    assert gcsf.draw == "draw 0.06 mL of 300 mcg/0.5 mL — delivers 36 mcg (dose 34 mcg, +5.9%)"


def test_cyclophosphamide_vials_at_20_mg_per_ml() -> None:
    """Conditioning 67 kg × 40 mg/kg = 2,680 mg: vials 2,000 + 1,000 mg (3,000 mg, each 20
    mg/mL after the site's reconstitution). The 2,000 mg vial whole (100 mL), the rest,
    680 mg, from the 1,000 mg/50 mL vial: 34 mL; in all 134 mL (= 2,680 ÷ 20).
    Mobilization 1.78 m² × 2,000 mg/m² = 3,560 mg: 2 × 2,000 mg, one whole (100 mL) and
    1,560 mg of the other (78 mL): 178 mL."""
    plan = _plan("67")
    cy = _first(plan, "cy-conditioning")
    assert cy.presentation == "1 × 2,000 mg vial + 1 × 1,000 mg vial"
    assert cy.draw_volume_ml == 134
    assert cy.draw == (
        "draw 134 mL: 1 × 2,000 mg/100 mL whole + 34 mL of 1,000 mg/50 mL — delivers 2,680 mg"
    )
    mobilization = _first(plan, "cy-mobilization")
    assert mobilization.dose is not None and mobilization.dose.value == 3560
    assert mobilization.draw_volume_ml == 178


def test_atg_and_whole_vials() -> None:
    """ATG 67 kg × 2.5 mg/kg = 167.5 → 170 mg (5 mg, half up): 7 × 25 mg/5 mL vials, six
    whole (30 mL) and 20 mg of the seventh (4 mL): 34 mL. Methylprednisolone 120 mg = 3 ×
    40 mg/1 mL vials, all whole: 3 mL."""
    plan = _plan("67")
    atg = _first(plan, "atg")
    assert atg.draw == "draw 34 mL: 6 × 25 mg/5 mL whole + 4 mL of 25 mg/5 mL — delivers 170 mg"
    methylprednisolone = _first(plan, "methylprednisolone")
    assert methylprednisolone.draw == "draw 3 mL: 3 × 40 mg/1 mL whole — delivers 120 mg"
    assert methylprednisolone.draw_volume_ml == 3


def test_no_volume_in_the_file_no_volume_to_draw() -> None:
    """A presentation without its volume: the vials are listed, no volume is invented."""
    protocol = get_protocol("auto-hsct-ln")
    item = protocol.item("atg")
    bare = item.preparation.model_copy(
        update={
            "presentations": tuple(
                p.model_copy(update={"volume_ml": None, "source": None})
                for p in item.preparation.presentations
            )
        }
    )
    items = tuple(
        i.model_copy(update={"preparation": bare}) if i.id == "atg" else i for i in protocol.items
    )
    edited = protocol.model_copy(update={"items": items})
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
        options=PlanOptions(day0_date=DAY0),
        choices={"methylprednisolone": D(120), "gcsf-mobilization": D(5)},
    )
    atg = _first(compute_plan(edited, plan_input), "atg")
    assert atg.presentation == "7 × 25 mg vials"
    assert (atg.draw_volume_ml, atg.draw) == (None, None)


# Items whose presentations share one concentration (site data in auto-hsct-ln.toml), and
# the half graduation a drawn volume may differ from dose ÷ concentration by.
ONE_CONCENTRATION = {
    "cy-mobilization": (D(20), D("0.05")),  # mg/mL, mL
    "cy-conditioning": (D(20), D("0.05")),
    "atg": (D(5), D("0.05")),
    "gcsf-mobilization": (D(600), D("0.005")),  # mcg/mL
    "gcsf-engraftment": (D(600), D("0.005")),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    weight=st.decimals(min_value=40, max_value=120, places=1),
    gcsf=st.integers(min_value=5, max_value=10),
)
def test_volume_to_draw_is_the_dose_at_its_concentration(weight: D, gcsf: int) -> None:
    """For every weight and chosen G-CSF dose, each volume to draw is dose ÷ concentration
    within half the syringe graduation (the one concentration of the item's presentations),
    or, where half up would deliver above the hard ceiling (G-CSF 10 mcg/kg, the ceiling:
    40 kg → 400 mcg, 0.6667 mL; 0.67 mL would deliver 402 mcg), rounded down: within one
    graduation, delivering less than the dose (0.66 mL, 396 mcg)."""
    plan = _plan(str(weight), str(gcsf))
    checked = 0
    for admin in plan.administrations:
        if admin.item not in ONE_CONCENTRATION or admin.dose is None:
            continue
        concentration, half_step = ONE_CONCENTRATION[admin.item]
        assert admin.draw_volume_ml is not None, admin.item
        exact = admin.dose.value / concentration
        if abs(admin.draw_volume_ml - exact) > half_step:
            assert exact - 2 * half_step < admin.draw_volume_ml < exact, admin.item
            assert admin.draw_volume_ml * concentration < admin.dose.value
        checked += 1
    assert checked >= 4


# ---------------------------------------------------------------- outputs

ARGS = (
    "plan", "--protocol", "auto-hsct-ln", "--weight", "67", "--height", "171", "--sex",
    "female", "--age", "36", "--day0", "2027-04-12", "--mobilization-start", "2027-02-01",
    "--choose", "methylprednisolone=120", "--choose", "gcsf-mobilization=5",
    "--count", "2027-02-07:wbc=0.8,anc=0.4",
)  # fmt: skip


def test_volume_to_draw_in_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, *ARGS, "--json")
    assert code == 0
    gcsf = next(a for a in json.loads(out)["administrations"] if a["item"] == "gcsf-mobilization")
    assert gcsf["presentation"] == "1 × 480 mcg prefilled syringe"
    assert gcsf["draw_volume_ml"] == "0.56"
    assert gcsf["draw"] == "draw 0.56 mL of 480 mcg/0.8 mL — delivers 336 mcg (dose 335 mcg, +0.3%)"
    code, out, _err = run_cli(capsys, *ARGS)
    assert code == 0
    assert "      1 × 480 mcg prefilled syringe: draw 0.56 mL of 480 mcg/0.8 mL" in out


_EN_GCSF = "draw 0.06 mL of 300 mcg/0.5 mL"
_EN_CY = "draw 134 mL: 1 × 2,000 mg/100 mL whole + 34 mL of 1,000 mg/50 mL"
_ZH_GCSF = "从 300 mcg/0.5 mL 中抽取 0.06 mL"
_ZH_CY = "抽取 134 mL：2,000 mg/100 mL 整支 × 1 + 从 1,000 mg/50 mL 中抽取 34 mL"


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("en", (_EN_GCSF, _EN_CY), (_ZH_GCSF,)),
        ("zh_CN", (_ZH_GCSF, _ZH_CY), (_EN_GCSF, "whole")),
        ("bilingual", (_ZH_GCSF, _ZH_CY, _EN_GCSF, _EN_CY), ()),
    ],
)
def test_volume_to_draw_on_the_nurse_sheet(
    language: str, expected: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    """The nurse schedule (conditioning onwards): engraftment G-CSF 34 mcg draws 0.06 mL,
    conditioning cyclophosphamide 2,680 mg draws 134 mL (hand-computed above); in Chinese
    the same volumes, worded the ward's way."""
    plan = _plan("67")
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC),
        language=language,
    )
    text = flat("\n".join(pdf_pages(render_pdf(plan, ["nurse"], meta)))).replace(" ", "")
    for words in expected:
        assert words.replace(" ", "") in text, words
    for words in absent:
        assert words.replace(" ", "") not in text, words


def test_volume_to_draw_on_the_worksheet() -> None:
    """The pharmacist checks the same volumes: ATG 170 mg draws 34 mL (above)."""
    plan = _plan("67")
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC),
    )
    text = flat("\n".join(pdf_pages(render_pdf(plan, ["worksheet"], meta))))
    assert "Volume to draw draw 34 mL: 6 × 25 mg/5 mL whole + 4 mL of 25 mg/5 mL" in text
    assert "draw 0.56 mL of 480 mcg/0.8 mL" in text


# ---------------------------------------------------------------- protocol check


def test_a_volume_without_its_source_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A presentation's volume is site data and says so; one without ``source`` is refused."""
    text = (PROTOCOL_DIR / "auto-hsct-ln.toml").read_text(encoding="utf-8")
    old = '{ size = "25", volume_ml = "5", source = "site" }'
    assert old in text
    path = tmp_path / "auto-hsct-ln.toml"
    path.write_text(text.replace(old, '{ size = "25", volume_ml = "5" }'), encoding="utf-8")
    code, _out, err = run_cli(capsys, "protocol", "check", str(path))
    assert code == 2
    assert "(atg).preparation.presentations[1]: " in err
    assert "volume_ml and source = 'site' go together" in err
