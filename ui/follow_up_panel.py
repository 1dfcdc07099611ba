"""Follow-up visits (View → Follow-up visits, Ctrl+7): each visit with its date, and the
source sentences the schedule comes from, quoted ("Close observation was carried out at stem
cell harvest, at transplantation, at 3, 6, 12, 18, and 24 months …", seed 000)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QTableView, QTextBrowser, QVBoxLayout, QWidget

from ui.column_fit import ColumnFitter
from ui.follow_up_model import FollowUpModel
from ui.i18n import translate

if TYPE_CHECKING:
    from dosing.models import ComputedPlan


class FollowUpPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPanel")
        self.model = FollowUpModel(self)
        self.view = QTableView()
        self.view.setObjectName("followUpView")
        self.view.setModel(self.model)
        self.view.setAccessibleName(translate("MainWindow", "follow-up visits"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().setVisible(False)
        self.fitter = ColumnFitter(
            self.view,
            priority=[FollowUpModel.COL_DATE, FollowUpModel.COL_VISIT],
            stretch=FollowUpModel.COL_CHECKS,
        )
        # Scrolled, not cut: two schedules' quotes (seed 002) are longer than a few lines.
        self.sources = QTextBrowser()
        self.sources.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self._sources_html = ""
        self.sources.setObjectName("followUpSources")
        self.sources.setAccessibleName(translate("MainWindow", "follow-up sources"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.sources, 1)

    def show_plan(self, plan: ComputedPlan | None) -> None:
        visits = plan.follow_up if plan is not None else ()
        self.model.update_rows(visits)
        text = _sources_html(plan)
        if text != self._sources_html:  # the same quotes after a keystroke: no re-layout
            self._sources_html = text
            self.sources.setHtml(text)

    def sources_text(self) -> str:
        return self.sources.toPlainText()


def _sources_html(plan: ComputedPlan | None) -> str:
    """Each source sentence once (a schedule's visits share it), with its seed, then the
    notes of how a range in the source was read."""
    if plan is None:
        return ""
    quotes = dict.fromkeys((s.seed, s.quote) for v in plan.follow_up for s in v.sources)
    notes = dict.fromkeys(v.note for v in plan.follow_up if v.note)
    lines = [f"<b>{html.escape(seed)}</b>: “{html.escape(quote)}”" for seed, quote in quotes]
    lines += [html.escape(note) for note in notes]
    return "<br>".join(lines)
