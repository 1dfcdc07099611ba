"""The newest audit head this workstation has seen, kept outside the database.

Whoever holds the database can delete the last events and wind the recorded head back, or
delete every event: the chain that remains is intact. What they cannot reach is this file in
the user's data folder: a log shorter than what this workstation saw, or a different event at
a place it saw, is reported by ``audit verify``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from app.store.identity import data_dir

FILE = "audit-seen.json"


def _path() -> Path:
    return data_dir() / FILE


def _all() -> dict[str, list[object]]:
    try:
        value = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def seen(url: str) -> tuple[int, str] | None:
    """(seq, hash) of the newest event this workstation saw in the database at ``url``."""
    entry = _all().get(url)
    if isinstance(entry, list) and len(entry) == 2:
        seq, digest = entry
        if isinstance(seq, int) and isinstance(digest, str):
            return seq, digest
    return None


def remember(url: str, seq: int, digest: str) -> None:
    """Keep (seq, hash) if newer than what was seen; never fails a save over it."""
    known = seen(url)
    if known is not None and known[0] >= seq:
        return
    entries = _all()
    entries[url] = [seq, digest]
    try:
        folder = _path().parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".audit-seen-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(entries, out)
        os.replace(temporary, _path())
    except OSError:
        # a read-only profile loses only this extra check, not the save
        return


def seen_problems(url: str, events: dict[int, str], head_seq: int) -> tuple[str, ...]:
    """Sentences for a log that lost or replaced what this workstation saw."""
    known = seen(url)
    if known is None:
        return ()
    seq, digest = known
    if head_seq < seq:
        return (
            f"this workstation has seen event {seq}, but the log now ends at event {head_seq}: "
            "events were deleted and the log wound back outside txdose",
        )
    # an event missing below the head is already reported by the chain check
    if seq in events and events[seq] != digest:
        return (
            f"event {seq} is not the event this workstation saw there: the log was rewritten "
            "from that point outside txdose",
        )
    return ()
