"""Who is working and where the embedded database lives. Attribution, not authentication:
the name is the operating-system login (or ``--user`` / ``TXDOSE_USER``), never a password."""

from __future__ import annotations

import getpass
import os
import unicodedata
from pathlib import Path

from dosing.errors import InputError

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


def _ignorable(char: str) -> bool:
    # Unicode default-ignorables a reader cannot see: format characters (zero-width space and
    # joiners, soft hyphen, BOM, bidi marks), variation selectors, the combining grapheme joiner
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code in (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0)
    )


def canonical_user(name: str) -> str:
    """The form two names are compared in: NFKC (so "ａｌｉｃｅ" is "alice"), case folded,
    invisible characters removed, inner spaces collapsed."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if not _ignorable(c)).casefold()
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _script(char: str) -> str:
    # The first word of a letter's Unicode name is its script ("LATIN", "CYRILLIC", "GREEK")
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def checked_user(name: str) -> str:
    """``name`` as given, refused (``InputError``) when it could pass for someone else: a
    domain or host part (``alice@ward3``, ``WARD\\alice``: the same person appears under
    two names) or letters of more than one script (a Cyrillic "А" inside "Аlice")."""
    text = canonical_user(name)
    if not text:
        raise InputError("user", "is required: who is doing this")
    if "@" in text or "\\" in text or "/" in text:
        raise InputError(
            "user", f"'{name.strip()}' carries a domain or host part: give the plain user name"
        )
    scripts = sorted({_script(c) for c in text if c.isalpha()})
    if len(scripts) > 1:
        raise InputError(
            "user", f"'{name.strip()}' mixes letters of {' and '.join(scripts)}: retype the name"
        )
    return name


def same_user(a: str, b: str) -> bool:
    return canonical_user(a) == canonical_user(b)
