"""The support log: a rotating file in the user log folder (``TXDOSE_LOG_DIR`` overrides it).

What goes in: start-up, protocol loading, store events and printed sheets, so support can
follow what a workstation did. What never goes in: a patient's name or date of birth. Events
name a plan by its id and a patient by MRN only; callers pass those and nothing else.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

LOG_ENV = "TXDOSE_LOG_DIR"
LOG_FILE = "txdose.log"
# Five files of 1 MB: months of a ward's use, small enough to attach to a support ticket.
MAX_BYTES = 1_000_000
BACKUPS = 4

_configured: Path | None = None


def log_dir() -> Path:
    override = os.environ.get(LOG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("txdose", appauthor=False))


def start_logging(command: str) -> Path | None:
    """Attach the rotating file to the ``txdose`` logger (once per process) and record the
    start. A log folder that cannot be written never stops a dose being computed: the
    start-up goes on without a log and says so on stderr."""
    global _configured
    if _configured is not None:
        return _configured
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        print(f"txdose: no log file in {folder}: {exc.strerror}", file=sys.stderr)
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    logger = logging.getLogger("txdose")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    _configured = folder
    from app.version import app_version

    logger.info(
        "start: txdose %s, %s, python %s, %s",
        app_version(),
        command or "gui",
        sys.version.split()[0],
        sys.platform,
    )
    return folder
