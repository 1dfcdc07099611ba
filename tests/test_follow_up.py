"""Follow-up schedules per seed (issue 10): events (harvest, day 0), weeks and months after day
0 or treatment day 1, what is checked, each quoted verbatim; in the JSON, the text table, the
protocol summary, and refused by ``protocol check`` when malformed. Dates by hand here."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import flat, pdf_pages, run_cli

from app.protocols import PROTOCOL_DIR, SOURCES_DIR, get_protocol
from app.services import PlanMeta, plan_content_hash
from app.sheets import render_pdf
from dosing.engine import compute_plan
from dosing.models import ApheresisYield, ComputedPlan, Patient, PlanInput, PlanOptions, Sex
from dosing.protocol import parse_protocol

DAY0 = dt.date(2027, 4, 12)


def _plan(protocol_id: str, **options: Any) -> ComputedPlan:
    apheresis = options.pop("apheresis", ())
    choices = options.pop("choices", {})
    plan_input = PlanInput(
        protocol_id=protocol_id,
        patient=Patient(age_years=36, sex=Sex.FEMALE, weight_kg=D(67), height_cm=D(171)),
        options=PlanOptions(**options),
        choices=choices,
        apheresis=apheresis,
    )
    return compute_plan(get_protocol(protocol_id), plan_input)


def _dates(plan: ComputedPlan) -> list[tuple[str, dt.date | None]]:
    return [(v.label, v.date) for v in plan.follow_up]


# ---------------------------------------------------------------- seed 000


def test_hsct_harvest_visit_is_dated_by_the_first_apheresis() -> None:
    """Collections on 12 and 13 February 2027: the visit "at stem cell harvest" is on the
    first, 12 February; "at transplantation" is day 0, 12 April 2027; then 3 months
    (12 July 2027) … 84 months (12 April 2034, seven years)."""
    plan = _plan(
        "auto-hsct-ln",
        day0_date=DAY0,
        mobilization_start_date=dt.date(2027, 2, 1),
        apheresis=(
            ApheresisYield(date=dt.date(2027, 2, 13), cd34_10e6=D(60), mnc_10e8=D(60)),
            ApheresisYield(date=dt.date(2027, 2, 12), cd34_10e6=D(90), mnc_10e8=D(90)),
        ),
    )
    dates = _dates(plan)
    assert dates[:3] == [
        ("at stem cell harvest", dt.date(2027, 2, 12)),
        ("at transplantation (day 0)", DAY0),
        ("3 months", dt.date(2027, 7, 12)),
    ]
    assert dates[-1] == ("84 months", dt.date(2034, 4, 12))
    assert len(dates) == 2 + 10  # 3, 6, 12, 18, 24, 36, 48, 60, 72, 84
    assert plan.follow_up[0].date_missing is None
    (source,) = plan.follow_up[0].sources
    assert source.quote.startswith("Close observation was carried out at stem cell harvest")


# ---------------------------------------------------------------- seed 002


def test_allogeneic_t_regulatory_analysis_every_third_monthly_visit() -> None:
    """Day 0 15 March 2027. Monthly visits check "lupus serology and renal function tests";
    months 3, 6, … 24 add the T-regulatory analysis on the same visit (3 months = 15 June
    2027, 24 months = 15 March 2029): 24 visits, 8 with both checks, each quoting both
    sentences. Then every 6 months (the site's reading of "every 6-12 months thereafter"):
    30 months = 15 September 2029 … 60 months = 15 March 2032."""
    plan = _plan(
        "msc-allogeneic", day0_date=dt.date(2027, 3, 15), choices={"cy-pretreatment": D(1000)}
    )
    monthly = [v for v in plan.follow_up if v.months is not None and v.months <= 24]
    assert len(monthly) == 24
    treg = [v for v in monthly if "T regulatory population analysis" in v.checks]
    assert [v.months for v in treg] == [3, 6, 9, 12, 15, 18, 21, 24]
    assert treg[0].date == dt.date(2027, 6, 15) and treg[-1].date == dt.date(2029, 3, 15)
    assert treg[0].checks == (
        "lupus serology and renal function tests",
        "T regulatory population analysis",
    )
    assert len(treg[0].sources) == 2
    assert monthly[0].checks == ("lupus serology and renal function tests",)
    later = [v for v in plan.follow_up if v.months is not None and v.months > 24]
    assert [(v.months, v.date) for v in later] == [
        (30, dt.date(2029, 9, 15)),
        (36, dt.date(2030, 3, 15)),
        (42, dt.date(2030, 9, 15)),
        (48, dt.date(2031, 3, 15)),
        (54, dt.date(2031, 9, 15)),
        (60, dt.date(2032, 3, 15)),
    ]
    assert later[0].note is not None and "6–12 months" in later[0].note


# ---------------------------------------------------------------- seed 004


def test_ucmsc_arm_weeks_after_day0_and_no_week_12() -> None:
    """Day 0 (the infusion) 12 April 2027: baseline that day; week 4 = +28 days = 10 May;
    week 8 = 7 June; week 16 = +112 days = 2 August; week 20 = 30 August; week 24 = 27
    September 2027. The source lists no week 12."""
    plan = _plan("ucmsc-vs-il2", day0_date=DAY0, arm="ucmsc")
    assert _dates(plan) == [
        ("baseline", DAY0),
        ("week 4", dt.date(2027, 5, 10)),
        ("week 8", dt.date(2027, 6, 7)),
        ("week 16", dt.date(2027, 8, 2)),
        ("week 20", dt.date(2027, 8, 30)),
        ("week 24", dt.date(2027, 9, 27)),
    ]
    assert [v.weeks for v in plan.follow_up] == [0, 4, 8, 16, 20, 24]
    assert all(v.after == "day0" for v in plan.follow_up)


def test_il2_arm_weeks_after_treatment_day_1() -> None:
    """Treatment day 1 on 1 March 2027: week 4 = 29 March, week 8 = 26 April, week 16 = 21
    June, week 20 = 19 July, week 24 = 16 August 2027. Without the start date: no dates, and
    each visit says the treatment start date is not entered."""
    plan = _plan("ucmsc-vs-il2", treatment_start_date=dt.date(2027, 3, 1), arm="il2")
    assert _dates(plan) == [
        ("baseline", dt.date(2027, 3, 1)),
        ("week 4", dt.date(2027, 3, 29)),
        ("week 8", dt.date(2027, 4, 26)),
        ("week 16", dt.date(2027, 6, 21)),
        ("week 20", dt.date(2027, 7, 19)),
        ("week 24", dt.date(2027, 8, 16)),
    ]
    assert plan.follow_up[1].checks == ("SLEDAI-2K, BILAG-2004 and hormone dosage",)
    undated = _plan("ucmsc-vs-il2", arm="il2")
    assert {v.date_missing for v in undated.follow_up} == {"treatment start date not entered"}


def test_every_follow_up_quote_is_verbatim() -> None:
    """Every visit's quotes, and the source of each schedule's end, are in their seed."""
    for protocol_id in ("auto-hsct-ln", "msc-allogeneic", "ucmsc-vs-il2"):
        protocol = get_protocol(protocol_id)
        assert protocol.follow_up, protocol_id
        for schedule in protocol.follow_up:
            text = (SOURCES_DIR / schedule.seed).read_text(encoding="utf-8")
            assert schedule.quote in text
            if schedule.until is not None and schedule.until.quote is not None:
                assert schedule.until.quote in text


# ---------------------------------------------------------------- outputs


def test_follow_up_in_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    """``txdose plan --json`` lists each visit with its date, anchor and checks; the text
    table prints them ("week 4: Mon 10 May 2027 — SLEDAI-2K …")."""
    args = ("plan", "--protocol", "ucmsc-vs-il2", "--arm", "ucmsc", "--weight", "67")
    args += ("--height", "171", "--sex", "female", "--age", "36", "--day0", "2027-04-12")
    code, out, _err = run_cli(capsys, *args, "--json")
    assert code == 0
    visits = json.loads(out)["follow_up"]
    assert visits[1] == {
        "label": "week 4",
        "date": "2027-05-10",
        "date_missing": None,
        "event": None,
        "after": "day0",
        "weeks": 4,
        "months": None,
        "checks": ["SLEDAI-2K, BILAG-2004 and hormone dosage"],
        "note": None,
        "sources": [
            {
                "seed": "004_7125f4b52da4962a.txt",
                "quote": "Time frame: Baseline, Week 4, 8, 16, 20 and 24",
            }
        ],
    }
    code, out, _err = run_cli(capsys, *args)
    assert code == 0
    assert "Follow-up visits:" in out
    assert "  week 4: Mon 10 May 2027 — SLEDAI-2K, BILAG-2004 and hormone dosage" in out
    assert "week 12" not in out


def test_a_schedule_note_prints_once_in_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    """msc-allogeneic's six visits after 2 years share one note: printed under the first."""
    args = ("plan", "--protocol", "msc-allogeneic", "--weight", "67", "--height", "171")
    args += ("--sex", "female", "--age", "36", "--day0", "2027-03-15")
    code, out, _err = run_cli(capsys, *args, "--choose", "cy-pretreatment=1000")
    assert code == 0
    assert out.count("The source says every 6–12 months after the 2 years") == 1
    assert "  30 months: Sat 15 Sep 2029 — evaluation by the integrated team" in out


def test_summary_sheet_shows_checks_and_quotes() -> None:
    """The protocol summary's follow-up table: visit, date, what is checked, then the quotes."""
    plan = _plan(
        "msc-allogeneic", day0_date=dt.date(2027, 3, 15), choices={"cy-pretreatment": D(1000)}
    )
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC),
    )
    text = flat("\n".join(pdf_pages(render_pdf(plan, ["summary"], meta))))
    assert "3 months 15 June 2027 lupus serology and renal function tests; T regulatory" in text
    assert "every 3 months for analysis of T regulatory population" in text


# ---------------------------------------------------------------- protocol check

ALLO = (PROTOCOL_DIR / "msc-allogeneic.toml").read_text(encoding="utf-8")


def _check(capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str) -> str:
    assert old in ALLO, old
    path = tmp_path / "msc-allogeneic.toml"
    path.write_text(ALLO.replace(old, new, 1), encoding="utf-8")
    code, _out, err = run_cli(capsys, "protocol", "check", str(path))
    assert code == 2, err
    return err


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("months = [1]\n", "months = [1]\nweeks = [4]\n", "exactly one of event, weeks or months"),
        ("months = [3]\n", "months = [3, 2]\n", "months must be strictly increasing"),
        ("months = [30]\n", "months = [700]\n", "less than or equal to 600"),
        ('after = "day0"\nmonths = [1]\n', 'months = [1]\narm = "il2"\n', "names arm 'il2'"),
        ('after = "day0"\nmonths = [1]\n', 'event = "day0"\nafter = "day0"\n', "takes no 'after'"),
        ('after = "day0"\nmonths = [1]\n', 'months = [1]\nlabel = "x"\n', "label names an event"),
        ("until_months = 60\n", "until_months = 20\n", "before the last listed month 30"),
        ('until = { source = "site" }', 'until = { source = "seed" }', "needs both seed and quote"),
        ('checks = "T regulatory', 'checked = "T regulatory', "Extra inputs are not permitted"),
        (
            'analysis"\nseed = "002_a5cf5bf4e1091f43.txt"',
            'analysis"\nseed = "003_0047bde2abb62184.txt"',
            "follow_up[2] cites seed '003_0047bde2abb62184.txt', not in seeds",
        ),
    ],
)
def test_protocol_check_refuses_malformed_follow_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, reason: str
) -> None:
    err = _check(capsys, tmp_path, old, new)
    assert "msc-allogeneic.toml: follow_up" in err or "msc-allogeneic.toml: (file)" in err
    assert reason in err


def test_protocol_check_refuses_a_follow_up_quote_not_verbatim(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _check(capsys, tmp_path, "every 3 months for analysis", "every three months for analysis")
    assert "follow_up[2].quote: not found verbatim in 002_a5cf5bf4e1091f43.txt" in err


def test_a_single_follow_up_table_still_loads() -> None:
    """The earlier form, one ``[follow_up]`` table of months, is one schedule."""
    legacy = ALLO.replace("[[follow_up]]", "[follow_up]", 1)
    start = legacy.index("[[follow_up]]")
    end = legacy.index("[[phases]]")
    protocol = parse_protocol(legacy[:start] + legacy[end:], "legacy.toml")
    (schedule,) = protocol.follow_up
    assert schedule.all_months == tuple(range(1, 25))
