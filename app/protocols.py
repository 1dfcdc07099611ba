"""Finds and loads the protocol files: the shipped ones (``resources/protocols/``), then a
site's own folder when one is configured (``app.resources.site_protocols_dir``)."""

from __future__ import annotations

import logging
import os
import stat
from functools import cache
from pathlib import Path

from app import resources
from dosing.errors import InputError, ProtocolError
from dosing.protocol import Protocol, parse_protocol
from dosing.protocol_rules import check_quotes

PROTOCOL_DIR = resources.protocols_dir()
SOURCES_DIR = resources.sources_dir()
SHIPPED = "shipped"

_log = logging.getLogger("txdose.protocols")


# The shipped protocols are a few kB; a file far larger is not a protocol (and /dev/zero is
# endless), so at most this much is read.
MAX_PROTOCOL_BYTES = 1_000_000


def load_protocol_file(path: Path) -> Protocol:
    """Parse one file; a bad file raises ``ProtocolError`` with the file's name. Reads at
    most ``MAX_PROTOCOL_BYTES``; a FIFO, device or folder is refused without opening it
    (opening a FIFO would wait for a writer forever)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ProtocolError(str(path), "(file)", "is not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_PROTOCOL_BYTES + 1)
    except OSError as exc:
        raise ProtocolError(str(path), "(file)", f"cannot be read: {exc.strerror}") from None
    if len(data) > MAX_PROTOCOL_BYTES:
        raise ProtocolError(
            str(path), "(file)", f"is larger than {MAX_PROTOCOL_BYTES:,} bytes: not a protocol"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(str(path), "(file)", "is not UTF-8 text") from None
    try:
        protocol = parse_protocol(text, path.name)
    except RecursionError:
        raise ProtocolError(path.name, "TOML syntax", "is nested too deeply") from None
    if protocol.id != path.stem:
        raise ProtocolError(
            path.name, "id", f"'{protocol.id}' must match the file name '{path.stem}'"
        )
    check_quotes(protocol, path.name, lambda seed: _read_source(seed, path.parent))
    return protocol


def _read_source(seed: str, beside: Path) -> str | None:
    """A source document's text: a shipped one (``resources/sources/``), else one a site
    keeps beside its protocol file; ``None`` when neither exists. A seed is a file name,
    never a path, so a protocol file cannot make txdose read elsewhere."""
    if Path(seed).name != seed or seed.startswith("."):
        return None
    for folder in (SOURCES_DIR, beside):
        candidate = folder / seed
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8", errors="replace")
    return None


def protocol_folders() -> list[Path]:
    """The shipped folder first, then the site's own (if configured)."""
    site = resources.site_protocols_dir()
    return [PROTOCOL_DIR] if site is None else [PROTOCOL_DIR, site]


def protocol_origin(protocol_id: str) -> str:
    """``shipped``, or the site folder the protocol's file is in."""
    for folder in protocol_folders():
        if (folder / f"{protocol_id}.toml").is_file():
            return SHIPPED if folder == PROTOCOL_DIR else str(folder)
    raise InputError("protocol", f"'{protocol_id}' is not a protocol")


def load_protocols(directory: Path | None = None) -> dict[str, Protocol]:
    """Every protocol that loads, by id: the shipped ones, then the site's. A broken file
    does not hide the others: it is left out here and named by :func:`protocol_problems`;
    a site file reusing a shipped id is left out too (it would silently change a dose)."""
    return load_protocols_reporting(directory)[0]


def protocol_problems(directory: Path | None = None) -> tuple[ProtocolError, ...]:
    """The files that could not be loaded, each with its reason."""
    return load_protocols_reporting(directory)[1]


def load_protocols_reporting(
    directory: Path | None = None,
) -> tuple[dict[str, Protocol], tuple[ProtocolError, ...]]:
    folders = tuple(protocol_folders() if directory is None else [directory])
    return _load_folders(folders)


@cache
def _load_folders(
    folders: tuple[Path, ...],
) -> tuple[dict[str, Protocol], tuple[ProtocolError, ...]]:
    protocols: dict[str, Protocol] = {}
    problems: list[ProtocolError] = []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            try:
                protocol = _load_cached(path)
                if protocol.id in protocols:
                    raise ProtocolError(path.name, "id", f"'{protocol.id}' is already a protocol")
            except ProtocolError as exc:
                _log.warning(
                    "protocol file not loaded: %s: %s: %s", exc.source, exc.field, exc.reason
                )
                problems.append(exc)
                continue
            protocols[protocol.id] = protocol
    _log.info(
        "protocols loaded: %s",
        ", ".join(f"{p.id} v{p.version}" for p in protocols.values()) or "none",
    )
    return protocols, tuple(problems)


def get_protocol(protocol_id: str, directory: Path | None = None) -> Protocol:
    """One protocol by id, reading only its own file (a cold CLI start parses one file)."""
    folders = protocol_folders() if directory is None else [directory]
    if "/" in protocol_id or "\\" in protocol_id or protocol_id.startswith("."):
        raise InputError("protocol", "a protocol id is a name, not a path")
    for folder in folders:
        path = folder / f"{protocol_id}.toml"
        if path.is_file():
            return _load_cached(path)
    known = sorted(p.stem for folder in folders for p in folder.glob("*.toml"))
    raise InputError("protocol", f"'{protocol_id}' is not a protocol; known: {', '.join(known)}")


@cache
def _load_cached(path: Path) -> Protocol:
    protocol = load_protocol_file(path)
    _log.info("protocol file read: %s (%s v%s)", path, protocol.id, protocol.version)
    return protocol


def source_text(seed: str) -> str:
    return (SOURCES_DIR / seed).read_text(encoding="utf-8")
