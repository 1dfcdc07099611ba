"""Verification in the window, blind (issue 15): a plan is chosen from the list (File →
Verify…, or Verify… in the Open dialog) and never opened; its values are not on screen while
weight, height and protocol are re-entered; then each adjustment is confirmed by a tick.

Opening someone else's draft is a sighting: the store records it ("viewed") and the person
can no longer verify that plan, so the window says so before it shows one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import translate
from ui.store.confirm_dialog import ConfirmAdjustmentsDialog
from ui.store.dialogs import VerifyDialog
from ui.store.operations import verified_text

if TYPE_CHECKING:
    from app.store.records import BlindEntry, VersionRecord
    from app.store.verification import Adjustment
    from ui.store.controller import StoreActions


def verify_dialog(actions: StoreActions) -> None:
    """File → Verify…: choose a draft from the list (without opening it), then verify it."""
    chooser = actions.make_open_dialog(
        status="draft",
        title=translate("StoreActions", "Choose a plan to verify (it is not opened)"),
    )
    chooser.set_verifying()
    if not actions.exec_dialog(chooser):
        return
    plan_id = chooser.selected_plan_id()
    if plan_id is not None:
        verify_plan(actions, plan_id)


def verify_plan(actions: StoreActions, plan_id: str) -> None:
    """The blind re-entry for ``plan_id``, with the window's plan hidden meanwhile."""
    dialog = VerifyDialog(
        translate("StoreActions", "plan {plan_id}").format(plan_id=plan_id), actions.window
    )
    # Blind: whatever plan the window shows must not be on screen while values are re-entered.
    central = actions.window.centralWidget()
    was_visible = central is not None and central.isVisible()
    if central is not None:
        central.hide()
    try:
        accepted = actions.exec_dialog(dialog)
    finally:
        if central is not None and was_visible:
            central.show()
    if accepted:
        verify_with(actions, plan_id, dialog.entry(), dialog.initials())


def verify_with(
    actions: StoreActions, plan_id: str, entry: BlindEntry, initials: str | None
) -> None:
    """Check the re-entry (every refusal audited by the store), then have each adjustment
    confirmed, then verify exactly the version that was checked."""
    user = actions.user

    def check() -> tuple[VersionRecord, list[Adjustment]]:
        return actions.store().adjustments_to_confirm(plan_id, entry, user=user)

    def checked(result: tuple[VersionRecord, list[Adjustment]]) -> None:
        record, required = result
        confirmed: list[str] = []
        if required:
            dialog = ConfirmAdjustmentsDialog(
                translate("StoreActions", "plan {plan_id}").format(plan_id=record.plan_id),
                required,
                actions.window,
            )
            if not actions.exec_dialog(dialog):
                actions.status(
                    translate("StoreActions", "Plan {plan} was not verified: not every adjustment was "
                               "confirmed").format(plan=record.plan_id)
                )  # fmt: skip
                return
            confirmed = dialog.confirmed()
        _sign(actions, record, entry, initials, confirmed)

    actions.run(check, checked)


def _sign(
    actions: StoreActions,
    record: VersionRecord,
    entry: BlindEntry,
    initials: str | None,
    confirmed: list[str],
) -> None:
    user, plan_id, number = actions.user, record.plan_id, record.version

    def work() -> VersionRecord:
        return actions.store().verify(
            plan_id, entry, user=user, initials=initials, version=number, confirmed=confirmed
        )

    def done(verified: VersionRecord) -> None:
        # The plan on screen takes its new status only if it is this version, unedited;
        # any other plan or edit on screen stays as it is (it was not opened to verify).
        if actions.plan_id == verified.plan_id and actions.saved_input == verified.plan_input:
            actions.adopt(verified)
        actions.inform(verified_text(verified))

    actions.run(work, done)
