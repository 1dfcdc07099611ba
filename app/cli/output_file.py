"""Where ``txdose sheet --out`` may write: a PDF that destroys nothing.

A mistyped ``--out`` once replaced the plan database with a PDF (issue 15). The rule: the
target is a ``.pdf`` path that is not the database, not a directory, not a device or FIFO;
an existing file is replaced only if txdose wrote it and ``--force`` is given. The PDF goes
to a temporary file beside the target and is renamed over it, so a failed write leaves the
old file (and nothing half-written) in place.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from dosing.errors import InputError

# How much of an existing file is read to recognise a PDF txdose wrote (its Info dictionary
# names txdose as the creator); sheets are far smaller than this.
_RECOGNISE_BYTES = 64 * 1024 * 1024
_TXDOSE_CREATOR = b"/Creator (txdose)"


def _written_by_txdose(path: Path) -> bool:
    with path.open("rb") as handle:
        data = handle.read(_RECOGNISE_BYTES)
    return data.startswith(b"%PDF-") and _TXDOSE_CREATOR in data


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and len(url) > len(prefix):
        return Path(url[len(prefix) :].split("?", 1)[0])
    return None


def checked_output(text: str, *, force: bool, database_url: str | None) -> Path:
    """The path ``--out`` names, or an ``InputError`` saying why nothing will be written."""
    out = Path(text).expanduser()
    if out.suffix.lower() != ".pdf":
        raise InputError("out", f"must be a .pdf file, not {text!r}: sheets are PDFs")
    target = out.resolve()  # a symlink is judged by what it points at
    database = _sqlite_file(database_url) if database_url else None
    if database is not None and database.expanduser().resolve() == target:
        raise InputError("out", f"{text} is the plan database: choose another file")
    try:
        info = target.stat()
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise InputError("out", f"folder {out.parent} does not exist") from None
        return out
    if stat.S_ISDIR(info.st_mode):
        raise InputError("out", f"{text} is a folder: give a file name ending in .pdf")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("out", f"{text} is not a regular file (a device or a pipe)")
    if not _written_by_txdose(target):
        raise InputError("out", f"{text} exists and is not a sheet txdose wrote: not replaced")
    if not force:
        raise InputError("out", f"{text} exists: give --force to replace it")
    return out


def write_atomically(out: Path, data: bytes) -> None:
    """``data`` at ``out`` through a temporary file in the same folder and a rename."""
    target = out.resolve()
    handle, temporary = tempfile.mkstemp(prefix=".txdose-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InputError("out", f"cannot write {out}: {exc.strerror or exc}") from None
