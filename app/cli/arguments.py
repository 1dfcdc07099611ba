"""The plan flags shared by ``txdose plan`` and ``txdose sheet``, and their reading into a
``PlanInput``: every bad flag is an ``InputError`` naming the field."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from typing import Any, NoReturn

from app.cli.exits import EXIT_INVALID
from app.text_support import check_printable
from dosing.errors import InputError
from dosing.models import (
    Acknowledgement,
    ApheresisYield,
    BsaFormula,
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

_RANGES = {
    "weight": f"accepted {WEIGHT_KG[0]}–{WEIGHT_KG[1]} kg",
    "height": f"accepted {HEIGHT_CM[0]}–{HEIGHT_CM[1]} cm",
    "age": f"accepted {AGE_YEARS[0]}–{AGE_YEARS[1]} years",
}


class CliParser(argparse.ArgumentParser):
    """argparse, but a usage error exits 2 with one readable line (and the usage)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"txdose: invalid input: {message}\n")


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
        name=check_printable("name", args.name),
        mrn=check_printable("MRN", args.mrn),
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
