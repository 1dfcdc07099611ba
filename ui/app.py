"""``run_gui``: the QApplication and the main window, with a light start-up path.

Only Qt and the window's own modules load before the first paint; the protocols (pydantic,
the engine) load just after it, and reportlab / pypdfium2 / the database only when used.
"""

from __future__ import annotations

import getpass
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.main_window import MainWindow


_T0 = time.perf_counter()


def _process_age_ms() -> float:
    """Milliseconds since this process started (Linux /proc; else since this import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        import os

        ticks = os.sysconf("SC_CLK_TCK")
        return (uptime - int(fields[19]) / ticks) * 1000
    except (OSError, ValueError, IndexError):
        return (time.perf_counter() - _T0) * 1000


def freeze_start_up_objects() -> None:
    """Leave what start-up made (the Qt wrappers, pydantic's schemas, the protocols: tens of
    thousands of objects that live as long as the window) out of the garbage collector's
    full passes. Each full pass scanned all of them (23-27 ms: a dropped frame while a
    weight is typed), and one fell inside a keystroke now and then (once in 400 keystrokes,
    and once in 1,500, when measured). What is made later is collected as before; a
    start-up object freed by its reference count is still freed. No collection first: it
    would cost that same pause once, for the handful of objects (5 at the last count)
    start-up leaves in unreachable cycles."""
    import gc

    gc.freeze()


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def run_gui(
    argv: list[str],
    exit_after_show: bool = False,
    on_ready: Callable[[MainWindow], object] | None = None,
    before_load: Callable[[], object] | None = None,
) -> int:
    """Open the main window; with ``exit_after_show`` print the start-up time after the
    first paint (then the time until the engine is ready) and exit 0.

    ``on_ready(window)`` runs once the window is painted and the protocols are loaded: the
    place to install what the first paint does not need (the plan store's actions:
    ``on_ready=lambda w: ui.store.install(w, url=…, user=…)``).
    ``before_load()`` runs after the first paint, in the loading thread, just before the
    protocols load: what must precede them but not the first paint (the support log).
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.resources import icon_path
    from ui import settings as keys
    from ui.fonts import register_bundled_fonts
    from ui.main_window import MainWindow
    from ui.theme import apply_theme

    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(keys.ORGANIZATION)
    app.setApplicationName(keys.APPLICATION)
    app.setApplicationDisplayName("txdose")
    app.setWindowIcon(QIcon(str(icon_path())))
    apply_theme(app)
    from ui import i18n

    i18n.install_language(i18n.chosen_language(keys.open_settings()))
    window = MainWindow(user=_user())

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, after_first_paint)
            return False

    loaders = []

    def after_first_paint() -> None:
        if exit_after_show:
            print(f"start-up: {_process_age_ms():.0f} ms", flush=True)
        from ui.engine_loader import load_in_background

        # The window takes keystrokes while the protocols and the engine load.
        loaders.append(load_in_background(window, engine_loaded, before=before_load))
        # After the first paint: nothing on the empty window needs the Chinese font, and
        # registering it costs about 10 ms of start-up.
        register_bundled_fonts()

    def engine_loaded() -> None:
        window.load_engine()
        if on_ready is not None:
            on_ready(window)
        freeze_start_up_objects()
        if exit_after_show:
            print(f"ready: {_process_age_ms():.0f} ms (protocols loaded)", flush=True)
            window.close()
            app.quit()

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    status = app.exec()
    window.removeEventFilter(watcher)
    for loader in loaders:  # closed at once: the worker may still be importing
        loader.wait(30)
    if "ui.print_dialog" in sys.modules:  # never leave a render thread running at exit
        sys.modules["ui.print_dialog"].render_pool().waitForDone(30000)
    # Nor a store read (the worklist's, started at the first paint): finishing after the
    # interpreter began to tear Qt down, it reported to a deleted object (a traceback on
    # stderr when the window was closed at once).
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30000)
    return 0 if exit_after_show else int(status)


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv))
