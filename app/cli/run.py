"""The ``txdose`` command line (DESIGN §6): scripting, integration and acceptance checks.

Exit codes: 0 plan computed; 2 invalid input (stderr names the field and the accepted
range); 3 refused by a hard limit; 4 the plan store refused. A person never sees a traceback.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence

from app.cli.arguments import CliParser, add_plan_arguments, cut_quoted
from app.cli.exits import EXIT_ERROR, EXIT_INVALID
from app.cli.plan_commands import (
    cmd_gui,
    cmd_plan,
    cmd_protocol_check,
    cmd_protocols,
    cmd_sheet,
)
from app.cli.store_commands import add_commands, add_store_options
from app.sheets._language import LANGUAGES
from app.sheets.registry import SHEET_NAMES
from dosing.errors import DosingError, InputError, ProtocolError


def build_parser() -> argparse.ArgumentParser:
    parser = CliParser(
        prog="txdose",
        description="Dosing calculator for stem-cell transplant protocols in refractory lupus "
        "nephritis. With no command, opens the window. `txdose --version`: versions.",
    )
    commands = parser.add_subparsers(dest="command", parser_class=CliParser)

    plan = commands.add_parser("plan", help="compute a plan and print it (text, or --json)")
    add_plan_arguments(plan)
    plan.add_argument("--json", action="store_true", help="print one JSON object (DESIGN §6)")
    plan.set_defaults(handler=cmd_plan)

    protocols = commands.add_parser("protocols", help="list the shipped and site protocols")
    protocols.set_defaults(handler=cmd_protocols)

    protocol = commands.add_parser("protocol", help="protocol file tools")
    protocol_commands = protocol.add_subparsers(dest="protocol_command", parser_class=CliParser)
    check = protocol_commands.add_parser("check", help="validate a protocol file")
    check.add_argument("file", metavar="FILE")
    check.set_defaults(handler=cmd_protocol_check)

    sheet = commands.add_parser("sheet", help="print sheets to a PDF")
    add_plan_arguments(sheet)
    sheet.add_argument(
        "--sheet",
        choices=(*SHEET_NAMES, "all"),
        default="all",
        help="which sheet (default all)",
    )
    sheet.add_argument(
        "--out",
        required=True,
        metavar="FILE.pdf",
        help="where to write the PDF: a new .pdf file, never the database, a folder or a device",
    )
    sheet.add_argument(
        "--force",
        action="store_true",
        help="replace an existing PDF that txdose wrote (any other existing file is refused)",
    )
    sheet.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    sheet.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of the sheets: en, zh_CN (Chinese) or bilingual (Chinese with the "
        "English beside it); doses keep mcg, units and thousands separators (default en)",
    )
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

    # Saved plans (issue 5): imported at the top like every other command, so a bug in them
    # fails loudly instead of the commands silently vanishing.
    plan.add_argument("--save", action="store_true", help="save the plan; prints its id")
    plan.add_argument(
        "--plan",
        metavar="ID",
        help="an edit of this saved plan (with --save: its next version); the weight of its "
        "last verified version is the reference weight",
    )
    for sub in (plan, sheet):
        add_store_options(sub)
    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``txdose``; every failure is one line on stderr and an exit code, never a
    traceback: 2 invalid input, 3 a hard limit, 4 the store refused, 1 an internal error."""
    try:
        code = _run(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    return code


def _run(arguments: list[str]) -> int:
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
        print(f"txdose: invalid {exc.field}: {cut_quoted(exc.message)}", file=sys.stderr)
        return EXIT_INVALID
    except ProtocolError as exc:
        print(f"txdose: protocol file {exc.source}: {exc.field}: {exc.reason}", file=sys.stderr)
        return EXIT_INVALID
    except DosingError as exc:
        print(f"txdose: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (BrokenPipeError, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug: one line a person can report, not a traceback
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        print(
            f"txdose: internal error ({type(exc).__name__}{': ' + reason if reason else ''}); "
            "nothing was computed — please report it",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    """The reader of our output has gone (``txdose plan … | head``): point stdout at devnull
    so the interpreter's final flush does not fail again (Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
