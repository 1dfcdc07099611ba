"""Settings declared once: every key, its type and default (Picard's ``options.py`` idea).

Stored with QSettings under organisation and application "txdose" (an INI file in the user's
config folder); tests point QSettings at a temporary folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "txdose"
APPLICATION = "txdose"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Key:
    name: str
    default: Any


GEOMETRY = Key("window/geometry", QByteArray())
MAIN_SPLITTER = Key("window/main_splitter", QByteArray())
PROTOCOL = Key("options/protocol", "auto-hsct-ln")
BSA_FORMULA = Key("options/bsa_formula", "mosteller")
WEIGHT_UNIT = Key("options/weight_unit", "kg")
HEIGHT_UNIT = Key("options/height_unit", "cm")
CREATININE_UNIT = Key("options/creatinine_unit", "mg/dL")
SHEET_LANGUAGE = Key("print/sheet_language", "en")  # en | zh_CN | bilingual
PREVIEW_FIT = Key("print/preview_fit", "on")  # on: pages fitted to the preview's width
WINDOW_LANGUAGE = Key("options/language", "")  # en | zh_CN; empty: the system locale's
SCHEMA = Key("schema_version", SCHEMA_VERSION)


def open_settings() -> QSettings:
    settings = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )
    if settings.value(SCHEMA.name) is None:
        settings.setValue(SCHEMA.name, SCHEMA_VERSION)
    return settings


def read(settings: QSettings, key: Key) -> Any:
    value = settings.value(key.name, key.default)
    if isinstance(key.default, str) and not isinstance(value, str):
        return key.default
    if isinstance(key.default, QByteArray) and not isinstance(value, QByteArray):
        return key.default
    return value


def write(settings: QSettings, key: Key, value: Any) -> None:
    settings.setValue(key.name, value)
