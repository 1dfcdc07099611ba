"""Finds and loads the protocol files shipped in ``resources/protocols/``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dosing.errors import InputError, ProtocolError
from dosing.protocol import Protocol, parse_protocol

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
PROTOCOL_DIR = RESOURCES / "protocols"
SOURCES_DIR = RESOURCES / "sources"


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


@cache
def load_protocols(directory: Path = PROTOCOL_DIR) -> dict[str, Protocol]:
    """Every protocol in the folder, by id. One broken file is refused by name."""
    return {p.id: p for p in (_load_cached(f) for f in sorted(directory.glob("*.toml")))}


def get_protocol(protocol_id: str, directory: Path = PROTOCOL_DIR) -> Protocol:
    """One protocol by id, reading only its own file (a cold CLI start parses one file)."""
    path = directory / f"{protocol_id}.toml"
    if path.is_file():
        return _load_cached(path)
    known = sorted(p.stem for p in directory.glob("*.toml"))
    raise InputError("protocol", f"'{protocol_id}' is not a protocol; known: {', '.join(known)}")


@cache
def _load_cached(path: Path) -> Protocol:
    return load_protocol_file(path)


def source_text(seed: str) -> str:
    return (SOURCES_DIR / seed).read_text(encoding="utf-8")
