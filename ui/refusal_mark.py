"""The mark of a refused field: a red border drawn over it and a tinted background.

The mark was a style sheet of its own on the field (a 2 px border), and a field with a style
sheet has other size hints than one drawn by the window's style: a line edit or a combo box
2 px lower, a spin box 20 px wider, a date 8 px narrower. Refusing an age moved the date of
birth beside it 20 px; refusing a date of birth widened the whole form pane by 6 px and the
schedule beside it reflowed (issue 14: "fixed-size panes do not jump when a message
appears"). A border painted over the field, and colours in its palette, change no size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ui import theme


class _Border(QWidget):
    """A red frame over its field, following the field's size; clicks go through it."""

    def __init__(self, field: QWidget) -> None:
        super().__init__(field)
        self.setObjectName("refusalBorder")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        field.installEventFilter(self)
        self.setGeometry(field.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(QColor(theme.INVALID_BORDER))
        pen.setWidth(2)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))


def mark(field: QWidget, refused: bool) -> None:
    """Mark ``field`` refused, or take the mark off (its palette inherited again)."""
    border = field.findChild(_Border, "refusalBorder", Qt.FindChildOption.FindDirectChildrenOnly)
    if refused:
        if border is None:
            border = _Border(field)
        border.raise_()  # above the field's own line edit (a spin box's, a combo box's)
        border.show()
        palette = QPalette(field.palette())
        tint, text = QColor(theme.INVALID_BACKGROUND), QColor(theme.INVALID_TEXT)
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Button):
            palette.setColor(QPalette.ColorGroup.Active, role, tint)
            palette.setColor(QPalette.ColorGroup.Inactive, role, tint)
            # A disabled field refused too (the age, while a date of birth gives it): tinted;
            # its words keep the disabled grey.
            palette.setColor(QPalette.ColorGroup.Disabled, role, tint)
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Active, role, text)
            palette.setColor(QPalette.ColorGroup.Inactive, role, text)
        field.setPalette(palette)
    else:
        if border is not None:
            border.hide()
        field.setPalette(QPalette())  # nothing of its own: the window's colours
