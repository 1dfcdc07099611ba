"""Finds and loads the protocol files: the shipped ones (``resources/protocols/``), then a
site's own folder when one is configured (``app.resources.site_protocols_dir``)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from app import resources
from dosing.errors import InputError, ProtocolError
from dosing.protocol import Protocol, parse_protocol

PROTOCOL_DIR = resources.protocols_dir()
SOURCES_DIR = resources.sources_dir()
SHIPPED = "shipped"

_log = logging.getLogger("txdose.protocols")


def load_protocol_file(path: Path) -> Protocol:
    """Parse one file; a bad file raises ``ProtocolError`` with the file's name."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProtocolError(str(path), "(file)", f"cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ProtocolError(str(path), "(file)", "is not UTF-8 text") from None
    protocol = parse_protocol(text, path.name)
    if protocol.id != path.stem:
        raise ProtocolError(
            path.name, "id", f"'{protocol.id}' must match the file name '{path.stem}'"
        )
    return protocol


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
    """Every protocol by id: the shipped ones, then the site's. One broken file is refused
    by name; a site file reusing a shipped id is refused (it would silently change a dose)."""
    folders = tuple(protocol_folders() if directory is None else [directory])
    return _load_folders(folders)


@cache
def _load_folders(folders: tuple[Path, ...]) -> dict[str, Protocol]:
    protocols: dict[str, Protocol] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            protocol = _load_cached(path)
            if protocol.id in protocols:
                raise ProtocolError(path.name, "id", f"'{protocol.id}' is already a protocol")
            protocols[protocol.id] = protocol
    _log.info(
        "protocols loaded: %s",
        ", ".join(f"{p.id} v{p.version}" for p in protocols.values()) or "none",
    )
    return protocols


def get_protocol(protocol_id: str, directory: Path | None = None) -> Protocol:
    """One protocol by id, reading only its own file (a cold CLI start parses one file)."""
    folders = protocol_folders() if directory is None else [directory]
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
