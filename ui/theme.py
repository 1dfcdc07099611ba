"""A clean light look, the same on every desktop: Fusion with a light palette, point sizes
only (so 150% scaling enlarges everything), and red reserved for what is wrong."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

# Style sheets are set on the few widgets that need them, never on the whole application:
# an application-wide sheet makes Qt restyle every widget and doubles the start-up time.
# A refused field (ui/refusal_mark.py): a red border drawn over it, a tinted background.
INVALID_BORDER = "#c62828"
INVALID_BACKGROUND = "#fdecea"
INVALID_TEXT = "#202124"
ERROR_BANNER_STYLE = (
    "background: #fdecea; color: #8e1616; border: 1px solid #e6a3a3; border-radius: 3px;"
    " padding: 6px 8px;"
)
MISSING_BANNER_STYLE = (
    "background: #eef3fb; color: #1a3d6d; border: 1px solid #b9cbe6; border-radius: 3px;"
    " padding: 6px 8px;"
)
# The plan's state above the schedule (issue 14): a draft in amber, verified in green, an edit
# of a verified plan in red (it must be verified again), a closed version in grey.
_STATE = "border-radius: 3px; padding: 4px 8px; font-weight: bold;"
STATE_STYLES = {
    "draft": f"background: #fff4d6; color: #6b4a00; border: 1px solid #e5c56b; {_STATE}",
    "verified": f"background: #e3f4e6; color: #1b5e20; border: 1px solid #9fd3a6; {_STATE}",
    "edited": f"background: #fdecea; color: #8e1616; border: 1px solid #e6a3a3; {_STATE}",
    "closed": f"background: #eceff1; color: #37474f; border: 1px solid #b0bec5; {_STATE}",
}
SUMMARY_STYLE = (
    "QTextBrowser { background: #f3f6fa; color: #202124; border: 1px solid #d5dde8;"
    " border-radius: 3px; }"
)
MESSAGE_STYLE = "color: #9b1c1c;"
WARNING_STYLE = "color: #9b1c1c; font-weight: bold;"
NOTE_STYLE = "color: #4a4f55;"


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f6f7f9",
        QPalette.ColorRole.WindowText: "#202124",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f4f6f8",
        QPalette.ColorRole.Text: "#202124",
        QPalette.ColorRole.Button: "#eef0f3",
        QPalette.ColorRole.ButtonText: "#202124",
        QPalette.ColorRole.Highlight: "#2f6fcf",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffe6",
        QPalette.ColorRole.ToolTipText: "#202124",
        QPalette.ColorRole.PlaceholderText: "#6b7078",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#8a8f96"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#8a8f96"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#8a8f96"))
    app.setPalette(palette)
