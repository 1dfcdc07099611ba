"""The second step of a verification: each adjustment of the plan confirmed, one by one.

Shown only after the blind re-entry matched (the values here are no longer blind: weight,
height and protocol have already been checked). Verify stays disabled until every box is
ticked, so a reduction, a dropped day, a chosen value or an acknowledgement cannot be passed
over in a lump.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.store.verification import Adjustment


class ConfirmAdjustmentsDialog(QDialog):
    """One checkbox per adjustment (its reason in the text); Verify once all are ticked."""

    def __init__(
        self, plan_label: str, required: Sequence[Adjustment], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Verify {plan}: confirm each adjustment").format(plan=plan_label)
        )
        self.required = list(required)
        intro = QLabel(
            self.tr(
                "Your entries match the prepared plan. Now check each adjustment the preparer "
                "made against the chart and the protocol, and tick it if it is right."
            )
        )
        intro.setWordWrap(True)
        self.checks: list[QCheckBox] = []
        boxes = QWidget()
        column = QVBoxLayout(boxes)
        for adjustment in self.required:
            check = QCheckBox(adjustment.what)
            check.setObjectName(adjustment.key)
            check.setToolTip(adjustment.key)
            check.toggled.connect(self._update)
            column.addWidget(check)
            self.checks.append(check)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(boxes)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.verify_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.verify_button.setText(self.tr("&Verify"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self.resize(720, 420)
        self._update()

    def _update(self) -> None:
        done = sum(check.isChecked() for check in self.checks)
        self.count_label.setText(
            self.tr("{done} of {total} confirmed").format(done=done, total=len(self.checks))
        )
        self.verify_button.setEnabled(done == len(self.checks))

    def confirmed(self) -> list[str]:
        """The keys of the ticked adjustments, in the order shown."""
        return [
            a.key for a, check in zip(self.required, self.checks, strict=True) if check.isChecked()
        ]
