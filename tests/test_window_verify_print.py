"""A print from the window is audited when it happened, not when it was asked for (issue 15):
once the print dialog was accepted and the pages sent (the event says printer or file), or
once an exported PDF is written; a cancelled print dialog or a failed write records nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog
from test_store_support import _isolated_user_dirs
from test_store_support import plan_input as _plan_input

import ui.print_dialog as print_dialog
from app.store.service import Store
from ui.store import StoreActions, install

__all__ = ["_isolated_user_dirs"]

TODAY = dt.date(2027, 3, 1)


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


def _opened(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> tuple[Any, StoreActions, str]:
    """alice's saved draft, opened by alice (the preparer: no question, no sighting)."""
    entered = _plan_input(ack_by="alice", gcsf="5.0")
    entered = entered.model_copy(update={"choices": dict(sorted(entered.choices.items()))})
    plan_id = store.save_new(entered, user="alice").plan_id
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = open_window(qtbot, user="alice", today=lambda: TODAY)
    controller = install(window, url=store_url, user="alice", autosave_interval_ms=3_600_000)
    controller.open_plan(plan_id)
    qtbot.waitUntil(lambda: controller.busy == 0 and controller.plan_id == plan_id, timeout=20_000)
    return window, controller, plan_id


def _prints(store: Store, plan_id: str) -> list[dict[str, Any]]:
    return [json.loads(e.detail) for e in store.audit_events(plan_id) if e.action == "print"]


def _sheets(qtbot: Any, window: Any, action: str) -> Any:
    """Fire the window's menu action; the sheets dialog it opens, once its pages are drawn."""
    window.actions_by_name[action].trigger()
    dialogs = [w for w in window.findChildren(print_dialog.SheetsDialog)]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=30_000)
    return dialog


def test_a_cancelled_print_dialog_records_nothing_and_an_accepted_one_says_file(
    qtbot: Any,
    tmp_path: Path,
    store_url: str,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """File → Print…, print dialog cancelled: no event (before, the menu action alone was
    audited). Accepted with "print to file": one print event, to file, naming the file."""
    window, controller, plan_id = _opened(qtbot, tmp_path, store_url, store)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    dialog = _sheets(qtbot, window, "print")
    qtbot.wait(200)
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)
    assert _prints(store, plan_id) == []

    out = tmp_path / "printed.pdf"

    def accept_to_file(self: QPrintDialog) -> QDialog.DialogCode:
        self.printer().setOutputFileName(str(out))
        self.printer().setResolution(72)  # the pages are drawn again at this resolution
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept_to_file)
    dialog.print_pages()
    qtbot.waitUntil(lambda: len(_prints(store, plan_id)) == 1, timeout=30_000)
    (event,) = _prints(store, plan_id)
    assert (event["to"], event["out"], event["via"], event["status"]) == (
        "file",
        str(out),
        "window",
        "draft",
    )
    assert out.exists()
    dialog.close()


def test_a_print_sent_to_a_printer_says_printer(
    qtbot: Any,
    tmp_path: Path,
    store_url: str,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Accepted for a printer (no output file): the event says printer; a printer that
    cannot be opened prints nothing and records nothing."""
    window, controller, plan_id = _opened(qtbot, tmp_path, store_url, store)

    def accept(self: QPrintDialog) -> QDialog.DialogCode:
        self.printer().setResolution(72)  # the pages are drawn again at this resolution
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)

    def broken(printer: Any, images: Any) -> None:
        raise OSError("the printer could not be opened")

    monkeypatch.setattr(print_dialog, "print_images", broken)
    dialog = _sheets(qtbot, window, "print")
    qtbot.waitUntil(lambda: "Printing failed" in dialog.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)
    assert _prints(store, plan_id) == []
    sent: list[int] = []
    monkeypatch.setattr(print_dialog, "print_images", lambda p, images: sent.append(len(images)))
    dialog.print_pages()
    qtbot.waitUntil(lambda: len(_prints(store, plan_id)) == 1, timeout=30_000)
    assert _prints(store, plan_id)[0]["to"] == "printer"
    assert sent and sent[0] >= 1
    dialog.close()


def test_an_export_is_audited_once_written_and_a_failed_write_is_not(
    qtbot: Any,
    tmp_path: Path,
    store_url: str,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, controller, plan_id = _opened(qtbot, tmp_path, store_url, store)
    target = [str(tmp_path / "no-such-folder" / "plan.pdf")]
    monkeypatch.setattr(print_dialog, "_ask_save_path", lambda parent, suggested: target[0])
    dialog = _sheets(qtbot, window, "export_pdf")
    qtbot.waitUntil(lambda: "Could not save" in dialog.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)
    assert _prints(store, plan_id) == []
    target[0] = str(tmp_path / "plan.pdf")
    assert dialog.export_pdf()
    qtbot.waitUntil(lambda: len(_prints(store, plan_id)) == 1, timeout=20_000)
    event = _prints(store, plan_id)[0]
    assert (event["to"], event["out"]) == ("file", target[0])
    assert Path(target[0]).read_bytes() == dialog.pdf
    dialog.close()


def test_an_unsaved_edit_prints_unattributed(
    qtbot: Any,
    tmp_path: Path,
    store_url: str,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edit on screen prints as a draft of no saved version: no event on the plan."""
    window, controller, plan_id = _opened(qtbot, tmp_path, store_url, store)
    window.load_input(_plan_input(ack_by="alice", weight="61"))
    monkeypatch.setattr(print_dialog, "_ask_save_path", lambda parent, s: str(tmp_path / "e.pdf"))
    dialog = _sheets(qtbot, window, "export_pdf")
    qtbot.waitUntil(lambda: (tmp_path / "e.pdf").exists(), timeout=30_000)
    qtbot.waitUntil(lambda: controller.busy == 0, timeout=20_000)
    assert _prints(store, plan_id) == []
    dialog.close()
