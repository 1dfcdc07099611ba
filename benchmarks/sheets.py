"""Nurse schedule PDF render time, in-process (DESIGN §9: < 150 ms once warm).

Run: .venv/bin/python benchmarks/sheets.py [--runs N]
Prints the cold (first) render, which includes importing reportlab and parsing the bundled
fonts, and the warm median over N renders of the same plan (default 30). Also prints the
three-sheet document for reference, the nurse schedule again for a patient with a Chinese
name (the CJK font drawn beside DejaVu) in English, Chinese (zh_CN) and bilingual as CPU
medians warm, with the text and layout caches emptied before each render, and with the
paragraph cache off, and what registering that font with Qt costs the window's start-up.

With --png DIR it also writes page 1 of each sheet of the reference plan as
DIR/sheet-<name>.png (the pictures in docs/), rendered with pypdfium2 at 100 dpi.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services import PlanMeta, compute, plan_content_hash
from dosing.models import ComputedPlan, Patient, PlanInput, PlanOptions


def reference_plan(name: str = "Jane Example") -> ComputedPlan:
    return compute(
        PlanInput(
            protocol_id="auto-hsct-ln",
            patient=Patient(
                name=name,
                mrn="MRN0012345",
                date_of_birth=dt.date(1992, 3, 14),
                age_years=35,
                sex="female",
                weight_kg=Decimal(60),
                height_cm=Decimal(165),
                weigh_date=dt.date(2027, 4, 5),
            ),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
            choices={"methylprednisolone": Decimal(250), "gcsf-mobilization": Decimal(5)},
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--png", metavar="DIR", help="write page 1 of each sheet as PNG here")
    args = parser.parse_args()
    runs = max(20, args.runs)
    plan = reference_plan()
    meta = PlanMeta(content_hash=plan_content_hash(plan), printed_at=dt.datetime.now().astimezone())

    start = time.perf_counter()
    from app.sheets import render_pdf
    from app.sheets._paragraph import disabled as paragraph_cache_disabled

    pdf = render_pdf(plan, ["nurse"], meta)
    cold = time.perf_counter() - start

    warm: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        render_pdf(plan, ["nurse"], meta)
        warm.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)

    everything: list[float] = []
    for _ in range(max(5, runs // 4)):
        start = time.perf_counter()
        render_pdf(plan, ["nurse", "worksheet", "summary"], meta)
        everything.append(time.perf_counter() - start)

    median = statistics.median(warm)
    print(f"nurse schedule PDF ({len(pdf):,} bytes), auto-hsct-ln, 60 kg reference patient")
    print(f"  cold (first render, imports + font parsing): {cold * 1000:.0f} ms")
    print(
        f"  warm median over {runs} runs: {median * 1000:.1f} ms "
        f"(min {min(warm) * 1000:.1f}, max {max(warm) * 1000:.1f}); budget 150 ms: "
        f"{'within' if median < 0.150 else 'OVER'}"
    )
    # CPU time is what the render costs; wall time also counts other processes on the machine.
    print(f"  warm median CPU time: {statistics.median(cpu) * 1000:.1f} ms")
    print(
        f"  all three sheets, warm median over {len(everything)} runs: "
        f"{statistics.median(everything) * 1000:.1f} ms"
    )
    cjk = reference_plan("欧阳娜娜")
    render_pdf(cjk, ["nurse"], meta)  # the first CJK run builds the font's subset tables
    cjk_warm: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        render_pdf(cjk, ["nurse"], meta)
        cjk_warm.append(time.perf_counter() - start)
    cjk_median = statistics.median(cjk_warm)
    verdict = "within" if cjk_median < 0.150 else "OVER"
    print(
        f"  nurse schedule, Chinese name 欧阳娜娜, warm median over {runs} runs: "
        f"{cjk_median * 1000:.1f} ms; budget 150 ms: {verdict}"
    )
    print(
        "  nurse schedule, Chinese name, CPU medians over "
        f"{runs} runs each (ms; budget 150 ms warm):"
    )
    print(f"    {'language':<10} {'warm':>7} {'cold cache':>11} {'cache off':>10}  verdict")
    for language in ("en", "zh_CN", "bilingual"):
        # The Chinese and bilingual sheets: glossary names, the protocol catalogue's
        # sentences (app/protocol_text.py) and the CJK font on every row. "warm" reprints
        # the same plan (the text and layout caches hold its texts); "cold cache" empties
        # them before every render (a process's first sheet, fonts already parsed); "cache
        # off" renders with the paragraph cache disabled (app/sheets/_paragraph.py).
        worded = meta.model_copy(update={"language": language})
        render = functools.partial(render_pdf, cjk, ["nurse"], worded)
        render()
        warm_ms = _cpu_median(render, runs)
        cold_ms = _cpu_median(render, runs, forget=True)
        with paragraph_cache_disabled():
            off_ms = _cpu_median(render, runs, forget=True)
        verdict = "within" if warm_ms < 150 else "OVER"
        print(f"    {language:<10} {warm_ms:7.1f} {cold_ms:11.1f} {off_ms:10.1f}  {verdict}")
    print(f"  window: registering the CJK font with Qt: {qt_font_registration_ms():.1f} ms")
    if args.png:
        fixed = meta.model_copy(
            update={"printed_at": dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC)}
        )
        write_pngs(plan, fixed, Path(args.png))


def _cpu_median(render: Callable[[], object], runs: int, forget: bool = False) -> float:
    """The median CPU milliseconds of ``render``; with ``forget``, the sheets' text and
    layout caches are emptied before each run (not timed)."""
    from app.sheets._paragraph import forget_everything

    timed: list[float] = []
    for _ in range(runs):
        if forget:
            forget_everything()
        start = time.process_time()
        render()
        timed.append(time.process_time() - start)
    return statistics.median(timed) * 1000


def qt_font_registration_ms() -> float:
    """The cost the window pays once, after its first paint, in a fresh process (Qt's font
    database is per process)."""
    import os
    import subprocess

    probe = (
        "import time\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.fonts import register_bundled_fonts\n"
        "start = time.perf_counter()\n"
        "register_bundled_fonts()\n"
        "print((time.perf_counter() - start) * 1000)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def write_pngs(plan: ComputedPlan, meta: PlanMeta, directory: Path) -> None:
    import pypdfium2

    from app.sheets import SHEET_NAMES, render_pdf

    directory.mkdir(parents=True, exist_ok=True)
    for name in SHEET_NAMES:
        document = pypdfium2.PdfDocument(render_pdf(plan, [name], meta))
        target = directory / f"sheet-{name}.png"
        image = document[0].render(scale=100 / 72).to_pil()
        # A 64-colour palette keeps the text crisp at a third of the file size.
        image.quantize(colors=64).save(target, optimize=True)
        print(f"  wrote {target}")


if __name__ == "__main__":
    main()
