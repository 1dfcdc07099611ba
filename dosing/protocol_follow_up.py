"""The ``[[follow_up]]`` tables of a protocol file: when the patient is seen after treatment,
and what is checked, each schedule with the sentence of its source quoted verbatim.

A schedule is one of: a visit at an **event** (the stem-cell harvest, dated by the first
apheresis collection; day 0, the transplantation or infusion), visits a number of **weeks**
after an anchor (week 0 is the baseline visit), or visits a number of **months** after it,
optionally repeating every ``then_every_months`` up to ``until_months``. Schedules that land on
the same visit (the 3-monthly T-regulatory analysis on a monthly visit) are one visit with
both checks. Kept apart from ``dosing.protocol`` so the follow-up schema reads on its own.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

_MODEL = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

# Sane bounds of the schema (not site values): a follow-up runs at most 50 years; a weekly
# schedule past 10 years is a typo for months.
MAX_MONTHS = 600
MAX_WEEKS = 520

FollowUpEvent = Literal["harvest", "day0"]
# What week and month offsets count from: day 0, or treatment day 1 (the IL-2 arm).
FollowUpAfter = Literal["day0", "treatment"]


def check_sourced(source: str, seed: str | None, quote: str | None) -> None:
    """A value from the source names its document and quotes it (the quote is then checked
    word for word); a site's own decision quotes nothing. A seed without a quote would pass
    as sourced with nothing to check, so it is refused, as is a quote on a site value."""
    if source == "seed" and not (seed and quote):
        raise ValueError("source = 'seed' needs both seed and quote")
    if source == "site" and (seed or quote):
        raise ValueError("source = 'site' takes no seed or quote")


class FollowUpEnd(BaseModel):
    """Where ``until_months`` comes from: the source ("Time frame: seven years"), or a site
    choice where the source sets no end ("every 6-12 months thereafter")."""

    model_config = _MODEL
    source: Literal["site", "seed"]
    seed: str | None = None
    quote: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> FollowUpEnd:
        check_sourced(self.source, self.seed, self.quote)
        return self


class FollowUpSchedule(BaseModel):
    model_config = _MODEL
    seed: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    arm: str | None = None
    event: FollowUpEvent | None = None
    label: str | None = Field(default=None, min_length=1)
    after: FollowUpAfter = "day0"
    weeks: tuple[Annotated[int, Field(ge=0, le=MAX_WEEKS)], ...] = ()
    months: tuple[Annotated[int, Field(ge=1, le=MAX_MONTHS)], ...] = ()
    then_every_months: int | None = Field(default=None, gt=0, le=MAX_MONTHS)
    until_months: int = Field(default=60, gt=0, le=MAX_MONTHS)
    until: FollowUpEnd | None = None
    checks: str | None = Field(default=None, min_length=1)
    note: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> FollowUpSchedule:
        kinds = [name for name in ("event", "weeks", "months") if getattr(self, name)]
        if len(kinds) != 1:
            raise ValueError(
                "a follow-up schedule needs exactly one of event, weeks or months"
                + (f" (it has {' and '.join(kinds)})" if kinds else "")
            )
        if self.label is not None and self.event is None:
            raise ValueError(
                "label names an event visit; offsets are labelled '3 months', 'week 4'"
            )
        if self.event is not None and "after" in self.model_fields_set:
            raise ValueError("an event visit is dated by its event: it takes no 'after'")
        for name in ("weeks", "months"):
            offsets = getattr(self, name)
            if any(b <= a for a, b in itertools.pairwise(offsets)):
                raise ValueError(f"{name} must be strictly increasing, e.g. [4, 8, 16]")
        if self.then_every_months is not None and not self.months:
            raise ValueError("then_every_months repeats a months schedule: give months")
        if (
            self.months
            and self.then_every_months is not None
            and self.until_months < max(self.months)
        ):
            raise ValueError(
                f"until_months {self.until_months} is before the last listed month {self.months[-1]}"
            )
        return self

    @property
    def all_months(self) -> tuple[int, ...]:
        """The listed months, then every ``then_every_months`` up to ``until_months``."""
        months = list(self.months)
        if self.then_every_months and months:
            next_month = months[-1] + self.then_every_months
            while next_month <= self.until_months:
                months.append(next_month)
                next_month += self.then_every_months
        return tuple(months)


def _one_or_many(value: Any) -> Any:
    """A single ``[follow_up]`` table (the form of earlier files) is one schedule."""
    return [value] if isinstance(value, dict) else value


FollowUpSchedules = Annotated[tuple[FollowUpSchedule, ...], BeforeValidator(_one_or_many)]


def check_follow_up(
    schedules: tuple[FollowUpSchedule, ...], seeds: tuple[str, ...], arms: set[str]
) -> None:
    for index, schedule in enumerate(schedules, start=1):
        if schedule.seed not in seeds:
            raise ValueError(
                f"follow_up[{index}] cites seed '{schedule.seed}', not in seeds {list(seeds)}"
            )
        if schedule.arm is not None and schedule.arm not in arms:
            raise ValueError(
                f"follow_up[{index}] names arm '{schedule.arm}', not one of {sorted(arms)}"
            )
