"""The saved-plan commands of the ``txdose`` CLI (issue 5): ``plans``, ``verify``, ``audit``,
and the ``--save`` / ``sheet --plan`` hooks the plan commands call.

``check-sheet CODE``: 0 the paper is the current verified version, 5 it is superseded,
cancelled or was never verified, 6 this database never had it.

Exit code 4: the store refused (no such plan or version, a conflicting save, a verification
mismatch, the preparer verifying their own plan, a protocol changed since the save, a broken
audit chain, a database that cannot be opened). One line ``txdose: …`` on stderr, no traceback.

Importing this module is cheap (the CLI does it on every run): the database layer is
imported inside the handlers only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

from app.cli.exits import EXIT_OK, EXIT_STORE
from app.cli.render import plan_json, plan_text
from app.cli.store_access import (
    _fail,
    _handler,
    _opened,
    _StoreFailure,
    _user,
)
from app.cli.store_access import (
    add_store_options as add_store_options,
)
from dosing.errors import InputError
from dosing.numbers import read_number, shown
from dosing.text import MRN_LENGTH, read_reason, read_text

if TYPE_CHECKING:
    from app.services import PlanMeta
    from app.store.records import VersionRecord
    from dosing.models import ComputedPlan, PlanInput


_STATUSES = ("draft", "verified", "superseded", "cancelled")
ID_LENGTH = 40  # a plan id, a protocol id, an arm: short words, never paragraphs
INITIALS_LENGTH = 16


def _version_number(text: str) -> int:
    """``--version N`` in the one number grammar: argparse's ``int`` read ``1_0`` as 10 and
    Devanagari or padded digits as whatever they were."""
    try:
        number = read_number(text, "version")
    except InputError as refused:
        raise argparse.ArgumentTypeError(refused.message) from None
    if number != number.to_integral_value() or number < 1:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not a version: a whole number from 1")
    return int(number)  # bounded: read_number refuses more than a couple of dozen digits


# ---------------------------------------------------------------- options


def _parser_class(commands: Any) -> Any:
    return getattr(commands, "_parser_class", argparse.ArgumentParser)


def add_commands(commands: Any) -> None:
    """Register ``plans list|show|cancel|verify``, ``verify`` and ``audit verify``."""
    parser_class = _parser_class(commands)

    plans = commands.add_parser("plans", help="saved plans: list, show, cancel")
    plans_commands = plans.add_subparsers(dest="plans_command", parser_class=parser_class)
    plans.set_defaults(handler=lambda args: _usage(plans))
    listing = plans_commands.add_parser("list", help="list saved plans, newest change first")
    listing.add_argument("--mrn", metavar="M", help="MRN, or its first characters")
    listing.add_argument("--status", choices=_STATUSES, help="only plans in this status")
    add_store_options(listing)
    listing.set_defaults(handler=cmd_plans_list)
    show = plans_commands.add_parser("show", help="show a saved plan (recomputed)")
    show.add_argument("plan_id", metavar="ID")
    show.add_argument(
        "--version", type=_version_number, metavar="N", help="a version (default: current)"
    )
    show.add_argument("--json", action="store_true", help="one JSON object (an audited export)")
    add_store_options(show)
    show.set_defaults(handler=cmd_plans_show)
    cancel = plans_commands.add_parser("cancel", help="withdraw a plan (a reason is required)")
    cancel.add_argument("plan_id", metavar="ID")
    cancel.add_argument("--reason", required=True, help="why the plan is withdrawn")
    add_store_options(cancel)
    cancel.set_defaults(handler=cmd_plans_cancel)

    verify = commands.add_parser(
        "verify", help="verify a saved plan: re-enter weight, height, protocol (and arm) blind"
    )
    add_verify_arguments(verify)
    # the same command under `plans`, beside list/show/cancel
    add_verify_arguments(plans_commands.add_parser("verify", help="the same as `txdose verify`"))

    audit = commands.add_parser("audit", help="the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", parser_class=parser_class)
    audit.set_defaults(handler=lambda args: _usage(audit))
    check = audit_commands.add_parser(
        "verify", help="check the audit chain; names any edited or deleted event"
    )
    add_store_options(check)
    check.set_defaults(handler=cmd_audit_verify)

    paper = commands.add_parser(
        "check-sheet",
        help="is this printed sheet the current verified version? Exit 0 yes; 5 superseded, "
        "cancelled or never verified; 6 unknown here (another database, mistyped, altered)",
    )
    paper.add_argument("code", metavar="CODE", help="the check code at the foot of the page")
    add_store_options(paper)
    paper.set_defaults(handler=cmd_check_sheet)

    from app.cli.admin_commands import add_admin_commands

    add_admin_commands(commands, parser_class, add_store_options)


def add_verify_arguments(verify: argparse.ArgumentParser) -> None:
    verify.add_argument("plan_id", metavar="ID")
    verify.add_argument("--weight", required=True, metavar="KG", help="weight from the chart, kg")
    verify.add_argument("--height", required=True, metavar="CM", help="height from the chart, cm")
    verify.add_argument("--protocol", required=True, metavar="ID", help="protocol id")
    verify.add_argument("--arm", metavar="ID", help="arm, for protocols with arms")
    verify.add_argument(
        "--confirm",
        action="append",
        default=[],
        metavar="KEY",
        help="confirm one adjustment of the plan, once each (repeatable): reduce:ITEM, "
        "drop:ITEM@DAY, choose:ITEM, acknowledge:CODE[@ITEM]. Without them, a matching "
        "re-entry is refused with the list of keys and what each one is",
    )
    verify.add_argument("--initials", metavar="XX", help="your initials, for the sign-off")
    verify.add_argument(
        "--version", type=_version_number, metavar="N", help="the version you checked"
    )
    add_store_options(verify)
    verify.set_defaults(handler=cmd_verify)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _word(text: str | None, field: str) -> str | None:
    """A plan id, protocol id, arm or initials as typed: bounded and printable, or None."""
    if text is None:
        return None
    return read_text(text, field, INITIALS_LENGTH if field == "initials" else ID_LENGTH)


def _local(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else "—"


# ---------------------------------------------------------------- hooks for the plan commands


def save_plan(args: argparse.Namespace, plan_input: PlanInput, plan: ComputedPlan) -> str:
    """``txdose plan … --save``: always a new plan (version 1, draft); returns its id."""
    if plan.input != plan_input:
        raise ValueError("save_plan: the computed plan is not of these inputs")
    try:
        with _opened(args) as store:
            return store.save_new(plan_input, user=_user(args)).plan_id
    except _StoreFailure as exc:
        _fail(exc)


def with_verified_reference(
    args: argparse.Namespace, plan_id: str, plan_input: PlanInput
) -> PlanInput:
    """``txdose plan --plan ID …``: the inputs with the weight of the plan's last verified
    version as their reference weight, so a change of 10% or more since what a second
    pharmacist checked is the ``weight-changed`` alert without ``--reference-weight``."""
    from app.store.verifying import with_reference_weight
    from dosing.display import format_number
    from dosing.errors import InputError

    try:
        with _opened(args) as store:
            reference = store.reference_weight(plan_id)
    except _StoreFailure as exc:
        _fail(exc)
    given = plan_input.options.reference_weight_kg
    if reference is not None and given is not None and given != reference:
        raise InputError(
            "reference weight",
            f"{format_number(given)} kg given, but the last verified version of plan "
            f"{plan_id} weighed {format_number(reference)} kg, and that is its reference "
            "weight: leave --reference-weight out",
        )
    return with_reference_weight(plan_input, reference)


def save_edit(args: argparse.Namespace, plan_id: str, plan: ComputedPlan) -> str:
    """``txdose plan --plan ID … --save``: a new version on top of the current one."""
    try:
        with _opened(args) as store:
            base = store.get(plan_id).version
            saved = store.save_version(plan_id, plan.input, base_version=base, user=_user(args))
    except _StoreFailure as exc:
        _fail(exc)
    if not saved.created:
        return f"{saved.plan_id} version {saved.version} (nothing changed: no new version)"
    return f"{saved.plan_id} version {saved.version}"


def load_saved(
    args: argparse.Namespace, plan_id: str, version: int | None
) -> tuple[ComputedPlan, PlanMeta]:
    """A saved version recomputed from its inputs, for ``txdose sheet --plan ID``.

    Refused (exit 4) when the recomputation does not reproduce the saved content hash: the
    protocol file changed since, and a sheet would print doses nobody verified; or when the
    version disagrees with its audit events. The print is audited by ``record_print`` once
    the PDF is written, never before.
    """
    try:
        with _opened(args) as store:
            record, plan = store.load(plan_id, version)
    except _StoreFailure as exc:
        _fail(exc)
    return plan, record.sheet_meta()


def record_print(args: argparse.Namespace, meta: PlanMeta) -> None:
    """The audit event for a sheet of a saved plan that was written to ``--out``."""
    try:
        with _opened(args) as store:
            store.record(
                "print",
                user=_user(args),
                plan_id=meta.plan_id,
                version=meta.version,
                sheet=getattr(args, "sheet", None),
                out=str(getattr(args, "out", "") or ""),
                to="file",
                status=meta.status,
                content_hash=meta.content_hash,
            )
    except _StoreFailure as exc:
        _fail(exc)


# ---------------------------------------------------------------- commands


@_handler
def cmd_plans_list(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        mrn = read_text(args.mrn, "mrn", MRN_LENGTH) if args.mrn is not None else None
        rows = store.list_plans(mrn_prefix=mrn, status=args.status, limit=None)
    if not rows:
        print("no saved plans" + (" match" if args.mrn or args.status else ""), file=sys.stderr)
        return EXIT_OK
    header = ("ID", "MRN", "NAME", "PROTOCOL", "V", "STATUS", "CHANGED", "BY")
    table = [header] + [
        (
            r.plan_id,
            r.mrn,
            r.patient_name or "—",
            r.protocol_id,
            str(r.version),
            r.status,
            _local(r.updated_at),
            r.updated_by,
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return EXIT_OK


@_handler
def cmd_plans_show(args: argparse.Namespace) -> int:
    from app.store.errors import ProtocolChangedError
    from app.store.reading import recompute

    with _opened(args) as store:
        # a draft shown to anyone but its preparer is a "viewed" event: that person can no
        # longer verify it blind
        record = store.show(
            _word(args.plan_id, "plan") or "", args.version, user=_user(args), via="plans show"
        )
        versions = store.history(record.plan_id)
        plan: ComputedPlan | None
        try:
            plan = recompute(record)
            problem = None
        except ProtocolChangedError as exc:
            plan, problem = None, str(exc)
        if args.json and plan is not None:
            store.record(
                "export",
                user=_user(args),
                plan_id=record.plan_id,
                version=record.version,
                format="json",
                status=record.status,
                content_hash=record.content_hash,
            )
    if problem is not None:
        raise _StoreFailure(problem)
    assert plan is not None
    if args.json:
        from app.services import dumps

        print(
            dumps(
                {
                    "plan_id": record.plan_id,
                    "version": record.version,
                    "status": record.status,
                    "mrn": record.mrn,
                    "patient_name": record.patient_name,
                    "content_hash": record.content_hash,
                    "prepared_by": record.prepared_by,
                    "prepared_at": record.created_at.isoformat(),
                    "verified_by": record.verified_by_signed,
                    "verified_at": record.verified_at.isoformat() if record.verified_at else None,
                    "versions": [
                        {
                            "version": v.version,
                            "status": v.status,
                            "created_by": v.created_by,
                            "created_at": v.created_at.isoformat(),
                            "verified_by": v.verified_by,
                        }
                        for v in versions
                    ],
                    "input": record.plan_input.model_dump(mode="json"),
                    "plan": plan_json(plan),
                }
            )
        )
        return EXIT_OK
    print(f"Plan {record.plan_id} — {record.patient_name or '(no name)'}, MRN {record.mrn}")
    print(
        f"Version {record.version} of {len(versions)}: {record.status.upper()}, "
        f"content {record.content_hash} (reproduced by recomputing)"
    )
    print(
        f"Prepared by {record.prepared_by} at {_local(record.created_at)}"
        + (
            f"; verified by {record.verified_by_signed} at {_local(record.verified_at)}"
            if record.verified_by
            else "; not verified"
        )
    )
    print("Versions:")
    for v in versions:
        signed = f", verified by {v.verified_by_signed}" if v.verified_by else ""
        print(
            f"  v{v.version}  {v.status:<10}  {_measured(v)}  {v.created_by} "
            f"{_local(v.created_at)}{signed}" + (f" — {v.note}" if v.note else "")
        )
    print()
    print(plan_text(plan))
    return EXIT_OK


def _measured(version: VersionRecord) -> str:
    """``60 kg · 165 cm · BSA 1.66 m²``: each version's measurements, side by side."""
    from app.store.errors import ProtocolChangedError
    from app.store.history import figures
    from app.store.reading import recompute

    try:
        plan: ComputedPlan | None = recompute(version)
    except ProtocolChangedError:
        plan = None
    weight, height, bsa = figures(version, plan)
    return f"{weight} · {height} · BSA {bsa}"


@_handler
def cmd_plans_cancel(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        record = store.cancel(
            _word(args.plan_id, "plan") or "",
            user=_user(args),
            reason=read_reason(args.reason, "reason"),
        )
    print(
        f"cancelled: plan {record.plan_id} (version {record.version}) by {record.closed_by}: "
        f"{record.close_reason}"
    )
    return EXIT_OK


@_handler
def cmd_verify(args: argparse.Namespace) -> int:
    from app.store.errors import UnconfirmedError
    from app.store.records import BlindEntry
    from dosing.validation import check_height_cm, check_weight_kg, parse_decimal

    entry = BlindEntry(
        weight_kg=check_weight_kg(parse_decimal(args.weight, "weight", "kg")),
        height_cm=check_height_cm(parse_decimal(args.height, "height", "cm")),
        protocol_id=_word(args.protocol, "protocol") or "",
        arm=_word(args.arm, "arm") or None,
    )
    user, initials = _user(args), _word(args.initials, "initials")
    with _opened(args) as store:
        try:
            record = store.verify(
                _word(args.plan_id, "plan") or "",
                entry,
                user=user,
                initials=initials,
                version=args.version,
                confirmed=[key.strip() for key in args.confirm],
            )
        except UnconfirmedError as exc:
            head = str(exc).split(" The adjustments: ", 1)[0]
            listed = "; ".join(f"--confirm {key} ({what})" for key, what in exc.required)
            raise _StoreFailure(f"{head} Confirm each one: {listed}") from None
    confirmed = len(args.confirm)
    print(
        f"verified: plan {record.plan_id} version {record.version} by "
        f"{record.verified_by_signed}; prepared by {record.prepared_by}"
        + (
            f"; {confirmed} adjustment{'s' if confirmed != 1 else ''} confirmed"
            if confirmed
            else ""
        )
    )
    return EXIT_OK


@_handler
def cmd_audit_verify(args: argparse.Namespace) -> int:
    with _opened(args) as store:
        report = store.verify_audit()
    if report.ok:
        checked = "hash and link" if report.limits else "hash, link and seal of the ward key"
        print(f"audit log intact: {report.events} events, every {checked} checks out")
        for limit in report.limits:
            print(f"not checked: {limit}")
        return EXIT_OK
    print(
        f"txdose: the audit log has been tampered with ({len(report.problems)} problem"
        f"{'s' if len(report.problems) > 1 else ''} in {report.events} events):",
        file=sys.stderr,
    )
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_STORE


@_handler
def cmd_check_sheet(args: argparse.Namespace) -> int:
    from app.cli.exits import EXIT_PAPER_NOT_CURRENT, EXIT_PAPER_UNKNOWN
    from app.store.check_code import parse_check_code
    from app.store.paper import check_paper

    code = parse_check_code(args.code)  # InputError: exit 2, naming the code
    with _opened(args) as store:
        result = check_paper(store, code)
    print(f"{result.verdict}: {result.message}")
    return {"current": EXIT_OK, "superseded": EXIT_PAPER_NOT_CURRENT}.get(
        result.verdict, EXIT_PAPER_UNKNOWN
    )
