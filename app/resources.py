"""The one place that locates txdose's resources, shipped and site-provided.

The shipped files (the repository's ``resources/`` folder) are installed as the package
``txdose_resources`` and found with ``importlib.resources``, so a wheel, an editable checkout
and the desktop bundle read the same files whatever the current directory is. A site's own
protocols folder comes from ``TXDOSE_PROTOCOLS_DIR``, else ``[paths] protocols_dir`` in the
window's settings file (``txdose.ini`` in the user config folder).
"""

from __future__ import annotations

import configparser
import os
from functools import cache
from importlib.resources import files
from pathlib import Path

PACKAGE = "txdose_resources"
PROTOCOLS_ENV = "TXDOSE_PROTOCOLS_DIR"


@cache
def resource_root() -> Path:
    """The installed resources folder. Every supported install (wheel, editable, bundle)
    keeps it as plain files on disk; a zipped install would need extracting, refused here
    by name rather than failing later on a missing font."""
    root = files(PACKAGE)
    if not isinstance(root, Path):
        raise RuntimeError(f"txdose's resources are not plain files ({root!r}); reinstall")
    return root


def protocols_dir() -> Path:
    return resource_root() / "protocols"


def sources_dir() -> Path:
    return resource_root() / "sources"


def fonts_dir() -> Path:
    return resource_root() / "fonts"


def i18n_dir() -> Path:
    return resource_root() / "i18n"


def icon_path() -> Path:
    return resource_root() / "icons" / "txdose.svg"


def settings_file() -> Path:
    """The file QSettings (ui/settings.py) writes: organisation and application "txdose", INI
    format, user scope. Read here with configparser so the command line needs no Qt."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("txdose", appauthor=False)) / "txdose.ini"


def site_protocols_dir() -> Path | None:
    """The site's own protocols folder, or None when none is configured."""
    configured = os.environ.get(PROTOCOLS_ENV, "").strip()
    if not configured:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(settings_file(), encoding="utf-8")
        except (OSError, configparser.Error, UnicodeDecodeError):
            return None
        configured = parser.get("paths", "protocols_dir", fallback="").strip()
    return Path(configured).expanduser() if configured else None
