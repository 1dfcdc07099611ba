"""Help → Check a printed sheet…: the window's ``txdose check-sheet``. The check code at the
foot of a page is typed (or scanned into the field) and the answer says whether that paper is
the current verified version, superseded, or unknown to this database."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.store.check_code import CheckCode
    from app.store.paper import PaperCheck
    from ui.store.controller import StoreActions

_COLOURS = {"current": "#14632d", "superseded": "#9b1c1c", "unknown": "#9b1c1c"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CheckSheetDialog", text)


class CheckSheetDialog(QDialog):
    """One field, one button, one answer; ``check`` asks the store."""

    def __init__(self, check: Callable[[CheckCode], PaperCheck], parent: QWidget | None) -> None:
        super().__init__(parent)
        self._check = check
        self.setWindowTitle(_tr("Check a printed sheet"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_tr("Check code at the foot of the page (TX1-…):")))
        self.code = QLineEdit()
        self.code.setObjectName("check_code")
        self.code.returnPressed.connect(self.check_now)
        layout.addWidget(self.code)
        self.check_button = QPushButton(_tr("&Check"))
        self.check_button.clicked.connect(self.check_now)
        layout.addWidget(self.check_button)
        self.answer = QLabel("")
        self.answer.setObjectName("check_answer")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)  # the store's words, as they are
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.answer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.verdict: str | None = None
        self.resize(520, 220)

    def check_now(self) -> None:
        from app.store.check_code import parse_check_code
        from app.store.errors import StoreError
        from dosing.errors import InputError

        self.verdict = None
        try:
            code = parse_check_code(self.code.text())
        except InputError as exc:
            from ui.plan_text import message_text

            self._show(message_text(exc.message), "unknown")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self._check(code)
        except StoreError as exc:  # a tampered version, another ward key: said as at open
            from ui.store.refusal_text import refusal_text

            self._show(refusal_text(exc), "unknown")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.verdict = result.verdict
        self._show(_answer(result.verdict, result.message), result.verdict)

    def _show(self, text: str, verdict: str) -> None:
        self.answer.setStyleSheet(f"color: {_COLOURS[verdict]}; font-weight: bold")
        self.answer.setText(text)


# What to do with the paper, by verdict: said first in a language other than the store's
# English (a nurse must know at a glance whether to give from it); the store's sentence,
# with the plan, version and who verified it, follows.
_VERDICTS = {
    "current": QT_TRANSLATE_NOOP(
        "CheckSheetDialog", "CURRENT: this paper is the plan's current verified version: use it."
    ),
    "superseded": QT_TRANSLATE_NOOP("CheckSheetDialog", "SUPERSEDED: do not give from this paper."),
    "unknown": QT_TRANSLATE_NOOP("CheckSheetDialog", "UNKNOWN: do not use this paper."),
}


def _answer(verdict: str, message: str) -> str:
    from ui.i18n import current_language

    if current_language() == "en":
        return f"{verdict.upper()}: {message}"
    return _tr(_VERDICTS[verdict]) + "\n" + message


def add_check_sheet_action(controller: StoreActions) -> QAction | None:
    """Help → Check a printed sheet…, on the window's Help menu (None without one). The
    database layer loads only when the dialog asks, not at start-up."""
    menu = getattr(controller.window, "help_menu", None)
    if menu is None:
        return None
    action = QAction(_tr("Check a printed &sheet…"), menu)
    action.setObjectName("check_sheet")

    def open_dialog() -> None:
        from app.store.paper import check_paper

        parent = controller.window if isinstance(controller.window, QWidget) else None
        dialog = CheckSheetDialog(lambda code: check_paper(controller.store(), code), parent)
        dialog.exec()

    action.triggered.connect(open_dialog)
    actions = menu.actions()
    # above About, so the ward's daily actions come first
    if actions:
        menu.insertAction(actions[0], action)
    else:
        menu.addAction(action)
    return action
