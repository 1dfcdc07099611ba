"""The alerts view's one column: the message led by its severity word, that word in bold when
the alert is hard or a soft alert still waits for its acknowledgement (the model's font for
its hidden severity column says which). Since the severity column was folded into the
message, the bold word had gone and only the row's tint marked a pending alert.

The text is laid out here with the bold word's own widths, so the row is as tall as the
lines it needs and no word is cut."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.text_wrap import fits_within, join_latin_words, keep_units_within

_Index = QModelIndex | QPersistentModelIndex
_MARGIN = 3  # the text's inset from the cell's edges, as a plain cell's


def bold_lead(index: _Index, severity_column: int) -> int:
    """How many leading characters of the message cell are bold: its severity word, when the
    model's font for the severity column of the row is bold; else 0."""
    severity = index.sibling(index.row(), severity_column)
    font = severity.data(Qt.ItemDataRole.FontRole)
    word = severity.data(Qt.ItemDataRole.DisplayRole) or ""
    text = index.data(Qt.ItemDataRole.DisplayRole) or ""
    if isinstance(font, QFont) and font.bold() and word and text.startswith(word):
        return len(word)
    return 0


class SeverityLeadDelegate(QStyledItemDelegate):
    """Paints and measures the message column with its severity word bold."""

    def __init__(self, severity_column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._severity_column = severity_column

    def text_layout(self, font: QFont, index: _Index, width: float) -> QTextLayout:
        """The cell's text laid out in lines ``width`` wide, its bold lead formatted."""
        # "g/m²" and "10⁹/L" whole (Qt would break after the '/'), a number beside its unit
        # wherever the two fit the line ("(4.0" ended a line, "g/m² in all)" began the next),
        # a new line as Qt's own.
        fits = fits_within(width, QFontMetricsF(font).horizontalAdvance)
        text = join_latin_words(index.data(Qt.ItemDataRole.DisplayRole) or "")
        text = keep_units_within(text, fits).replace("\n", "\u2028")
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        lead = bold_lead(index, self._severity_column)
        if lead:
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = 0, lead, bold
            layout.setFormats([span])
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    def _width(self, option: QStyleOptionViewItem) -> float:
        return float(option.rect.width() - 2 * _MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        font, palette = QFont(item.font), QPalette(item.palette)
        item.text = ""  # the background, selection and focus frame, then the text here
        style = item.widget.style() if item.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        layout = self.text_layout(font, index, self._width(option))
        painter.save()
        painter.setPen(palette.color(role))
        painter.setClipRect(QRectF(option.rect))
        layout.draw(painter, QPointF(option.rect.left() + _MARGIN, option.rect.top() + _MARGIN))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        width = self._width(option)
        view = self.parent()
        if isinstance(view, QWidget) and hasattr(view, "columnWidth"):
            width = float(view.columnWidth(index.column()) - 2 * _MARGIN)
        layout = self.text_layout(QFont(item.font), index, width)
        box = layout.boundingRect()
        return QSize(int(box.width()) + 2 * _MARGIN + 1, int(box.height() + 0.999) + 2 * _MARGIN)
