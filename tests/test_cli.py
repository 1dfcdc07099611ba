"""`txdose` end to end: the JSON contract of DESIGN §6, exit codes 0/2/3, and bad input
refused by name — never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as run

BASE = [
    "plan",
    "--protocol", "auto-hsct-ln",
    "--weight", "82",
    "--height", "178",
    "--sex", "male",
    "--age", "50",
    "--day0", "2027-06-15",
    "--mobilization-start", "2027-04-01",
]  # fmt: skip


def plan_json(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code, out, err = run(capsys, *BASE, *extra, "--json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def doses(plan: dict[str, Any], item: str) -> list[tuple[int | None, str | None, str | None]]:
    return [
        (a["day"], a["date"], a["dose"]["value"] if a["dose"] else None)
        for a in plan["administrations"]
        if a["item"] == item
    ]


def test_json_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON object carries protocol, anthropometrics, administrations, totals, alerts."""
    plan = plan_json(capsys, "--choose", "methylprednisolone=500")
    assert plan["protocol"] == {"id": "auto-hsct-ln", "version": "1.2", "arm": None}
    first = plan["administrations"][0]
    for key in ("item", "drug", "phase", "day", "date", "condition", "dose", "route",
                "reduced_percent", "trace"):  # fmt: skip
        assert key in first
    assert set(first["dose"]) >= {"value", "unit", "display"}
    assert all(set(t) == {"item", "value", "unit", "open", "stop", "text"} for t in plan["totals"])
    assert all({"severity", "code", "message"} <= set(a) for a in plan["alerts"])


def test_anthropometrics_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """82 kg, 178 cm, male: BSA, Devine IBW, adjusted BW (0.4) and BMI as computed by hand."""
    values = plan_json(capsys)["anthropometrics"]
    # Mosteller √(178 × 82 / 3600) = √4.054444 = 2.013565 → 2.01 m²
    assert values["bsa_m2"] == "2.01"
    assert values["bsa_formula"] == "mosteller"
    # 178 cm = 70.0787 in; 50 + 2.3 × 10.0787 = 73.181 → 73.18 kg
    assert values["ibw_kg"] == "73.18"
    # 73.18 + 0.4 × (82 − 73.18) = 76.708 → 76.71 kg
    assert values["adjbw_kg"] == "76.71"
    # 82 / 1.78² = 25.880 → 25.9
    assert values["bmi"] == "25.9"


def test_every_auto_hsct_dose_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    """Each item's dose, day and calendar date for 82 kg / 2.01 m²."""
    plan = plan_json(
        capsys, "--choose", "methylprednisolone=500", "--choose", "gcsf-mobilization=5"
    )
    # 2.0 g/m² × 2.01 m² = 4.02 g = 4,020 mg on mobilization days 1 and 2
    assert doses(plan, "cy-mobilization") == [(1, "2027-04-01", "4020"), (2, "2027-04-02", "4020")]
    # 40 mg/kg × 82 kg = 3,280 mg on day −5 … −2 (10 … 13 June 2027)
    assert doses(plan, "cy-conditioning") == [
        (-5, "2027-06-10", "3280"),
        (-4, "2027-06-11", "3280"),
        (-3, "2027-06-12", "3280"),
        (-2, "2027-06-13", "3280"),
    ]
    labels = [a["day_label"] for a in plan["administrations"] if a["item"] == "cy-conditioning"]
    assert labels == ["day −5", "day −4", "day −3", "day −2"]
    mobilization_labels = [
        a["day_label"] for a in plan["administrations"] if a["item"] == "cy-mobilization"
    ]
    assert mobilization_labels == ["mobilization day 1", "mobilization day 2"]
    # 2.5 mg/kg × 82 kg = 205 mg (a multiple of the 5 mg increment)
    assert doses(plan, "atg") == [(-4, "2027-06-11", "205"), (-3, "2027-06-12", "205"),
                                  (-2, "2027-06-13", "205")]  # fmt: skip
    assert [d[2] for d in doses(plan, "methylprednisolone")] == ["500", "500", "500"]
    # 50 mL/kg × 82 kg = 4,100 mL over 24 h = 170.83 → 170.8 mL/h
    hydration = [a for a in plan["administrations"] if a["item"] == "hydration"]
    assert [a["dose"]["value"] for a in hydration] == ["4100"] * 4
    assert hydration[0]["rate_ml_per_h"] == "170.8"
    assert hydration[0]["dose"]["unit"] == "mL"
    # 0.5 mcg/kg × 82 kg = 41 mcg from day +1 (16 June 2027), UCUM "ug"
    engraftment = [a for a in plan["administrations"] if a["item"] == "gcsf-engraftment"]
    assert (engraftment[0]["day"], engraftment[0]["date"]) == (1, "2027-06-16")
    assert engraftment[0]["dose"] == {
        "value": "41",
        "unit": "ug",
        "display": "41 mcg",
        "unrounded": "41",
        "protocol_value": "41",
    }
    # Mobilization G-CSF 5 mcg/kg × 82 kg = 410 mcg: waits on the WBC, so no day yet
    mobilization = [a for a in plan["administrations"] if a["item"] == "gcsf-mobilization"]
    assert mobilization[0]["day"] is None
    assert "WBC less than 1.0 × 10⁹/L" in mobilization[0]["condition"]
    assert mobilization[0]["dose"]["value"] == "410"


def test_totals_and_cumulative_cyclophosphamide(capsys: pytest.CaptureFixture[str]) -> None:
    """Course totals per item, and cyclophosphamide across phases plus prior exposure."""
    plan = plan_json(capsys, "--prior-cyclophosphamide", "6000")
    totals = {t["item"]: (t["value"], t["unit"]) for t in plan["totals"]}
    assert totals["cy-mobilization"] == ("8040", "mg")  # 2 × 4,020
    assert totals["cy-conditioning"] == ("13120", "mg")  # 4 × 3,280 = 160 mg/kg × 82 kg
    cyclophosphamide = next(d for d in plan["drug_totals"] if d["drug"] == "cyclophosphamide")
    # 8,040 + 13,120 + 6,000 prior = 27,160 mg; ÷ 82 kg = 331.2 mg/kg; ÷ 1,000 ÷ 2.01 = 13.51 g/m²
    assert cyclophosphamide["cumulative_mg"] == "27160"
    assert cyclophosphamide["cumulative_mg_per_kg"] == "331.2"
    assert cyclophosphamide["cumulative_g_per_m2"] == "13.51"


def test_gcsf_rounds_to_a_syringe_within_ten_percent(capsys: pytest.CaptureFixture[str]) -> None:
    """10 mcg/kg × 82 kg = 820 mcg → 480 + 300 = 780 mcg syringes (−4.9%, inside ±10%)."""
    plan = plan_json(capsys, "--choose", "gcsf-mobilization=10")
    mobilization = next(a for a in plan["administrations"] if a["item"] == "gcsf-mobilization")
    assert mobilization["dose"]["value"] == "780"
    assert mobilization["dose"]["unrounded"] == "820"


def test_reduction_applies_before_rounding(capsys: pytest.CaptureFixture[str]) -> None:
    """ATG 205 mg × 70% = 143.5 → 145 mg (5 mg increment), shown against the protocol dose."""
    plan = plan_json(capsys, "--reduce", "atg=70:CrCl 38 mL/min")
    atg = next(a for a in plan["administrations"] if a["item"] == "atg")
    assert atg["dose"]["value"] == "145"
    assert atg["reduced_percent"] == "70"
    assert atg["dose"]["display"] == (
        "145 mg (70% of protocol dose 205 mg — reason: CrCl 38 mL/min)"
    )


def test_choice_required_gives_null_dose_and_soft_alert(capsys: pytest.CaptureFixture[str]) -> None:
    """A range item without a choice: dose null, a soft choice-required alert, exit 0."""
    plan = plan_json(capsys)
    methylprednisolone = [a for a in plan["administrations"] if a["item"] == "methylprednisolone"]
    assert methylprednisolone and all(a["dose"] is None for a in methylprednisolone)
    assert {a["no_dose"] for a in methylprednisolone} == {"choice-required"}
    anti_emetic = [a for a in plan["administrations"] if a["item"] == "anti-emetic"]
    assert {a["no_dose"] for a in anti_emetic} == {"local-protocol"}
    codes = {(a["code"], a["item"], a["severity"]) for a in plan["alerts"]}
    assert ("choice-required", "methylprednisolone", "soft") in codes


def test_il2_arm_treatment_days(capsys: pytest.CaptureFixture[str]) -> None:
    """IL-2 1,000,000 international units on 21 treatment days, UCUM [iU]."""
    code, out, err = run(
        capsys, "plan", "--protocol", "ucmsc-vs-il2", "--arm", "il2", "--weight", "55",
        "--height", "160", "--sex", "female", "--age", "29", "--treatment-start", "2027-01-04",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    admins = json.loads(out)["administrations"]
    days = [1, 3, 5, 7, 9, 11, 13, 29, 31, 33, 35, 37, 39, 41, 57, 59, 61, 63, 65, 67, 69]
    assert [a["day"] for a in admins] == days
    assert admins[0]["date"] == "2027-01-04"
    assert admins[-1]["date"] == "2027-03-13"  # 4 January + 68 days
    assert {a["dose"]["unit"] for a in admins} == {"[iU]"}
    assert admins[0]["dose"]["display"] == "1,000,000 international units"
    # Day 33: cycle (33 − 1) // 28 + 1 = 2, after days 29 and 31: dose 3.
    assert admins[9]["day"] == 33 and admins[9]["course_label"] == "cycle 2 · dose 3"


def test_text_output_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json the plan prints as a schedule with dated day headings."""
    code, out, _ = run(capsys, *BASE, "--choose", "methylprednisolone=250")
    assert code == 0
    assert "Conditioning — day −5 · Thu 10 Jun 2027" in out
    assert (
        "Cyclophosphamide IV: 3,280 mg (82 kg actual weight), in 500 mL sodium chloride 0.9%, "
        "250 mL/h"
    ) in out


@pytest.mark.parametrize(
    ("flags", "field", "words"),
    [
        (["--weight", "abc"], "weight", "20–250 kg"),
        (["--weight", "600"], "weight", "600 kg is outside the accepted range 20–250 kg"),
        (["--weight", "0"], "weight", "20–250 kg"),
        (["--weight", "-5"], "weight", "20–250 kg"),
        (["--weight", "NaN"], "weight", "not a number"),
        (["--weight", "inf"], "weight", "not a number"),
        (["--height", "1.78"], "height", "metres"),
        (["--height", "300"], "height", "120–230 cm"),
        (["--age", "thirty"], "age", "0–120 years"),
        (["--day0", "2027-02-30"], "day0", "YYYY-MM-DD"),
        (
            ["--bsa-formula", "smith"],
            "bsa-formula",
            "mosteller, dubois, haycock, gehan-george, boyd",
        ),
        (["--protocol", "nope"], "protocol", "auto-hsct-ln"),
        (["--choose", "methylprednisolone=600"], "choose methylprednisolone", "80–500 mg/day"),
        (["--choose", "gcsf-mobilization=4"], "choose gcsf-mobilization", "5–10 mcg/kg/day"),
        (["--choose", "aspirin=5"], "choose aspirin", "no such item"),
        (["--choose", "cy-conditioning=30"], "choose cy-conditioning", "fixed protocol dose"),
        (["--reduce", "atg=75"], "reduce atg", "reason is required"),
        (["--reduce", "atg=0:CrCl 40 mL/min"], "reduce atg", "1–100%"),
        (["--reduce", "hydration=50:fluid overload"], "reduce hydration", "does not allow"),
        (["--creatinine", "1.1", "mmol"], "creatinine", "mg/dL, umol/L"),
        (["--creatinine", "45", "mg/dL"], "creatinine", "0.1–20 mg/dL"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], flags: list[str], field: str, words: str
) -> None:
    """Every bad flag: exit 2, the field and the accepted range on stderr."""
    args = list(BASE)
    for flag, value in zip(flags[::2], flags[1::2], strict=False):
        if flag in args and flag not in ("--choose", "--reduce"):
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    if flags[0] == "--creatinine":
        args = [*BASE, *flags]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert f"invalid {field}:" in err
    assert words in err


def test_missing_weight_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing required flag names itself and its range."""
    args = [a for a in BASE if a not in ("--weight", "82")]
    code, _, err = run(capsys, *args)
    assert code == 2
    assert "invalid weight: is missing: give --weight KG (accepted 20–250 kg)" in err


def test_arm_required_for_two_arm_protocol(capsys: pytest.CaptureFixture[str]) -> None:
    """ucmsc-vs-il2 without --arm lists the arms."""
    code, _, err = run(
        capsys, "plan", "--protocol", "ucmsc-vs-il2", "--weight", "55", "--height", "160",
        "--sex", "female", "--age", "29",
    )  # fmt: skip
    assert code == 2
    assert "invalid arm: this protocol has arms: choose one of ucmsc, il2" in err


def test_dose_above_protocol_is_refused_with_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    """A 'reduction' above 100% is a dose above the protocol dose: hard limit, exit 3."""
    code, out, err = run(capsys, *BASE, "--reduce", "atg=120:typo", "--json")
    assert code == 3
    assert "refused by a hard limit" in err
    atg = [a for a in json.loads(out)["administrations"] if a["item"] == "atg"]
    assert all(a["dose"] is None for a in atg)
    assert {a["no_dose"] for a in atg} == {"refused"}


def test_protocols_lists_the_four(capsys: pytest.CaptureFixture[str]) -> None:
    """`txdose protocols` names every shipped protocol and its arms."""
    code, out, _ = run(capsys, "protocols")
    assert code == 0
    for protocol_id in ("auto-hsct-ln", "msc-allogeneic", "msc-adipose", "ucmsc-vs-il2"):
        assert protocol_id in out
    assert "arms: ucmsc, il2" in out


def test_protocol_check_names_file_field_and_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A broken protocol file: exit 2 with the file, the field and the reason."""
    good = Path("resources/protocols/msc-adipose.toml").read_text(encoding="utf-8")
    broken = tmp_path / "msc-adipose.toml"
    broken.write_text(good.replace('dose = "10"', 'dose = "-10"'), encoding="utf-8")
    code, _, err = run(capsys, "protocol", "check", str(broken))
    assert code == 2
    assert "msc-adipose.toml" in err
    assert "items[1] (chlorpheniramine).dose" in err
    assert "greater than 0" in err
    code, out, _ = run(capsys, "protocol", "check", "resources/protocols/msc-adipose.toml")
    assert code == 0
    assert "OK" in out


def test_console_script_runs_cold() -> None:
    """The installed `txdose` script prints JSON from a fresh process."""
    script = Path(sys.executable).with_name("txdose")
    result = subprocess.run(
        [str(script), *BASE, "--json"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["anthropometrics"]["bsa_m2"] == "2.01"
    bad = subprocess.run(
        [str(script), *BASE[:3], "--weight", "heavy", "--height", "178", "--sex", "male",
         "--age", "50"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "invalid weight" in bad.stderr


def test_content_hash_ignores_how_values_were_typed() -> None:
    """5 vs 5.0 and the order of choices do not change a plan's content hash."""
    import datetime as dt
    from decimal import Decimal

    from app.services import compute, plan_content_hash
    from dosing.models import Patient, PlanInput, PlanOptions

    def plan(weight: str, choices: dict[str, Decimal]) -> str:
        return plan_content_hash(
            compute(
                PlanInput(
                    protocol_id="auto-hsct-ln",
                    patient=Patient(
                        age_years=50, sex="male", weight_kg=Decimal(weight), height_cm=Decimal(178)
                    ),
                    options=PlanOptions(day0_date=dt.date(2027, 6, 15)),
                    choices=choices,
                )
            )
        )

    methylprednisolone, gcsf = (
        ("methylprednisolone", Decimal("250")),
        ("gcsf-mobilization", Decimal("5.0")),
    )
    first = plan("82", dict([methylprednisolone, gcsf]))
    assert first == plan("82.0", dict([gcsf, (methylprednisolone[0], Decimal("250.00"))]))
    assert first != plan("83", dict([methylprednisolone, gcsf]))


@pytest.mark.parametrize(
    ("reference", "flagged", "words"),
    [
        ("74.5", True, "+10.1%"),  # 82 / 74.5 = 1.1007: just over 10%
        ("91.2", True, "-10.1%"),  # 82 / 91.2 = 0.8991
        ("75", False, ""),  # 82 / 75 = 1.0933: under 10%
    ],
)
def test_weight_change_of_ten_percent_is_flagged(
    capsys: pytest.CaptureFixture[str], reference: str, flagged: bool, words: str
) -> None:
    """A weight 10% or more away from the previous version's asks for re-verification."""
    plan = plan_json(capsys, "--reference-weight", reference)
    alerts = [a for a in plan["alerts"] if a["code"] == "weight-changed"]
    assert bool(alerts) is flagged
    if flagged:
        assert alerts[0]["severity"] == "soft"
        assert words in alerts[0]["message"]
        assert f"{reference} kg → 82 kg" in alerts[0]["message"]


def test_gui_entry_opens_the_window_with_store_actions(tmp_path: Path) -> None:
    """`txdose gui --exit-after-show` paints the window, installs the store's actions after
    the first paint, and exits 0 — with neither pydantic, the command line (argparse), the
    support log nor importlib.metadata loaded at the first paint (PySide6 itself imports
    argparse and logging). The log's start line, with the version it reads, is written
    after the first paint and still comes first in the log."""
    import os

    script = Path(sys.executable).with_name("txdose")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TXDOSE_DATA_DIR": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TXDOSE_USER": "smoke",
        "TXDOSE_LOG_DIR": str(tmp_path / "logs"),
    }
    probe = (
        "import sys, runpy; import ui.app as gui; real = gui.run_gui\n"
        "from PySide6.QtCore import QEvent, QObject\n"
        "from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "qt = QApplication(['txdose'])\n"
        "class FirstPaint(QObject):\n"
        "    seen = False\n"
        "    def eventFilter(self, watched, event):\n"
        "        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(\n"
        "                watched, QMainWindow):\n"
        "            self.seen = True\n"
        "            heavy = ('pydantic', 'app.cli', 'app.logs', 'importlib.metadata')\n"
        "            print('before paint:', [m for m in heavy if m in sys.modules])\n"
        "        return False\n"
        "watcher = FirstPaint(); qt.installEventFilter(watcher)\n"
        "def run(argv, exit_after_show=False, on_ready=None, before_load=None):\n"
        "    def ready(window):\n"
        "        on_ready(window)\n"
        "        names = [a.text().replace('&', '') for a in window.file_menu.actions()]\n"
        "        print('menu:', names)\n"
        "    return real(argv, exit_after_show, ready, before_load)\n"
        "gui.run_gui = run\n"
        "sys.argv = ['txdose', 'gui', '--exit-after-show']\n"
        "from app.__main__ import main; sys.exit(main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
        env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "before paint: []" in result.stdout
    assert "start-up:" in result.stdout
    log = (tmp_path / "logs" / "txdose.log").read_text(encoding="utf-8").splitlines()
    assert " INFO txdose: start: txdose " in log[0] and log[0].endswith(
        f", gui, python {sys.version.split()[0]}, {sys.platform}"
    ), log
    assert any("protocol file read: " in line for line in log[1:]), log
    menu = next(line for line in result.stdout.splitlines() if line.startswith("menu:"))
    for action in ("New", "Open", "Save", "Verify", "History"):
        assert action in menu
    assert script.exists()


def test_json_and_text_show_each_harvest_target(capsys: pytest.CaptureFixture[str]) -> None:
    """82 kg: CD34+ needed 2 × 82 = 164 × 10⁶, MNC needed 2 × 82 = 164 × 10⁸. One collection
    of 200 × 10⁶ CD34+ and 100 × 10⁸ MNC: CD34+ met, MNC not met (and G-CSF stopped on
    CD34+: the soft harvest-mnc-unmet alert)."""
    extra = ("--count", "2027-04-07:wbc=0.8", "--apheresis", "2027-04-12:200:100")
    plan = plan_json(
        capsys, "--choose", "methylprednisolone=500", "--choose", "gcsf-mobilization=5", *extra
    )
    assert plan["harvest"] == {
        "collections": 1,
        "targets": [
            {
                "target": "cd34",
                "unit": "10*6.{cells}",
                "needed": "164",
                "collected": "200",
                "met": True,
            },
            {
                "target": "mnc",
                "unit": "10*8.{cells}",
                "needed": "164",
                "collected": "100",
                "met": False,
            },
        ],
    }
    assert any(a["code"] == "harvest-mnc-unmet" for a in plan["alerts"])
    _, out, _ = run(capsys, *BASE, "--choose", "methylprednisolone=500", *extra)
    assert "CD34+: needed more than 164 × 10⁶, collected 200 × 10⁶ — met" in out
    assert "Mononuclear cells: needed more than 164 × 10⁸, collected 100 × 10⁸ — NOT MET" in out
