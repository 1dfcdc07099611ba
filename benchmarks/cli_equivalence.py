"""Proof that a restructuring of the command line and the sheets changes no output.

Runs a fixed, seeded set of ``txdose plan`` invocations (every protocol and arm, every option,
text and JSON, and some refused inputs), ``txdose protocols``, and renders every sheet of a
few plans; it records exit code, stdout and stderr of each run and the text pypdf extracts
from each sheet. ``--record FILE`` writes them, ``--compare FILE`` checks them; both print the
sha256 of the whole record, so "before" and "after" can be quoted side by side.

    python benchmarks/cli_equivalence.py --record before.json
    python benchmarks/cli_equivalence.py --compare before.json
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROTOCOLS: dict[str, list[str | None]] = {
    "auto-hsct-ln": [None],
    "msc-adipose": [None],
    "msc-allogeneic": [None],
    "ucmsc-vs-il2": ["ucmsc", "il2", "ucmsc", "il2", None],
}
ITEMS = {
    "auto-hsct-ln": ["cy-mobilization", "cy-conditioning", "atg", "methylprednisolone",
                     "gcsf-mobilization", "gcsf-engraftment", "hydration"],
    "msc-adipose": ["msc", "hydrocortisone", "chlorpheniramine"],
    "msc-allogeneic": ["msc", "cy-pretreatment"],
    "ucmsc-vs-il2": ["msc", "il2"],
}  # fmt: skip
# Values the protocol accepts, so most runs compute a plan (a few refusals stay in on purpose).
CHOICES = {
    "auto-hsct-ln": ["methylprednisolone=250", "methylprednisolone=500", "gcsf-mobilization=5",
                     "gcsf-mobilization=10", "methylprednisolone=80", "atg=5"],
    "msc-allogeneic": ["cy-pretreatment=1000", "cy-pretreatment=750", "cy-pretreatment=600"],
}  # fmt: skip
REDUCIBLE = {"auto-hsct-ln": ["cy-conditioning", "atg"]}
FORMULAS = ["mosteller", "dubois", "haycock", "gehan-george", "boyd"]
RULES = ["actual", "ideal", "adjusted", "adjusted-if-over", "lesser-actual-ideal"]
PRINTED = dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC)


def invocations(count: int) -> list[list[str]]:
    rng = random.Random(20261201)
    runs: list[list[str]] = [["protocols"]]
    for index in range(count):
        protocol = rng.choice(list(PROTOCOLS))
        arm = rng.choice(PROTOCOLS[protocol])
        day0 = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        args = ["plan", "--protocol", protocol]
        if arm:
            args += ["--arm", arm]
        args += [
            "--weight", rng.choice(["45", "60", "82", "101.5", "126", "160", "60", "19"]),
            "--height", rng.choice(["150", "165", "178", "191.2"]),
            "--sex", rng.choice(["female", "male"]),
            "--age", rng.choice(["18", "35", "50", "67"]),
        ]  # fmt: skip
        if rng.random() < 0.8:
            args += ["--day0", day0.isoformat()]
        if rng.random() < 0.4:
            args += ["--mobilization-start", (day0 - dt.timedelta(days=70)).isoformat()]
        if rng.random() < 0.3:
            args += ["--treatment-start", (day0 + dt.timedelta(days=7)).isoformat()]
        if rng.random() < 0.4:
            args += ["--bsa-formula", rng.choice(FORMULAS)]
        if rng.random() < 0.2:
            args += ["--bsa-cap", rng.choice(["1.8", "2", "2.2"])]
        if rng.random() < 0.3:
            args += ["--dosing-weight", rng.choice(RULES)]
        if rng.random() < 0.3:
            args += ["--creatinine", *rng.choice([("0.9", "mg/dL"), ("1.6", "mg/dL"),
                                                  ("88", "umol/L"), ("140", "µmol/L")])]  # fmt: skip
        if rng.random() < 0.2:
            args += ["--prior-cyclophosphamide", rng.choice(["0", "3000", "12000"])]
        if rng.random() < 0.2:
            args += ["--reference-weight", rng.choice(["60", "75", "90"])]
        if rng.random() < 0.3:
            args += ["--name", "Ana Example", "--mrn", f"MRN{index:04d}", "--dob", "1990-03-14"]
        if rng.random() < 0.2:
            args += ["--weigh-date", (day0 - dt.timedelta(days=rng.randrange(1, 20))).isoformat()]
        if rng.random() < 0.5 and protocol in CHOICES:
            args += ["--choose", rng.choice(CHOICES[protocol])]
        if rng.random() < 0.5 and protocol in REDUCIBLE:
            args += ["--reduce", f"{rng.choice(REDUCIBLE[protocol])}={rng.choice(['50', '75'])}"
                     ":CrCl 45 mL/min"]  # fmt: skip
        if rng.random() < 0.2 and protocol == "auto-hsct-ln":
            args += ["--drop", f"{rng.choice(['atg', 'cy-conditioning'])}="
                     f"{rng.choice(['-2', '-3', '-4'])}:anaphylaxis"]  # fmt: skip
        if rng.random() < 0.2:
            args += ["--acknowledge", rng.choice(["bmi-high=checked", "choice-required=ok"])]
        if rng.random() < 0.2:
            count_day = day0 + dt.timedelta(days=rng.randrange(1, 14))
            args += ["--count", f"{count_day}:wbc={rng.choice(['0.5', '1.2'])},anc="
                     f"{rng.choice(['0.3', '0.8', '1.6'])}"]  # fmt: skip
        if rng.random() < 0.15:
            args += ["--apheresis", f"{day0 - dt.timedelta(days=60)}:150:130"]
        if rng.random() < 0.03:
            args += ["--weight", "abc"]
        if rng.random() < 0.5:
            args.append("--json")
        runs.append(args)
    return runs


def run_cli(args: list[str]) -> dict[str, object]:
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: object = main(args)
        except SystemExit as exc:
            code = exc.code
    return {"args": args, "code": code, "out": out.getvalue(), "err": err.getvalue()}


def sheet_texts() -> dict[str, str]:
    import pypdf

    from app.services import PlanMeta, compute, plan_content_hash
    from app.sheets import render_pdf
    from dosing.models import Patient, PlanInput, PlanOptions

    texts: dict[str, str] = {}
    cases = [
        ("auto-hsct-ln", None, "female", 60, 165, 35),
        ("auto-hsct-ln", None, "male", 126, 178, 50),
        ("msc-adipose", None, "female", 70, 160, 41),
        ("msc-allogeneic", None, "male", 80, 175, 30),
        ("ucmsc-vs-il2", "ucmsc", "female", 55, 158, 28),
        ("ucmsc-vs-il2", "il2", "male", 90, 185, 45),
    ]
    for protocol, arm, sex, weight, height, age in cases:
        plan_input = PlanInput(
            protocol_id=protocol,
            patient=Patient(
                name="Ana Example",
                mrn="MRN-1",
                age_years=age,
                sex=sex,
                weight_kg=weight,
                height_cm=height,
            ),
            options=PlanOptions(
                arm=arm,
                day0_date=dt.date(2027, 4, 12),
                mobilization_start_date=dt.date(2027, 2, 1),
                treatment_start_date=dt.date(2027, 4, 19),
            ),
        )
        plan = compute(plan_input)
        for status in ("draft", "verified"):
            meta = PlanMeta(
                status=status, content_hash=plan_content_hash(plan), printed_at=PRINTED,
                prepared_by="pharmacist A", verified_by="pharmacist B" if status == "verified"
                else None, plan_id="P1", version=1,
            )  # fmt: skip
            for sheet in ("nurse", "worksheet", "summary"):
                if sheet == "nurse" and plan.has_hard_alert:
                    continue
                pdf = render_pdf(plan, [sheet], meta)
                reader = pypdf.PdfReader(io.BytesIO(pdf))
                text = "\n\f".join(page.extract_text() for page in reader.pages)
                texts[f"{protocol}/{arm}/{weight}/{status}/{sheet}"] = text
    return texts


def record(count: int) -> dict[str, object]:
    return {"cli": [run_cli(args) for args in invocations(count)], "sheets": sheet_texts()}


def digest(data: dict[str, object]) -> str:
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(payload).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--record", metavar="FILE")
    group.add_argument("--compare", metavar="FILE")
    parser.add_argument("--count", type=int, default=600, help="plan invocations")
    options = parser.parse_args()
    data = record(options.count)
    print(f"{len(data['cli'])} CLI runs, {len(data['sheets'])} sheets; "  # type: ignore[arg-type]
          f"sha256 {digest(data)}")  # fmt: skip
    if options.record:
        Path(options.record).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return 0
    before = json.loads(Path(options.compare).read_text(encoding="utf-8"))
    print(f"recorded sha256 {digest(before)}")
    differ = 0
    for old, new in zip(before["cli"], data["cli"], strict=True):
        if old != new:
            differ += 1
            if differ <= 5:
                print(f"DIFFERS: {' '.join(old['args'])}")
    for key in before["sheets"]:
        if before["sheets"][key] != data["sheets"].get(key):
            differ += 1
            print(f"DIFFERS: sheet {key}")
    print("identical" if not differ else f"{differ} differences")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
