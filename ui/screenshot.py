"""``python -m ui.screenshot OUT.png [NAME]``: a filled-in auto-hsct-ln plan, grabbed to a PNG
(NAME replaces the fictional patient's name, e.g. a Chinese one).

Run under a display (``xvfb-run -s "-screen 0 1600x1000x24"``); QT_SCALE_FACTOR=1.5 gives the
150% view; TXDOSE_LANGUAGE=zh_CN the Chinese window; TXDOSE_SIZE=1280x800 a fixed window size.
The patient is fictional.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from decimal import Decimal


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


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_bundled_fonts
    from ui.main_window import MainWindow
    from ui.theme import apply_theme

    out = argv[1] if len(argv) > 1 else "docs/screenshot.png"
    # Never the user's own settings: a fresh window at its default size.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    app = QApplication(argv)
    apply_theme(app)
    register_bundled_fonts()
    from ui.i18n import install_language

    install_language(os.environ.get("TXDOSE_LANGUAGE", "en"))
    window = MainWindow(today=lambda: dt.date(2027, 3, 1), user="pharmacist")
    if "TXDOSE_SIZE" in os.environ:
        width, height = (int(n) for n in os.environ["TXDOSE_SIZE"].split("x"))
        window.resize(width, height)
    window.show()
    window.load_engine()
    plan_input = demo_input()
    if len(argv) > 2:
        patient = plan_input.patient.model_copy(update={"name": argv[2]})
        plan_input = plan_input.model_copy(update={"patient": patient})
    window.load_input(plan_input)
    rows = window.schedule_model.rows()
    number = next(i for i, r in enumerate(rows) if r.admin and r.admin.item == "atg")
    window.schedule_view.selectRow(number)
    window.schedule_view.scrollTo(window.schedule_model.index(number, 0))
    for _ in range(5):
        app.processEvents()
    if not window.grab().save(out):
        print(f"could not write {out}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({window.width()} × {window.height()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
