"""The window's language: every user-visible string goes through Qt's translation.

Inside a QObject subclass a string is ``self.tr("…")``; elsewhere ``translate("Context",
"…")`` (a plain function, so ``pyside6-lupdate`` finds it by name). Strings that are built
at import time (tables of labels) are marked with ``QT_TRANSLATE_NOOP`` and translated where
they are shown. Placeholders are named (``"{version}"``) and filled with ``str.format`` after
translation: a translator may move them, never rename them.

The language is View → Language (remembered in the settings), else the system locale's.
Switching installs another ``QTranslator``; Qt then sends every widget a LanguageChange
event and :func:`retranslate` puts each static text into the new language. It finds a
text's source through the catalogue (``txdose_zh_CN.ts``, shipped beside the ``.qm``) rather
than through a retranslate method per panel: the panels stay as they are written, and a
new ``self.tr("…")`` label is retranslated without anyone remembering to add it twice.
Texts built from the plan (summary, alerts, schedule) are rebuilt by recomputing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = ["QT_TRANSLATE_NOOP", "translate"]

# Each language named in itself: someone who cannot read the current one finds their own.
LANGUAGES = (("en", "English"), ("zh_CN", "中文"))
TRANSLATED = ("zh_CN",)
CATALOGUE = "txdose"


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the window's language (itself when no translation is loaded)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def catalogue_path(language: str, suffix: str = ".qm") -> Path:
    from app.resources import i18n_dir

    return i18n_dir() / f"{CATALOGUE}_{language}{suffix}"


# ---------------------------------------------------------------- choosing and loading

_installed: list[QTranslator] = []
_current = "en"


def system_language() -> str:
    """zh_CN for a Chinese system locale (any script or region), English otherwise."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def chosen_language(settings: QSettings) -> str:
    """The language View → Language remembered, else the system's."""
    from ui import settings as keys

    saved = keys.read(settings, keys.WINDOW_LANGUAGE)
    return saved if saved in dict(LANGUAGES) else system_language()


def current_language() -> str:
    return _current


def install_language(language: str) -> bool:
    """Load ``language``'s catalogue (and Qt's own, for its dialogs' buttons) in place of
    the current one; English needs none. Qt sends LanguageChange to every widget. Returns
    False (and stays in English) when the catalogue cannot be loaded."""
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = "en"
    if language in TRANSLATED:
        ours = QTranslator(app)
        if not ours.load(str(catalogue_path(language))):
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return False
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for translator, loaded in ((qt, qt.load(f"qtbase_{language}", qt_dir)), (ours, True)):
            if loaded:
                app.installTranslator(translator)
                _installed.append(translator)
        _current = language
    # Dates and numbers on screen follow the window's language (ui/formatting.py).
    QLocale.setDefault(
        QLocale(language)
        if language != "en"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    return True


def switch_language(window: MainWindow, language: str) -> bool:
    """View → Language: remember the choice and switch now, without a restart."""
    from ui import settings as keys

    keys.write(window.settings, keys.WINDOW_LANGUAGE, language)
    if language == _current:
        return True
    return install_language(language)


# ---------------------------------------------------------------- the View → Language menu


def install(window: MainWindow) -> None:
    """Add View → Language to ``window`` and retranslate it on every language change."""
    from PySide6.QtGui import QAction, QActionGroup

    menu = window.view_menu.addMenu(translate("MainWindow", "&Language"))
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    window.language_actions = {}
    for code, name in LANGUAGES:
        action = QAction(name, menu)
        action.setCheckable(True)
        action.setChecked(code == _current)
        action.setObjectName(f"language_{code}")
        action.triggered.connect(lambda _checked=False, code=code: switch_language(window, code))
        group.addAction(action)
        menu.addAction(action)
        window.language_actions[code] = action
    watcher = _LanguageWatcher(window)
    window.installEventFilter(watcher)


class _LanguageWatcher(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            retranslate_window(self._window)
        return False


def retranslate_window(window: MainWindow) -> None:
    """Every text of the window in the language now installed."""
    retranslate(window)
    for code, action in window.language_actions.items():
        action.setChecked(code == _current)
    from PySide6.QtCore import QAbstractItemModel

    for model in window.findChildren(QAbstractItemModel):
        # The window's table models (ui.models, not imported: it imports this module)
        # cache their cells' text; reset each with its own rows.
        if hasattr(model, "set_rows") and hasattr(model, "rows"):
            model.set_rows(model.rows())
    window.adjustments_panel.retranslate_names()  # drug names it built from the protocol
    window.protocol_panel.retranslate_protocol_texts()  # the protocol files' own words
    window.counts_panel.retranslate_messages()  # a refused count's words
    window.alerts_panel.retranslate_messages()  # a refused acknowledgement's
    window.adjustments_panel.retranslate_messages()  # a refused drop's
    from ui.info_text import forget_heights

    forget_heights(window)  # the heights the other language's words reached
    window.recompute()  # the texts built from the plan, and the title
    if window.current_plan() is not None:
        window._show_trace()


# ---------------------------------------------------------------- retranslating static texts


@cache
def _catalogue() -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """(translation -> [(context, source)], source -> [contexts]) over every shipped ``.ts``."""
    import xml.etree.ElementTree as ET  # only on a language switch: ~10 ms of start-up

    translated: dict[str, list[tuple[str, str]]] = {}
    sources: dict[str, list[str]] = {}
    for language in TRANSLATED:
        path = catalogue_path(language, ".ts")
        if not path.exists():
            continue
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                sources.setdefault(source, []).append(name)
                text = message.findtext("translation")
                if text:
                    translated.setdefault(text, []).append((name, source))
    return translated, sources


def _retext(text: str, owner: QObject) -> str | None:
    """``text`` (a source, or a translation into any shipped language) in the language now
    installed; None when it is not a catalogue string (a patient's name, a protocol title)."""
    if not text:
        return None
    translated, sources = _catalogue()
    candidates = translated.get(text) or [(c, text) for c in sources.get(text, ())]
    if not candidates:
        return None
    # The same words in two contexts may be translated differently: prefer the context
    # of the class that owns the text, or of a widget that contains it.
    owners: set[str] = set()
    node: QObject | None = owner
    while node is not None:
        owners.update(cls.__name__ for cls in type(node).__mro__)
        node = node.parent()
    context, source = next((c for c in candidates if c[0] in owners), candidates[0])
    return translate(context, source)


def _text_properties(obj: QObject) -> Iterator[tuple[Callable[[], str], Callable[[str], Any]]]:
    """(getter, setter) of every static text ``obj`` shows or says to a screen reader."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QDoubleSpinBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QSpinBox,
        QTabWidget,
        QWidget,
    )

    if isinstance(obj, QAction):
        yield obj.text, obj.setText
        yield obj.toolTip, obj.setToolTip
        return
    if not isinstance(obj, QWidget):
        return
    yield obj.toolTip, obj.setToolTip
    yield obj.accessibleName, obj.setAccessibleName
    yield obj.windowTitle, obj.setWindowTitle
    if isinstance(obj, QLabel | QAbstractButton):
        yield obj.text, obj.setText
    if isinstance(obj, QGroupBox | QMenu):
        yield obj.title, obj.setTitle
    if isinstance(obj, QLineEdit):
        yield obj.placeholderText, obj.setPlaceholderText  # never the typed text
    if isinstance(obj, QAbstractSpinBox):
        yield obj.specialValueText, obj.setSpecialValueText
    if isinstance(obj, QSpinBox | QDoubleSpinBox):
        yield obj.suffix, obj.setSuffix
    if isinstance(obj, QComboBox):
        for index in range(obj.count()):
            yield (
                lambda i=index: obj.itemText(i),
                lambda text, i=index: obj.setItemText(i, text),
            )
    if isinstance(obj, QTabWidget):
        for index in range(obj.count()):
            yield (
                lambda i=index: obj.tabText(i),
                lambda text, i=index: obj.setTabText(i, text),
            )


def retranslate(root: QObject) -> int:
    """Put every catalogue text of ``root`` and its children (labels, buttons, group
    titles, menus, tabs, combo items, placeholders, tooltips, accessible names) into the
    installed language; returns how many changed."""
    changed = 0
    objects = [root, *root.findChildren(QObject)]
    for obj in objects:
        for getter, setter in _text_properties(obj):
            old = getter()
            new = _retext(old, obj)
            if new is not None and new != old:
                setter(new)
                changed += 1
    return changed
