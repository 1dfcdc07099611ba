"""The plan flags shared by ``txdose plan`` and ``txdose sheet``, and their reading into a
``PlanInput``: every bad flag is an ``InputError`` naming the field."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from decimal import Decimal
from typing import Any, NoReturn

from app.cli.exits import EXIT_INVALID
from app.text_support import check_printable
from dosing.codes import AlertCode
from dosing.errors import InputError, MissingInput
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
from dosing.numbers import read_number, shown
from dosing.protocol import DosingWeightRule
from dosing.text import MRN_LENGTH, NAME_LENGTH, read_reason, read_text
from dosing.validation import AGE_YEARS, HEIGHT_CM, WEIGHT_KG, accepted, read_age_years

_RANGES = {
    "weight": accepted(WEIGHT_KG, "kg"),
    "height": accepted(HEIGHT_CM, "cm"),
    "age": accepted(AGE_YEARS, "years"),
}


class Once(argparse.Action):
    """A flag that takes one value refuses a second one: with argparse's own ``store`` the
    last one silently wins (``--weight 60 … --weight 80`` dosed for 80 kg)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        given: set[str] = namespace.__dict__.setdefault("_given_once", set())
        if self.dest in given:
            raise argparse.ArgumentError(
                self, f"given twice (first {_values(getattr(namespace, self.dest))}, then "
                f"{_values(values)}): give it once"
            )  # fmt: skip
        given.add(self.dest)
        setattr(namespace, self.dest, values)


def _values(values: Any) -> str:
    text = " ".join(values) if isinstance(values, list | tuple) else str(values)
    return f"'{shown(text)}'"


class CliParser(argparse.ArgumentParser):
    """argparse, but a usage error exits 2 with one readable line (and the usage), an echoed
    value is cut to a readable length, and a one-value flag refuses a second value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", None, Once)
        self.register("action", "store", Once)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"txdose: invalid input: {cut_quoted(message)}\n")


def cut_quoted(message: str) -> str:
    """Every quoted value in ``message`` cut to ~40 characters (argparse echoes whole)."""
    return re.sub(r"'([^']{41,})'", lambda m: f"'{shown(m.group(1))}'", message)


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
        metavar="ITEM=DAY:REASON",
        help="drop one day of an item, with a reason (repeatable)",
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
        raise MissingInput(field, f"give {flag}{extra}")
    return value


def _number(text: str, field: str, unit: str = "") -> Decimal:
    try:
        return read_number(text, field, unit)
    except InputError as exc:
        if field in _RANGES:
            raise InputError(field, f"{exc.message} ({_RANGES[field]})") from None
        raise


# Dates a plan can hold: a birth date, a weigh date, day 0… all fall in these years, and the
# bound keeps date arithmetic far from datetime's limits (day0 9999-12-31 overflowed).
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(text: str | None, field: str) -> dt.date | None:
    if text is None:
        return None
    cleaned = text.strip()
    form = f"'{shown(text)}' is not a date: use YYYY-MM-DD (e.g. 2027-04-12)"
    if not _ISO_DATE.fullmatch(cleaned):
        raise InputError(field, form)
    try:
        date = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise InputError(field, form) from None
    if not DATE_RANGE[0] <= date <= DATE_RANGE[1]:
        raise InputError(
            field, f"{date.isoformat()} is outside the accepted years {DATE_RANGE[0].year}–"
            f"{DATE_RANGE[1].year}"
        )  # fmt: skip
    return date


def _enum(text: str | None, field: str, kind: Any) -> Any:
    if text is None:
        return None
    try:
        return kind(text.strip().lower())
    except ValueError:
        accepted = ", ".join(member.value for member in kind)
        raise InputError(field, f"'{shown(text)}' is not one of: {accepted}") from None


def _split(text: str, separator: str, field: str, form: str) -> tuple[str, str]:
    left, found, right = text.partition(separator)
    if not found or not left.strip() or not right.strip():
        raise InputError(field, f"'{shown(text)}' should look like {form}")
    return left.strip(), right.strip()


def _once(seen: set[Any], key: Any, field: str, what: str) -> None:
    """A per-item flag refuses a second value for the same key (the last one used to win)."""
    if key in seen:
        raise InputError(field, f"{what} is given twice: give it once")
    seen.add(key)


def _whole(text: str, field: str, unit: str, expected: str) -> int:
    number = _number(text, field, unit)
    if number != number.to_integral_value():
        raise InputError(field, f"'{shown(text)}' is not a whole number ({expected})")
    return int(number)  # bounded: read_number refuses more than a couple of dozen digits


def build_plan_input(args: argparse.Namespace) -> PlanInput:
    """Turn the command-line flags into a ``PlanInput``; any bad flag is an ``InputError``."""
    protocol_id = _required(args.protocol, "protocol", "--protocol ID (see `txdose protocols`)")
    weight = _number(_required(args.weight, "weight", "--weight KG"), "weight", "kg")
    height = _number(_required(args.height, "height", "--height CM"), "height", "cm")
    sex = _enum(_required(args.sex, "sex", "--sex female|male"), "sex", Sex)
    age = read_age_years(_required(args.age, "age", "--age YEARS"))
    creatinine = None
    if args.creatinine:
        value_text, unit_text = args.creatinine
        unit_key = unit_text.strip().replace("µ", "u").replace("μ", "u")
        units = {u.value.lower(): u for u in CreatinineUnit}
        if unit_key.lower() not in units:
            raise InputError(
                "creatinine", f"unit '{shown(unit_text)}' is not one of: mg/dL, umol/L"
            )
        creatinine = SerumCreatinine(
            value=_number(value_text, "creatinine"), unit=units[unit_key.lower()]
        )
    day0 = _date(args.day0, "day0")
    dob = _date(args.dob, "dob")
    weigh_date = _date(args.weigh_date, "weigh-date")
    _check_dates(dob, age, weigh_date, day0)
    patient = Patient(
        name=check_printable("name", read_text(args.name or "", "name", NAME_LENGTH)),
        mrn=check_printable("MRN", read_text(args.mrn or "", "mrn", MRN_LENGTH)),
        date_of_birth=dob,
        age_years=age,
        sex=sex,
        weight_kg=weight,
        height_cm=height,
        weigh_date=weigh_date,
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
        day0_date=day0,
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
        _once(set(choices), item, f"choose {item}", "a value for this item")
        choices[item] = _number(value, f"choose {item}")
    reductions: dict[str, Reduction] = {}
    for text in args.reduce:
        item, rest = _split(text, "=", "reduce", "ITEM=PERCENT:REASON, e.g. atg=75:CrCl 45 mL/min")
        _once(set(reductions), item, f"reduce {item}", "a reduction of this item")
        percent_text, _, reason = rest.partition(":")
        percent = _number(percent_text.rstrip("% "), f"reduce {item}", "%")
        reductions[item] = Reduction(percent=percent, reason=read_reason(reason, f"reduce {item}"))
    dropped = []
    dropped_keys: set[tuple[str, int]] = set()
    for text in args.drop:
        item, rest = _split(text, "=", "drop", "ITEM=DAY:REASON, e.g. atg=-2:anaphylaxis")
        day_text, _, reason = rest.partition(":")
        day = _whole(day_text, f"drop {item}", "", "a day number, e.g. -2")
        _once(dropped_keys, (item, day), f"drop {item}", f"day {day}")
        dropped.append(DroppedDay(item=item, day=day, reason=read_reason(reason, f"drop {item}")))
    acknowledgements = []
    acknowledged: set[tuple[str, str | None]] = set()
    for text in args.acknowledge:
        target, reason = _split(text, "=", "acknowledge", "CODE[@ITEM]=REASON")
        code, _, item_id = target.partition("@")
        field = f"acknowledge {shown(target)}"
        _once(acknowledged, (code, item_id or None), field, "an acknowledgement of this alert")
        acknowledgements.append(
            Acknowledgement(code=code, item=item_id or None, reason=read_reason(reason, field))
        )
    counts = []
    count_dates: set[dt.date] = set()
    for text in args.count:
        count = _count(text)
        _once(count_dates, count.date, f"count {count.date}", "a count for this date")
        counts.append(count)
    apheresis = tuple(_apheresis(text) for text in args.apheresis)
    _check_apheresis(apheresis, day0)
    plan_input = PlanInput(
        protocol_id=protocol_id,
        patient=patient,
        options=options,
        choices=choices,
        reductions=reductions,
        dropped_days=tuple(dropped),
        counts=tuple(counts),
        apheresis=apheresis,
        acknowledgements=tuple(acknowledgements),
    )
    _check_acknowledgements(plan_input)
    return plan_input


def _check_dates(
    dob: dt.date | None, age: int, weigh_date: dt.date | None, day0: dt.date | None
) -> None:
    """Facts that cannot all be true are refused: a birth date in the future, or one that
    gives another age than ``--age`` on any day between today and day 0 (the age may be
    written as of either)."""
    today = dt.date.today()
    if dob is not None:
        if dob > today:
            raise InputError("dob", f"{dob.isoformat()} is in the future")
        ages = {_age_on(dob, when) for when in (today, day0) if when is not None}
        if age not in ages:
            said = " or ".join(str(a) for a in sorted(ages))
            raise InputError(
                "dob", f"born {dob.isoformat()} is {said} years old, but --age says {age}"
            )
    if weigh_date is not None and weigh_date > today:
        raise InputError("weigh-date", f"{weigh_date.isoformat()} is in the future")


def _age_on(dob: dt.date, when: dt.date) -> int:
    return when.year - dob.year - ((when.month, when.day) < (dob.month, dob.day))


def _check_apheresis(yields: tuple[ApheresisYield, ...], day0: dt.date | None) -> None:
    """Cells are collected before they are given back: a collection dated after the
    reinfusion (day 0) is a typing error."""
    seen: set[dt.date] = set()
    for entry in yields:
        _once(seen, entry.date, f"apheresis {entry.date}", "a collection on this date")
        if day0 is not None and entry.date > day0:
            raise InputError(
                f"apheresis {entry.date}",
                f"is after the reinfusion on day 0 ({day0.isoformat()}): collections come first",
            )


def _check_acknowledgements(plan_input: PlanInput) -> None:
    """An acknowledgement names an alert txdose can raise, and an item of the protocol."""
    if not plan_input.acknowledgements:
        return
    from app.protocols import get_protocol

    protocol = get_protocol(plan_input.protocol_id)
    items = {item.id for item in protocol.items}
    codes = {str(code) for code in AlertCode} | {
        item.alert.code for item in protocol.items if item.alert is not None
    }
    for ack in plan_input.acknowledgements:
        field = f"acknowledge {shown(ack.code)}"
        if ack.code not in codes:
            raise InputError(
                field,
                f"'{shown(ack.code)}' is not an alert code; known: {', '.join(sorted(codes))}",
            )
        if ack.item is not None and ack.item not in items:
            raise InputError(
                field, f"'{shown(ack.item)}' is not an item of {protocol.id}; items: "
                f"{', '.join(sorted(items))}"
            )  # fmt: skip


def _count(text: str) -> DailyCount:
    date_text, values = _split(text, ":", "count", "DATE:wbc=N,anc=N, e.g. 2027-04-14:anc=0.8")
    date = _date(date_text, "count")
    assert date is not None
    parsed: dict[str, Decimal] = {}
    for part in values.split(","):
        name, value = _split(part, "=", "count", "DATE:wbc=N,anc=N")
        if name.lower() not in ("wbc", "anc"):
            raise InputError("count", f"'{shown(name)}' is not a count: use wbc or anc")
        _once(set(parsed), name.lower(), f"count {date}", f"{name.upper()}")
        parsed[name.lower()] = _number(value, f"{name.upper()} {date}", "× 10⁹/L")
    return DailyCount(date=date, wbc_10e9_per_l=parsed.get("wbc"), anc_10e9_per_l=parsed.get("anc"))


def _apheresis(text: str) -> ApheresisYield:
    parts = text.split(":")
    if len(parts) != 3:
        raise InputError(
            "apheresis",
            f"'{shown(text)}' should look like DATE:CD34:MNC, e.g. 2027-02-12:150:130",
        )
    date = _date(parts[0], "apheresis")
    assert date is not None
    return ApheresisYield(
        date=date,
        cd34_10e6=_number(parts[1], f"CD34+ yield {date}", "× 10⁶ cells"),
        mnc_10e8=_number(parts[2], f"MNC yield {date}", "× 10⁸ cells"),
    )
