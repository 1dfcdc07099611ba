"""The commands that compute or print a plan: ``plan``, ``protocols``, ``protocol check``,
``sheet`` and ``gui``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from app.cli.arguments import build_plan_input
from app.cli.exits import EXIT_HARD_LIMIT, EXIT_OK
from app.cli.output_file import checked_output, write_atomically
from app.cli.render import plan_json, plan_text
from app.cli.store_commands import (
    load_saved,
    record_print,
    save_edit,
    save_plan,
    with_verified_reference,
)
from dosing.models import ComputedPlan


def _compute(args: argparse.Namespace) -> ComputedPlan:
    from app.services import compute

    return compute(build_plan_input(args))


def cmd_plan(args: argparse.Namespace) -> int:
    editing = getattr(args, "plan", None)
    if editing:
        from app.services import compute

        # an edit of a saved plan is compared with its last verified version's weight
        plan = compute(with_verified_reference(args, editing, build_plan_input(args)))
    else:
        plan = _compute(args)
    if args.json:
        from app.services import dumps

        print(dumps(plan_json(plan)))
    else:
        print(plan_text(plan))
    if getattr(args, "save", False) and editing:
        print(f"saved: {save_edit(args, editing, plan)}", file=sys.stderr)
    elif getattr(args, "save", False):
        print(f"saved: {save_plan(args, plan.input, plan)}", file=sys.stderr)
    return _hard_limit_exit(plan)


def _hard_limit_exit(plan: ComputedPlan) -> int:
    hard = [alert for alert in plan.alerts if alert.severity == "hard"]
    for alert in hard:
        print(f"txdose: refused by a hard limit: {alert.message}", file=sys.stderr)
    return EXIT_HARD_LIMIT if hard else EXIT_OK


def cmd_protocols(args: argparse.Namespace) -> int:
    from app.protocols import load_protocols_reporting, protocol_origin

    protocols, problems = load_protocols_reporting()
    for protocol in protocols.values():
        arms = f"  arms: {', '.join(a.id for a in protocol.arms)}" if protocol.arms else ""
        print(f"{protocol.id:<16} v{protocol.version:<5} {protocol.title}{arms}")
        print(f"{'':<23} items: {', '.join(item.id for item in protocol.items)}")
        print(f"{'':<23} from: {protocol_origin(protocol.id)}")
    # A broken file does not hide the others: they are listed, it is named on stderr.
    for problem in problems:
        print(
            f"txdose: protocol file {problem.source}: {problem.field}: {problem.reason} "
            "(not loaded)",
            file=sys.stderr,
        )
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
    # Checked before anything is computed, loaded or audited: a refused --out changes nothing.
    out = checked_output(args.out, force=args.force, database_url=_database_url(args))
    if args.plan:
        plan, meta = load_saved(args, args.plan, args.version)
        meta = meta.model_copy(update={"paper": args.paper, "language": args.lang})
    else:
        plan = _compute(args)
        meta = PlanMeta(
            status="draft",
            content_hash=plan_content_hash(plan),
            printed_at=dt.datetime.now().astimezone(),
            paper=args.paper,
            language=args.lang,
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
    write_atomically(out, pdf)
    if args.plan:
        record_print(args, meta)  # only a sheet that was written is a print
    print(f"wrote {out} ({', '.join(which)}; {len(pdf):,} bytes)")
    return _hard_limit_exit(plan)


def _database_url(args: argparse.Namespace) -> str:
    from app.store.identity import default_url

    return getattr(args, "db", None) or default_url()


def cmd_gui(args: argparse.Namespace) -> int:
    from app.gui_entry import open_window

    return open_window(exit_after_show=getattr(args, "exit_after_show", False))
