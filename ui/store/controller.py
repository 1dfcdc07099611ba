"""Saved plans in the window (issue 5): New, Open…, Save, Verify…, History… in the File menu,
autosave of the plan being edited and the offer to restore it after a crash.

The controller reaches the window only through ``StoreWindow`` (ui/store/window.py). Database
work runs off the UI thread (``ui.operations.Operation``); SQLAlchemy is imported by the
first database operation, never at start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QChildEvent, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from app.store.history import history_entries
from app.store.identity import current_user
from ui.operations import Operation
from ui.plan_text import field_text, message_text
from ui.store.dialogs import HistoryDialog, OpenDialog, ask_conflict, message_box
from ui.store.operations import (
    AUTOSAVE_INTERVAL_MS,
    autosave,
    clear_autosave,
    restore_question,
    save_plan,
    unsaved_draft_meta,
)
from ui.store.refusal_text import refusal_text
from ui.store.verify_flow import verify_dialog as choose_and_verify
from ui.store.verify_flow import verify_plan
from ui.store.window import StoreWindow

if TYPE_CHECKING:
    from app.services import PlanMeta
    from app.store.errors import ConflictError
    from app.store.history import HistoryEntry
    from app.store.records import VersionRecord
    from app.store.service import Store
    from dosing.models import PlanInput


def install(
    window: StoreWindow,
    *,
    url: str | None = None,
    user: str | None = None,
    autosave_interval_ms: int = AUTOSAVE_INTERVAL_MS,
) -> StoreActions:
    """Add the store's actions to ``window.file_menu`` (above its print actions) and start
    autosaving; a draft left by a crash is offered back once the event loop runs."""
    from ui.store.check_sheet import add_check_sheet_action

    controller = StoreActions(window, url=url, user=user, autosave_interval_ms=autosave_interval_ms)
    add_check_sheet_action(controller)  # Help → Check a printed sheet…
    controller.offer_when_ready()
    return controller


class StoreActions(QObject):
    """The window's saved plan: which plan and version it is, and the actions on it.

    Dialog and message calls go through ``exec_dialog``, ``ask``, ``inform``, ``warn`` and
    ``choose_conflict`` so tests can answer them.
    """

    def __init__(
        self,
        window: StoreWindow,
        *,
        url: str | None = None,
        user: str | None = None,
        autosave_interval_ms: int = AUTOSAVE_INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.url = url
        self.user = current_user(user)
        self.plan_id: str | None = None
        self.version: int | None = None  # the saved version the window started from
        self.saved_input: PlanInput | None = None
        self.busy = 0  # database operations under way
        self._store: Store | None = None
        self._store_lock = threading.Lock()
        self._last_autosaved: PlanInput | None = None
        self.actions: dict[str, QAction] = {}
        self._setup_actions()
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(autosave_interval_ms)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self._autosave_timer.start()
        window.installEventFilter(self)

    def _setup_actions(self) -> None:
        std = QKeySequence.StandardKey
        specs: list[tuple[str, str, QKeySequence | None, Callable[[], None]]] = [
            ("new", self.tr("&New plan"), QKeySequence(std.New), self.new_plan),
            ("open", self.tr("&Open…"), QKeySequence(std.Open), self.open_plan_dialog),
            ("save", self.tr("&Save"), QKeySequence(std.Save), self.save),
            ("verify", self.tr("&Verify…"), QKeySequence("Ctrl+Shift+V"), self.verify_dialog),
            ("history", self.tr("&History…"), QKeySequence("Ctrl+H"), self.history_dialog),
        ]
        menu = self.window.file_menu
        before = self.window.store_separator
        if before is None and menu.actions():
            before = menu.actions()[0]
        for name, text, shortcut, slot in specs:
            action = QAction(text, self.window)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            if before is not None:
                menu.insertAction(before, action)
            else:
                menu.addAction(action)
            self.actions[name] = action
        # Printing and exporting a saved plan are audit events (issue 5), recorded once the
        # sheets dialog has sent or written them (``record_sheets``), never when the menu
        # action fires: a cancelled print dialog or a failed write prints nothing.

    # ------------------------------------------------------------ plumbing

    def store(self) -> Store:
        """The open store (opened, and migrated, on first use; call off the UI thread)."""
        with self._store_lock:
            if self._store is None:
                from app.store import open_store

                self._store = open_store(self.url)
            return self._store

    def close_store(self) -> None:
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.busy += 1

        def succeeded(result: Any) -> None:
            self.busy -= 1
            on_success(result)

        def failed(error: BaseException) -> None:
            self.busy -= 1
            (on_failure or self.failed)(error)

        Operation(work, succeeded, failed).start()

    def failed(self, error: BaseException) -> None:
        from app.store.errors import StoreError
        from dosing.errors import DosingError, InputError

        if isinstance(error, InputError):
            field, message = field_text(error.field), message_text(error.message)
            self.warn(
                self.tr("Not saved — {field}: {message}").format(field=field, message=message)
            )
        elif isinstance(error, StoreError | DosingError):
            self.warn(refusal_text(error))
        else:
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()
            why = reason[0] if reason else str(error)
            self.warn(self.tr("The plan database could not be used: {why}").format(why=why))

    def exec_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask(self, text: str) -> bool:
        yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = message_box(self.window, QMessageBox.Icon.Question, text, yes_no)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        message_box(self.window, QMessageBox.Icon.Information, text)

    def warn(self, text: str) -> None:
        message_box(self.window, QMessageBox.Icon.Warning, text)

    def status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def unsaved_changes(self) -> bool:
        shown = self.window.current_input()
        return shown is not None and shown != self.saved_input

    def adopt(self, record: VersionRecord) -> None:
        """The window now shows exactly this saved version."""
        self.plan_id, self.version, self.saved_input = (
            record.plan_id,
            record.version,
            record.plan_input,
        )
        self.window.set_plan_meta(record.sheet_meta())

    def record_sheets(self, meta: PlanMeta, to: str, where: str) -> None:
        """Audit sheets of a saved version sent to a printer or written to a file (an
        unsaved edit prints as a draft with no version, and is not attributed to a plan)."""
        if meta.plan_id is None or meta.version is None:
            return
        user = self.user

        def work() -> None:
            self.store().record(
                "print",
                user=user,
                plan_id=meta.plan_id,
                version=meta.version,
                via="window",
                to=to,
                out=where,
                status=meta.status,
                content_hash=meta.content_hash,
            )

        self.run(work, lambda _result: None)

    # ------------------------------------------------------------ New / Save

    def new_plan(self) -> None:
        """Start a new plan: the next Save creates one instead of a new version."""
        if self.unsaved_changes() and not self.ask(
            self.tr("The plan on screen has changes that are not saved. Start a new plan anyway?")
        ):
            return
        self.plan_id, self.version, self.saved_input = None, None, None
        self.window.clear_inputs()
        self.window.set_plan_meta(None)
        clear_autosave(user=self.user)
        self._last_autosaved = None

    def save(self) -> None:
        plan_input = self.window.current_input()
        if plan_input is None:
            self.warn(
                self.tr(
                    "Nothing was saved: fix the marked inputs first (no plan is shown while "
                    "an input is invalid)."
                )
            )
            return
        plan_id, base, user = self.plan_id, self.version, self.user

        def work() -> tuple[bool, VersionRecord]:
            return save_plan(self.store(), plan_input, plan_id=plan_id, base=base, user=user)

        def done(result: tuple[bool, VersionRecord]) -> None:
            created, record = result
            if record.plan_input != self.window.current_input():
                # the store filled in what the screen did not say (the last verified
                # version's weight as the reference): show exactly what was saved
                self.window.load_input(record.plan_input)
            self.adopt(record)
            clear_autosave(user=self.user)
            self._last_autosaved = None
            if created:
                self.status(
                    self.tr(
                        "Saved plan {plan_id} version {version} (draft: "
                        "it needs verifying by a second pharmacist)"
                    ).format_map(vars(record))
                )
            else:
                text = self.tr("Nothing changed since version {version}: nothing saved")
                self.status(text.format_map(vars(record)))

        def failed(error: BaseException) -> None:
            from app.store.errors import ConflictError

            if isinstance(error, ConflictError):
                self.resolve_conflict(error)
            else:
                self.failed(error)

        self.run(work, done, failed)

    def choose_conflict(self, error: ConflictError, changes: list[str]) -> str:
        """'mine' (save my edit on top of theirs), 'theirs' (open theirs) or 'keep'."""
        return ask_conflict(self.window.centralWidget().window(), error, changes)

    def resolve_conflict(self, error: ConflictError) -> None:
        """Another workstation saved first: show what differs; the edit stays on screen
        until the user decides (nothing is overwritten either way)."""
        from app.store.diff import diff, flatten_input

        mine = error.mine
        changes = (
            [str(c) for c in diff(flatten_input(error.theirs.plan_input), flatten_input(mine))]
            if mine is not None
            else []
        )
        choice = self.choose_conflict(error, changes)
        if choice == "theirs":
            self.open_plan(error.theirs.plan_id, error.theirs.version)
        elif choice == "mine" and mine is not None:
            self.version = error.theirs.version
            self.save()

    # ------------------------------------------------------------ Open

    def search(self, dialog: OpenDialog, text: str, status: str | None) -> None:
        number = dialog.searches
        self.run(
            lambda: self.store().list_plans(search=text or None, status=status, limit=500),
            lambda rows: dialog.set_rows(rows, number),
        )

    def open_plan_dialog(self) -> None:
        if self.unsaved_changes() and not self.ask(
            self.tr("The plan on screen has changes that are not saved. Open another plan anyway?")
        ):
            return
        dialog = self.make_open_dialog()
        if self.exec_dialog(dialog):
            plan_id = dialog.selected_plan_id()
            if plan_id is not None and dialog.verify_requested:
                verify_plan(self, plan_id)
            elif plan_id is not None:
                self.open_plan(plan_id)

    def make_open_dialog(self, status: str | None = None, title: str | None = None) -> OpenDialog:
        title = title or self.tr("Open a saved plan")
        holder: list[OpenDialog] = []
        dialog = OpenDialog(
            lambda text, st: self.search(holder[0], text, st) if holder else None,
            self.window,
            status=status,
            title=title,
        )
        holder.append(dialog)
        dialog.refresh()
        return dialog

    def open_plan(self, plan_id: str, version: int | None = None) -> None:
        user = self.user

        def work(seen: bool) -> tuple[VersionRecord, str | None, bool]:
            from app.store.errors import ProtocolChangedError
            from app.store.reading import recompute

            store = self.store()
            record = store.get(plan_id, version)
            if store.is_sighting(record, user):
                if not seen:  # ask first: nothing shown, nothing recorded
                    return record, store.history(record.plan_id)[-1].created_by, True
                record = store.show(plan_id, version, user=user, via="window")
            try:
                recompute(record)
            except ProtocolChangedError as exc:
                return record, refusal_text(exc), False
            return record, None, False

        def loaded(result: tuple[VersionRecord, str | None, bool]) -> None:
            record, problem_or_preparer, ask = result
            if not ask:
                self.load_record(record, problem_or_preparer)
            elif self.ask(
                self.tr(
                    "Plan {plan} is a draft prepared by {preparer}. Opening it shows its "
                    "values, and you will then not be able to verify it blind (verify it from "
                    "the plan list instead). Open it anyway?"
                ).format(plan=record.plan_id, preparer=problem_or_preparer)
            ):
                self.run(lambda: work(True), loaded)

        self.run(lambda: work(False), loaded)

    def load_record(self, record: VersionRecord, problem: str | None = None) -> None:
        """Show a saved version in the window; say so if it cannot be shown exactly.

        ``problem``: the store could not reproduce the version's doses (the protocol file
        changed since): the inputs are shown, recomputed, as an unsaved draft of the plan.
        """
        from app.store.diff import diff, flatten_input

        self.window.load_input(record.plan_input)
        self._last_autosaved = None
        if problem is not None:
            self.plan_id, self.version, self.saved_input = record.plan_id, record.version, None
            self.window.set_plan_meta(unsaved_draft_meta(record.plan_id))
            self.warn(
                problem.replace(
                    "It is not printed as saved: open it,",
                    "The doses on screen are recomputed with today's file:",
                )
            )
            return
        self.adopt(record)
        shown = self.window.current_input()
        if shown != record.plan_input:
            lines = (
                [str(c) for c in diff(flatten_input(record.plan_input), flatten_input(shown))]
                if shown is not None
                else []
            )
            changes = "\n".join(lines[:20]) or self.tr("the inputs on screen are invalid")
            text = self.tr(
                "The window could not show plan {plan_id} version {version} exactly; what is on "
                "screen differs from what was saved:\n{changes}\nIt is treated as an unsaved edit "
                "and prints as a draft."
            )
            self.warn(text.format(plan_id=record.plan_id, version=record.version, changes=changes))
        else:
            text = self.tr("Opened plan {plan_id} version {version} ({status})")
            self.status(text.format_map(vars(record)))

    # ------------------------------------------------------------ Verify

    def verify_dialog(self) -> None:
        """File → Verify…: a draft chosen from the list, verified blind (verify_flow.py)."""
        choose_and_verify(self)

    # ------------------------------------------------------------ History

    def history_dialog(self) -> None:
        plan_id = self.plan_id
        if plan_id is None:
            self.inform(self.tr("Open or save a plan to see its history."))
            return

        def done(entries: list[HistoryEntry]) -> None:
            dialog = HistoryDialog(plan_id, entries, self.window)
            self.exec_dialog(dialog)

        self.run(lambda: history_entries(self.store(), plan_id), done)

    # ------------------------------------------------------------ autosave

    def autosave_now(self) -> None:
        """Keep the edit on screen safe from a crash (nothing is written if it is saved)."""
        plan_input = self.window.current_input()
        if plan_input is None or plan_input == self.saved_input:
            return
        if plan_input == self._last_autosaved:
            return
        autosave(plan_input, plan_id=self.plan_id, base_version=self.version, user=self.user)
        self._last_autosaved = plan_input

    def offer_when_ready(self) -> None:
        """Offer the crash draft once the window has loaded its protocols (after the first
        paint: the offer must not slow the window's start-up)."""
        if self.window.engine_ready:
            QTimer.singleShot(0, self.offer_autosave)
            return
        signal = self.window.recomputed

        def once() -> None:
            signal.disconnect(once)
            QTimer.singleShot(0, self.offer_autosave)

        signal.connect(once)

    def offer_autosave(self) -> None:
        """After a crash: offer the unsaved edit back, once."""
        from app.store.recovery import pending_autosave

        pending = pending_autosave(user=self.user)
        if pending is None:
            return
        if self.ask(restore_question(pending)):
            self.window.load_input(pending.plan_input)
            self.plan_id, self.version, self.saved_input = (
                pending.plan_id,
                pending.base_version,
                None,
            )
            if pending.plan_id is not None:
                self.window.set_plan_meta(unsaved_draft_meta(pending.plan_id))
            self._last_autosaved = pending.plan_input
        else:
            clear_autosave(user=self.user)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.ChildPolished:
            # the window's sheets dialog, as it is first shown: listen for what it prints
            child = cast(QChildEvent, event).child()
            written = getattr(child, "written", None)
            if written is not None and not child.property("txdose_audited"):
                child.setProperty("txdose_audited", True)
                written.connect(self.record_sheets)
        if watched is self.window and event.type() == QEvent.Type.Close:
            if self.unsaved_changes():
                self.autosave_now()  # offered back next time, nothing lost
            else:
                clear_autosave(user=self.user)
        return False
