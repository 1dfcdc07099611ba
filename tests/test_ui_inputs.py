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


def test_a_broken_protocol_file_is_named_and_the_window_is_ready(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: an uncaught ProtocolError, the window never became ready."""
    import app.protocols

    folder = tmp_path / "protocols"
    folder.mkdir()
    for source in app.protocols.PROTOCOL_DIR.glob("*.toml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.toml").write_text("id = [\n", encoding="utf-8")
    monkeypatch.setattr(app.protocols, "PROTOCOL_DIR", folder)
    window = MainWindow(user="tester")
    qtbot.addWidget(window)
    window.show()
    window.load_engine()
    assert window.engine_ready
    assert window.protocol_panel.protocol_combo.count() == 4
    assert "broken.toml" in window.banner.text()
    assert "Protocol file not loaded" in window.banner.text()
