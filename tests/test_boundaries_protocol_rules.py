"""What ``dosing.protocol_rules`` refuses in a protocol file, and the exact words it says
(issue 16: the survivors of ``check_days``, ``check_one_dose``, ``check_item_conditions``,
``check_draw_tolerance`` and ``check_references``).

Each test edits the valid fixture ``tests/fixtures/protocols/tiny.toml`` (four items in one
phase ``main``: ``drug-m2`` 750 mg/m² in g on days −3 and −1, ``ranged`` 2–4 mcg/kg on day 0,
``entered`` a prescriber-entered mg/kg dose in mg on day 0, ``units`` 3 million IU on days
1–3), so exactly one rule is broken; the neighbouring valid value is parsed beside it and
accepted. A refusal is read back whole: the field a pharmacist is pointed to and the reason,
as ``txdose protocol check`` prints them (``<file>: <field>: <reason>``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dosing.errors import ProtocolError
from dosing.protocol import Protocol, parse_protocol

TINY = (Path(__file__).parent / "fixtures" / "protocols" / "tiny.toml").read_text(encoding="utf-8")

DRUG_M2_DAYS = "days = [-3, -1]"
DRUG_M2_DOSE = 'basis = "mg/m2"\ndose = "750"'
DRUG_M2_PHASE = 'phase = "main"\nbasis = "mg/m2"'
DRUG_M2_PREPARATION = '[items.preparation]\nrounding_increment = "0.1"'
RANGED_DAYS = 'dose_unit = "mcg"\ndays = [0]'
ENTERED_DOSE = 'basis = "mg/kg"\nprescriber_entered = true\ndose_unit = "mg"'
MAIN_PHASE = '[[phases]]\nid = "main"\nname = "Main"\nanchor = "day0"\n'
ARM_A = '[[arms]]\nid = "a"\nname = "A"\n'
ARM_B = '[[arms]]\nid = "b"\nname = "B"\n'

# A fifth item given per the site's own protocol: listed, never dosed (no dose, no ceiling).
LOCAL = """
[[items]]
id = "antiemetic"
drug = "antiemetic"
name = "Anti-emetic"
phase = "main"
basis = "local-protocol"
dose_unit = "mg"
days = [0]
route = "oral"
source.seed = "fixture-seed.txt"
source.quote = "Given on day 0."
"""


def _edited(*edits: tuple[str, str], text: str = TINY) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _loads(*edits: tuple[str, str], text: str = TINY) -> Protocol:
    return parse_protocol(_edited(*edits, text=text), "tiny.toml")


def _refusal(*edits: tuple[str, str], text: str = TINY) -> tuple[str, str, str]:
    with pytest.raises(ProtocolError) as info:
        parse_protocol(_edited(*edits, text=text), "tiny.toml")
    return info.value.source, info.value.field, info.value.reason


# ---------------------------------------------------------------- check_days


def test_a_repeated_day_is_refused_and_the_days_are_read_back() -> None:
    """``days = [-3, -3]``: the same day twice would give two doses on day −3. Refused
    (``later <= earlier``: −3 ≤ −3), naming the days as written; [-3, -1] (the fixture)
    loads."""
    assert _loads().item("drug-m2").days == (-3, -1)
    assert _refusal((DRUG_M2_DAYS, "days = [-3, -3]")) == (
        "tiny.toml",
        "items[1] (drug-m2).days",
        "days must be in increasing order without repeats, got [-3, -3]",
    )


@pytest.mark.parametrize(
    ("valid", "refused", "bad_day"),
    [
        ("days = [-60, -1]", "days = [-61, -1]", -61),
        ("days = [-1, 366]", "days = [-1, 367]", 367),
    ],
    ids=["first-day", "last-day"],
)
def test_the_day_bound_includes_minus_60_and_366(valid: str, refused: str, bad_day: int) -> None:
    """The schema's bound is −60 … 366 inclusive: day −60 and day 366 load (their days read
    back as written), day −61 and day 367 are refused naming the day."""
    days = tuple(int(day) for day in valid.removeprefix("days = [").removesuffix("]").split(","))
    assert _loads((DRUG_M2_DAYS, valid)).item("drug-m2").days == days
    assert _refusal((DRUG_M2_DAYS, refused)) == (
        "tiny.toml",
        "items[1] (drug-m2).days",
        f"day {bad_day} is outside −60 … 366, the schema's bound on day numbers",
    )


# ---------------------------------------------------------------- check_one_dose


def test_an_item_with_no_dose_at_all_is_refused_without_a_found_list() -> None:
    """A mg/m² item with neither dose, dose_range nor prescriber_entered: nothing to give.
    The reason ends at "= true" (nothing was found, so no "(found …)")."""
    assert _refusal((DRUG_M2_DOSE, 'basis = "mg/m2"')) == (
        "tiny.toml",
        "items[1] (drug-m2)",
        "give exactly one of dose, dose_range or prescriber_entered = true",
    )


def test_an_item_with_all_three_doses_names_each_one_found() -> None:
    """dose, dose_range and prescriber_entered together: which one would be given? Refused,
    naming the three in the order of the file's keys."""
    assert _refusal(
        (
            DRUG_M2_DOSE,
            DRUG_M2_DOSE + '\nprescriber_entered = true\ndose_range = { min = "1", max = "2" }',
        )
    ) == (
        "tiny.toml",
        "items[1] (drug-m2)",
        "give exactly one of dose, dose_range or prescriber_entered = true "
        "(found dose, dose_range, prescriber_entered)",
    )


def test_a_local_protocol_item_takes_no_dose() -> None:
    """An item "per local protocol" is listed, never dosed: without a dose it loads; with a
    dose (and a prescriber-entered flag) it is refused naming both."""
    listed = _loads(text=TINY + LOCAL).item("antiemetic")
    assert (listed.dose, listed.protocol_dose_text) == (None, "per local protocol")
    given = 'basis = "local-protocol"\ndose = "8"'
    assert _refusal(('basis = "local-protocol"', given), text=TINY + LOCAL) == (
        "tiny.toml",
        "items[5] (antiemetic)",
        "basis 'local-protocol' takes no dose (found dose)",
    )
    assert _refusal(
        ('basis = "local-protocol"', given + "\nprescriber_entered = true"), text=TINY + LOCAL
    ) == (
        "tiny.toml",
        "items[5] (antiemetic)",
        "basis 'local-protocol' takes no dose (found dose, prescriber_entered)",
    )


def test_a_prescriber_entered_fixed_dose_must_be_in_its_own_unit() -> None:
    """A fixed mg dose entered by the prescriber but given in g: the entered number would be
    read in the wrong unit (mg → g is × 0.001). Refused. A per-kg entered dose may be given
    in another unit (the mg/kg in g of the conversions fixture): mg/kg in g loads."""
    per_kg = _loads((ENTERED_DOSE, 'basis = "mg/kg"\nprescriber_entered = true\ndose_unit = "g"'))
    assert (per_kg.item("entered").basis, per_kg.item("entered").dose_unit) == ("mg/kg", "g")
    assert _refusal((ENTERED_DOSE, 'basis = "mg"\nprescriber_entered = true\ndose_unit = "g"')) == (
        "tiny.toml",
        "items[3] (entered)",
        "a prescriber-entered fixed dose must be in its dose_unit",
    )


def test_a_dosing_weight_the_preparation_does_not_allow_is_refused() -> None:
    """The preparation allows the actual weight only (the default): an item dosed on the
    ideal weight is refused naming the rule; ``actual`` (the fixture's default) loads."""
    assert _loads().item("entered").dosing_weight == "actual"
    assert _refusal((ENTERED_DOSE, ENTERED_DOSE + '\ndosing_weight = "ideal"')) == (
        "tiny.toml",
        "items[3] (entered)",
        "dosing_weight 'ideal' is not in preparation.allowed_dosing_weights",
    )


# ---------------------------------------------------------------- check_item_conditions

STOP_WBC = 'stop_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", text = "Stop." }'
STOP_ANC = (
    'stop_condition = { kind = "anc-above-consecutive", threshold_10e9_per_l = "1.0", '
    'text = "Stop." }'
)


def test_a_stop_condition_is_checked_on_an_item_without_a_start_condition() -> None:
    """``ranged`` has no start condition: its stop is still checked. A stop on a low WBC is
    read by nothing (the course would never stop), refused; an ANC stop loads."""
    stop = _loads((RANGED_DAYS, RANGED_DAYS + "\n" + STOP_ANC)).item("ranged").stop_condition
    assert stop is not None and (stop.kind, stop.consecutive_days) == ("anc-above-consecutive", 2)
    assert _refusal((RANGED_DAYS, RANGED_DAYS + "\n" + STOP_WBC)) == (
        "tiny.toml",
        "items[2] (ranged)",
        "stop_condition 'wbc-below' is not read: a stop_condition is "
        "'anc-above-consecutive' or 'harvest-complete'",
    )


def test_consecutive_days_on_a_wbc_start_is_refused_in_full() -> None:
    """Only the ANC stop counts days: a WBC start "on 2 consecutive days" would start on the
    first such day. Refused; the reason is read back whole."""
    start = 'start_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", text = "Start."'
    assert _loads((RANGED_DAYS, RANGED_DAYS + "\n" + start + " }")).item("ranged").start_condition
    assert _refusal((RANGED_DAYS, RANGED_DAYS + "\n" + start + ", consecutive_days = 2 }")) == (
        "tiny.toml",
        "items[2] (ranged)",
        "start_condition 'wbc-below' takes no consecutive_days "
        "(only 'anc-above-consecutive' counts days)",
    )


def test_not_before_on_a_stop_is_refused_in_full() -> None:
    """``not_before`` on a stop would be read by nothing: refused, the reason read back
    whole (the same stop without it loads, first test above)."""
    stop = STOP_ANC.removesuffix(" }") + (
        ', not_before = { item = "drug-m2", hours = 24, source = "site" } }'
    )
    assert _refusal((RANGED_DAYS, RANGED_DAYS + "\n" + stop)) == (
        "tiny.toml",
        "items[2] (ranged)",
        "stop_condition takes no not_before (only a start waits on another item)",
    )


# ---------------------------------------------------------------- check_draw_tolerance


def test_a_presentation_with_a_volume_needs_a_draw_tolerance() -> None:
    """A 1 mg vial of 10 mL gives a volume to draw: without a draw tolerance the soft alert
    has no limit. Refused, with the line to add; with the tolerance it loads (5 %)."""
    vial = DRUG_M2_PREPARATION + (
        '\npresentations = [{ size = "1", volume_ml = "10", source = "site" }]'
    )
    tolerance = '\ndraw_tolerance = { max_percent = "5", source = "site" }'
    drawn = _loads((DRUG_M2_PREPARATION, vial + tolerance)).item("drug-m2").preparation
    assert drawn.draw_tolerance is not None and drawn.draw_tolerance.max_percent == 5
    assert _refusal((DRUG_M2_PREPARATION, vial)) == (
        "tiny.toml",
        "items[1] (drug-m2).preparation",
        "a presentation with volume_ml gives a volume to draw: add draw_tolerance = "
        '{ max_percent = "5", source = "site" } (how far what it delivers may differ '
        "from the dose before a soft alert)",
    )


def test_a_draw_tolerance_without_a_volume_is_refused() -> None:
    """No presentation has a volume: nothing is drawn, a tolerance would limit nothing."""
    assert _refusal(
        (
            DRUG_M2_PREPARATION,
            DRUG_M2_PREPARATION + '\ndraw_tolerance = { max_percent = "5", source = "site" }',
        )
    ) == (
        "tiny.toml",
        "items[1] (drug-m2).preparation",
        "draw_tolerance needs a presentation with volume_ml (nothing is drawn)",
    )


# ---------------------------------------------------------------- check_references


def test_a_phase_id_given_twice_is_refused_and_two_different_phases_load() -> None:
    """Two phases ``main``: which one's anchor counts an item's days? Refused; a second
    phase with its own id loads."""
    second = '[[phases]]\nid = "second"\nname = "Second"\nanchor = "day0"\n'
    assert [p.id for p in _loads((MAIN_PHASE, MAIN_PHASE + second)).phases] == ["main", "second"]
    assert _refusal((MAIN_PHASE, MAIN_PHASE + MAIN_PHASE)) == (
        "tiny.toml",
        "(file)",
        "phase id repeated: main",
    )


def test_arm_ids_given_twice_are_named_together() -> None:
    """Arms a, a, b, b: both repeated ids named, sorted, in one reason; a and b once each
    load."""
    assert [a.id for a in _loads((MAIN_PHASE, MAIN_PHASE + ARM_A + ARM_B)).arms] == ["a", "b"]
    assert _refusal((MAIN_PHASE, MAIN_PHASE + ARM_B + ARM_A + ARM_B + ARM_A)) == (
        "tiny.toml",
        "(file)",
        "arm id repeated: a, b",
    )


def test_an_item_id_given_twice_is_refused() -> None:
    """The anti-emetic listed twice (an id twice, not three times): refused naming it."""
    assert _refusal(text=TINY + LOCAL + LOCAL) == (
        "tiny.toml",
        "(file)",
        "item id repeated: antiemetic",
    )


def test_an_item_naming_an_unknown_phase_or_arm_is_refused() -> None:
    """``drug-m2`` in phase ``second`` (only ``main`` exists), or on arm ``b`` (only ``a``
    exists): refused naming the item, the name and the known ones. On arm ``a`` it loads."""
    with_arm = _edited((MAIN_PHASE, MAIN_PHASE + ARM_A))
    on_a = _loads((DRUG_M2_PHASE, 'phase = "main"\narm = "a"\nbasis = "mg/m2"'), text=with_arm)
    assert on_a.item("drug-m2").arm == "a"
    assert _refusal((DRUG_M2_PHASE, 'phase = "second"\nbasis = "mg/m2"')) == (
        "tiny.toml",
        "(file)",
        "item 'drug-m2' names phase 'second', not one of ['main']",
    )
    assert _refusal(
        (DRUG_M2_PHASE, 'phase = "main"\narm = "b"\nbasis = "mg/m2"'), text=with_arm
    ) == ("tiny.toml", "(file)", "item 'drug-m2' names arm 'b', not one of ['a']")


def test_an_item_given_with_an_unknown_item_is_refused() -> None:
    """``with_items = ["ranged"]`` loads; adding ``"nope"`` is refused naming it."""
    assert _loads((DRUG_M2_PHASE, 'phase = "main"\nwith_items = ["ranged"]\nbasis = "mg/m2"')).item(
        "drug-m2"
    ).with_items == ("ranged",)
    assert _refusal(
        (DRUG_M2_PHASE, 'phase = "main"\nwith_items = ["ranged", "nope"]\nbasis = "mg/m2"')
    ) == ("tiny.toml", "(file)", "item 'drug-m2' is given with unknown item 'nope'")


def test_a_start_after_an_unknown_item_is_refused() -> None:
    """A WBC start not before 24 h after ``drug-m2`` (same phase) loads; after ``nope`` (no
    such item) it would wait on nothing: refused naming both items and the phase."""
    start = (
        'start_condition = { kind = "wbc-below", threshold_10e9_per_l = "1.0", text = "Start.", '
        'not_before = { item = "ITEM", hours = 24, source = "site" } }'
    )
    waits = _loads((RANGED_DAYS, RANGED_DAYS + "\n" + start.replace("ITEM", "drug-m2")))
    condition = waits.item("ranged").start_condition
    assert condition is not None and condition.not_before is not None
    assert (condition.not_before.item, condition.not_before.hours) == ("drug-m2", 24)
    assert _refusal((RANGED_DAYS, RANGED_DAYS + "\n" + start.replace("ITEM", "nope"))) == (
        "tiny.toml",
        "(file)",
        "item 'ranged' starts after 'nope', which is not an item of its phase 'main'",
    )


def test_a_reading_or_source_citing_an_unlisted_seed_is_refused() -> None:
    """Seeds are listed once at the top (``fixture-seed.txt``): a reading or a source citing
    ``other.txt`` is refused naming the item and the seed; the reading citing the listed
    seed loads."""
    reading = 'reading = { seed = "SEED", quote = "Q.", read_as = "a", alternative = "b" }'
    read = _loads((RANGED_DAYS, RANGED_DAYS + "\n" + reading.replace("SEED", "fixture-seed.txt")))
    assert read.item("ranged").reading is not None
    assert _refusal((RANGED_DAYS, RANGED_DAYS + "\n" + reading.replace("SEED", "other.txt"))) == (
        "tiny.toml",
        "(file)",
        "item 'ranged' reading cites seed 'other.txt', not in seeds",
    )
    assert _refusal(
        (
            'source.seed = "fixture-seed.txt"\nsource.quote = "Ranged',
            'source.seed = "other.txt"\nsource.quote = "Ranged',
        )
    ) == (
        "tiny.toml",
        "(file)",
        "item 'ranged' cites seed 'other.txt', not in seeds ['fixture-seed.txt']",
    )


def test_a_cumulative_threshold_for_a_drug_no_item_gives_is_refused() -> None:
    """A threshold for ``busulfan`` in a file that gives none would never be reached:
    refused, naming the drugs the file gives (sorted); one for ``ranged`` loads."""
    seeds = 'seeds = ["fixture-seed.txt"]'
    threshold = (
        seeds + '\ncumulative_thresholds = [{ drug = "DRUG", soft_max = "1", unit = "mg/kg", '
        'source = "site" }]'
    )
    loaded = _loads((seeds, threshold.replace("DRUG", "ranged")))
    assert [t.drug for t in loaded.cumulative_thresholds] == ["ranged"]
    assert _refusal((seeds, threshold.replace("DRUG", "busulfan"))) == (
        "tiny.toml",
        "(file)",
        "cumulative threshold for 'busulfan', which no item gives "
        "(drugs: drug-m2, entered, ranged, units)",
    )
