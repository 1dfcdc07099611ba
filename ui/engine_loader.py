"""The protocols and the engine imported off the window's thread (issue 14: "load protocols
without blocking the first keystroke"). After the first paint the imports of pydantic, the
protocol schema and the engine take about a quarter of a second; done on the window's thread
they froze it, and a weight typed then appeared only once they were done. Here a worker
thread imports them and reads the protocol files (no Qt object is touched there); the window
then takes the loaded protocols on its own thread (``MainWindow.load_engine``, fast by then).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

THREAD_NAME = "txdose-engine-load"


class EngineLoader(QObject):
    """``start()`` loads in a worker thread; ``loaded`` is then emitted, and queued to this
    object's (the window's) thread, even when loading failed: the window's own
    ``load_engine`` then meets the failure on its thread and reports it as before."""

    loaded = Signal()

    def __init__(
        self, parent: QObject | None = None, before: Callable[[], object] | None = None
    ) -> None:
        super().__init__(parent)
        self._before = before
        self._thread = threading.Thread(target=self._load, name=THREAD_NAME, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, seconds: float) -> None:
        """Never leave the worker importing while the interpreter shuts down."""
        if self._thread.is_alive():
            self._thread.join(seconds)

    def _load(self) -> None:
        if self._before is not None:
            try:
                self._before()
            except Exception:
                # Printed, not swallowed; the protocols load all the same.
                traceback.print_exc()
        try:
            from app.protocols import load_protocols, protocol_problems

            load_protocols()  # cached: the window's load_engine reads the same dictionary
            protocol_problems()
            import app.services  # noqa: F401  the engine, which the first recompute imports
        except Exception:
            # Not reported here: the window's load_engine meets the same failure (a failed
            # load is not cached) on its own thread, and reports it as it always has.
            pass
        finally:
            self.loaded.emit()


def load_in_background(
    parent: QObject, then: Callable[[], object], before: Callable[[], object] | None = None
) -> EngineLoader:
    """Start loading (``before()`` first, in the worker); ``then()`` runs on the window's
    thread once it is done."""
    loader = EngineLoader(parent, before)
    loader.loaded.connect(then)
    loader.start()
    return loader
