"""The protocol file schema: what a site pharmacist writes in ``resources/protocols/*.toml``.

Every clinical number carries the seed document it comes from and the sentence quoted
verbatim, so a reviewer can trace each dose to its source. Numbers that are site pharmacy
conventions (rounding increments, vial sizes, diluents) live in the item's ``preparation``
table, which says where they come from.
"""

from __future__ import annotations

import itertools
import tomllib
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)  # fmt: skip

from dosing.ceiling import Ceiling, check_ceiling, field_location
from dosing.display import format_number
from dosing.errors import ProtocolError
from dosing.protocol_follow_up import FollowUpSchedules, check_follow_up, check_sourced
from dosing.protocol_rules import (
    check_condition,
    check_days,
    check_draw_tolerance,
    check_item_conditions,
    check_one_dose,
    check_references,
)
from dosing.protocol_units import BASIS_TEXT as BASIS_TEXT  # re-exported
from dosing.protocol_units import CONVERSION as CONVERSION
from dosing.protocol_units import Basis as Basis
from dosing.protocol_units import DoseUnit as DoseUnit
from dosing.protocol_units import basis_amount_text as basis_amount_text
from dosing.vocabulary import ConditionKind as ConditionKind  # re-exported
from dosing.vocabulary import DosingWeightRule as DosingWeightRule  # re-exported


class Anchor(StrEnum):
    """What a phase's day numbers count from (DESIGN §3, Schedule)."""

    DAY0 = "day0"  # conditioning, reinfusion, engraftment: day −5 … day 0 … day +n
    MOBILIZATION = "mobilization"  # mobilization day 1 = first cyclophosphamide day
    TREATMENT = "treatment"  # IL-2: treatment day 1


_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class _Schema(BaseModel):
    """A protocol-file model. Values derived from its fields are cached on the frozen object
    (``cached_property``); a copy made with ``model_copy(update=...)`` must not carry them
    over, or a changed dose would be computed from the original's tables."""

    def __copy__(self) -> Any:
        return _without_cached(super().__copy__())

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        return _without_cached(super().__deepcopy__(memo))


def _without_cached(copied: _Schema) -> _Schema:
    for cls in type(copied).__mro__:
        for name, attribute in vars(cls).items():
            if isinstance(attribute, cached_property):
                copied.__dict__.pop(name, None)
    return copied


class Sourced(_Schema):
    """A clinical fact with its seed document and the sentence quoted verbatim."""

    model_config = _MODEL
    seed: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class Reading(Sourced):
    """How an ambiguous source sentence is read ("cyclophosphamide (2.0 g/m2) for 2 days"):
    ``read_as`` is the reading the dose follows, ``alternative`` the other one. A plan with
    the item carries a soft alert naming both, to confirm before verification."""

    read_as: str = Field(min_length=1)
    alternative: str = Field(min_length=1)


class DoseRange(_Schema):
    model_config = _MODEL
    min: Decimal = Field(gt=0)
    max: Decimal = Field(gt=0)
    default: Decimal | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DoseRange:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if self.default is not None and not self.min <= self.default <= self.max:
            raise ValueError(f"default {self.default} is outside {self.min}–{self.max}")
        return self


class NotBefore(_Schema):
    """A start not before ``hours`` after the last dose of ``item`` (G-CSF is not given within
    24 h of chemotherapy): a site convention, the seed states no interval."""

    model_config = _MODEL
    item: str = Field(min_length=1)
    hours: int = Field(ge=1, le=168)
    source: Literal["site"]


class Condition(_Schema):
    """A start or stop rule that depends on blood counts or the harvest."""

    model_config = _MODEL
    kind: ConditionKind
    threshold_10e9_per_l: Decimal | None = Field(default=None, gt=0)
    consecutive_days: int = Field(default=2, ge=1, le=7)
    not_before: NotBefore | None = None
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _threshold(self) -> Condition:
        check_condition(self)
        return self


class AlertSpec(_Schema):
    """An alert the protocol raises whenever the item is in the plan (e.g. "verify against
    local protocol" where the source's dose is unusual)."""

    model_config = _MODEL
    severity: Literal["info", "soft"] = "soft"
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    message: str = Field(min_length=1)


class Presentation(_Schema):
    """A vial or syringe. ``volume_ml`` (with ``source = "site"``: product data, or the
    volume a site reconstitutes the vial to, never trial data) gives its concentration, so a
    dose drawn from part of it shows the volume to draw."""

    model_config = _MODEL
    size: Decimal = Field(gt=0)
    form: str = "vial"
    volume_ml: Decimal | None = Field(default=None, gt=0, le=1000)
    source: Literal["site"] | None = None

    @model_validator(mode="after")
    def _volume_sourced(self) -> Presentation:
        if (self.volume_ml is None) != (self.source is None):
            raise ValueError("volume_ml and source = 'site' go together")
        return self


class DrawTolerance(_Schema):
    """The most, in percent either way, that the amount a volume to draw delivers (at the
    syringe graduation) may differ from the dose before a soft alert: a site value, written
    as a string so it is read as an exact decimal (``{ max_percent = "5", source = "site" }``)."""

    model_config = _MODEL
    max_percent: Decimal = Field(ge=0, le=25)
    source: Literal["site"]

    @field_validator("max_percent", mode="before")
    @classmethod
    def _quoted(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError('write the percentage as a string, e.g. max_percent = "5"')
        return value


class Preparation(_Schema):
    """How the pharmacy prepares and the ward gives the item.

    ``source = "site"`` marks site conventions; a value from the trial source gives
    ``seed`` and ``quote`` instead.
    """

    model_config = _MODEL
    source: Literal["site", "seed"] = "site"
    seed: str | None = None
    quote: str | None = None
    rounding_increment: Decimal = Field(default=Decimal("1"), gt=0)
    presentations: tuple[Presentation, ...] = ()
    round_to_presentation_percent: Decimal | None = Field(default=None, gt=0, le=25)
    diluent: str | None = None
    volume_ml: Decimal | None = Field(default=None, gt=0)
    duration: str | None = None
    # The syringe graduation a volume to draw is rounded to (half up), in mL.
    draw_increment_ml: Decimal = Field(default=Decimal("0.01"), gt=0, le=10)
    # Required where a presentation has a volume: how far what a drawn volume delivers may
    # differ from the dose before the soft alert draw-deviation.
    draw_tolerance: DrawTolerance | None = None
    infusion_hours: Decimal | None = Field(default=None, gt=0, le=24)
    allowed_dosing_weights: tuple[DosingWeightRule, ...] = (DosingWeightRule.ACTUAL,)
    adjusted_weight_factor: Decimal = Field(default=Decimal("0.4"), gt=0, lt=1)
    adjusted_threshold_percent: Decimal = Field(default=Decimal("120"), ge=100, le=300)

    @cached_property
    def presentation_table(self) -> tuple[tuple[Presentation, ...], int, tuple[int, ...], bool]:
        """Presentations largest first, their decimal places, their sizes as whole numbers at
        that many places, and whether each size divides the next larger one. Computed once
        per protocol load: the vial search runs for every dose."""
        ordered = tuple(sorted(self.presentations, key=lambda p: p.size, reverse=True))
        places = max(0, -min(int(p.size.as_tuple().exponent) for p in ordered))
        sizes = tuple(int(p.size.scaleb(places)) for p in ordered)
        divisible = all(larger % smaller == 0 for larger, smaller in itertools.pairwise(sizes))
        return ordered, places, sizes, divisible

    @model_validator(mode="after")
    def _sourced(self) -> Preparation:
        check_sourced(self.source, self.seed, self.quote)
        check_draw_tolerance(self)
        return self


class Item(_Schema):
    model_config = _MODEL
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    drug: str = Field(min_length=1)
    name: str = Field(min_length=1)
    phase: str
    arm: str | None = None
    basis: Basis
    dose: Decimal | None = Field(default=None, gt=0)
    dose_range: DoseRange | None = None
    # Strict: "yes" or 1 is not a boolean (pydantic would read both as true).
    prescriber_entered: StrictBool = False
    dose_unit: DoseUnit
    days: tuple[int, ...] = Field(min_length=1)
    route: str = Field(min_length=1)
    frequency: str = "once daily"
    with_items: tuple[str, ...] = ()
    start_condition: Condition | None = None
    stop_condition: Condition | None = None
    reducible: StrictBool = False
    reduction_floor_percent: Decimal | None = Field(default=None, gt=0, le=100)
    dosing_weight: DosingWeightRule = DosingWeightRule.ACTUAL
    note: str | None = None
    alert: AlertSpec | None = None
    reading: Reading | None = None
    source: Sourced
    preparation: Preparation = Preparation()
    # Required for every dosed item (validated even when absent): the hard per-dose limit.
    ceiling: Ceiling | None = Field(default=None, validate_default=True)

    @field_validator("ceiling")
    @classmethod
    def _ceiling(cls, ceiling: Ceiling | None, info: ValidationInfo) -> Ceiling | None:
        basis, unit = info.data.get("basis"), info.data.get("dose_unit")
        amount_unit = basis.amount_unit if isinstance(basis, Basis) else None
        check_ceiling(ceiling, info.data, CONVERSION.get((str(amount_unit), str(unit))))
        return ceiling

    @cached_property
    def choice_unit(self) -> str:
        """The unit a chosen value is given in: mg/day for methylprednisolone, mcg/kg/day for
        mobilization G-CSF."""
        text = BASIS_TEXT.get(self.basis, self.basis.value)
        return f"{text}/day" if "daily" in self.frequency else text

    @cached_property
    def condition_text(self) -> str | None:
        parts = [c.text for c in (self.start_condition, self.stop_condition) if c is not None]
        return "; ".join(parts) if parts else None

    @cached_property
    def protocol_dose_text(self) -> str:
        """The protocol dose as written: "40 mg/kg/day", "80–500 mg/day"."""
        if self.dose_range is not None:
            low, high = format_number(self.dose_range.min), format_number(self.dose_range.max)
            return f"{low}–{high} {self.choice_unit}"
        if self.prescriber_entered:
            return "dose entered by prescriber (not stated in the source)"
        if self.dose is not None:
            per_day = "daily" in self.frequency or len(self.days) > 1
            return basis_amount_text(self.dose, self.basis) + ("/day" if per_day else "")
        if self.basis is Basis.COLLECTED_CD34:
            return "the whole collected graft"
        return "per local protocol"

    @field_validator("days")
    @classmethod
    def _days(cls, days: tuple[int, ...]) -> tuple[int, ...]:
        check_days(days)
        return days

    @model_validator(mode="after")
    def _one_dose(self) -> Item:
        check_one_dose(self)
        check_item_conditions(self)
        return self


class Phase(_Schema):
    model_config = _MODEL
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    anchor: Anchor
    # Days per cycle for a phase given in cycles (IL-2: "4 weeks is a cycle"): labels each
    # dose "cycle 2 · dose 3". Counted from day 1 of a mobilization or treatment anchor.
    cycle_days: int | None = Field(default=None, ge=1, le=366)


class Arm(_Schema):
    model_config = _MODEL
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)


class Eligibility(Sourced):
    min_age_years: int | None = Field(default=None, ge=0, le=120)
    max_age_years: int | None = Field(default=None, ge=0, le=120)


class HarvestTargets(Sourced):
    """Minimum collection per kg of the patient's weight (seed 000)."""

    cd34_per_kg_10e6: Decimal = Field(gt=0)
    mnc_per_kg_10e8: Decimal = Field(gt=0)


class CumulativeThreshold(_Schema):
    """A site's soft threshold for one drug's cumulative exposure (this plan plus the prior
    exposure entered), in g/m² of the plan's BSA or mg/kg of the actual weight."""

    model_config = _MODEL
    drug: str = Field(min_length=1)
    soft_max: Decimal = Field(gt=0)
    unit: Literal["g/m2", "mg/kg"]
    source: Literal["site"]


class Protocol(_Schema):
    model_config = _MODEL
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    summary: str = ""
    seeds: tuple[str, ...] = Field(min_length=1)
    arms: tuple[Arm, ...] = ()
    phases: tuple[Phase, ...] = Field(min_length=1)
    items: tuple[Item, ...] = Field(min_length=1)
    eligibility: Eligibility | None = None
    harvest: HarvestTargets | None = None
    # Follow-up schedules (dosing.protocol_follow_up); a single [follow_up] table is one.
    follow_up: FollowUpSchedules = ()
    cumulative_thresholds: tuple[CumulativeThreshold, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Protocol:
        check_references(self)
        check_follow_up(self.follow_up, self.seeds, {arm.id for arm in self.arms})
        return self

    @cached_property
    def derived(self) -> dict[str, object]:
        """Patient-independent tables other layers derive from this protocol once per load
        (the engine's per-item constants), kept on the frozen protocol so they live and die
        with it: a plan computed on an edited protocol file can never read a stale table."""
        return {}

    @cached_property
    def phases_by_id(self) -> dict[str, Phase]:
        return {phase.id: phase for phase in self.phases}

    @cached_property
    def _items_by_arm(self) -> dict[str | None, tuple[Item, ...]]:
        arms: list[str | None] = [None, *(arm.id for arm in self.arms)]
        return {
            arm: tuple(item for item in self.items if item.arm is None or item.arm == arm)
            for arm in arms
        }

    def items_in_arm(self, arm: str | None) -> tuple[Item, ...]:
        """The items a plan on ``arm`` gives (items of no arm belong to every arm)."""
        return self._items_by_arm.get(arm, ())

    @cached_property
    def _index_by_arm(self) -> dict[str | None, dict[str, Item]]:
        return {arm: {item.id: item for item in items} for arm, items in self._items_by_arm.items()}

    def items_by_id(self, arm: str | None) -> dict[str, Item]:
        """The items of ``arm`` by id, for looking up a choice or a reduction by name."""
        return self._index_by_arm.get(arm, {})

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)


def parse_protocol(text: str, source: str) -> Protocol:
    """Parse and validate one protocol file; a bad file raises ``ProtocolError`` naming
    the file (``source``), the field and the reason."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(source, "TOML syntax", str(exc)) from None
    try:
        return Protocol.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = field_location(data, tuple(first["loc"]))
        reason = first["msg"].removeprefix("Value error, ")
        more = exc.error_count() - 1
        if more:
            reason += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
        raise ProtocolError(source, field, reason) from None
