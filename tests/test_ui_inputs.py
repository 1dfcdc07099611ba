"""Issue 11 in the window: one broken protocol file does not stop it; it is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):  # type: ignore[no-untyped-def]
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield tmp_path


@pytest.fixture
def broken_protocol_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped protocols and one broken file beside them, as the folder txdose reads."""
    import app.protocols

    folder = tmp_path / "protocols"
    folder.mkdir()
    for source in app.protocols.PROTOCOL_DIR.glob("*.toml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.toml").write_text("id = [\n", encoding="utf-8")
    monkeypatch.setattr(app.protocols, "PROTOCOL_DIR", folder)
    return folder / "broken.toml"


def test_a_broken_protocol_file_is_named_and_the_window_is_ready(  # type: ignore[no-untyped-def]
    qtbot, broken_protocol_file: Path
) -> None:
    """Before: an uncaught ProtocolError, the window never became ready."""
    window = MainWindow(user="tester")
    qtbot.addWidget(window)
    window.show()
    window.load_engine()
    assert window.engine_ready
    assert window.protocol_panel.protocol_combo.count() == 4
    assert "broken.toml" in window.banner.text()
    assert "Protocol file not loaded" in window.banner.text()


def test_a_protocol_notice_and_a_valid_plan_show_the_notice_above_the_summary(  # type: ignore[no-untyped-def]
    qtbot, broken_protocol_file: Path
) -> None:
    """The input message takes the summary's place only while the doses are cleared; a
    protocol file that did not load is named beside a valid plan, above its summary, the
    two apart (ui/message_slot.py)."""
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    from ui.screenshot import demo_input

    window = MainWindow(user="tester", today=lambda: dt.date(2027, 3, 1))  # the demo's day
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.load_engine()
    window.load_input(demo_input())
    for _ in range(5):
        QApplication.processEvents()
    assert window.current_plan() is not None, window.errors
    banner, summary = window.banner, window.summary
    assert banner.isVisible() and summary.isVisible()
    assert "broken.toml" in banner.text()
    assert "BSA 1.66 m²" in summary.text()  # √(165 × 60 / 3600) = 1.6583 → 1.66
    assert banner.geometry().bottom() < summary.geometry().top()
    assert banner.height() >= banner.heightForWidth(banner.width())
    assert window.message_slot.height() >= summary.geometry().bottom()
