"""``txdose admin``: the ward's set-up, run once by whoever looks after the ward database.

- ``admin init-key``: create the ward key (32 random bytes, owner-only) in the user config
  folder (``--site``: the site folder), or use the one this workstation already holds, and
  record its fingerprint in the database so every later audit event is sealed with it.
- ``admin grant-workstation ROLE``: on a PostgreSQL ward, run as the owner role that ran the
  migrations; gives ROLE what a workstation needs and nothing more (README, "Ward set-up").

Exit codes as for the store commands: 0 done, 4 refused (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.exits import EXIT_OK


def add_admin_commands(commands: Any, parser_class: Any, add_store_options: Any) -> None:
    admin = commands.add_parser("admin", help="ward set-up: the ward key, database roles")
    admin_commands = admin.add_subparsers(dest="admin_command", parser_class=parser_class)
    admin.set_defaults(handler=lambda args: _usage(admin))
    init_key = admin_commands.add_parser(
        "init-key",
        help="create the ward key (or use this workstation's) and seal the audit log with it",
    )
    init_key.add_argument(
        "--site",
        action="store_true",
        help="create the key in the site config folder (for every user of this computer) "
        "instead of your own",
    )
    add_store_options(init_key)
    init_key.set_defaults(handler=cmd_init_key)
    grant = admin_commands.add_parser(
        "grant-workstation",
        help="PostgreSQL: give a workstation role INSERT and SELECT, never UPDATE or DELETE "
        "of audit events or saved versions (run as the owner role)",
    )
    grant.add_argument("role", metavar="ROLE", help="the role the workstations log in as")
    add_store_options(grant)
    grant.set_defaults(handler=cmd_grant_workstation)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def cmd_init_key(args: argparse.Namespace) -> int:
    from app.cli.store_access import _handler, _opened, _user
    from app.store import ward_key

    def run(args: argparse.Namespace) -> int:
        with _opened(args) as store:
            loaded = ward_key.load_key()
            if loaded is None:
                path = ward_key.site_key_path() if args.site else ward_key.user_key_path()
                key, made = ward_key.create_key(path), "created"
            else:
                (key, path), made = loaded, "already on this workstation"
            first = store.seal_with(key, user=_user(args))
            url = store.url
        print(f"ward key {ward_key.fingerprint(key)}: {path} ({made}, readable by you alone)")
        print(f"database {url}: audit events from event {first} on are sealed with it")
        print(
            f"Copy {path} to every workstation of the ward ({ward_key.user_key_path()} for "
            f"one user, or {ward_key.site_key_path()}), with permissions 600; keep a copy "
            "offline. A workstation without it cannot read or write this database."
        )
        return EXIT_OK

    return _handler(run)(args)


def cmd_grant_workstation(args: argparse.Namespace) -> int:
    from app.cli.store_access import _handler, _opened
    from app.store.roles import grant_workstation

    def run(args: argparse.Namespace) -> int:
        with _opened(args) as store:
            statements = grant_workstation(store, args.role)
        for statement in statements:
            print(statement + ";")
        print(f"granted: {args.role} may now save, verify and read plans, nothing more")
        return EXIT_OK

    return _handler(run)(args)
