"""Help → Check a printed sheet… in the window: the check code typed with real key events,
the answer read off the dialog, before and after a new version supersedes the paper."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from conftest import open_window
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from test_store_support import _isolated_user_dirs, plan_input, verify_confirming_all

from app.store import BlindEntry
from app.store.check_code import make_check_code
from app.store.service import Store
from ui.store import install
from ui.store.check_sheet import CheckSheetDialog

__all__ = ["_isolated_user_dirs"]

BLIND = BlindEntry(weight_kg=Decimal(60), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


def _printed_code(store: Store, plan_id: str) -> str:
    meta = store.get(plan_id).sheet_meta()
    code = make_check_code(meta.plan_id, meta.version, meta.content_hash, meta.audit_position)
    assert code is not None
    return str(code)


def _ask(qtbot: Any, window: Any, code: str) -> tuple[str | None, str]:
    """Help → Check a printed sheet…, the code typed, Enter; (verdict, answer shown)."""
    action = next(a for a in window.help_menu.actions() if a.objectName() == "check_sheet")
    seen: dict[str, Any] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CheckSheetDialog)
        field = dialog.findChild(QLineEdit, "check_code")
        qtbot.keyClicks(field, code)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        seen["verdict"], seen["text"] = dialog.verdict, dialog.answer.text()
        # The store's words (a cancelling reason as typed) shown as they are, not as markup.
        seen["format"] = dialog.answer.textFormat()
        dialog.reject()

    QTimer.singleShot(0, answer)
    action.trigger()
    assert seen["format"] == Qt.TextFormat.PlainText
    return seen["verdict"], seen["text"]


def _printed_plan(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> tuple[Any, Any, str, str]:
    """The window on the store, and a plan verified by bob: (window, controller, plan id,
    the check code its printed sheet carries)."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = open_window(qtbot, user="carol", today=lambda: dt.date(2027, 3, 1))
    controller = install(window, url=store_url, user="carol")
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    verify_confirming_all(store, plan_id, BLIND, user="bob")
    return window, controller, plan_id, _printed_code(store, plan_id)


def test_help_check_a_printed_sheet(
    qtbot: Any, tmp_path: Path, store_url: str, sqlite_store: Store
) -> None:
    window, controller, plan_id, paper = _printed_plan(qtbot, tmp_path, store_url, sqlite_store)
    verdict, text = _ask(qtbot, window, paper)
    assert verdict == "current"
    assert text.startswith(f"CURRENT: plan {plan_id} version 1 is the current verified version")

    sqlite_store.save_version(plan_id, plan_input(weight="61"), base_version=1, user="alice")
    verdict, text = _ask(qtbot, window, paper)
    assert verdict == "superseded" and "the plan is now at version 2" in text

    verdict, text = _ask(qtbot, window, "TX1-NOPE")
    assert verdict is None and "is not a txdose check code" in text
    controller.close_store()


def test_the_chinese_window_says_what_to_do_with_the_paper(
    qtbot: Any, tmp_path: Path, store_url: str, sqlite_store: Store
) -> None:
    """The answer said "CURRENT: plan … is the current verified version …" in English only:
    a nurse reading Chinese could not tell whether to give from the paper. The verdict and
    what to do come first in Chinese; the store's sentence follows."""
    from ui import i18n

    assert i18n.install_language("zh_CN")
    try:
        window, controller, plan_id, paper = _printed_plan(qtbot, tmp_path, store_url, sqlite_store)
        verdict, text = _ask(qtbot, window, paper)
        assert verdict == "current"
        assert text.startswith("现行：这份纸质单是此计划现行的已核对版本，可以使用。\n")
        assert f"plan {plan_id} version 1 is the current verified version" in text
        sqlite_store.save_version(plan_id, plan_input(weight="61"), base_version=1, user="alice")
        verdict, text = _ask(qtbot, window, paper)
        assert verdict == "superseded"
        assert text.startswith("已失效：不要按这份纸质单给药。\n")
        verdict, text = _ask(qtbot, window, "TX1-NOPE")
        assert verdict is None
        assert (
            text == "“TX1-NOPE”不是 txdose 核对码（形如 TX1-K7M2Q9XD-2-DCF72EEF-123，印在每页页脚）"
        )
        controller.close_store()
    finally:
        i18n.install_language("en")
