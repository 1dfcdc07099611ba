"""The About box: what the app is and where every protocol dose comes from."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from dosing.protocol import Protocol

SOURCE_EXCERPT_CHARS = 400


def about_html(protocols: dict[str, Protocol], source_text: dict[str, str]) -> str:
    """Each protocol with its seed documents (opening words) and every item's quote."""
    parts = [
        "<h2>txdose</h2>",
        "<p>"
        + QCoreApplication.translate(
            "AboutDialog",
            "Dosing calculator for stem-cell transplant protocols in refractory lupus "
            "nephritis. Every dose is computed by the dosing engine from the protocol files; "
            "each item quotes its source verbatim.",
        )
        + "</p>",
    ]
    for protocol in protocols.values():
        parts.append(
            f"<h3>{html.escape(protocol.title)}</h3><p><b>{html.escape(protocol.id)}</b> "
            f"version {html.escape(protocol.version)}</p>"
        )
        for seed in protocol.seeds:
            excerpt = source_text.get(seed, "")[:SOURCE_EXCERPT_CHARS]
            parts.append(
                f"<p><b>Source {html.escape(seed)}</b>: <i>{html.escape(excerpt)}…</i></p>"
            )
        parts.append("<ul>")
        for item in protocol.items:
            parts.append(
                f"<li><b>{html.escape(item.name)}</b> ({html.escape(item.id)}; "
                f"{html.escape(item.source.seed)}): “{html.escape(item.source.quote)}”</li>"
            )
        parts.append("</ul>")
    return "".join(parts)


class AboutDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About txdose"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("aboutText")
        self.browser.setAccessibleName(self.tr("about txdose and the protocol sources"))
        self.browser.setHtml(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)


def open_log_folder_action(parent: QWidget) -> QAction:
    """Help → Open log folder: support asks for the log, the user finds it in one click."""

    def open_folder() -> None:
        from app.logs import log_dir

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    action = QAction(QCoreApplication.translate("MainWindow", "Open &log folder"), parent)
    action.setObjectName("open_log_folder")
    action.triggered.connect(open_folder)
    return action


def about_text() -> str:
    """The About box: every protocol with the seed documents it was written from."""
    from app.protocols import load_protocols, source_text

    protocols = load_protocols()
    seeds = {seed for p in protocols.values() for seed in p.seeds}
    return about_html(protocols, {seed: source_text(seed) for seed in sorted(seeds)})
