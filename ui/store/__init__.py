"""Saved plans in the window: the plan list model, the Open / Verify / History dialogs, the
controller (talking to the window through ``StoreWindow``) and the store operations it runs."""

from ui.store.controller import StoreActions, install
from ui.store.dialogs import HistoryDialog, OpenDialog, VerifyDialog
from ui.store.plan_list import PlanListModel
from ui.store.window import StoreWindow

__all__ = [
    "HistoryDialog",
    "OpenDialog",
    "PlanListModel",
    "StoreActions",
    "StoreWindow",
    "VerifyDialog",
    "install",
]
