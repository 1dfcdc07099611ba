"""What the store controller needs of the window, and nothing more: the typed contract that
replaces reaching into the window by attribute name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QStatusBar, QWidget

    from app.services import PlanMeta
    from dosing.models import PlanInput


class StoreWindow(Protocol):
    """The window as the store sees it (``ui.main_window.MainWindow`` implements it)."""

    file_menu: QMenu
    # The store's actions go above this separator (the print actions are below it).
    store_separator: QAction | None
    actions_by_name: dict[str, QAction]

    @property
    def engine_ready(self) -> bool:
        """False until the protocols are loaded (``recomputed`` fires after each recompute)."""
        ...

    @property
    def recomputed(self) -> SignalInstance: ...

    def current_input(self) -> PlanInput | None: ...

    def load_input(self, plan_input: PlanInput) -> None: ...

    def clear_inputs(self) -> None: ...

    def plan_meta(self) -> PlanMeta | None: ...

    def set_plan_meta(self, meta: PlanMeta | None) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def centralWidget(self) -> QWidget: ...

    def installEventFilter(self, watcher: QObject) -> None: ...
