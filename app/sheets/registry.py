"""The printed sheets by name: what the CLI's ``--sheet`` offers, what the print dialog lists,
and how each is laid out. Adding a sheet is one entry here plus its module.

Cheap to import (no reportlab): the builder's module is imported only when a sheet is built.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from app.sheets._context import SheetBuilder


@dataclass(frozen=True)
class Sheet:
    name: str  # what ``--sheet`` takes
    title: str  # printed on every page and in the PDF title
    label: str  # the print dialog's check box, with its keyboard mnemonic (&)
    orientation: Literal["portrait", "landscape"]
    module: str  # the module under ``app.sheets`` whose ``build`` lays the sheet out

    def builder(self) -> SheetBuilder:
        built: SheetBuilder = importlib.import_module(f"app.sheets.{self.module}").build
        return built


SHEETS: tuple[Sheet, ...] = (
    # The nurse schedule is landscape: a whole administration reads on one line.
    Sheet("nurse", "Nurse administration schedule", "&Nurse administration schedule",
          "landscape", "nurse"),
    Sheet("worksheet", "Pharmacist worksheet", "Pharmacist &worksheet", "portrait", "worksheet"),
    Sheet("summary", "Protocol summary", "Protocol &summary", "portrait", "summary"),
)  # fmt: skip
BY_NAME = {sheet.name: sheet for sheet in SHEETS}
SHEET_NAMES = tuple(BY_NAME)
