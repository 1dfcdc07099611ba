"""Time to usable (issue 14): the path from launch to a typed weight accepted and recomputed
loads none of what only printing or the plan store needs, through the real entry point (the
store's actions and the worklist installed after the first paint)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

qt = QApplication(["txdose"])
import app.gui_entry
from ui.main_window import MainWindow

HEAVY = ("reportlab", "sqlalchemy", "alembic", "pypdfium2", "PIL", "app.sheets", "app.store")


def type_weight(window):
    edit = window.patient_panel.weight.edit

    def recomputed():
        weight_ok = not any(e.field == "weight" for e in window.errors)
        if window.engine_ready and edit.text() == "60" and weight_ok:
            window.recomputed.disconnect(recomputed)
            loaded = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
            print("usable, doses:", window.current_plan() is not None, "loaded:", loaded, flush=True)
            QTimer.singleShot(0, window.close)

    window.recomputed.connect(recomputed)
    edit.setFocus()
    QTest.keyClicks(edit, "60")


class FirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            self.seen = True
            QTimer.singleShot(0, lambda: type_weight(watched))
        return False


watcher = FirstPaint()
qt.installEventFilter(watcher)
sys.argv = ["txdose"]
sys.exit(app.gui_entry.open_window())
"""


def test_a_typed_weight_is_recomputed_before_anything_heavy_loads(tmp_path: Path) -> None:
    """Weight 60 typed at the first paint: accepted and recomputed (the patient's other
    fields are empty, so no plan yet: a missing height is not an error mark on the weight)
    with no reportlab, SQLAlchemy, Alembic, pypdfium2, PIL, sheets or store module loaded;
    the window then closes cleanly (no traceback from a store read left running)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TXDOSE_DATA_DIR": str(tmp_path / "data"),
        "TXDOSE_CONFIG_DIR": str(tmp_path / "txdose-config"),
    }
    env.pop("TXDOSE_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usable, doses: False loaded: []" in result.stdout, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
