"""The units of a protocol dose: how it scales (the basis), the unit it is given in, and the
factor between them. Shared by the schema (``dosing.protocol``) and its rules
(``dosing.protocol_rules``)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from dosing.display import format_number


class Basis(StrEnum):
    """How a protocol dose scales. The unit before ``/`` is the dose unit per basis unit."""

    G_PER_M2 = "g/m2"
    MG_PER_M2 = "mg/m2"
    MG_PER_KG = "mg/kg"
    MCG_PER_KG = "mcg/kg"
    ML_PER_KG = "mL/kg"
    CELLS_PER_KG = "cells/kg"
    MG = "mg"
    ML = "mL"
    INTERNATIONAL_UNITS = "international units"
    # The CD34+ cells collected at apheresis, reinfused whole on day 0.
    COLLECTED_CD34 = "collected-cd34"
    # Given per the site's own protocol (e.g. anti-emetics): listed, never dosed here.
    LOCAL_PROTOCOL = "local-protocol"

    @property
    def per_m2(self) -> bool:
        return self in (Basis.G_PER_M2, Basis.MG_PER_M2)

    @property
    def per_kg(self) -> bool:
        return self in (Basis.MG_PER_KG, Basis.MCG_PER_KG, Basis.ML_PER_KG, Basis.CELLS_PER_KG)

    @property
    def amount_unit(self) -> str:
        """The unit of the amount before the ``/`` (``g/m2`` -> ``g``)."""
        return self.value.split("/")[0]


# How a basis is written for people (m² with a superscript, never "m2").
BASIS_TEXT = {
    Basis.G_PER_M2: "g/m²",
    Basis.MG_PER_M2: "mg/m²",
    Basis.MG_PER_KG: "mg/kg",
    Basis.MCG_PER_KG: "mcg/kg",
    Basis.ML_PER_KG: "mL/kg",
    Basis.CELLS_PER_KG: "cells/kg",
    Basis.MG: "mg",
    Basis.ML: "mL",
    Basis.INTERNATIONAL_UNITS: "international units",
}


class DoseUnit(StrEnum):
    G = "g"
    MG = "mg"
    MCG = "mcg"
    ML = "mL"
    CELLS = "cells"
    INTERNATIONAL_UNITS = "international units"


def basis_amount_text(value: Decimal, basis: Basis) -> str:
    """``2 g/m²``, ``1 × 10⁶ cells/kg``, ``250 mL`` — a protocol dose as written."""
    if basis is Basis.CELLS_PER_KG:
        return format_number(value.scaleb(-6)) + " × 10⁶ cells/kg"
    return f"{format_number(value)} {BASIS_TEXT[basis]}"


# How many dose units one basis amount unit is (a g/m2 dose given in mg multiplies by 1,000).
CONVERSION: dict[tuple[str, str], Decimal] = {
    ("g", "g"): Decimal(1),
    ("g", "mg"): Decimal(1000),
    ("mg", "mg"): Decimal(1),
    ("mg", "g"): Decimal("0.001"),
    ("mg", "mcg"): Decimal(1000),
    ("mcg", "mcg"): Decimal(1),
    ("mL", "mL"): Decimal(1),
    ("cells", "cells"): Decimal(1),
    ("international units", "international units"): Decimal(1),
}
