"""Printed sheets: the text read back out of the PDF carries the right doses, dates and marks.

Hand-computed reference patient: female, 35 years, 60 kg, 165 cm, day 0 = Monday 12 April 2027.
BSA Mosteller √(165 × 60 / 3600) = √2.75 = 1.6583 → 1.66 m². Conditioning cyclophosphamide
40 mg/kg × 60 kg = 2,400 mg on day −5 (Wednesday 7 April) … day −2 (Saturday 10 April); ATG
2.5 mg/kg × 60 kg = 150 mg on day −4 … day −2; hydration 50 mL/kg × 60 kg = 3,000 mL over
24 h = 125 mL/h; mobilization cyclophosphamide 2 g/m² × 1.66 m² = 3,320 mg × 2 days, so the
plan's cyclophosphamide is 6,640 + 9,600 = 16,240 mg.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import flat
from conftest import pdf_pages as pages

from app.services import PlanMeta, compute, plan_content_hash
from app.sheets import SHEET_NAMES, render_pdf
from dosing.models import (
    Acknowledgement,
    ComputedPlan,
    DailyCount,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
)

WATERMARK = "NOT VERIFIED — NOT FOR ADMINISTRATION"
PRINTED = dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC)
DAY_HEADING = re.compile(
    r"(day [−+]?\d+|treatment day \d+) · "
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}"
)


def patient(**changes: Any) -> Patient:
    values: dict[str, Any] = dict(
        name="Jane Example",
        mrn="MRN0012345",
        date_of_birth=dt.date(1992, 3, 14),
        age_years=35,
        sex="female",
        weight_kg=D(60),
        height_cm=D(165),
        weigh_date=dt.date(2027, 4, 5),
    )
    values.update(changes)
    return Patient(**values)


def auto_plan(**changes: Any) -> ComputedPlan:
    values: dict[str, Any] = dict(
        protocol_id="auto-hsct-ln",
        patient=patient(),
        options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        choices={"methylprednisolone": D(250), "gcsf-mobilization": D(5)},
    )
    values.update(changes)
    return compute(PlanInput(**values))


def meta_for(plan: ComputedPlan, **changes: Any) -> PlanMeta:
    values: dict[str, Any] = dict(
        content_hash=plan_content_hash(plan), printed_at=PRINTED, paper="A4"
    )
    values.update(changes)
    return PlanMeta(**values)


def nurse_text(plan: ComputedPlan, **meta: Any) -> str:
    return flat("\n".join(pages(render_pdf(plan, ["nurse"], meta_for(plan, **meta)))))


def day_segments(text: str) -> dict[str, str]:
    """The nurse text cut at each day heading: heading -> what follows until the next one."""
    marks = list(DAY_HEADING.finditer(text))
    segments: dict[str, str] = {}
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        segments[mark.group(0)] = segments.get(mark.group(0), "") + text[mark.end() : end]
    return segments


@pytest.fixture(scope="module")
def plan() -> ComputedPlan:
    return auto_plan()


@pytest.fixture(scope="module")
def nurse(plan: ComputedPlan) -> str:
    return nurse_text(plan)


def test_importing_sheets_does_not_import_reportlab() -> None:
    """GUI start-up pays nothing for the sheets until one is rendered."""
    code = "import sys, app.sheets; print('reportlab' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


def test_nurse_header_has_the_patient_fields(nurse: str) -> None:
    """Name, MRN, DOB, sex, weight with weigh date, height, BSA with formula, dosing weight."""
    for expected in (
        "Jane Example",
        "MRN0012345",
        "14 March 1992",
        "female · 35 years",
        "60 kg (weighed 5 April 2027)",
        "165 cm",
        "1.66 m² (Mosteller)",
        "60 kg (actual weight): ",
        "Cyclophosphamide",
    ):
        assert expected in nurse, expected


def test_nurse_day_blocks_carry_dates_and_doses(nurse: str) -> None:
    """Each conditioning day has its calendar date and exactly its own doses."""
    segments = day_segments(nurse)
    expected_days = {
        "day −5 · Wednesday 7 April 2027": (1, 0, 0),
        "day −4 · Thursday 8 April 2027": (1, 1, 1),
        "day −3 · Friday 9 April 2027": (1, 1, 1),
        "day −2 · Saturday 10 April 2027": (1, 1, 1),
    }
    for heading, (cy, atg, methylprednisolone) in expected_days.items():
        text = segments[heading]
        # The dose once, its volume to draw saying it delivers the same ("— delivers 2,400 mg").
        assert text.count("2,400 mg") - text.count("delivers 2,400 mg") == cy, heading
        assert text.count("150 mg") - text.count("delivers 150 mg") == atg, heading
        assert text.count("Methylprednisolone") == methylprednisolone, heading
        assert text.count("3,000 mL") == 2, heading  # hydration dose and its volume
        assert "125 mL/h" in text, heading
        assert "Sodium bicarbonate (urine alkalinization)" in text, heading
        assert "250 mL" in text and "10.4 mL/h" in text, heading
    day0 = segments["day 0 · Monday 12 April 2027"]
    assert "Autologous peripheral blood stem cells (CD34+)" in day0
    assert "2,400 mg" not in day0 and "150 mg" not in day0


def test_nurse_rows_give_route_diluent_rate_and_duration(nurse: str) -> None:
    """ATG: IV in sodium chloride 0.9% 500 mL at 83.3 mL/h over 6 hours."""
    atg = day_segments(nurse)["day −4 · Thursday 8 April 2027"]
    assert "sodium chloride 0.9%, 500 mL" in atg
    assert "83.3 mL/h, over 6 hours" in atg
    assert "100 mL/h, over 1 hour, before ATG" in atg


def test_nurse_rows_have_the_three_signature_boxes(nurse: str) -> None:
    """Every day block labels its boxes: time given, given by, checked by."""
    blocks = len(day_segments(nurse))
    assert blocks >= 6
    for label in ("Time given", "Given by", "Checked by"):
        assert nurse.count(label) >= blocks


def test_nurse_lists_the_count_dependent_dose_as_conditional(nurse: str) -> None:
    """Engraftment G-CSF continues until the neutrophils recover: the condition is in words."""
    assert "Conditional — the day depends on blood counts" in nurse
    conditional = nurse.split("Conditional — the day depends on blood counts", 1)[1]
    assert "Filgrastim (G-CSF)" in conditional
    assert (
        "daily until ANC greater than 1.0 × 10⁹/L on 2 consecutive days after the nadir"
        in conditional
    )


def test_missing_choice_prints_no_dose_never_blank() -> None:
    """Methylprednisolone without a chosen value: 'NO DOSE — choice required' on each day."""
    text = nurse_text(auto_plan(choices={"gcsf-mobilization": D(5)}))
    segments = day_segments(text)
    for heading in (
        "day −4 · Thursday 8 April 2027",
        "day −3 · Friday 9 April 2027",
        "day −2 · Saturday 10 April 2027",
    ):
        assert "NO DOSE — choice required (80–500 mg/day)" in segments[heading]
    assert text.count("NO DOSE — choice required") == 3


def test_reduced_dose_reads_against_the_protocol_dose() -> None:
    """75% of 2,400 mg = 1,800 mg, printed with the protocol dose and the reason."""
    text = nurse_text(
        auto_plan(
            reductions={"cy-conditioning": Reduction(percent=D(75), reason="renal impairment")}
        )
    )
    expected = "1,800 mg (75% of protocol dose 2,400 mg — reason: renal impairment)"
    assert text.count(expected) == 4


def test_dropped_day_prints_as_dropped_with_reason() -> None:
    """ATG day −2 dropped for fever: the row says so and gives no dose."""
    plan = auto_plan(dropped_days=(DroppedDay(item="atg", day=-2, reason="fever"),))
    segments = day_segments(nurse_text(plan))
    day_minus_2 = segments["day −2 · Saturday 10 April 2027"]
    assert "DROPPED — not given. Reason: fever" in day_minus_2
    assert "150 mg" not in day_minus_2
    assert "150 mg" in segments["day −3 · Friday 9 April 2027"]


def test_watermark_on_every_page_of_a_draft(plan: ComputedPlan) -> None:
    """A draft is NOT VERIFIED on every page of every sheet."""
    texts = pages(render_pdf(plan, SHEET_NAMES, meta_for(plan, status="draft")))
    assert len(texts) > 3
    assert all(WATERMARK in flat(text) for text in texts)


def test_no_watermark_once_verified(plan: ComputedPlan) -> None:
    """A verified plan prints clean."""
    meta = meta_for(plan, status="verified", plan_id="P-17", version=3, verified_by="A. Second")
    texts = pages(render_pdf(plan, SHEET_NAMES, meta))
    assert not any("NOT VERIFIED" in text for text in texts)
    assert all("status VERIFIED" in flat(text) for text in texts)


def test_every_page_numbered_n_of_m(plan: ComputedPlan) -> None:
    """'page n of m' counts the whole document, across sheets."""
    texts = pages(render_pdf(plan, SHEET_NAMES, meta_for(plan)))
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"page {number} of {total}" in text


def test_every_page_carries_the_plan_identity(plan: ComputedPlan) -> None:
    """Plan id, version, content hash, status, printed-at time and paper on each page."""
    meta = meta_for(plan, plan_id="P-17", version=3)
    texts = pages(render_pdf(plan, SHEET_NAMES, meta))
    line = (
        f"plan P-17 · version 3 · content hash {meta.content_hash} · status DRAFT · "
        "printed 6 April 2027 09:30 UTC · A4"
    )
    assert all(line in flat(text) for text in texts)
    unsaved = flat(pages(render_pdf(plan, ["summary"], meta_for(plan)))[0])
    assert "plan unsaved · version —" in unsaved


def test_content_hash_printed_even_when_the_caller_gives_none(plan: ComputedPlan) -> None:
    """An empty meta.content_hash is filled with the plan's own hash, never printed blank."""
    text = flat(pages(render_pdf(plan, ["summary"], meta_for(plan, content_hash="")))[0])
    assert f"content hash {plan_content_hash(plan)} ·" in text


def test_superseded_plan_says_so_in_the_watermark(plan: ComputedPlan) -> None:
    """A superseded version is not for administration and names its status."""
    texts = pages(render_pdf(plan, ["nurse"], meta_for(plan, status="superseded")))
    # Once in the footer's status, once under the watermark.
    assert all(WATERMARK in flat(t) and t.count("SUPERSEDED") == 2 for t in texts)


@pytest.mark.parametrize(
    ("paper", "long", "short"), [("A4", 841.89, 595.28), ("Letter", 792.0, 612.0)]
)
def test_paper_size_and_orientation(
    plan: ComputedPlan, paper: str, long: float, short: float
) -> None:
    """The nurse sheet is landscape, the others portrait, on A4 or Letter."""
    pdf = render_pdf(plan, ["nurse", "worksheet"], meta_for(plan, paper=paper))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert (float(first.width), float(first.height)) == pytest.approx((long, short), abs=0.01)
    assert (float(last.width), float(last.height)) == pytest.approx((short, long), abs=0.01)
    assert f"· {paper}" in pages(pdf)[0]


def test_sheets_print_in_the_order_asked(plan: ComputedPlan) -> None:
    """Summary then nurse: the summary's title on page 1, the schedule after it."""
    texts = pages(render_pdf(plan, ["summary", "nurse"], meta_for(plan)))
    assert "Protocol summary" in texts[0]
    assert "Nurse administration schedule" in texts[-1]


@pytest.mark.parametrize("sheets", [[], ["nurse", "nurse"], ["label"]])
def test_bad_sheet_selection_is_refused(plan: ComputedPlan, sheets: list[str]) -> None:
    """An empty, repeated or unknown sheet name raises ValueError naming the choices."""
    with pytest.raises(ValueError, match="nurse, worksheet, summary"):
        render_pdf(plan, sheets, meta_for(plan))


def test_unknown_paper_is_refused(plan: ComputedPlan) -> None:
    """Only A4 and Letter are laid out; anything else is refused, not printed as A4."""
    with pytest.raises(ValueError, match="A4 or Letter"):
        render_pdf(plan, ["nurse"], meta_for(plan, paper="Legal"))


def il2_plan() -> ComputedPlan:
    return compute(
        PlanInput(
            protocol_id="ucmsc-vs-il2",
            patient=patient(),
            options=PlanOptions(arm="il2", treatment_start_date=dt.date(2027, 4, 12)),
        )
    )


def test_il2_arm_lists_all_21_doses_with_dates_and_no_row_split() -> None:
    """21 doses over 12 weeks span pages; on every page each dated row has its dose."""
    plan = il2_plan()
    texts = [flat(t) for t in pages(render_pdf(plan, ["nurse"], meta_for(plan)))]
    assert len(texts) >= 2
    dates = [a.date for a in plan.administrations]
    assert (
        len(dates) == 21 and dates[0] == dt.date(2027, 4, 12) and dates[-1] == dt.date(2027, 6, 19)
    )
    whole = " ".join(texts)
    assert "treatment day 1 Monday 12 April 2027" in whole
    assert "treatment day 69 Saturday 19 June 2027" in whole
    date_mark = re.compile(r"treatment day \d+ \w+day \d{1,2} \w+ 2027")
    seen = 0
    for text in texts:
        rows = len(date_mark.findall(text))
        # A row cut across a page break would leave a date without its dose on one page.
        assert text.count("1,000,000 international units") == rows
        assert text.count("Time given") == 1  # the column labels repeat on every page
        seen += rows
    assert seen == 21


def test_long_schedule_repeats_the_day_heading_on_a_continued_page() -> None:
    """Counts resolve engraftment G-CSF to 11 days: a block continued on the next page still
    says which day it is, and no page shows a dose without a day heading above it."""
    counts = tuple(
        DailyCount(
            date=dt.date(2027, 4, 13) + dt.timedelta(days=i),
            wbc_10e9_per_l=D("0.5"),
            anc_10e9_per_l=D("0.2") if i < 10 else D("1.5"),
        )
        for i in range(14)
    )
    plan = auto_plan(counts=counts)
    texts = [flat(t) for t in pages(render_pdf(plan, ["nurse"], meta_for(plan)))]
    assert len(texts) >= 5
    for text in texts:
        if "30 mcg" in text or "2,400 mg" in text or "3,000 mL" in text:
            first_dose = min(
                i
                for i in (text.find("30 mcg"), text.find("2,400 mg"), text.find("3,000 mL"))
                if i >= 0
            )
            heading = DAY_HEADING.search(text) or re.search("Conditional — the day", text)
            assert heading is not None and heading.start() < first_dose
    segments = day_segments(" ".join(texts))
    assert "30 mcg" in segments["day +11 · Friday 23 April 2027"]


def test_msc_allogeneic_day_minus_1_and_day_0() -> None:
    """Cyclophosphamide the day before (dose entered by the prescriber), MSC 1 × 10⁶/kg."""
    plan = compute(
        PlanInput(
            protocol_id="msc-allogeneic",
            patient=patient(),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        )
    )
    segments = day_segments(nurse_text(plan))
    assert "NO DOSE — choice required" in segments["day −1 · Sunday 11 April 2027"]
    assert "60 × 10⁶ cells" in segments["day 0 · Monday 12 April 2027"]


def test_msc_adipose_premedication_and_cells() -> None:
    """Premedication then 2 × 10⁶/kg × 60 kg = 120 × 10⁶ cells, all on day 0."""
    plan = compute(
        PlanInput(
            protocol_id="msc-adipose",
            patient=patient(),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        )
    )
    day0 = day_segments(nurse_text(plan))["day 0 · Monday 12 April 2027"]
    for expected in ("Chlorpheniramine maleate", "10 mg", "200 mg", "500 mg", "120 × 10⁶ cells"):
        assert expected in day0


def test_ucmsc_arm_dose_and_volume() -> None:
    """1 × 10⁶/kg × 60 kg = 60 × 10⁶ cells in 30 mL saline."""
    plan = compute(
        PlanInput(
            protocol_id="ucmsc-vs-il2",
            patient=patient(),
            options=PlanOptions(arm="ucmsc", day0_date=dt.date(2027, 4, 12)),
        )
    )
    day0 = day_segments(nurse_text(plan))["day 0 · Monday 12 April 2027"]
    assert "60 × 10⁶ cells" in day0 and "30 mL" in day0


def test_missing_day0_date_is_printed_as_not_set() -> None:
    """Without the day 0 date no calendar date is invented."""
    text = nurse_text(auto_plan(options=PlanOptions()))
    assert "day −5 · DATE NOT SET — enter the day 0 date in the plan" in text


def test_hard_alert_withholds_the_administration_schedule() -> None:
    """A refused dose (120% of protocol) never reaches the bedside on paper."""
    plan = auto_plan(reductions={"cy-conditioning": Reduction(percent=D(120), reason="typo")})
    assert plan.has_hard_alert
    text = nurse_text(plan)
    assert "NO ADMINISTRATION SCHEDULE IS PRINTED" in text
    assert "Time given" not in text and "2,400 mg" not in text


def test_worksheet_shows_every_number_to_recheck() -> None:
    """Anthropometrics, traces, rounding, reductions, choices, totals, alerts, sign-off."""
    plan = auto_plan(
        patient=patient(prior_cyclophosphamide_mg=D(1000)),
        reductions={"atg": Reduction(percent=D(80), reason="low platelets")},
        acknowledgements=(
            Acknowledgement(
                code="verify-local-protocol", item="gcsf-engraftment", reason="checked", by="AB"
            ),
        ),
    )
    meta = meta_for(plan, prepared_by="P. First")
    text = flat("\n".join(pages(render_pdf(plan, ["worksheet"], meta))))
    for expected in (
        "Mosteller: unrounded 1.658312 m², rounded to 2 decimals 1.66 m²",
        "56.91 kg",  # Devine: 45.5 + 2.3 × (165/2.54 − 60) = 56.91
        "58.15 kg (factor 0.4",
        "22 kg/m²",
        "40 mg/kg × 60 kg (actual weight) = 2,400 mg",
        "unrounded 2,400 mg → rounded (given) 2,400 mg; deviation 0%",
        "2 g/m² × 1.66 m² (Mosteller) = 3.32 g = 3,320 mg",
        "80% of the protocol dose — reason: low platelets",
        "250 mg/day (range 80–500 mg/day)",
        "9,600 mg (160 mg/kg)",
        "IV · sodium chloride 0.9%, 500 mL · over 6 hours · at 83.3 mL/h",  # ATG: 500 ÷ 6
        "IV · 3,000 mL · over 24 hours · at 125 mL/h",  # hydration: 3,000 ÷ 24
        "17,240 mg",  # 16,240 mg in the plan + 1,000 mg prior
        "acknowledged: checked (AB)",
        "Prepared by P. First",
        "Verified by",
        "Date and time",
    ):
        assert expected in text, expected


def test_summary_has_phases_targets_follow_up_and_sources(plan: ComputedPlan) -> None:
    """Every phase, this patient's harvest target, follow-up dates and the seed quotes."""
    text = flat("\n".join(pages(render_pdf(plan, ["summary"], meta_for(plan)))))
    for expected in (
        "Mobilization",
        "Conditioning",
        "Harvest (apheresis) targets",
        "more than 120 × 10⁶ cells for 60 kg",
        "3 months 12 July 2027",
        "24 months 12 April 2029",
        "Source 000_f4890f1396492801.txt",
        "cyclophosphamide (40 mg/kg/day × 4 days)",
        # The seed's "\\>" is printed in words.
        "The target acquisition was CD34+ cells greater than 2×10⁶/kg",
        # µg as mcg; the superscript the seed lost is read in brackets, the quote kept.
        "at 5-10 mcg/kg per day",
        "was less than 1×109/L [read: 1 × 10⁹/L]",
    ):
        assert expected in text, expected
    assert "μg" not in text and "µg" not in text


ALL_PLANS = {
    "auto": lambda: auto_plan(
        reductions={"cy-conditioning": Reduction(percent=D(75), reason="renal")},
        dropped_days=(DroppedDay(item="atg", day=-2, reason="fever"),),
    ),
    "msc-allogeneic": lambda: compute(
        PlanInput(
            protocol_id="msc-allogeneic",
            patient=patient(),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        )
    ),
    "msc-adipose": lambda: compute(
        PlanInput(
            protocol_id="msc-adipose",
            patient=patient(),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        )
    ),
    "il2": il2_plan,
}


@pytest.mark.parametrize("name", sorted(ALL_PLANS))
def test_no_less_than_or_greater_than_signs_on_paper(name: str) -> None:
    """ISMP: the signs are written as words on every sheet of every protocol."""
    plan = ALL_PLANS[name]()
    text = "\n".join(pages(render_pdf(plan, SHEET_NAMES, meta_for(plan))))
    assert "<" not in text and ">" not in text and "≥" not in text and "≤" not in text
