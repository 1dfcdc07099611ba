"""Plan inputs and the computed plan: the contract between the engine and everything else.

Inputs are what a pharmacist enters; ``ComputedPlan`` is everything the window, the sheets,
the CLI's JSON and the store show or keep. All doses are ``Decimal``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dosing.protocol import Anchor, DosingWeightRule
from dosing.vocabulary import BsaFormula as BsaFormula  # re-exported: part of the contract
from dosing.vocabulary import ConditionKind
from dosing.vocabulary import CreatinineUnit as CreatinineUnit

_INPUT = ConfigDict(frozen=True, extra="forbid")


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class SerumCreatinine(BaseModel):
    model_config = _INPUT
    value: Decimal
    unit: CreatinineUnit = CreatinineUnit.MG_DL


class Patient(BaseModel):
    model_config = _INPUT
    name: str = ""
    mrn: str = ""
    date_of_birth: dt.date | None = None
    age_years: int
    sex: Sex
    weight_kg: Decimal
    height_cm: Decimal
    weigh_date: dt.date | None = None
    serum_creatinine: SerumCreatinine | None = None
    prior_cyclophosphamide_mg: Decimal = Decimal(0)


class PlanOptions(BaseModel):
    model_config = _INPUT
    bsa_formula: BsaFormula = BsaFormula.MOSTELLER
    bsa_decimals: int = 2
    bsa_cap_m2: Decimal | None = None
    # Applied to every item whose protocol allows the rule; others keep their own.
    dosing_weight_rule: DosingWeightRule | None = None
    day0_date: dt.date | None = None
    mobilization_start_date: dt.date | None = None
    treatment_start_date: dt.date | None = None
    arm: str | None = None
    # CrCl/eGFR below this raises a soft alert that the protocol permits reduction.
    renal_alert_below_ml_min: Decimal = Decimal(60)
    # The weight the previous version of this plan was computed with: a change of 10% or more
    # raises a soft alert that the doses were recalculated and need verifying again.
    reference_weight_kg: Decimal | None = None


class Reduction(BaseModel):
    model_config = _INPUT
    percent: Decimal  # percent OF the protocol dose that is given (75 = three quarters)
    reason: str


class DroppedDay(BaseModel):
    model_config = _INPUT
    item: str
    day: int
    reason: str = ""


class DailyCount(BaseModel):
    """Blood counts of one morning, × 10⁹/L."""

    model_config = _INPUT
    date: dt.date
    wbc_10e9_per_l: Decimal | None = None
    anc_10e9_per_l: Decimal | None = None


class ApheresisYield(BaseModel):
    """One apheresis collection: CD34+ in × 10⁶ cells, mononuclear cells in × 10⁸ cells."""

    model_config = _INPUT
    date: dt.date
    cd34_10e6: Decimal
    mnc_10e8: Decimal


class Acknowledgement(BaseModel):
    model_config = _INPUT
    code: str
    item: str | None = None
    reason: str
    by: str = ""
    # The numbers of the alert it acknowledged (``dosing.acknowledgements``); None until the
    # engine binds it to the alert it answers.
    values: tuple[str, ...] | None = None


class PlanInput(BaseModel):
    model_config = _INPUT
    protocol_id: str
    patient: Patient
    options: PlanOptions = PlanOptions()
    choices: dict[str, Decimal] = Field(default_factory=dict)
    reductions: dict[str, Reduction] = Field(default_factory=dict)
    dropped_days: tuple[DroppedDay, ...] = ()
    counts: tuple[DailyCount, ...] = ()
    apheresis: tuple[ApheresisYield, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()


# ---------------------------------------------------------------- outputs

_OUTPUT = ConfigDict(frozen=True, defer_build=True)


class Anthropometrics(BaseModel):
    model_config = _OUTPUT
    weight_kg: Decimal
    height_cm: Decimal
    bsa_m2: Decimal  # rounded (and capped if a cap applies): the value that multiplies doses
    bsa_unrounded_m2: Decimal
    bsa_formula: BsaFormula
    bsa_capped: bool
    ibw_kg: Decimal
    adjbw_kg: Decimal  # at the default factor 0.4; per-item factors are in each item's trace
    adjbw_factor: Decimal
    bmi: Decimal
    crcl_ml_min: Decimal | None = None
    egfr_ml_min_173m2: Decimal | None = None
    creatinine_mg_dl: Decimal | None = None


class Dose(BaseModel):
    model_config = _OUTPUT
    value: Decimal  # what is given, after reduction and rounding
    unit: str  # display unit: g, mg, mcg, mL, cells, international units
    ucum: str  # g, mg, ug, mL, {cells}, [iU]
    display: str  # "2,400 mg" or "1,800 mg (75% of protocol dose 2,400 mg — reason: …)"
    amount_display: str  # just "1,800 mg"
    unrounded: Decimal
    rounding_deviation_percent: Decimal
    protocol_value: Decimal  # the 100% dose, rounded to the same increment
    protocol_display: str


class DrawDelivered(BaseModel):
    """What the volume to draw delivers at its presentation's concentration: the volume is
    rounded to the syringe graduation, so 0.06 mL of 300 mcg/0.5 mL (600 mcg/mL) delivers
    36 mcg of a 34 mcg dose. ``value`` is rounded half up to 0.01 of the unit;
    ``deviation_percent`` from the dose to 0.1%, halves away from zero (``5.9``, ``-1.2``,
    ``0`` when it delivers the dose)."""

    model_config = _OUTPUT
    value: Decimal
    unit: str
    ucum: str
    display: str  # "36 mcg"
    deviation_percent: Decimal


NoDose = Literal["dropped", "choice-required", "local-protocol", "awaiting-yields", "refused"]


class Administration(BaseModel):
    model_config = _OUTPUT
    item: str
    drug: str
    name: str  # the drug name in full, as printed
    phase: str
    phase_name: str
    anchor: Anchor
    day: int | None  # relative to the phase's anchor; None when it waits on counts
    day_label: str  # "day −5", "mobilization day 2", "treatment day 13", "to be set"
    date: dt.date | None
    status: Literal["scheduled", "conditional", "dropped"]
    condition: str | None
    dose: Dose | None  # None: see no_dose
    # Why dose is None, decided once here so the screen, the paper and the terminal agree:
    no_dose: NoDose | None
    route: str
    frequency: str
    diluent: str | None
    volume_ml: Decimal | None
    rate_ml_per_h: Decimal | None
    duration: str | None
    reduced_percent: Decimal | None
    reduction_reason: str | None
    chosen_value: str | None  # "250 mg/day (range 80–500 mg/day)"
    dosing_weight_kg: Decimal | None
    dosing_weight_rule: DosingWeightRule | None
    presentation: str | None  # "2 × 1,000 mg vial + 1 × 500 mg vial"
    # The volume to draw from those presentations (each with its volume in the protocol
    # file), rounded half up to the site's syringe graduation, and how:
    # "draw 0.42 mL of 300 mcg/0.5 mL"; None when a presentation has no volume.
    # The draw ends with what it delivers: "… — delivers 36 mcg (dose 34 mcg, +5.9%)".
    draw_volume_ml: Decimal | None = None
    draw: str | None = None
    draw_delivered: DrawDelivered | None = None
    trace: str
    note: str | None
    # "cycle 2 · dose 3" in a phase given in cycles (IL-2: 3 cycles of 4 weeks), else None.
    course_label: str | None = None


class CourseStop(BaseModel):
    """What ends a course that is still open (more doses until its stop condition is met):
    the condition's kind and its facts by name, numbers as displayed — for app/ to word in
    the reader's language (``app/course_text.py``); the engine writes no sentence for it.

    ``harvest-complete``: ``per_kg`` (× 10⁶ CD34+ cells/kg), ``target`` (× 10⁶ cells for this
    patient), ``weight`` (kg) — stopped when the CD34+ cells collected are *more than* the
    target (seed 000: "CD34+ cells > 2×10^6/kg"). ``anc-above-consecutive``: ``threshold``
    (× 10⁹/L) and ``days``, counted after the nadir. ``wbc-below``: ``threshold``."""

    model_config = _OUTPUT
    kind: ConditionKind
    params: dict[str, str] = Field(default_factory=dict)


class ItemResult(BaseModel):
    """One protocol item for this patient: what each administration gets, and why."""

    model_config = _OUTPUT
    item: str
    drug: str
    name: str
    phase: str
    arm: str | None
    basis: str
    protocol_dose_text: str  # "40 mg/kg/day", "80–500 mg/day", "dose entered by prescriber"
    dose: Dose | None
    days: tuple[int, ...]
    given_days: tuple[int, ...]  # days minus dropped days
    course_total: Dose | None  # its display is the amount only: app/ words an open one
    course_total_per_basis: str | None  # "160 mg/kg", "4 g/m2"
    # Set while the course is open (the doses so far; more until this is met).
    course_stop: CourseStop | None = None
    reducible: bool
    reduction_floor_percent: Decimal | None
    range_min: Decimal | None
    range_max: Decimal | None
    range_unit: str | None  # the unit a --choose value is given in
    needs_choice: bool
    chosen: Decimal | None
    dosing_weight_kg: Decimal | None
    dosing_weight_rule: DosingWeightRule | None
    allowed_dosing_weights: tuple[DosingWeightRule, ...]
    trace: str
    seed: str
    quote: str
    note: str | None


class Total(BaseModel):
    model_config = _OUTPUT
    item: str
    value: Decimal
    unit: str
    ucum: str
    display: str  # the amount ("335 mcg"); an open course's words: app/course_text.py
    open: bool = False  # the doses so far: more until ``stop`` is met
    stop: CourseStop | None = None


class DrugTotal(BaseModel):
    """A drug across every phase of the plan, plus any prior cumulative exposure."""

    model_config = _OUTPUT
    drug: str
    name: str  # the drug in full, as printed ("Rabbit anti-thymocyte globulin (ATG)")
    plan_mg: Decimal
    prior_mg: Decimal
    cumulative_mg: Decimal
    cumulative_mg_per_kg: Decimal
    cumulative_g_per_m2: Decimal
    display: str


Severity = Literal["info", "soft", "hard"]


class Alert(BaseModel):
    model_config = _OUTPUT
    severity: Severity
    code: str
    message: str
    item: str | None = None
    field: str | None = None
    acknowledged: bool = False
    acknowledgement: str | None = None
    values: tuple[str, ...] = ()  # the numbers of its message: what an acknowledgement binds
    # The facts of the message by name (numbers as displayed, names and dates as in the
    # plan) for app/ to word it in another language; the engine writes English only.
    params: dict[str, str] = Field(default_factory=dict)


class HarvestStatus(BaseModel):
    model_config = _OUTPUT
    cd34_target_10e6: Decimal  # total for this patient, × 10⁶ cells
    mnc_target_10e8: Decimal  # total for this patient, × 10⁸ cells
    cd34_collected_10e6: Decimal
    mnc_collected_10e8: Decimal
    cd34_collected_per_kg_10e6: Decimal
    mnc_collected_per_kg_10e8: Decimal
    cd34_met: bool
    mnc_met: bool
    collections: int
    target_text: str
    seed: str
    quote: str


class FollowUpSource(BaseModel):
    model_config = _OUTPUT
    seed: str
    quote: str


class FollowUpVisit(BaseModel):
    """One follow-up visit: at an event, or a number of weeks or months after an anchor."""

    model_config = _OUTPUT
    months: int | None  # months after ``after``; None for a week or event visit
    label: str  # "3 months", "week 4", "baseline", "at stem cell harvest"
    date: dt.date | None
    weeks: int | None  # weeks after ``after`` (0: baseline); None otherwise
    event: Literal["harvest", "day0"] | None  # a visit dated by an event
    after: Literal["day0", "treatment"] | None  # what weeks and months count from
    checks: tuple[str, ...]  # what is checked: "T regulatory population analysis"
    # Why there is no date: "day 0 date not entered", "no apheresis collection entered".
    date_missing: str | None
    note: str | None
    sources: tuple[FollowUpSource, ...]


class DailyIvVolume(BaseModel):
    """One day's IV volume: every IV administration's volume that day (hyperhydration, sodium
    bicarbonate, each drug's diluent), since the seed's "50 ml/kg/day" may be the total intake."""

    model_config = _OUTPUT
    date: dt.date
    day_label: str
    phase: str
    phase_name: str
    volume_ml: Decimal
    ml_per_kg: Decimal  # on weight_kg, ROUND_HALF_UP to 0.1 mL/kg
    weight_kg: Decimal  # the hyperhydration's dosing weight (the actual weight without one)
    items: tuple[str, ...]  # the items whose volumes are summed


class ComputedPlan(BaseModel):
    model_config = _OUTPUT
    protocol_id: str
    protocol_version: str
    protocol_title: str
    arm: str | None
    input: PlanInput
    anthropometrics: Anthropometrics
    items: tuple[ItemResult, ...]
    administrations: tuple[Administration, ...]
    totals: tuple[Total, ...]
    drug_totals: tuple[DrugTotal, ...]
    alerts: tuple[Alert, ...]
    harvest: HarvestStatus | None
    follow_up: tuple[FollowUpVisit, ...]
    daily_iv_volumes: tuple[DailyIvVolume, ...] = ()

    @property
    def has_hard_alert(self) -> bool:
        return any(alert.severity == "hard" for alert in self.alerts)

    @property
    def unacknowledged_soft_alerts(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.severity == "soft" and not a.acknowledged)
