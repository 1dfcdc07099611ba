"""Print preview, print and export of the sheets: one PDF, shown, printed and saved as is.

The preview renders the exact PDF bytes the sheets service produced (pypdfium2; QtPdf is not
in the PySide6 wheels), so what the pharmacist checks on screen is what the printer gets.
Rendering runs on a worker thread; pdfium is used by one thread at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QImage, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.sheets import registry as sheet_registry
from ui import settings as keys
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP, translate
from ui.operations import Operation
from ui.plan_text import status_text

if TYPE_CHECKING:
    from app.services import PlanMeta
    from dosing.models import ComputedPlan

PREVIEW_DPI = 96  # fixed zoom: an A4 page is 794 px wide, readable without scaling
# The sheet languages (app.sheets._language.LANGUAGES), each named in its own language.
SHEET_LANGUAGES = (("en", "English"), ("zh_CN", "中文"), ("bilingual", "中文 + English"))

SHEETS = tuple((sheet.name, sheet.label) for sheet in sheet_registry.SHEETS)
# The check boxes' words in the window's language (the registry keeps them in English).
_SHEET_LABELS = (
    QT_TRANSLATE_NOOP("SheetsDialog", "&Nurse administration schedule"),
    QT_TRANSLATE_NOOP("SheetsDialog", "Pharmacist &worksheet"),
    QT_TRANSLATE_NOOP("SheetsDialog", "Protocol &summary"),
)

# pdfium is not thread-safe: every render goes through this one-thread pool.
_RENDER_POOL: QThreadPool | None = None


def render_pool() -> QThreadPool:
    global _RENDER_POOL
    if _RENDER_POOL is None:
        _RENDER_POOL = QThreadPool()
        _RENDER_POOL.setMaxThreadCount(1)
    return _RENDER_POOL


def nurse_block_reason(plan: ComputedPlan) -> str | None:
    """Why the nurse administration schedule may not be printed, or None."""
    if plan.has_hard_alert:
        return translate("SheetsDialog", "a hard alert refuses a dose")
    return None


def render_sheets(plan: ComputedPlan, sheets: Sequence[str], meta: PlanMeta) -> bytes:
    from app.sheets import render_pdf

    return render_pdf(plan, list(sheets), meta)


def pdf_to_images(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page of ``pdf`` as an image at ``dpi`` (safe off the UI thread)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images: list[QImage] = []
    try:
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            picture = bitmap.to_pil().convert("RGB")
            data = picture.tobytes()
            image = QImage(
                data, picture.width, picture.height, 3 * picture.width, QImage.Format.Format_RGB888
            )
            images.append(image.copy())  # own the pixels before ``data`` goes
            page.close()
    finally:
        document.close()
    return images


def print_images(printer: Any, images: Sequence[QImage]) -> None:
    """Draw each page image on its own printer page, fitted, rotated to the paper's shape."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        for number, image in enumerate(images):
            if number:
                printer.newPage()
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            page = image
            if (page.width() > page.height()) != (target.width() > target.height()):
                page = page.transformed(QTransform().rotate(90))
            scale = min(target.width() / page.width(), target.height() / page.height())
            width, height = page.width() * scale, page.height() * scale
            painter.drawImage(QRectF(0, 0, width, height), page)
    finally:
        painter.end()


class SheetsDialog(QDialog):
    """Choose sheets, see their pages, print them or save them as one PDF."""

    rendered = Signal()  # a preview finished (or failed): tests and the benchmark wait on it
    # Sheets went out (meta, "printer" or "file", the printer's name or the file's path):
    # only once they were sent or written, never when merely asked for (the audit listens).
    written = Signal(object, str, str)

    def __init__(
        self,
        plan: ComputedPlan,
        meta: PlanMeta,
        parent: QWidget | None = None,
        save_path: Callable[[QWidget, str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print preview — txdose"))
        self.plan = plan
        self.meta = meta
        self.pdf: bytes | None = None
        self.images: list[QImage] = []
        self._save_path = save_path or _ask_save_path
        self._generation = 0
        self.checks: dict[str, QCheckBox] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("printStatus")
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(self.tr("page preview"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.export_button = QPushButton(self.tr("&Export PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        # Off: pages at 96 dpi, read at their size; on: each page scaled to the width of the
        # preview (a landscape nurse schedule is wider than the dialog and was cut off).
        self.fit_check = QCheckBox(self.tr("&Fit to width"))
        self.fit_check.setChecked(keys.read(keys.open_settings(), keys.PREVIEW_FIT) == "on")
        self.fit_check.toggled.connect(self._fit_changed)
        self.scroll.viewport().installEventFilter(self)
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(self.tr("language of the sheets"))
        for code, name in SHEET_LANGUAGES:
            self.language_combo.addItem(name, code)
        remembered = keys.read(keys.open_settings(), keys.SHEET_LANGUAGE)
        index = self.language_combo.findData(remembered)
        self.language_combo.setCurrentIndex(max(index, 0))
        self.meta = meta.model_copy(update={"language": self.language_combo.currentData()})
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self._build()
        self.resize(920, 900)
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        choose = QHBoxLayout()
        blocked = nurse_block_reason(self.plan)
        for sheet, text in SHEETS:
            check = QCheckBox(self.tr(text))
            check.setChecked(not (sheet == "nurse" and blocked))
            if sheet == "nurse" and blocked:
                check.setEnabled(False)
                check.setToolTip(
                    self.tr("Cannot be printed for administration: {why}").format(why=blocked)
                )
            check.toggled.connect(self.refresh)
            choose.addWidget(check)
            self.checks[sheet] = check
        choose.addStretch(1)
        choose.addWidget(self.fit_check)
        language = QLabel(self.tr("&Language"))
        language.setBuddy(self.language_combo)
        choose.addWidget(language)
        choose.addWidget(self.language_combo)
        layout.addLayout(choose)
        if blocked:
            warning = QLabel(
                self.tr(
                    "The nurse administration schedule cannot be printed: {why}. "
                    "The worksheet and summary can."
                ).format(why=blocked)
            )
            warning.setStyleSheet(theme.WARNING_STYLE)
            warning.setWordWrap(True)
            layout.addWidget(warning)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.export_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_pages)
        self.export_button.clicked.connect(self.export_pdf)
        self.close_button.clicked.connect(self.reject)

    def _language_changed(self) -> None:
        code = self.language_combo.currentData()
        keys.write(keys.open_settings(), keys.SHEET_LANGUAGE, code)
        self.meta = self.meta.model_copy(update={"language": code})
        self.refresh()

    def done(self, result: int) -> None:
        self.wait_for_renders()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait_for_renders()
        super().closeEvent(event)

    def wait_for_renders(self) -> None:
        """A render still running when its dialog (or the app) goes would outlive the
        objects it reports to; wait for it (at most one render, well under a second)."""
        self._generation += 1  # whatever finishes now is stale
        render_pool().waitForDone(30000)

    def selected_sheets(self) -> list[str]:
        return [s for s, _ in SHEETS if self.checks[s].isChecked() and self.checks[s].isEnabled()]

    def refresh(self) -> None:
        """Render the chosen sheets off the UI thread and show their pages."""
        self._generation += 1
        generation = self._generation
        sheets = self.selected_sheets()
        self.pdf, self.images = None, []
        self._set_busy(True)
        if not sheets:
            self._show_pages([])
            self.status.setText(self.tr("Choose at least one sheet."))
            self.rendered.emit()
            return
        self.status.setText(self.tr("Rendering…"))
        plan, meta = self.plan, self.meta

        def work() -> tuple[bytes, list[QImage]]:
            pdf = render_sheets(plan, sheets, meta)
            return pdf, pdf_to_images(pdf, PREVIEW_DPI)

        def done(result: tuple[bytes, list[QImage]]) -> None:
            if generation != self._generation:
                return  # a newer selection is being rendered
            self.pdf, self.images = result
            self._show_pages(self.images)
            count = len(self.images)
            text = (
                self.tr("1 page: {sheets}; status {status}.")
                if count == 1
                else self.tr("{count} pages: {sheets}; status {status}.")
            )
            self.status.setText(
                text.format(count=count, sheets=", ".join(sheets), status=status_text(meta.status))
            )
            self._set_busy(False)
            self.rendered.emit()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._show_pages([])
            self.status.setText(
                self.tr("The sheets could not be rendered: {error}").format(error=error)
            )
            self.rendered.emit()

        Operation(work, done, failed, render_pool()).start()

    def _set_busy(self, busy: bool) -> None:
        self.print_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)

    def _show_pages(self, images: Sequence[QImage]) -> None:
        while self.pages_layout.count():
            child = self.pages_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from the page list now, not at the next turn
                widget.deleteLater()
        for number, image in enumerate(images, start=1):
            label = QLabel()
            label.setPixmap(self._page_pixmap(image))
            label.setAccessibleName(
                self.tr("page {number} of {count}").format(number=number, count=len(images))
            )
            label.setObjectName("pdfPage")
            self.pages_layout.addWidget(label)

    def _page_pixmap(self, image: QImage) -> QPixmap:
        pixmap = QPixmap.fromImage(image)
        if not self.fit_check.isChecked():
            return pixmap
        margins = self.pages_layout.contentsMargins()
        width = self.scroll.viewport().width() - margins.left() - margins.right()
        if pixmap.width() <= width or width <= 0:
            return pixmap
        return pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)

    def _fit_changed(self) -> None:
        keys.write(
            keys.open_settings(), keys.PREVIEW_FIT, "on" if self.fit_check.isChecked() else "off"
        )
        self._show_pages(self.images)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Fitted pages follow the preview's width as the dialog is resized.
        if event.type() == QEvent.Type.Resize and self.fit_check.isChecked() and self.images:
            self._show_pages(self.images)
        return False

    def export_pdf(self) -> bool:
        """Save the previewed PDF, byte for byte."""
        if self.pdf is None:
            return False
        path = self._save_path(self, self.suggested_file_name())
        if not path:
            return False
        try:
            with open(path, "wb") as handle:
                handle.write(self.pdf)
        except OSError as exc:
            text = self.tr("Could not save {path}: {why}")
            self.status.setText(text.format(path=path, why=exc.strerror))
            return False
        self.status.setText(self.tr("Saved {path}.").format(path=path))
        self.written.emit(self.meta, "file", path)
        return True

    def suggested_file_name(self) -> str:
        """``MRN-planid-v3-nurse.pdf``: which patient, plan, version and sheets, so exported
        files sort by patient and two versions never share a name (parts not known yet are
        left out; characters a file name cannot hold become ``_``)."""
        meta = self.meta
        parts = [
            self.plan.input.patient.mrn.strip(),
            meta.plan_id or "",
            f"v{meta.version}" if meta.version is not None else "",
            "+".join(self.selected_sheets()),
        ]
        name = "-".join(part for part in parts if part) or "txdose-plan"
        return re.sub(r"[^\w.+-]", "_", name) + ".pdf"

    def print_pages(self) -> None:
        """The previewed PDF's pages, rendered again at the printer's resolution."""
        if self.pdf is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pdf, meta = self.pdf, self.meta
        resolution = printer.resolution()
        self.status.setText(self.tr("Preparing pages for the printer…"))
        self._set_busy(True)

        def done(images: list[QImage]) -> None:
            self._set_busy(False)
            try:
                print_images(printer, images)
            except OSError as exc:
                self.status.setText(self.tr("Printing failed: {error}").format(error=exc))
                return
            to_file = printer.outputFileName()  # the print dialog's "Print to file"
            self.written.emit(
                meta, "file" if to_file else "printer", to_file or printer.printerName()
            )
            self.status.setText(
                self.tr("Sent {count} pages to {printer}.").format(
                    count=len(images), printer=printer.printerName() or self.tr("the printer")
                )
            )

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.status.setText(self.tr("Printing failed: {error}").format(error=error))

        Operation(lambda: pdf_to_images(pdf, resolution), done, failed, render_pool()).start()


def _ask_save_path(parent: QWidget, suggested: str) -> str:
    title = translate("SheetsDialog", "Export PDF")
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "PDF (*.pdf)")
    return path
