"""The codes of the engine's alerts: one name for each, matched by identity, never by text.

The values are the codes written in the JSON, stored plans and acknowledgements
(``--acknowledge choice-required``), so they never change. A protocol file may raise its own
codes (an item's ``alert``); those stay plain strings.
"""

from __future__ import annotations

from enum import StrEnum


class AlertCode(StrEnum):
    # Patient
    BMI_EXTREME = "bmi-extreme"
    AGE_OUTSIDE_ELIGIBILITY = "age-outside-eligibility"
    IBW_EXTRAPOLATED = "ibw-extrapolated"
    WEIGHT_CHANGED = "weight-changed"
    WEIGH_DATE_AFTER_DAY0 = "weigh-date-after-day0"
    BSA_CAPPED = "bsa-capped"
    RENAL_FUNCTION_LOW = "renal-function-low"
    # One item's dose
    DEFAULT_USED = "default-used"
    CHOICE_REQUIRED = "choice-required"
    PRESCRIBER_ENTERED = "prescriber-entered"
    DOSE_ABOVE_PROTOCOL = "dose-above-protocol"
    DOSE_ABOVE_CEILING = "dose-above-ceiling"
    REDUCTION_BELOW_FLOOR = "reduction-below-floor"
    DOSE_REDUCED = "dose-reduced"
    DOSE_ROUNDS_TO_ZERO = "dose-rounds-to-zero"
    DRAW_DEVIATION = "draw-deviation"
    # Schedule, harvest and totals
    APHERESIS_YIELDS_MISSING = "apheresis-yields-missing"
    APHERESIS_BEFORE_START = "apheresis-before-start"
    APHERESIS_AFTER_MOBILIZATION = "apheresis-after-mobilization"
    DAY_DROPPED = "day-dropped"
    HARVEST_INCOMPLETE_AT_CONDITIONING = "harvest-incomplete-at-conditioning"
    HARVEST_MNC_UNMET = "harvest-mnc-unmet"
    COUNT_START_NOT_MET = "count-start-not-met"
    TREATMENT_START_REQUIRED = "treatment-start-required"
    CUMULATIVE_CYCLOPHOSPHAMIDE = "cumulative-cyclophosphamide"
    CUMULATIVE_ABOVE_THRESHOLD = "cumulative-above-threshold"
    # A reading of an ambiguous source sentence, to confirm before verification
    SOURCE_READING = "source-reading"
