"""The ``txdose`` command line (DESIGN §6): scripting, integration and acceptance checks.

Exit codes: 0 plan computed; 2 invalid input (stderr names the field and the accepted
range); 3 refused by a hard limit. A person never sees a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from dosing.display import format_number
from dosing.errors import DosingError, InputError, ProtocolError
from dosing.models import (
    Acknowledgement,
    ApheresisYield,
    BsaFormula,
    ComputedPlan,
    CreatinineUnit,
    DailyCount,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    SerumCreatinine,
    Sex,
)
from dosing.protocol import DosingWeightRule
from dosing.validation import AGE_YEARS, HEIGHT_CM, WEIGHT_KG, parse_decimal

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_HARD_LIMIT = 3

_RANGES = {
    "weight": f"accepted {WEIGHT_KG[0]}–{WEIGHT_KG[1]} kg",
    "height": f"accepted {HEIGHT_CM[0]}–{HEIGHT_CM[1]} cm",
    "age": f"accepted {AGE_YEARS[0]}–{AGE_YEARS[1]} years",
}


class _ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error exits 2 with one readable line (and the usage)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"txdose: invalid input: {message}\n")


# ---------------------------------------------------------------- plan arguments


def add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    """The patient, protocol and option flags shared by ``plan`` and ``sheet``."""
    patient = parser.add_argument_group("patient")
    patient.add_argument("--weight", metavar="KG", help="actual body weight, kg (20–250)")
    patient.add_argument("--height", metavar="CM", help="height, cm (120–230)")
    patient.add_argument("--sex", metavar="female|male")
    patient.add_argument("--age", metavar="YEARS", help="age in whole years")
    patient.add_argument("--name", default="", help="patient name (printed on sheets)")
    patient.add_argument("--mrn", default="", help="medical record number")
    patient.add_argument("--dob", metavar="YYYY-MM-DD", help="date of birth")
    patient.add_argument("--weigh-date", metavar="YYYY-MM-DD", help="date the weight was measured")
    patient.add_argument(
        "--creatinine", nargs=2, metavar=("VALUE", "UNIT"), help="serum creatinine, mg/dL or umol/L"
    )
    patient.add_argument(
        "--prior-cyclophosphamide", metavar="MG", help="prior cumulative cyclophosphamide, mg"
    )
    protocol = parser.add_argument_group("protocol and options")
    protocol.add_argument("--protocol", metavar="ID", help="protocol id (see `txdose protocols`)")
    protocol.add_argument("--arm", metavar="ID", help="arm, for protocols with arms")
    protocol.add_argument(
        "--day0", metavar="YYYY-MM-DD", help="date of day 0 (transplant/infusion)"
    )
    protocol.add_argument("--mobilization-start", metavar="YYYY-MM-DD", help="mobilization day 1")
    protocol.add_argument("--treatment-start", metavar="YYYY-MM-DD", help="treatment day 1 (IL-2)")
    protocol.add_argument(
        "--bsa-formula",
        metavar="NAME",
        help="mosteller (default), dubois, haycock, gehan-george, boyd",
    )
    protocol.add_argument(
        "--bsa-cap", metavar="M2", help="cap the BSA used for doses at this value"
    )
    protocol.add_argument(
        "--reference-weight",
        metavar="KG",
        help="the weight the previous version was computed with (a change of 10%% or more is flagged)",
    )
    protocol.add_argument(
        "--dosing-weight",
        metavar="RULE",
        help="actual, ideal, adjusted, adjusted-if-over, lesser-actual-ideal (items that allow it)",
    )
    adjust = parser.add_argument_group("adjustments")
    adjust.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="ITEM=VALUE",
        help="a value inside a protocol range, or a prescriber-entered dose (repeatable)",
    )
    adjust.add_argument(
        "--reduce",
        action="append",
        default=[],
        metavar="ITEM=PERCENT:REASON",
        help="give PERCENT of the protocol dose, with a reason (repeatable)",
    )
    adjust.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="ITEM=DAY[:REASON]",
        help="drop one day of an item (repeatable)",
    )
    adjust.add_argument(
        "--acknowledge",
        action="append",
        default=[],
        metavar="CODE[@ITEM]=REASON",
        help="acknowledge a soft alert with a reason (repeatable)",
    )
    counts = parser.add_argument_group("counts")
    counts.add_argument(
        "--count",
        action="append",
        default=[],
        metavar="DATE:wbc=N,anc=N",
        help="blood counts of a morning, × 10⁹/L (repeatable)",
    )
    counts.add_argument(
        "--apheresis",
        action="append",
        default=[],
        metavar="DATE:CD34:MNC",
        help="one collection: CD34+ × 10⁶ cells and mononuclear cells × 10⁸ cells (repeatable)",
    )


def _required(value: str | None, field: str, flag: str) -> str:
    if value is None or not value.strip():
        extra = f" ({_RANGES[field]})" if field in _RANGES else ""
        raise InputError(field, f"is missing: give {flag}{extra}")
    return value


def _number(text: str, field: str, unit: str = "") -> Decimal:
    try:
        return parse_decimal(text, field, unit)
    except InputError as exc:
        if field in _RANGES:
            raise InputError(field, f"{exc.message} ({_RANGES[field]})") from None
        raise


def _date(text: str | None, field: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            field, f"'{text}' is not a date: use YYYY-MM-DD (e.g. 2027-04-12)"
        ) from None


def _enum(text: str | None, field: str, kind: Any) -> Any:
    if text is None:
        return None
    try:
        return kind(text.strip().lower())
    except ValueError:
        accepted = ", ".join(member.value for member in kind)
        raise InputError(field, f"'{text}' is not one of: {accepted}") from None


def _split(text: str, separator: str, field: str, form: str) -> tuple[str, str]:
    left, found, right = text.partition(separator)
    if not found or not left.strip() or not right.strip():
        raise InputError(field, f"'{text}' should look like {form}")
    return left.strip(), right.strip()


def build_plan_input(args: argparse.Namespace) -> PlanInput:
    """Turn the command-line flags into a ``PlanInput``; any bad flag is an ``InputError``."""
    protocol_id = _required(args.protocol, "protocol", "--protocol ID (see `txdose protocols`)")
    weight = _number(_required(args.weight, "weight", "--weight KG"), "weight", "kg")
    height = _number(_required(args.height, "height", "--height CM"), "height", "cm")
    sex = _enum(_required(args.sex, "sex", "--sex female|male"), "sex", Sex)
    age_text = _required(args.age, "age", "--age YEARS")
    age_number = _number(age_text, "age", "years")
    if age_number != age_number.to_integral_value():
        raise InputError("age", f"'{age_text}' is not a whole number of years ({_RANGES['age']})")
    age = int(age_number)
    if not AGE_YEARS[0] <= age <= AGE_YEARS[1]:
        raise InputError("age", f"{age} years is outside the {_RANGES['age']}")
    creatinine = None
    if args.creatinine:
        value_text, unit_text = args.creatinine
        unit_key = unit_text.strip().replace("µ", "u").replace("μ", "u")
        units = {u.value.lower(): u for u in CreatinineUnit}
        if unit_key.lower() not in units:
            raise InputError("creatinine", f"unit '{unit_text}' is not one of: mg/dL, umol/L")
        creatinine = SerumCreatinine(
            value=_number(value_text, "creatinine"), unit=units[unit_key.lower()]
        )
    patient = Patient(
        name=args.name,
        mrn=args.mrn,
        date_of_birth=_date(args.dob, "dob"),
        age_years=age,
        sex=sex,
        weight_kg=weight,
        height_cm=height,
        weigh_date=_date(args.weigh_date, "weigh-date"),
        serum_creatinine=creatinine,
        prior_cyclophosphamide_mg=(
            _number(args.prior_cyclophosphamide, "prior cyclophosphamide", "mg")
            if args.prior_cyclophosphamide is not None
            else Decimal(0)
        ),
    )
    options = PlanOptions(
        bsa_formula=_enum(args.bsa_formula, "bsa-formula", BsaFormula) or BsaFormula.MOSTELLER,
        bsa_cap_m2=_number(args.bsa_cap, "BSA cap", "m²") if args.bsa_cap is not None else None,
        dosing_weight_rule=_enum(args.dosing_weight, "dosing-weight", DosingWeightRule),
        day0_date=_date(args.day0, "day0"),
        mobilization_start_date=_date(args.mobilization_start, "mobilization-start"),
        treatment_start_date=_date(args.treatment_start, "treatment-start"),
        arm=args.arm,
        reference_weight_kg=(
            _number(args.reference_weight, "reference weight", "kg")
            if args.reference_weight is not None
            else None
        ),
    )
    choices: dict[str, Decimal] = {}
    for text in args.choose:
        item, value = _split(text, "=", "choose", "ITEM=VALUE, e.g. methylprednisolone=250")
        choices[item] = _number(value, f"choose {item}")
    reductions: dict[str, Reduction] = {}
    for text in args.reduce:
        item, rest = _split(text, "=", "reduce", "ITEM=PERCENT:REASON, e.g. atg=75:CrCl 45 mL/min")
        percent_text, _, reason = rest.partition(":")
        if not reason.strip():
            raise InputError(f"reduce {item}", "a reason is required: ITEM=PERCENT:REASON")
        percent = _number(percent_text.rstrip("% "), f"reduce {item}", "%")
        reductions[item] = Reduction(percent=percent, reason=reason.strip())
    dropped = []
    for text in args.drop:
        item, rest = _split(text, "=", "drop", "ITEM=DAY[:REASON], e.g. atg=-2:anaphylaxis")
        day_text, _, reason = rest.partition(":")
        day = _number(day_text.replace("−", "-"), f"drop {item}")
        if day != day.to_integral_value():
            raise InputError(f"drop {item}", f"'{day_text}' is not a day number")
        dropped.append(DroppedDay(item=item, day=int(day), reason=reason.strip()))
    acknowledgements = []
    for text in args.acknowledge:
        target, reason = _split(text, "=", "acknowledge", "CODE[@ITEM]=REASON")
        code, _, item_id = target.partition("@")
        acknowledgements.append(Acknowledgement(code=code, item=item_id or None, reason=reason))
    return PlanInput(
        protocol_id=protocol_id,
        patient=patient,
        options=options,
        choices=choices,
        reductions=reductions,
        dropped_days=tuple(dropped),
        counts=tuple(_count(text) for text in args.count),
        apheresis=tuple(_apheresis(text) for text in args.apheresis),
        acknowledgements=tuple(acknowledgements),
    )


def _count(text: str) -> DailyCount:
    date_text, values = _split(text, ":", "count", "DATE:wbc=N,anc=N, e.g. 2027-04-14:anc=0.8")
    date = _date(date_text, "count")
    assert date is not None
    parsed: dict[str, Decimal] = {}
    for part in values.split(","):
        name, value = _split(part, "=", "count", "DATE:wbc=N,anc=N")
        if name.lower() not in ("wbc", "anc"):
            raise InputError("count", f"'{name}' is not a count: use wbc or anc")
        parsed[name.lower()] = _number(value, f"{name.upper()} {date_text}", "× 10⁹/L")
    return DailyCount(date=date, wbc_10e9_per_l=parsed.get("wbc"), anc_10e9_per_l=parsed.get("anc"))


def _apheresis(text: str) -> ApheresisYield:
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(
            "apheresis", f"'{text}' should look like DATE:CD34:MNC, e.g. 2027-02-12:150:130"
        )
    date = _date(parts[0], "apheresis")
    assert date is not None
    return ApheresisYield(
        date=date,
        cd34_10e6=_number(parts[1], f"CD34+ yield {parts[0]}", "× 10⁶ cells"),
        mnc_10e8=_number(parts[2], f"MNC yield {parts[0]}", "× 10⁸ cells"),
    )


# ---------------------------------------------------------------- output


def plan_json(plan: ComputedPlan) -> dict[str, Any]:
    """The JSON object of DESIGN §6 (UCUM unit codes; decimal strings), plus a few extras
    (``day_label``, ``status``, ``dose.protocol_value``) that scripts find useful."""
    values = plan.anthropometrics
    return {
        "protocol": {"id": plan.protocol_id, "version": plan.protocol_version, "arm": plan.arm},
        "anthropometrics": {
            "bsa_m2": values.bsa_m2,
            "bsa_unrounded_m2": values.bsa_unrounded_m2,
            "bsa_formula": values.bsa_formula.value,
            "bsa_capped": values.bsa_capped,
            "ibw_kg": values.ibw_kg,
            "adjbw_kg": values.adjbw_kg,
            "bmi": values.bmi,
            "crcl_ml_min": values.crcl_ml_min,
            "egfr_ml_min_173m2": values.egfr_ml_min_173m2,
        },
        "administrations": [
            {
                "item": a.item,
                "drug": a.drug,
                "phase": a.phase,
                "day": a.day,
                "day_label": a.day_label,
                "date": a.date,
                "status": a.status,
                "condition": a.condition,
                "dose": (
                    {
                        "value": a.dose.value,
                        "unit": a.dose.ucum,
                        "display": a.dose.display,
                        "unrounded": a.dose.unrounded,
                        "protocol_value": a.dose.protocol_value,
                    }
                    if a.dose is not None
                    else None
                ),
                "no_dose": a.no_dose,
                "route": a.route,
                "volume_ml": a.volume_ml,
                "rate_ml_per_h": a.rate_ml_per_h,
                "reduced_percent": a.reduced_percent,
                "dosing_weight_kg": a.dosing_weight_kg,
                "trace": a.trace,
            }
            for a in plan.administrations
        ],
        "totals": [{"item": t.item, "value": t.value, "unit": t.ucum} for t in plan.totals],
        "drug_totals": [
            {
                "drug": d.drug,
                "plan_mg": d.plan_mg,
                "prior_mg": d.prior_mg,
                "cumulative_mg": d.cumulative_mg,
                "cumulative_mg_per_kg": d.cumulative_mg_per_kg,
                "cumulative_g_per_m2": d.cumulative_g_per_m2,
            }
            for d in plan.drug_totals
        ],
        "alerts": [
            {
                "severity": a.severity,
                "code": a.code,
                "message": a.message,
                "item": a.item,
                "acknowledged": a.acknowledged,
            }
            for a in plan.alerts
        ],
    }


def plan_text(plan: ComputedPlan) -> str:
    """A readable schedule for a terminal: one block per phase and day."""
    values = plan.anthropometrics
    patient = plan.input.patient
    lines = [
        f"{plan.protocol_title} ({plan.protocol_id} v{plan.protocol_version})"
        + (f", arm {plan.arm}" if plan.arm else ""),
        f"Patient: {patient.sex.value}, {patient.age_years} years, {format_number(values.weight_kg)} kg, "
        f"{format_number(values.height_cm)} cm",
        f"BSA {format_number(values.bsa_m2)} m² ({values.bsa_formula.value}); IBW "
        f"{format_number(values.ibw_kg)} kg; adjusted BW {format_number(values.adjbw_kg)} kg "
        f"(factor {format_number(values.adjbw_factor)}); BMI {format_number(values.bmi)} kg/m²"
        + (
            f"; CrCl {format_number(values.crcl_ml_min)} mL/min"
            if values.crcl_ml_min is not None
            else ""
        )
        + (
            f"; eGFR {format_number(values.egfr_ml_min_173m2)} mL/min/1.73 m²"
            if values.egfr_ml_min_173m2 is not None
            else ""
        ),
    ]
    current: tuple[str, str] | None = None
    for admin in plan.administrations:
        heading = (admin.phase_name, admin.day_label)
        if heading != current:
            current = heading
            date = f" · {admin.date.strftime('%a %d %b %Y')}" if admin.date else ""
            lines.append("")
            lines.append(f"{admin.phase_name} — {admin.day_label}{date}")
        if admin.dose is not None:
            dose = admin.dose.display
        elif admin.no_dose == "dropped":
            dose = "DROPPED"
        elif admin.no_dose == "local-protocol":
            dose = "drug and dose per local protocol"
        else:
            dose = f"NO DOSE — {admin.trace or 'see alerts'}"
        route = "" if admin.route == "per local protocol" else f" {admin.route}"
        rate = f", {format_number(admin.rate_ml_per_h)} mL/h" if admin.rate_ml_per_h else ""
        lines.append(f"  {admin.name}{route}: {dose}{rate}")
        if admin.condition:
            lines.append(f"      condition: {admin.condition}")
        if admin.note and admin.status != "scheduled":
            lines.append(f"      {admin.note}")
    if plan.totals:
        lines += ["", "Course totals:"]
        names = {item.item: item.name for item in plan.items}
        lines += [f"  {names.get(t.item, t.item)} ({t.item}): {t.display}" for t in plan.totals]
    for total in plan.drug_totals:
        if total.drug == "cyclophosphamide":
            lines.append(f"  Cumulative cyclophosphamide: {total.display}")
    if plan.alerts:
        lines += ["", "Alerts:"]
        for alert in plan.alerts:
            mark = " (acknowledged)" if alert.acknowledged else ""
            lines.append(f"  [{alert.severity}] {alert.code}: {alert.message}{mark}")
    return "\n".join(lines)


# ---------------------------------------------------------------- commands


def _compute(args: argparse.Namespace) -> ComputedPlan:
    from app.services import compute

    return compute(build_plan_input(args))


def cmd_plan(args: argparse.Namespace) -> int:
    plan = _compute(args)
    if args.json:
        from app.services import dumps

        print(dumps(plan_json(plan)))
    else:
        print(plan_text(plan))
    if getattr(args, "save", False):
        from app import store_cli

        print(f"saved: {store_cli.save_plan(args, plan.input, plan)}", file=sys.stderr)
    return _hard_limit_exit(plan)


def _hard_limit_exit(plan: ComputedPlan) -> int:
    hard = [alert for alert in plan.alerts if alert.severity == "hard"]
    for alert in hard:
        print(f"txdose: refused by a hard limit: {alert.message}", file=sys.stderr)
    return EXIT_HARD_LIMIT if hard else EXIT_OK


def cmd_protocols(args: argparse.Namespace) -> int:
    from app.protocols import load_protocols, protocol_origin

    for protocol in load_protocols().values():
        arms = f"  arms: {', '.join(a.id for a in protocol.arms)}" if protocol.arms else ""
        print(f"{protocol.id:<16} v{protocol.version:<5} {protocol.title}{arms}")
        print(f"{'':<23} items: {', '.join(item.id for item in protocol.items)}")
        print(f"{'':<23} from: {protocol_origin(protocol.id)}")
    return EXIT_OK


def cmd_protocol_check(args: argparse.Namespace) -> int:
    from app.protocols import load_protocol_file

    protocol = load_protocol_file(Path(args.file))
    print(f"OK: {args.file}: {protocol.id} v{protocol.version}, {len(protocol.items)} items")
    return EXIT_OK


def cmd_sheet(args: argparse.Namespace) -> int:
    from app import sheets
    from app.services import PlanMeta, plan_content_hash

    which = list(sheets.SHEET_NAMES) if args.sheet == "all" else [args.sheet]
    if args.plan:
        from app import store_cli

        plan, meta = store_cli.load_saved(args, args.plan, args.version)
        meta = meta.model_copy(update={"paper": args.paper})
    else:
        plan = _compute(args)
        meta = PlanMeta(
            status="draft",
            content_hash=plan_content_hash(plan),
            printed_at=dt.datetime.now().astimezone(),
            paper=args.paper,
        )
    if plan.has_hard_alert and "nurse" in which:
        _hard_limit_exit(plan)
        print(
            "txdose: the administration schedule is not printed while a hard limit applies; "
            "the worksheet can be printed with --sheet worksheet",
            file=sys.stderr,
        )
        return EXIT_HARD_LIMIT
    pdf = sheets.render_pdf(plan, which, meta)
    out = Path(args.out)
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise InputError("out", f"cannot write {out}: {exc.strerror}") from None
    print(f"wrote {out} ({', '.join(which)}; {len(pdf):,} bytes)")
    return _hard_limit_exit(plan)


def cmd_gui(args: argparse.Namespace) -> int:
    from app.gui_entry import open_window

    return open_window(exit_after_show=getattr(args, "exit_after_show", False))


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="txdose",
        description="Dosing calculator for stem-cell transplant protocols in refractory lupus "
        "nephritis. With no command, opens the window. `txdose --version`: versions.",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_ArgumentParser)

    plan = commands.add_parser("plan", help="compute a plan and print it (text, or --json)")
    add_plan_arguments(plan)
    plan.add_argument("--json", action="store_true", help="print one JSON object (DESIGN §6)")
    plan.set_defaults(handler=cmd_plan)

    protocols = commands.add_parser("protocols", help="list the shipped and site protocols")
    protocols.set_defaults(handler=cmd_protocols)

    protocol = commands.add_parser("protocol", help="protocol file tools")
    protocol_commands = protocol.add_subparsers(
        dest="protocol_command", parser_class=_ArgumentParser
    )
    check = protocol_commands.add_parser("check", help="validate a protocol file")
    check.add_argument("file", metavar="FILE")
    check.set_defaults(handler=cmd_protocol_check)

    sheet = commands.add_parser("sheet", help="print sheets to a PDF")
    add_plan_arguments(sheet)
    sheet.add_argument(
        "--sheet",
        choices=("nurse", "worksheet", "summary", "all"),
        default="all",
        help="which sheet (default all)",
    )
    sheet.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    sheet.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    sheet.add_argument("--plan", metavar="ID", help="print a saved plan instead of computing one")
    sheet.add_argument("--version", type=int, metavar="N", help="version of the saved plan")
    sheet.set_defaults(handler=cmd_sheet)

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument(
        "--exit-after-show",
        action="store_true",
        help="open, wait for the first paint, print the start-up time and exit",
    )
    gui.set_defaults(handler=cmd_gui)

    _add_store_commands(parser, commands, plan, sheet)
    return parser


def _add_store_commands(
    parser: argparse.ArgumentParser,
    commands: Any,
    plan: argparse.ArgumentParser,
    sheet: argparse.ArgumentParser,
) -> None:
    """Saved plans (issue 5) live in ``app.store_cli``; absent, the CLI works without them."""
    try:
        from app import store_cli
    except ImportError:
        return
    plan.add_argument("--save", action="store_true", help="save the plan; prints its id")
    for sub in (plan, sheet):
        store_cli.add_store_options(sub)
    store_cli.add_commands(commands, add_plan_arguments, build_plan_input)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        if args.command == "protocol":
            parser.parse_args(["protocol", "--help"])
        return cmd_gui(args)
    try:
        return handler(args)
    except InputError as exc:
        print(f"txdose: invalid {exc.field}: {exc.message}", file=sys.stderr)
        return EXIT_INVALID
    except ProtocolError as exc:
        print(f"txdose: protocol file {exc.source}: {exc.field}: {exc.reason}", file=sys.stderr)
        return EXIT_INVALID
    except DosingError as exc:
        print(f"txdose: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
