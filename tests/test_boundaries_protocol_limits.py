"""The schema's limits on a protocol file's numbers (``dosing.protocol``'s ``Field`` bounds and
its small validators): each bound's last valid value loads and the first value beyond it is
refused, naming the field and the bound (issue 16).

mutmut generates no mutant for these (the bounds are ``Field`` arguments in class bodies, the
validators are decorated methods), so they were checked by hand-mutating the bound on a
branch (``le`` → ``lt``, ``ge`` → ``gt``, the number ± 1): each such change fails here.

Each case edits one line of the valid fixture ``tests/fixtures/protocols/tiny.toml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dosing.errors import ProtocolError
from dosing.protocol import parse_protocol

TINY = (Path(__file__).parent / "fixtures" / "protocols" / "tiny.toml").read_text(encoding="utf-8")

PREPARATION = '[items.preparation]\nrounding_increment = "0.1"'
RANGED = 'dose_unit = "mcg"\ndays = [0]'
PHASE = '[[phases]]\nid = "main"\nname = "Main"\nanchor = "day0"'
SEEDS = 'seeds = ["fixture-seed.txt"]'
FLOOR = 'reduction_floor_percent = "50"'
VIAL = '\npresentations = [{ size = "1", volume_ml = "10", source = "site" }]'
TOLERANCE = '\ndraw_tolerance = { max_percent = "5", source = "site" }'
DRUG_M2_PREPARATION = "items[1] (drug-m2).preparation"

CASES = [
    # (line edited, the line with V for the value, valid value, refused value, field, reason)
    (
        RANGED,
        RANGED + '\nstart_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", '
        'text = "S.", not_before = { item = "drug-m2", hours = V, source = "site" } }',
        "168",
        "169",
        "items[2] (ranged).start_condition.not_before.hours",
        "Input should be less than or equal to 168",
    ),
    (
        RANGED,
        RANGED + '\nstart_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", '
        'text = "S.", not_before = { item = "drug-m2", hours = V, source = "site" } }',
        "1",
        "0",
        "items[2] (ranged).start_condition.not_before.hours",
        "Input should be greater than or equal to 1",
    ),
    (
        RANGED,
        RANGED + '\nstop_condition = { kind = "anc-above-consecutive", '
        'threshold_10e9_per_l = "1.0", text = "S.", consecutive_days = V }',
        "7",
        "8",
        "items[2] (ranged).stop_condition.consecutive_days",
        "Input should be less than or equal to 7",
    ),
    (
        RANGED,
        RANGED + '\nstop_condition = { kind = "anc-above-consecutive", '
        'threshold_10e9_per_l = "1.0", text = "S.", consecutive_days = V }',
        "1",
        "0",
        "items[2] (ranged).stop_condition.consecutive_days",
        "Input should be greater than or equal to 1",
    ),
    (
        PREPARATION,
        PREPARATION + VIAL.replace('"10"', "V") + TOLERANCE,
        '"1000"',
        '"1000.01"',
        f"{DRUG_M2_PREPARATION}.presentations[1].volume_ml",
        "Input should be less than or equal to 1000",
    ),
    (
        PREPARATION,
        PREPARATION + VIAL + TOLERANCE.replace('"5"', "V"),
        '"25"',
        '"25.1"',
        f"{DRUG_M2_PREPARATION}.draw_tolerance.max_percent",
        "Input should be less than or equal to 25",
    ),
    (
        PREPARATION,
        PREPARATION + VIAL + TOLERANCE.replace('"5"', "V"),
        '"0"',
        '"-0.1"',
        f"{DRUG_M2_PREPARATION}.draw_tolerance.max_percent",
        "Input should be greater than or equal to 0",
    ),
    (
        PREPARATION,
        PREPARATION + VIAL + TOLERANCE.replace('"5"', "V"),
        '"5"',
        "5",
        f"{DRUG_M2_PREPARATION}.draw_tolerance.max_percent",
        'write the percentage as a string, e.g. max_percent = "5"',
    ),
    (
        PREPARATION,
        PREPARATION + "\nround_to_presentation_percent = V",
        '"25"',
        '"25.1"',
        f"{DRUG_M2_PREPARATION}.round_to_presentation_percent",
        "Input should be less than or equal to 25",
    ),
    (
        PREPARATION,
        PREPARATION + "\ndraw_increment_ml = V",
        '"10"',
        '"10.1"',
        f"{DRUG_M2_PREPARATION}.draw_increment_ml",
        "Input should be less than or equal to 10",
    ),
    (
        PREPARATION,
        PREPARATION + "\ninfusion_hours = V",
        '"24"',
        '"24.5"',
        f"{DRUG_M2_PREPARATION}.infusion_hours",
        "Input should be less than or equal to 24",
    ),
    (
        PREPARATION,
        PREPARATION + "\nadjusted_weight_factor = V",
        '"0.99"',
        '"1"',
        f"{DRUG_M2_PREPARATION}.adjusted_weight_factor",
        "Input should be less than 1",
    ),
    (
        PREPARATION,
        PREPARATION + "\nadjusted_threshold_percent = V",
        '"100"',
        '"99"',
        f"{DRUG_M2_PREPARATION}.adjusted_threshold_percent",
        "Input should be greater than or equal to 100",
    ),
    (
        PREPARATION,
        PREPARATION + "\nadjusted_threshold_percent = V",
        '"300"',
        '"301"',
        f"{DRUG_M2_PREPARATION}.adjusted_threshold_percent",
        "Input should be less than or equal to 300",
    ),
    (
        FLOOR,
        "reduction_floor_percent = V",
        '"100"',
        '"100.1"',
        "items[1] (drug-m2).reduction_floor_percent",
        "Input should be less than or equal to 100",
    ),
    (
        # the only phase refused leaves none: the count adds "phases" (at least 1 needed)
        PHASE,
        PHASE + "\ncycle_days = V",
        "366",
        "367",
        "phases[1] (main).cycle_days",
        "Input should be less than or equal to 366 (and 1 more problem in this file)",
    ),
    (
        PHASE,
        PHASE + "\ncycle_days = V",
        "1",
        "0",
        "phases[1] (main).cycle_days",
        "Input should be greater than or equal to 1 (and 1 more problem in this file)",
    ),
    (
        SEEDS,
        SEEDS + '\n[eligibility]\nseed = "fixture-seed.txt"\nquote = "Q."\nmax_age_years = V',
        "120",
        "121",
        "eligibility.max_age_years",
        "Input should be less than or equal to 120",
    ),
    (
        SEEDS,
        SEEDS + '\n[eligibility]\nseed = "fixture-seed.txt"\nquote = "Q."\nmin_age_years = V',
        "0",
        "-1",
        "eligibility.min_age_years",
        "Input should be greater than or equal to 0",
    ),
]


@pytest.mark.parametrize(
    ("old", "line", "valid", "refused", "field", "reason"),
    CASES,
    ids=[f"{case[4].rsplit('.', 1)[-1]}-{case[3]}" for case in CASES],
)
def test_the_last_valid_value_loads_and_the_next_is_refused(
    old: str, line: str, valid: str, refused: str, field: str, reason: str
) -> None:
    """At the bound the file loads; one step beyond, it is refused naming the field and the
    bound (e.g. not_before hours: 168 h = 7 days loads, 169 is refused)."""
    assert TINY.count(old) == 1, old
    parse_protocol(TINY.replace(old, line.replace("V", valid)), "tiny.toml")
    with pytest.raises(ProtocolError) as info:
        parse_protocol(TINY.replace(old, line.replace("V", refused)), "tiny.toml")
    assert (info.value.source, info.value.field, info.value.reason) == ("tiny.toml", field, reason)


def test_a_vial_volume_needs_its_source_and_a_seed_preparation_its_quote() -> None:
    """A 10 mL vial volume without ``source = "site"`` (whose volume?) and a preparation
    ``source = "seed"`` with a seed but no quote: both refused, naming the table."""
    without_source = PREPARATION + VIAL.replace(', source = "site"', "") + TOLERANCE
    with pytest.raises(ProtocolError) as vial:
        parse_protocol(TINY.replace(PREPARATION, without_source), "tiny.toml")
    assert (vial.value.field, vial.value.reason) == (
        f"{DRUG_M2_PREPARATION}.presentations[1]",
        "volume_ml and source = 'site' go together",
    )
    unquoted = PREPARATION + '\nsource = "seed"\nseed = "fixture-seed.txt"'
    with pytest.raises(ProtocolError) as seed:
        parse_protocol(TINY.replace(PREPARATION, unquoted), "tiny.toml")
    assert (seed.value.field, seed.value.reason) == (
        DRUG_M2_PREPARATION,
        "source = 'seed' needs both seed and quote",
    )
    quoted = unquoted + '\nquote = "Ranged drug 2-4 mcg/kg."'
    preparation = parse_protocol(TINY.replace(PREPARATION, quoted), "tiny.toml").items[0]
    assert preparation.preparation.quote == "Ranged drug 2-4 mcg/kg."
