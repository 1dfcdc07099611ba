"""``txdose --version``: the application's version and every protocol's id and version."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def app_version() -> str:
    """The installed distribution's version (pyproject.toml is the one place it is set)."""
    try:
        return version("txdose")
    except PackageNotFoundError:
        return "unknown (not installed)"


def version_text() -> str:
    from app.protocols import load_protocols, protocol_origin

    lines = [f"txdose {app_version()}"]
    for protocol in load_protocols().values():
        origin = protocol_origin(protocol.id)
        lines.append(f"  {protocol.id} v{protocol.version} ({origin})")
    return "\n".join(lines)
