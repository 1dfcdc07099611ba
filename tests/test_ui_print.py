"""Print preview, print and export: the exact PDF of the sheets service, rendered off the UI
thread; a hard alert keeps the nurse schedule from printing."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.services import PlanMeta, compute, plan_content_hash
from dosing.models import Patient, PlanInput, PlanOptions, Reduction
from ui.print_dialog import SheetsDialog, nurse_block_reason, pdf_to_images

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("isolated_qsettings")


def _plan(**changes: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "protocol_id": "auto-hsct-ln",
        "patient": Patient(
            name="J. Doe",
            mrn="123",
            age_years=35,
            sex="female",
            weight_kg=Decimal(60),
            height_cm=Decimal(165),
        ),
        "options": PlanOptions(day0_date=dt.date(2027, 4, 12)),
        "choices": {"methylprednisolone": Decimal(250), "gcsf-mobilization": Decimal(5)},
    }
    values.update(changes)
    return compute(PlanInput(**values))  # type: ignore[arg-type]


def _meta(plan) -> PlanMeta:  # type: ignore[no-untyped-def]
    return PlanMeta(
        status="draft",
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.UTC),
    )


def _dialog(qtbot, plan, **kwargs) -> SheetsDialog:  # type: ignore[no-untyped-def]
    """A dialog whose first rendering (on the worker thread) has finished."""
    dialog = SheetsDialog(plan, _meta(plan), **kwargs)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(
        lambda: dialog.pdf is not None or "could not" in dialog.status.text(), timeout=30000
    )
    return dialog


def test_preview_shows_the_pages_of_the_exact_pdf(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The preview images are the pages of the PDF bytes that export would save."""
    dialog = _dialog(qtbot, _plan())
    assert dialog.pdf is not None and dialog.pdf.startswith(b"%PDF")
    assert dialog.selected_sheets() == ["nurse", "worksheet", "summary"]
    again = pdf_to_images(dialog.pdf, 96)
    assert len(dialog.images) == len(again) >= 3
    assert dialog.images[0].size() == again[0].size()
    # A4 at 96 dpi: 210 mm / 25.4 × 96 = 793.7 px wide (portrait) or 1,122.5 (landscape).
    assert min(dialog.images[0].width(), dialog.images[0].height()) in (793, 794)
    assert f"{len(dialog.images)} pages" in dialog.status.text()


def test_export_saves_the_previewed_bytes(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Export PDF writes exactly the bytes the preview shows."""
    target = tmp_path / "plan.pdf"
    dialog = _dialog(qtbot, _plan(), save_path=lambda parent, suggested: str(target))
    assert dialog.export_pdf() is True
    assert target.read_bytes() == dialog.pdf


def test_hard_alert_blocks_the_nurse_schedule_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A dose refused by a hard limit: no nurse schedule; the worksheet still renders."""
    plan = _plan(
        reductions={"cy-conditioning": Reduction(percent=Decimal(110), reason="per prescriber")}
    )
    assert plan.has_hard_alert
    assert nurse_block_reason(plan) == "a hard alert refuses a dose"
    dialog = _dialog(qtbot, plan)
    assert not dialog.checks["nurse"].isEnabled()
    assert "nurse" not in dialog.selected_sheets()
    assert dialog.selected_sheets() == ["worksheet", "summary"]
    assert dialog.pdf is not None and len(dialog.images) >= 1


def test_unchecking_every_sheet_renders_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    """With no sheet chosen there is nothing to print or export."""
    dialog = _dialog(qtbot, _plan())
    for check in dialog.checks.values():
        check.setChecked(False)
    assert dialog.pdf is None and dialog.images == []
    assert "Choose at least one sheet" in dialog.status.text()
    assert dialog.export_pdf() is False


def test_page_images_are_rgb_at_the_asked_resolution(qapp) -> None:  # type: ignore[no-untyped-def]
    """pdf_to_images renders at the given dpi: 72 dpi gives one pixel per point."""
    from app.sheets import render_pdf

    plan = _plan()
    pdf = render_pdf(plan, ["summary"], _meta(plan))
    images = pdf_to_images(pdf, 72)
    assert images and images[0].format() == QImage.Format.Format_RGB888
    assert min(images[0].width(), images[0].height()) in (595, 596)  # A4: 595.3 pt


def test_exit_after_show_prints_start_up_time(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`run_gui(exit_after_show=True)` paints, prints 'start-up: N ms' and exits 0."""
    # QSettings on Linux writes under XDG_CONFIG_HOME: point it at the test's folder.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from ui.app import run_gui; "
            "sys.exit(run_gui(['txdose'], exit_after_show=True))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("start-up: ") and lines[0].endswith(" ms")
    assert lines[1].startswith("ready: ")


def test_print_sends_every_page_to_the_printer(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """print_images draws one printer page per PDF page (checked on a PDF printer)."""
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from app.sheets import render_pdf
    from ui.print_dialog import print_images

    plan = _plan()
    pdf = render_pdf(plan, ["nurse", "summary"], _meta(plan))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    print_images(printer, pdf_to_images(pdf, 150))
    assert len(PdfReader(str(target)).pages) == pages >= 2


def test_first_paint_loads_no_heavy_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Before the first paint: no pydantic, reportlab, SQLAlchemy or pypdfium2 (DESIGN §9)."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "window = MainWindow()\n"
        "window.show()\n"
        "app.processEvents()\n"
        "heavy = ('pydantic', 'reportlab', 'sqlalchemy', 'pypdfium2', 'PIL')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_operation_reports_back_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Work runs on the pool; success and failure come back on the UI thread, GC restored."""
    import gc
    import threading

    from ui.operations import Operation

    results: list[tuple[str, object, bool]] = []

    def record(kind: str):  # type: ignore[no-untyped-def]
        return lambda value: results.append(
            (kind, value, threading.current_thread() is threading.main_thread())
        )

    def fail() -> None:
        raise ValueError("no printer")

    assert gc.isenabled()
    Operation(lambda: threading.current_thread().name, record("ok"), record("error")).start()
    Operation(fail, record("ok"), record("error")).start()
    assert not gc.isenabled()  # no collection on a worker thread while work runs
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10000)
    kinds = {kind: (value, on_ui) for kind, value, on_ui in results}
    assert kinds["ok"][0] != threading.main_thread().name and kinds["ok"][1] is True
    assert isinstance(kinds["error"][0], ValueError) and kinds["error"][1] is True
    assert gc.isenabled()


def test_export_suggests_mrn_plan_version_and_sheets(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Export PDF offers ``MRN-planid-v3-nurse.pdf``, not one name for every patient."""
    plan = _plan()
    suggested: list[str] = []
    meta = _meta(plan).model_copy(update={"plan_id": "p1", "version": 3})
    dialog = SheetsDialog(
        plan, meta, save_path=lambda parent, name: suggested.append(name) or str(tmp_path / name)
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=30000)
    for sheet in ("worksheet", "summary"):
        dialog.checks[sheet].setChecked(False)
    qtbot.waitUntil(lambda: dialog.selected_sheets() == ["nurse"] and dialog.pdf is not None)
    assert dialog.export_pdf() is True
    assert suggested == ["123-p1-v3-nurse.pdf"]
    assert (tmp_path / "123-p1-v3-nurse.pdf").read_bytes() == dialog.pdf
