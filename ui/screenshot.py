"""``python -m ui.screenshot OUT.png [NAME]``: the pictures in ``docs/`` (``make screenshots``
takes them all). A filled-in auto-hsct-ln plan grabbed to a PNG; NAME replaces the fictional
patient's name (e.g. a Chinese one).

Run under a display (``xvfb-run -s "-screen 0 1920x1200x24"``) or ``QT_QPA_PLATFORM=offscreen``
(the bundled CJK font is registered, so Chinese draws either way). QT_SCALE_FACTOR=1.5 gives
the 150% view; TXDOSE_LANGUAGE=zh_CN the Chinese window; TXDOSE_SIZE=1280x800 a fixed window
size; TXDOSE_SCENE=worklist the worklist of a scratch store (two verified plans and a draft,
on day −4), TXDOSE_SCENE=charts the counts and harvest charts of a plan with counts and
yields. Every patient is fictional; no user setting or database of the machine is touched.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from decimal import Decimal
from typing import Any

TODAY = dt.date(2027, 3, 1)
DAY_MINUS_4 = dt.date(2027, 4, 8)  # day 0 on 12 April 2027


def demo_input():  # type: ignore[no-untyped-def]
    from dosing.models import Patient, PlanInput, PlanOptions, Reduction, SerumCreatinine

    return PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            name="Jane Doe",
            mrn="00123456",
            date_of_birth=dt.date(1991, 6, 2),
            age_years=35,
            sex="female",
            weight_kg=Decimal(60),
            height_cm=Decimal(165),
            weigh_date=dt.date(2027, 2, 26),
            serum_creatinine=SerumCreatinine(value=Decimal("0.9")),
        ),
        options=PlanOptions(
            day0_date=dt.date(2027, 4, 12), mobilization_start_date=dt.date(2027, 3, 1)
        ),
        choices={"methylprednisolone": Decimal(250), "gcsf-mobilization": Decimal(5)},
        reductions={"atg": Reduction(percent=Decimal(75), reason="platelets 45 × 10⁹/L")},
    )


def _charts_input():  # type: ignore[no-untyped-def]
    """WBC 2.4 → 0.8 (below 1.0 on 5 March: G-CSF from that day) → 3.5; two aphereses,
    CD34+ 100 then 50 (× 10⁶, 150 in all against 120), MNC 50 then 80 (× 10⁸)."""
    from dosing.models import ApheresisYield, DailyCount

    def count(day: int, wbc: str, anc: str | None) -> DailyCount:
        return DailyCount(
            date=dt.date(2027, 3, day),
            wbc_10e9_per_l=Decimal(wbc),
            anc_10e9_per_l=Decimal(anc) if anc else None,
        )

    def harvest(day: int, cd34: int, mnc: int) -> ApheresisYield:
        return ApheresisYield(
            date=dt.date(2027, 3, day), cd34_10e6=Decimal(cd34), mnc_10e8=Decimal(mnc)
        )

    return demo_input().model_copy(
        update={
            "counts": (count(3, "2.4", "1.6"), count(5, "0.8", "0.3"), count(7, "3.5", None)),
            "apheresis": (harvest(10, 100, 50), harvest(11, 50, 80)),
        }
    )


def _worklist_store(folder: str) -> str:
    """A scratch store: Jane (60 kg) and Ann (80 kg) prepared by alice and verified blind by
    bob; Zoe (70 kg) a draft. Its URL."""
    from app.store import BlindEntry
    from app.store.service import open_store

    url = f"sqlite:///{folder}/txdose.sqlite3"
    store = open_store(url)
    try:
        for weight, mrn, name, verified in (
            ("60", "00123456", "Jane Doe", True),
            ("80", "00220022", "Ann Lee", True),
            ("70", "00330033", "Zoe Park", False),
        ):
            patient = demo_input().patient.model_copy(
                update={"weight_kg": Decimal(weight), "mrn": mrn, "name": name}
            )
            plan_input = demo_input().model_copy(update={"patient": patient, "reductions": {}})
            plan_id = store.save_new(_acknowledged(plan_input), user="alice").plan_id
            if verified:
                entry = BlindEntry(
                    weight_kg=Decimal(weight), height_cm=Decimal(165), protocol_id="auto-hsct-ln"
                )
                _, required = store.adjustments_to_confirm(plan_id, entry, user="bob")
                store.verify(plan_id, entry, user="bob", confirmed=[a.key for a in required])
    finally:
        store.close()
    return url


def _acknowledged(plan_input: Any) -> Any:
    """The plan's soft alerts acknowledged (a plan is verified only then)."""
    from app.services import compute
    from dosing.models import Acknowledgement

    plan = compute(plan_input)
    acks = tuple(
        Acknowledgement(code=a.code, item=a.item, reason="checked", values=a.values, by="alice")
        for a in plan.alerts
        if a.severity == "soft" and a.code != "choice-required"
    )
    return plan_input.model_copy(update={"acknowledgements": acks})


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_bundled_fonts
    from ui.main_window import MainWindow
    from ui.theme import apply_theme

    out = argv[1] if len(argv) > 1 else "docs/screenshot.png"
    scene = os.environ.get("TXDOSE_SCENE", "window")
    scratch = tempfile.mkdtemp()
    # Never the user's own settings or data: a fresh window at its default size.
    os.environ["TXDOSE_DATA_DIR"] = os.path.join(scratch, "data")
    os.environ["TXDOSE_CONFIG_DIR"] = os.path.join(scratch, "config")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
    app = QApplication(argv)
    apply_theme(app)
    register_bundled_fonts()
    from ui.i18n import install_language

    install_language(os.environ.get("TXDOSE_LANGUAGE", "en"))
    today = DAY_MINUS_4 if scene == "worklist" else TODAY
    window = MainWindow(today=lambda: today, user="pharmacist")
    if "TXDOSE_SIZE" in os.environ:
        width, height = (int(n) for n in os.environ["TXDOSE_SIZE"].split("x"))
        window.resize(width, height)
    window.show()
    window.load_engine()
    shot: Any = window
    if scene == "worklist":
        _show_worklist(app, window, _worklist_store(scratch))
    else:
        plan_input = _charts_input() if scene == "charts" else demo_input()
        if len(argv) > 2:
            patient = plan_input.patient.model_copy(update={"name": argv[2]})
            plan_input = plan_input.model_copy(update={"patient": patient})
        window.load_input(plan_input)
        if scene == "charts":
            panel = window.counts_panel
            panel.tabs.setCurrentWidget(panel.charts)
            shot = panel.charts
        else:
            rows = window.schedule_model.rows()
            number = next(i for i, r in enumerate(rows) if r.admin and r.admin.item == "atg")
            window.schedule_view.selectRow(number)
            window.schedule_view.scrollTo(window.schedule_model.index(number, 0))
    for _ in range(5):
        app.processEvents()
    if scene == "charts":
        # Larger than its place in the window, once the window's layout has settled (a
        # later layout pass would put it back).
        shot.resize(560, 470)
    if not shot.grab().save(out):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({shot.width()} × {shot.height()})")
    return 0


def _show_worklist(app: Any, window: Any, url: str) -> None:
    """The worklist page as ``txdose gui`` opens it on a store with plans, once read."""
    import time

    from ui import worklist
    from ui.store import install

    controller = install(window, url=url, user="nurse", autosave_interval_ms=3_600_000)
    page = worklist.install(window, controller, today=lambda: DAY_MINUS_4)
    deadline = time.monotonic() + 60
    while (page.panel.worklist is None or controller.busy) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.pages.setCurrentWidget(page.panel)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
