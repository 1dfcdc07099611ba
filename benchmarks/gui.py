"""GUI budgets (DESIGN §9), measured side by side on this machine. Prints figures; no asserts.

1. Cold start: ``python -m app gui --exit-after-show`` (the real entry point: the CLI, the
   window, its first paint) against a bare PySide6 QMainWindow + QTableView shown offscreen,
   runs alternated, medians of whole-process wall time; the ratio is the budget (≤ 1.5×).
   ``ui.app.run_gui`` called directly is shown too (the CLI's own import cost is the
   difference), with the window's own "start-up" (first paint) and "ready" (protocols
   loaded) times since process start.
   Time to usable: from launch until a weight typed at the first paint is accepted and
   recomputed with the protocols loaded (the window is of use then, not at its first paint).
2. Recompute + refresh per keystroke: a digit typed into the weight field of a filled
   auto-hsct-ln plan in a 1280 × 800 window, at scale 1 and at 1.5 (150% of 1920 × 1200),
   timed from the key event until every region it changed has been repainted; wall time
   and this process's CPU time (the machine is shared), and the garbage collector's pauses
   in them (start-up objects frozen as ``run_gui`` does once ready; ``--no-freeze``: not).

Usage: ``.venv/bin/python benchmarks/gui.py [--runs N] [--keys N]``
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# The bare window reports its first paint the way ui.app does (time since process start).
BARE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

def age_ms():
    with open("/proc/self/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    with open("/proc/uptime") as handle:
        uptime = float(handle.read().split()[0])
    import os
    return (uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")) * 1000

def cpu_ms():
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "seen"):
            self.seen = True
            print(f"start-up: {age_ms():.0f} ms", flush=True)
            print(f"cpu-paint: {cpu_ms():.0f} ms", flush=True)
            app.quit()
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QTableView())
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
window.close()
"""

DIRECT = (
    "import sys; from ui.app import run_gui; sys.exit(run_gui(['txdose'], exit_after_show=True))"
)

# Time to usable: the window as ``txdose gui`` opens it (app.gui_entry: the support log and
# the plan store's actions start after the first paint, as for a user); at its first paint a
# weight is typed ("60", real key events), and the time is taken when that weight has been
# accepted (no error on the weight field) and recomputed with the protocols loaded.
USABLE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui.app import _process_age_ms
from ui.main_window import MainWindow

app = QApplication(["txdose"])

def cpu_ms():
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return (usage.ru_utime + usage.ru_stime) * 1000

def type_weight(window):
    edit = window.patient_panel.weight.edit

    def recomputed():
        weight_ok = not any(e.field == "weight" for e in window.errors)
        if window.engine_ready and edit.text() == "60" and weight_ok:
            print(f"usable: {_process_age_ms():.0f} ms", flush=True)
            print(f"cpu-usable: {cpu_ms():.0f} ms", flush=True)
            window.recomputed.disconnect(recomputed)
            QTimer.singleShot(0, window.close)

    window.recomputed.connect(recomputed)
    edit.setFocus()
    QTest.keyClicks(edit, "60")

class FirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            self.seen = True
            print(f"start-up: {_process_age_ms():.0f} ms", flush=True)
            print(f"cpu-paint: {cpu_ms():.0f} ms", flush=True)
            QTimer.singleShot(0, lambda: type_weight(watched))
        return False

watcher = FirstPaint()
app.installEventFilter(watcher)
import app.gui_entry as gui_entry  # the real entry: the support log, the store after it
sys.argv = ["txdose"]
sys.exit(gui_entry.open_window())
"""


# The floor of time to usable on this stack: the bare window above which, at its first paint,
# loads what the first recompute needs (pydantic, the protocol schema, the protocols, the
# engine) and computes one auto-hsct-ln plan, with none of txdose's widgets. Any window that
# computes in its own process with pydantic models pays at least this (the work holds the
# GIL: started in a thread at launch it only moves the first paint later).
FLOOR = BARE.replace(
    "            app.quit()",
    """            import datetime as dt
            from decimal import Decimal
            from app.protocols import load_protocols, protocol_problems
            from app.services import compute
            from dosing.models import Patient, PlanInput, PlanOptions, SerumCreatinine
            load_protocols()
            protocol_problems()
            compute(PlanInput(
                protocol_id="auto-hsct-ln",
                patient=Patient(
                    name="Jane Doe", mrn="00123456", date_of_birth=dt.date(1991, 6, 2), age_years=35,
                    sex="female", weight_kg=Decimal(60), height_cm=Decimal(165),
                    weigh_date=dt.date(2027, 2, 26),
                    serum_creatinine=SerumCreatinine(value=Decimal("0.9")),
                ),
                options=PlanOptions(
                    day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 3, 1)
                ),
            ))
            print(f"floor: {age_ms():.0f} ms", flush=True)
            print(f"cpu-floor: {cpu_ms():.0f} ms", flush=True)
            app.quit()""",
)
assert FLOOR != BARE

# The figures this benchmark printed before the round-4 work (the machine then less loaded;
# compare ratios and CPU time, which other helpers' load inflates least).
PREVIOUS = {
    "usable": "bare first paint 250–280 ms; txdose first paint 560–640 ms; time to usable "
    "1,030–1,110 ms (3.7–4.4×)",
    "keystroke": "CPU p95 20.3 ms at scale 1, 21.6 ms at 1.5 (side by side on the loaded "
    "machine of round 4: 41.5 ms before the repaint fix, 28.9–30.7 ms after)",
}


def _env(config: str) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = config  # never the user's own window settings
    env["TXDOSE_DATA_DIR"] = str(Path(config) / "data")  # nor their plans
    env["TXDOSE_LOG_DIR"] = str(Path(config) / "logs")  # nor their support log
    env.pop("TXDOSE_DATABASE_URL", None)
    # An installed app has its bytecode cached; measure that, not compiling our sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed, result.stdout


def _field(stdout: str, name: str) -> float | None:
    for line in stdout.splitlines():
        if line.startswith(name + ": "):
            return float(line.split()[1])
    return None


def cold_start(runs: int) -> None:
    python = sys.executable
    commands = {
        "bare QMainWindow + QTableView": [python, "-c", BARE],
        "python -m app gui --exit-after-show": [python, "-m", "app", "gui", "--exit-after-show"],
        "ui.app.run_gui (no CLI)": [python, "-c", DIRECT],
        "typed weight accepted (time to usable)": [python, "-c", USABLE],
        "bare window + engine, one plan (floor)": [python, "-c", FLOOR],
    }
    bare_name = "bare QMainWindow + QTableView"
    floor_name = "bare window + engine, one plan (floor)"
    times: dict[str, list[float]] = {name: [] for name in commands}
    startup: dict[str, list[float]] = {name: [] for name in commands}
    ready: dict[str, list[float]] = {name: [] for name in commands}
    usable: list[float] = []
    floor: list[float] = []
    cpu: dict[str, list[float]] = {"bare": [], "paint": [], "usable": [], "floor": []}
    with tempfile.TemporaryDirectory() as config:
        env = _env(config)
        for command in commands.values():  # warm the disk cache and the bytecode cache
            _run(command, env)
        for _ in range(runs):
            for name, command in commands.items():  # alternated: same machine load
                elapsed, stdout = _run(command, env)
                times[name].append(elapsed)
                if (value := _field(stdout, "start-up")) is not None:
                    startup[name].append(value)
                if (value := _field(stdout, "ready")) is not None:
                    ready[name].append(value)
                if (value := _field(stdout, "usable")) is not None:
                    usable.append(value)
                if (value := _field(stdout, "floor")) is not None:
                    floor.append(value)
                if (value := _field(stdout, "cpu-floor")) is not None:
                    cpu["floor"].append(value)
                if (value := _field(stdout, "cpu-paint")) is not None and name != floor_name:
                    cpu["bare" if name == bare_name else "paint"].append(value)
                if (value := _field(stdout, "cpu-usable")) is not None:
                    cpu["usable"].append(value)
    bare_wall = statistics.median(times[bare_name])
    bare_paint = statistics.median(startup[bare_name])
    print(
        f"Cold start, {runs} alternated runs each (medians; /proc start time has 10 ms resolution):"
    )
    print(
        f"  {'':<38} {'first paint':>12} {'ratio':>6}   {'whole process':>13} {'ratio':>6}"
        "   protocols loaded"
    )
    for name in commands:
        paint = statistics.median(startup[name])
        wall = statistics.median(times[name])
        loaded = f"{statistics.median(ready[name]):.0f} ms" if ready[name] else "-"
        print(
            f"  {name:<38} {paint:9.0f} ms {paint / bare_paint:5.2f}×   {wall * 1000:10.0f} ms "
            f"{wall / bare_wall:5.2f}×   {loaded}"
        )
    print("  budget (DESIGN §9): first paint ≤ 1.50× the bare window's. The whole-process time")
    print("  of txdose also loads the protocols after the first paint, then closes.")
    if usable:
        first = statistics.median(usable)
        print(
            f"  time to usable (launch → a weight typed at first paint accepted and recomputed, "
            f"protocols loaded): median {first:.0f} ms = {first / bare_paint:.2f}× the bare "
            f"window's first paint ({bare_paint:.0f} ms); runs: "
            + ", ".join(f"{v:.0f}" for v in usable)
        )
        print(f"  before (issue 14, round 3, this machine): {PREVIOUS['usable']}")
    if floor:
        lowest = statistics.median(floor)
        print(
            f"  floor (the bare window computing one plan at its first paint, no txdose "
            f"widgets): median {lowest:.0f} ms = {lowest / bare_paint:.2f}× the bare window's "
            "first paint; runs: " + ", ".join(f"{v:.0f}" for v in floor)
        )
    if cpu["bare"] and cpu["usable"]:
        # CPU time of the process (every thread), which other work on a shared machine does
        # not inflate as much as wall time: the same ratio, robust to a loaded machine.
        bare_cpu, paint_cpu = statistics.median(cpu["bare"]), statistics.median(cpu["paint"])
        usable_cpu = statistics.median(cpu["usable"])
        print(
            f"  CPU time (medians): bare first paint {bare_cpu:.0f} ms; txdose first paint "
            f"{paint_cpu:.0f} ms ({paint_cpu / bare_cpu:.2f}×); time to usable {usable_cpu:.0f} ms "
            f"({usable_cpu / bare_cpu:.2f}×)"
            + (
                f"; floor {statistics.median(cpu['floor']):.0f} ms "
                f"({statistics.median(cpu['floor']) / bare_cpu:.2f}×)"
                if cpu["floor"]
                else ""
            )
        )


def keystroke_latency(keys: int, freeze: bool = True, width: int = 1280, height: int = 800) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(ROOT))  # this checkout's window, whatever is installed
    import datetime as dt

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from ui.screenshot import demo_input
    from ui.theme import apply_theme

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    window = MainWindow(today=lambda: dt.date(2027, 3, 1))
    window.resize(width, height)
    window.show()
    window.load_engine()
    if freeze:  # as run_gui does once the window is ready
        from ui.app import freeze_start_up_objects

        freeze_start_up_objects()
    window.load_input(demo_input())
    app.processEvents()
    edit = window.patient_panel.weight.edit
    edit.setFocus()
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    viewport = window.schedule_view.viewport()
    # The weights typed again and again, then never typed before; then again with the ATG
    # rows in view (a clinician reducing the ATG dose has them on screen): the rows below a
    # re-wrapped ATG dose move, which they do not with the schedule at its top.
    for fresh, atg_in_view in ((False, False), (True, False), (False, True)):
        if atg_in_view:
            _scroll_to_atg(window)
            app.processEvents()
            edit.setFocus()
        pauses: list[float] = []  # the garbage collector's, during the timed keystrokes
        full: list[bool] = []
        watch = _watch_collections(pauses, full)
        gc.callbacks.append(watch)
        samples, cpu, recompute, paint = _time_keys(app, edit, keys, fresh)
        gc.callbacks.remove(watch)
        p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
        cpu_p95 = cpu[min(len(cpu) - 1, int(len(cpu) * 0.95))]
        valid = window.current_plan() is not None
        kind = (
            "each a weight not typed before in this process (no text the caches keep)"
            if fresh
            else "the weights 60.1–60.9 kg again and again (as a weight is corrected)"
        ) + (", the ATG rows in view" if atg_in_view else ", the schedule at its top")
        print(
            f"Recompute + repaint per keystroke, {len(samples)} keystrokes in the weight field "
            f"of a full auto-hsct-ln plan, {kind}, window {window.width()} × "
            f"{window.height()} at scale {scale} (schedule {viewport.width()} × "
            f"{viewport.height()} px; plan valid at the end: {valid}):"
        )
        print(
            f"  median {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms, "
            f"max {samples[-1]:.2f} ms   budget (DESIGN §9): < 16 ms"
        )
        print(
            f"  CPU time of this process: median {statistics.median(cpu):.2f} ms, p95 "
            f"{cpu_p95:.2f} ms (wall time includes waiting for a core on a shared machine)"
        )
        print(
            f"  garbage collections: {len(pauses)} ({sum(full)} full), the longest "
            f"{max(pauses, default=0):.2f} ms"
            + ("" if freeze else " (start-up objects not frozen: --no-freeze)")
        )
        print(
            f"  of which key event + recompute + model update median "
            f"{statistics.median(recompute):.2f} ms, Qt repaint median "
            f"{statistics.median(paint):.2f} ms"
        )
    print(f"  before (issue 14, round 3, this machine): {PREVIOUS['keystroke']}")
    window.close()


def _scroll_to_atg(window: Any) -> None:
    """The schedule scrolled to its first ATG row (day -4)."""
    from PySide6.QtWidgets import QAbstractItemView

    model, view = window.schedule_model, window.schedule_view
    atg = next(n for n, row in enumerate(model.rows()) if row.admin and row.admin.item == "atg")
    view.scrollTo(model.index(atg, 0), QAbstractItemView.ScrollHint.PositionAtTop)


def _watch_collections(pauses: list[float], full: list[bool]) -> Any:
    """A ``gc.callbacks`` entry appending each collection's pause (ms) to ``pauses``, and
    whether it was a full one (generation 2, every tracked object scanned) to ``full``."""
    started = [0.0]

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append((time.perf_counter() - started[0]) * 1000)
            full.append(info["generation"] == 2)

    return watch


def _time_keys(
    app: Any, edit: Any, keys: int, fresh: bool
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Sorted wall and CPU times per keystroke, and unsorted key-event and repaint parts.

    Each keystroke deletes the last digit or types another: every one is a new valid weight
    (60.5 -> 60. -> 60.1 -> 60. -> 60.2 …), so every one recomputes the whole plan.
    ``fresh``: every 18 keystrokes (untimed) a new whole number of kilograms, 61.5, 62.5 …,
    so no digit typed gives a weight typed before."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    samples: list[float] = []
    cpu: list[float] = []  # this process's CPU time: what the shared machine's load leaves out
    recompute: list[float] = []  # the key event: parse, compute, update the models
    paint: list[float] = []  # the repaint of what changed
    edit.setText("60.5")
    edit.end(False)
    app.processEvents()
    for number in range(2 * keys + 20):
        if fresh and number % 18 == 0:
            edit.setText(f"{61 + number // 18}.5")
            edit.end(False)
            app.processEvents()
        key = Qt.Key.Key_Backspace if number % 2 == 0 else Qt.Key(Qt.Key.Key_1 + number % 9)
        start, start_cpu = time.perf_counter(), time.process_time()
        QTest.keyClick(edit, key)
        middle = time.perf_counter()
        # Deliver the pending update requests: Qt paints every region the keystroke made
        # dirty (the changed doses, totals, alerts), as the next frame would.
        app.processEvents()
        end, end_cpu = time.perf_counter(), time.process_time()
        if number >= 20:  # the first keystrokes warm caches
            samples.append((end - start) * 1000)
            cpu.append((end_cpu - start_cpu) * 1000)
            recompute.append((middle - start) * 1000)
            paint.append((end - middle) * 1000)
    samples.sort()
    cpu.sort()
    return samples, cpu, recompute, paint


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold-start runs per command")
    parser.add_argument("--keys", type=int, default=200, help="keystrokes to time")
    parser.add_argument("--latency-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-freeze", action="store_true", help="keystrokes without freezing start-up objects"
    )
    args = parser.parse_args()
    if args.latency_only:  # one size, in a process of its own (the scale is set at start)
        keystroke_latency(args.keys, freeze=not args.no_freeze)
        return
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    cold_start(args.runs)
    # 1280 × 800, and 150% of a 1920 × 1200 screen: the same 1280 × 800 logical pixels.
    for scale in ("1", "1.5"):
        env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="offscreen")
        command = [sys.executable, __file__, "--latency-only", "--keys", str(args.keys)]
        command += ["--no-freeze"] if args.no_freeze else []
        print(_run(command, env)[1], end="", flush=True)


if __name__ == "__main__":
    main()
