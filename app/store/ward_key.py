"""The ward key: 32 random bytes kept outside the database, that seal every audit event.

Whoever holds only the database can edit an event and recompute every SHA-256 link after it
(the function is in the open source). They cannot recompute an HMAC without this key. One
key per ward: ``txdose admin init-key`` creates it on the first workstation; it is copied to
the others (or to the site folder) and its fingerprint is recorded in the database, so a
workstation holding another key, or none, says so instead of writing unsealed events.

Where it lives: ``TXDOSE_CONFIG_DIR`` if set (tests; the only place then looked in), else the
user config folder, else the site config folder (the folders ``app/resources.py`` uses for
settings). The file must be the owner's alone (0600): a key others can read seals nothing.
No SQLAlchemy here: the CLI's ``admin`` command and the tests use it directly.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from pathlib import Path

from app.store.errors import StoreError

APP_NAME = "txdose"
KEY_FILE = "audit.key"
CONFIG_ENV = "TXDOSE_CONFIG_DIR"
KEY_BYTES = 32


class WardKeyError(StoreError):
    """No usable ward key: another ward's key, none where the database needs one, or a key
    file others can read."""


def user_key_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override) / KEY_FILE
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / KEY_FILE


def site_key_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override) / KEY_FILE
    from platformdirs import site_config_path

    return site_config_path(APP_NAME, appauthor=False) / KEY_FILE


def key_path() -> Path | None:
    """The key file this workstation uses: the user's own, else the site's; None if neither."""
    for path in (user_key_path(), site_key_path()):
        if path.exists():
            return path
    return None


def fingerprint(key: bytes) -> str:
    """16 hex digits in fours, safe to show and to store: says which key, reveals nothing."""
    digest = hashlib.sha256(b"txdose ward key fingerprint\n" + key).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def _check_private(path: Path) -> None:
    if os.name != "posix":  # Windows: the profile folder's ACL is what protects it
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise WardKeyError(
            f"the ward key {path} can be read by other users (permissions "
            f"{stat.filemode(mode)}): it is not used. Make it yours alone: chmod 600 {path}"
        )


def read_key(path: Path) -> bytes:
    _check_private(path)
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WardKeyError(f"the ward key {path} cannot be read ({exc})") from None
    if len(key) != KEY_BYTES:
        raise WardKeyError(f"the ward key {path} is not a txdose key ({len(key)} bytes, not 32)")
    return key


def load_key() -> tuple[bytes, Path] | None:
    """This workstation's key and its file, or None (keyless). ``WardKeyError`` when the file
    is there but cannot be trusted."""
    path = key_path()
    if path is None:
        return None
    return read_key(path), path


def create_key(path: Path) -> bytes:
    """A new key at ``path``, owner-only from the first byte (never an existing file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise WardKeyError(f"{path} already exists: a ward key is never overwritten") from None
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(key.hex() + "\n")
    return key
