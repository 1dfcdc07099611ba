"""The print dialog prints the sheets in Chinese or bilingual, chosen with the keyboard and
remembered for the next print."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from PySide6.QtCore import QSettings, Qt

from app.services import PlanMeta, compute, plan_content_hash
from dosing.models import Patient, PlanInput, PlanOptions
from ui.print_dialog import SheetsDialog


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):  # type: ignore[no-untyped-def]
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield tmp_path


def _dialog(qtbot) -> SheetsDialog:  # type: ignore[no-untyped-def]
    plan = compute(
        PlanInput(
            protocol_id="msc-adipose",
            patient=Patient(
                name="陈静怡",
                mrn="NJ-1",
                age_years=35,
                sex="female",
                weight_kg=Decimal(60),
                height_cm=Decimal(165),
            ),
            options=PlanOptions(day0_date=dt.date(2027, 4, 12)),
        )
    )
    meta = PlanMeta(
        content_hash=plan_content_hash(plan),
        printed_at=dt.datetime(2027, 4, 6, 9, 30, tzinfo=dt.UTC),
    )
    dialog = SheetsDialog(plan, meta)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=30000)
    return dialog


def _first_page(dialog: SheetsDialog) -> str:
    assert dialog.pdf is not None
    return pypdf.PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text().replace("\n", "")


def test_choosing_bilingual_reprints_the_preview_and_is_remembered(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    assert "page 1 of" in _first_page(dialog) and "马来酸氯苯那敏" not in _first_page(dialog)
    dialog.language_combo.setFocus()
    with qtbot.waitSignal(dialog.rendered, timeout=30000):
        qtbot.keyClick(dialog.language_combo, Qt.Key.Key_End)  # the last: 中文 + English
    assert dialog.language_combo.currentData() == "bilingual"
    text = _first_page(dialog)
    assert "马来酸氯苯那敏" in text and "Chlorpheniramine maleate" in text
    assert "第 1 页，共" in text and "陈静怡" in text
    again = _dialog(qtbot)
    assert again.language_combo.currentData() == "bilingual"
    assert "马来酸氯苯那敏" in _first_page(again)
