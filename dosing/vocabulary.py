"""The names users choose from (``--bsa-formula``, ``--dosing-weight``): each member's value is
what is typed and stored, and it carries the name people read and the formula it stands for,
so the engine, the CLI help, the window and the sheets all say the same thing."""

from __future__ import annotations

from enum import StrEnum


class BsaFormula(StrEnum):
    """A body-surface-area formula: its value is what the user types (``--bsa-formula``)."""

    MOSTELLER = "mosteller"
    DUBOIS = "dubois"
    HAYCOCK = "haycock"
    GEHAN_GEORGE = "gehan-george"
    BOYD = "boyd"

    @property
    def display_name(self) -> str:
        """The name as the formula is cited: "Mosteller", "Gehan–George" (an en dash)."""
        return _BSA_DISPLAY_NAMES[self]

    @property
    def formula_text(self) -> str:
        """The published formula, H in cm and W in kg."""
        return _BSA_FORMULA_TEXTS[self]


_BSA_DISPLAY_NAMES = {formula: formula.value.replace("-", "–").title() for formula in BsaFormula}
_BSA_FORMULA_TEXTS = {
    BsaFormula.MOSTELLER: "Mosteller 1987: √(H × W / 3600)",
    BsaFormula.DUBOIS: "DuBois 1916: 0.007184 × H^0.725 × W^0.425",
    BsaFormula.HAYCOCK: "Haycock 1978: 0.024265 × H^0.3964 × W^0.5378",
    BsaFormula.GEHAN_GEORGE: "Gehan–George 1970: 0.0235 × H^0.42246 × W^0.51456",
    BsaFormula.BOYD: "Boyd 1935: 0.0003207 × H^0.3 × Wg^(0.7285 − 0.0188 × log10 Wg), Wg in grams",
}


class DosingWeightRule(StrEnum):
    """The weight a per-kg dose multiplies: its value is what the user types."""

    ACTUAL = "actual"
    IDEAL = "ideal"
    ADJUSTED = "adjusted"
    ADJUSTED_IF_OVER = "adjusted-if-over"  # adjusted when actual > N% of IBW, else actual
    LESSER_ACTUAL_IDEAL = "lesser-actual-ideal"

    @property
    def display_name(self) -> str:
        return _RULE_DISPLAY_NAMES[self]

    @property
    def formula_text(self) -> str:
        return _RULE_FORMULA_TEXTS[self]


_RULE_DISPLAY_NAMES = {
    DosingWeightRule.ACTUAL: "actual weight",
    DosingWeightRule.IDEAL: "ideal body weight",
    DosingWeightRule.ADJUSTED: "adjusted body weight",
    DosingWeightRule.ADJUSTED_IF_OVER: "adjusted body weight when over the limit, else actual",
    DosingWeightRule.LESSER_ACTUAL_IDEAL: "lesser of actual and ideal weight",
}
_RULE_FORMULA_TEXTS = {
    DosingWeightRule.ACTUAL: "the weight entered",
    DosingWeightRule.IDEAL: "Devine 1974: 50 kg (male) / 45.5 kg (female) + 2.3 kg per inch over 60 in",
    DosingWeightRule.ADJUSTED: "IBW + factor × (actual − IBW), factor 0.4 unless the item sets it",
    DosingWeightRule.ADJUSTED_IF_OVER: "adjusted body weight when actual > the item's % of IBW, else actual",
    DosingWeightRule.LESSER_ACTUAL_IDEAL: "min(actual, IBW)",
}


class CreatinineUnit(StrEnum):
    MG_DL = "mg/dL"
    UMOL_L = "umol/L"


class ConditionKind(StrEnum):
    WBC_BELOW = "wbc-below"
    ANC_ABOVE_CONSECUTIVE = "anc-above-consecutive"
    HARVEST_COMPLETE = "harvest-complete"
