"""What every command that opens the plan store shares: ``--db``/``--user``, opening the
store with every failure turned into one sentence, and exit 4 for a refusal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

from app.cli.exits import EXIT_STORE

if TYPE_CHECKING:
    from app.store.service import Store


class _StoreFailure(Exception):
    """A store refusal already worded for a person; the handler turns it into exit 4."""


def _user_name(text: str) -> str:
    """``--user`` read when the command line is: a bad name stops ``plan … --save`` before
    the plan is printed, not after."""
    from dosing.errors import InputError
    from dosing.text import USER_LENGTH, read_text

    try:
        return read_text(text, "user", USER_LENGTH)
    except InputError as refused:
        raise argparse.ArgumentTypeError(refused.message) from None


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """``--db URL`` and ``--user NAME`` on any command that reads or writes saved plans."""
    group = parser.add_argument_group("saved plans")
    group.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="database URL: sqlite:///FILE, or postgresql+psycopg://USER:PASSWORD@HOST/DB for a "
        "ward (default: $TXDOSE_DATABASE_URL, else a SQLite file in your user data folder)",
    )
    group.add_argument(
        "--user",
        metavar="NAME",
        default=None,
        type=_user_name,
        help="who is acting (default: $TXDOSE_USER, else your login). Attribution, not "
        "authentication",
    )


# ---------------------------------------------------------------- plumbing


def _user(args: argparse.Namespace) -> str:
    """Who is acting: bounded, no control or text-direction characters (a name that prints
    differently from how it is stored would make the audit log lie), whoever gave it."""
    from app.store.identity import current_user
    from dosing.text import USER_LENGTH, read_text

    return read_text(current_user(getattr(args, "user", None)), "user", USER_LENGTH)


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Store]:
    """The store named by ``--db`` (or the default), with every store or database failure
    turned into one sentence (``_StoreFailure``)."""
    from app.store.errors import StoreError
    from app.store.identity import default_url

    url = getattr(args, "db", None) or default_url()
    store: Store | None = None
    try:
        from app.store.service import open_store

        store = open_store(url)
        yield store
    except StoreError as exc:
        raise _StoreFailure(str(exc)) from None
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in ("sqlalchemy", "alembic", "psycopg", "sqlite3"):
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise _StoreFailure(f"database {_safe(url)}: {reason}") from None
        raise
    finally:
        if store is not None:
            store.close()


def _safe(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(the database URL)"


def _handler(function: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return function(args)
        except _StoreFailure as exc:
            print(f"txdose: {exc}", file=sys.stderr)
            return EXIT_STORE

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def _fail(exc: _StoreFailure) -> NoReturn:
    """For the hooks the plan commands call mid-command: it cannot see exit 4, so exit here."""
    print(f"txdose: {exc}", file=sys.stderr)
    raise SystemExit(EXIT_STORE)
