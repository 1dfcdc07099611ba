"""Who is working and where the embedded database lives. Attribution, not authentication:
the name is the operating-system login (or ``--user`` / ``TXDOSE_USER``), never a password."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

APP_NAME = "txdose"
DATABASE_FILE = "txdose.sqlite3"


def current_user(override: str | None = None) -> str:
    """``override``, else ``TXDOSE_USER``, else the OS login."""
    for candidate in (override, os.environ.get("TXDOSE_USER")):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers): still say something true
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def data_dir() -> Path:
    """``TXDOSE_DATA_DIR`` (one per workstation in tests), else the user data folder."""
    override = os.environ.get("TXDOSE_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_url() -> str:
    """``TXDOSE_DATABASE_URL`` (a ward's PostgreSQL), else a SQLite file in the data folder."""
    url = os.environ.get("TXDOSE_DATABASE_URL")
    if url and url.strip():
        return url.strip()
    return f"sqlite:///{data_dir() / DATABASE_FILE}"


def same_user(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()
