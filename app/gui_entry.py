"""Opens the window with the plan store's actions installed after the first paint."""

from __future__ import annotations

import sys
from typing import Any


def open_window(exit_after_show: bool = False) -> int:
    """The window; New/Open/Save/Verify/History join the File menu once it has painted, so
    neither SQLAlchemy nor the store's dialogs are on the start-up path."""
    from ui.app import run_gui

    def install_store(window: Any) -> None:
        from ui import worklist
        from ui.store import install

        controller = install(window)
        if not exit_after_show:  # a start-up measurement opens no database
            worklist.install(window, controller)

    status: int = run_gui(
        sys.argv[:1],
        exit_after_show=exit_after_show,
        on_ready=install_store,
        # Before the protocols load (their reading is logged), after the first paint.
        before_load=_start_logging,
    )
    return status


def _start_logging() -> None:
    from app.logs import start_logging

    start_logging("gui")
