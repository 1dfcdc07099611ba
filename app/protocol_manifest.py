"""The committed manifest of the shipped protocols' versions: ``resources/protocols/versions.lock``.

A protocol's ``version`` is printed on every sheet and kept with every saved plan, so a file
whose doses, days, limits or texts changed must not keep its old version number. The lock
records, per shipped file, its id, its version and a hash of its content;
``tests/test_protocol_versions.py`` fails when a file's content changed but its version did
not (bump it), or when the lock is stale (update it: ``python -m app.protocol_manifest
--write``).

The content hash is of the parsed file (every key and value, canonical JSON), without its
``version``: a comment or a blank line changes no dose and needs no new version; any value
does. One line per protocol: ``id<TAB>version<TAB>sha256:<hex>``; ``#`` starts a comment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOCK_NAME = "versions.lock"
SHIPPED_FOLDER = Path(__file__).resolve().parents[1] / "resources" / "protocols"
_HEADER = (
    "# The shipped protocols' versions and content hashes (app/protocol_manifest.py).\n"
    "# A file whose content changes needs a new version: bump `version` in the file, add a\n"
    "# line to the version history in README.md, then: .venv/bin/python -m app.protocol_manifest --write\n"
)


@dataclass(frozen=True)
class Entry:
    protocol_id: str
    version: str
    content_hash: str


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"not a TOML value: {value!r}")


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of the file's parsed content without its ``version``."""
    data = tomllib.loads(text)
    data.pop("version", None)
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_plain)
    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()


def entry_of(path: Path) -> Entry:
    text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    # By file name: a protocol's id must be its file's name (app.protocols refuses others).
    return Entry(path.stem, str(data.get("version", "")), content_hash(text))


def read_lock(path: Path) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        protocol_id, version, digest = line.split("\t")
        entries[protocol_id] = Entry(protocol_id, version, digest)
    return entries


def lock_text(folder: Path) -> str:
    lines = [_HEADER.rstrip("\n")]
    for path in sorted(folder.glob("*.toml")):
        entry = entry_of(path)
        lines.append(f"{entry.protocol_id}\t{entry.version}\t{entry.content_hash}")
    return "\n".join(lines) + "\n"


def problems(folder: Path) -> list[str]:
    """What is wrong between the protocol files of ``folder`` and its lock, one sentence each
    telling the developer what to do; empty when they agree."""
    lock_path = folder / LOCK_NAME
    update = f"update {lock_path.name} (.venv/bin/python -m app.protocol_manifest --write)"
    if not lock_path.is_file():
        return [f"{lock_path} is missing: {update}"]
    locked = read_lock(lock_path)
    found: list[str] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.toml")):
        entry = entry_of(path)
        seen.add(entry.protocol_id)
        old = locked.get(entry.protocol_id)
        if old is None:
            found.append(f"{path.name}: not in {lock_path.name}: {update}")
        elif old.content_hash != entry.content_hash and old.version == entry.version:
            found.append(
                f"{path.name}: its content changed but its version is still {entry.version}: "
                f"bump `version` in the file (and add a line to the version history in "
                f"README.md), then {update}"
            )
        elif old.version != entry.version or old.content_hash != entry.content_hash:
            found.append(
                f"{path.name}: version {entry.version} is not the version {old.version} in "
                f"{lock_path.name}: {update}"
            )
    for gone in sorted(set(locked) - seen):
        found.append(f"{lock_path.name} lists {gone}, which has no file here: {update}")
    return found


def main(argv: list[str] | None = None) -> int:
    """``python -m app.protocol_manifest [--write] [FOLDER]``: print the lock for the
    checkout's ``resources/protocols`` (or FOLDER), or write it. A development command: the
    lock is checked by the tests, not shipped."""
    args = list(sys.argv[1:] if argv is None else argv)
    write = "--write" in args
    rest = [a for a in args if a != "--write"]
    folder = Path(rest[0]) if rest else SHIPPED_FOLDER
    text = lock_text(folder)
    if write:
        (folder / LOCK_NAME).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
