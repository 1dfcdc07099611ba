"""Which quotes of a protocol file are checked against their source documents, the words of a
refusal ``parse_protocol`` gives (a TOML error, the count of further problems), and the
look-ups and texts of the schema (issue 16: the survivors of ``sourced_quotes``, ``_walk``,
``check_quotes``, ``parse_protocol``, ``Protocol.item`` and ``basis_amount_text``).

The protocol is the valid fixture ``tests/fixtures/protocols/tiny.toml``; the source
documents are given in-process (``check_quotes`` takes a function from a seed to its text),
so each test says exactly which document holds what.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from dosing.errors import ProtocolError
from dosing.protocol import Basis, Protocol, basis_amount_text, parse_protocol
from dosing.protocol_rules import check_quotes, sourced_quotes

FIXTURES = Path(__file__).parent / "fixtures" / "protocols"
TINY = (FIXTURES / "tiny.toml").read_text(encoding="utf-8")
SEED_TEXT = (FIXTURES / "fixture-seed.txt").read_text(encoding="utf-8")
SEEDS = 'seeds = ["fixture-seed.txt"]'
DRUG_M2_PREPARATION = '[items.preparation]\nrounding_increment = "0.1"'

TINY_QUOTES = [
    (
        "items[1] (drug-m2).source",
        "fixture-seed.txt",
        "Drug per square metre 750 mg/m2 on days -3 and -1.",
    ),
    ("items[2] (ranged).source", "fixture-seed.txt", "Ranged drug 2-4 mcg/kg."),
    (
        "items[3] (entered).source",
        "fixture-seed.txt",
        "Entered drug at a dose chosen by the physician.",
    ),
    (
        "items[4] (units).source",
        "fixture-seed.txt",
        "Fixed units 3 million IU daily on days 1 to 3.",
    ),
]


def _parse(*edits: tuple[str, str]) -> Protocol:
    text = TINY
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_protocol(text, "tiny.toml")


def _documents(**texts: str) -> dict[str, str]:
    """fixture-seed.txt, and ``<name>.txt`` for each ``name=text`` given."""
    return {"fixture-seed.txt": SEED_TEXT, **{f"{name}.txt": v for name, v in texts.items()}}


# ---------------------------------------------------------------- sourced_quotes


def test_the_quotes_are_named_by_where_they_are_in_the_file() -> None:
    """tiny.toml quotes its source once per item: each is named as a pharmacist finds it in
    the file (``items[2] (ranged).source``), with its seed and its words."""
    assert list(sourced_quotes(_parse())) == TINY_QUOTES


def test_a_seed_sourced_preparation_is_a_quote_a_site_preparation_is_not() -> None:
    """A preparation taken from the source (``source = "seed"``, seed and quote) is checked
    like the item's source; a site preparation that names a seed but quotes nothing has no
    quote to check and adds none."""
    sourced = _parse(
        (
            DRUG_M2_PREPARATION,
            DRUG_M2_PREPARATION
            + '\nsource = "seed"\nseed = "fixture-seed.txt"\nquote = "Ranged drug 2-4 mcg/kg."',
        )
    )
    assert list(sourced_quotes(sourced)) == [
        TINY_QUOTES[0],
        ("items[1] (drug-m2).preparation", "fixture-seed.txt", "Ranged drug 2-4 mcg/kg."),
        *TINY_QUOTES[1:],
    ]
    site = _parse((DRUG_M2_PREPARATION, DRUG_M2_PREPARATION + '\nsource = "site"'))
    assert list(sourced_quotes(site)) == TINY_QUOTES
    check_quotes(site, "tiny.toml", _documents().get)


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        # A seed named, nothing quoted: it would pass as sourced with nothing to check.
        ('source = "seed"\nseed = "fixture-seed.txt"', "source = 'seed' needs both seed and quote"),
        (
            'source = "seed"\nquote = "Ranged drug 2-4 mcg/kg."',
            "source = 'seed' needs both seed and quote",
        ),
        ('source = "seed"', "source = 'seed' needs both seed and quote"),
        # A site decision (the default source) that names a seed or quotes one.
        ('seed = "fixture-seed.txt"', "source = 'site' takes no seed or quote"),
        (
            'source = "site"\nquote = "Ranged drug 2-4 mcg/kg."',
            "source = 'site' takes no seed or quote",
        ),
    ],
)
def test_a_preparation_half_sourced_is_refused(lines: str, reason: str) -> None:
    """A preparation is either from the source (its seed and its quote, checked word for
    word) or the site's (neither): anything in between is refused when the file is read,
    naming the item's preparation."""
    with pytest.raises(ProtocolError) as info:
        _parse((DRUG_M2_PREPARATION, DRUG_M2_PREPARATION + "\n" + lines))
    assert info.value.source == "tiny.toml"
    assert info.value.field == "items[1] (drug-m2).preparation"
    assert info.value.reason == reason


# ---------------------------------------------------------------- check_quotes


def test_every_quote_found_passes_and_each_document_is_read_once() -> None:
    """The four quotes are in fixture-seed.txt: nothing is refused, and the one listed
    document is read once for the four quotes, not once per quote."""
    reads: list[str] = []

    def source_text(seed: str) -> str | None:
        reads.append(seed)
        return _documents().get(seed)

    check_quotes(_parse(), "tiny.toml", source_text)
    assert reads == ["fixture-seed.txt"]


ELIGIBILITY = SEEDS + '\n[eligibility]\nseed = "other.txt"\nquote = "Adults aged 18 to 65."'


def test_a_quote_of_a_seed_not_listed_is_still_checked_against_its_document() -> None:
    """``[eligibility]`` quotes ``other.txt``, which the file does not list in ``seeds``:
    its quote is still looked up in other.txt. Found there, the file passes; not found,
    it is refused naming other.txt."""
    protocol = _parse((SEEDS, ELIGIBILITY))
    assert ("eligibility", "other.txt", "Adults aged 18 to 65.") in list(sourced_quotes(protocol))
    check_quotes(protocol, "tiny.toml", _documents(other="Adults aged 18 to 65.").get)
    with pytest.raises(ProtocolError) as info:
        check_quotes(protocol, "tiny.toml", _documents(other="Children.").get)
    assert (info.value.source, info.value.field, info.value.reason) == (
        "tiny.toml",
        "eligibility.quote",
        'not found verbatim in other.txt: "Adults aged 18 to 65."',
    )


def test_a_missing_document_is_refused_naming_the_file_the_table_and_the_seed() -> None:
    """No other.txt at all: refused, naming the protocol file, the quote and the seed."""
    with pytest.raises(ProtocolError) as info:
        check_quotes(_parse((SEEDS, ELIGIBILITY)), "tiny.toml", _documents().get)
    assert (info.value.source, info.value.field, info.value.reason) == (
        "tiny.toml",
        "eligibility.quote",
        "source document other.txt not found",
    )


def test_a_long_quote_not_found_is_shown_by_its_first_80_characters() -> None:
    """A 90-character quote (the fixture's 50-character drug-m2 quote followed by 40 more):
    the refusal shows its first 80 characters, the 50 and 30 of the 40."""
    quote = (
        "Drug per square metre 750 mg/m2 on days -3 and -1."
        + " and also on day 2 and on day 3 onwards."
    )
    assert len(quote) == 90
    protocol = _parse(
        (
            'source.quote = "Drug per square metre 750 mg/m2 on days -3 and -1."',
            f'source.quote = "{quote}"',
        )
    )
    with pytest.raises(ProtocolError) as info:
        check_quotes(protocol, "tiny.toml", _documents().get)
    assert (info.value.source, info.value.field, info.value.reason) == (
        "tiny.toml",
        "items[1] (drug-m2).source.quote",
        "not found verbatim in fixture-seed.txt: "
        '"Drug per square metre 750 mg/m2 on days -3 and -1. and also on day 2 and on day "',
    )


# ---------------------------------------------------------------- parse_protocol's words


def test_a_toml_error_names_the_line_and_column() -> None:
    """``version =`` with no value: the TOML reader's reason, with line 5 column 11 (the
    end of ``version = `` on the file's fifth line), under "TOML syntax"."""
    with pytest.raises(ProtocolError) as info:
        _parse(('version = "0.1"', "version = "))
    assert (info.value.source, info.value.field, info.value.reason) == (
        "tiny.toml",
        "TOML syntax",
        "Invalid value (at line 5, column 11)",
    )


def test_a_rule_refusal_carries_no_value_error_prefix() -> None:
    """A rule's reason is given as the rule words it, without pydantic's "Value error, "."""
    with pytest.raises(ProtocolError) as info:
        _parse(("days = [-3, -1]", "days = [-1, -3]"))
    assert info.value.reason == "days must be in increasing order without repeats, got [-1, -3]"


NO_REDUCTION = 'reducible = true\nreduction_floor_percent = "50"\n'


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ('dose = "0"', "Input should be greater than 0"),
        ('dose = "0"\nreducible = "yes"', "Input should be greater than 0 (and 1 more problem in this file)"),
        (
            'dose = "0"\nreducible = "yes"\nreduction_floor_percent = "101"',
            "Input should be greater than 0 (and 2 more problems in this file)",
        ),
    ],
    ids=["one", "two", "three"],
)  # fmt: skip
def test_the_first_problem_is_named_and_the_others_counted(new: str, reason: str) -> None:
    """One, two or three problems in drug-m2 (dose 0, reducible "yes", a floor of 101 %):
    the first is named; the count of the others is 0 (nothing said), 1 ("problem"), 2
    ("problems")."""
    with pytest.raises(ProtocolError) as info:
        _parse(('dose = "750"', new), (NO_REDUCTION, ""))
    assert (info.value.field, info.value.reason) == ("items[1] (drug-m2).dose", reason)


# ---------------------------------------------------------------- look-ups and texts


def test_an_unknown_item_or_phase_is_a_key_error_naming_it() -> None:
    """``item("ranged")`` finds it; ``item("nope")`` and ``phase("nope")`` name "nope"."""
    protocol = _parse()
    assert (protocol.item("ranged").id, protocol.phase("main").id) == ("ranged", "main")
    with pytest.raises(KeyError) as item:
        protocol.item("nope")
    with pytest.raises(KeyError) as phase:
        protocol.phase("nope")
    assert (item.value.args, phase.value.args) == (("nope",), ("nope",))


@pytest.mark.parametrize(
    ("cells", "text"),
    [
        (Decimal("2000000"), "2 × 10⁶ cells/kg"),
        (Decimal("2500000"), "2.5 × 10⁶ cells/kg"),
        (Decimal("10000000"), "10 × 10⁶ cells/kg"),
    ],
)
def test_a_cells_per_kg_dose_is_written_in_millions(cells: Decimal, text: str) -> None:
    """2,000,000 cells/kg = 2 × 10⁶; 2,500,000 = 2.5 × 10⁶; 10,000,000 = 10 × 10⁶."""
    assert basis_amount_text(cells, Basis.CELLS_PER_KG) == text


def test_a_fixed_basis_is_written_with_its_unit() -> None:
    """750 mg/m2 is written with the superscript (never "m2"); 250 mL as is."""
    assert basis_amount_text(Decimal("750"), Basis.MG_PER_M2) == "750 mg/m²"
    assert basis_amount_text(Decimal("250"), Basis.ML) == "250 mL"


def test_a_deep_copy_is_the_same_item_and_a_copy_with_a_new_dose_writes_it() -> None:
    """drug-m2's dose text, once computed ("750 mg/m²/day": two days), is cached on the
    item. A deep copy is an equal item with the same text; a copy with dose 500 must not
    carry the cache over: "500 mg/m²/day", the original unchanged."""
    item = _parse().item("drug-m2")
    assert item.protocol_dose_text == "750 mg/m²/day"
    same = copy.deepcopy(item)
    assert (same == item, same.protocol_dose_text) == (True, "750 mg/m²/day")
    changed = item.model_copy(update={"dose": Decimal(500)}, deep=True)
    assert (changed.protocol_dose_text, item.protocol_dose_text) == (
        "500 mg/m²/day",
        "750 mg/m²/day",
    )


def test_the_items_of_an_arm_are_its_own_and_those_of_no_arm() -> None:
    """Arms a and b, drug-m2 on arm a only: arm a gives the four items, arm b and a plan of
    no arm the three others; an arm the file does not have gives none."""
    main = '[[phases]]\nid = "main"\nname = "Main"\nanchor = "day0"\n'
    arms = '[[arms]]\nid = "a"\nname = "A"\n[[arms]]\nid = "b"\nname = "B"\n'
    protocol = _parse(
        (main, main + arms),
        ('phase = "main"\nbasis = "mg/m2"', 'phase = "main"\narm = "a"\nbasis = "mg/m2"'),
    )
    everything = ["drug-m2", "ranged", "entered", "units"]
    others = ["ranged", "entered", "units"]
    in_arm = {arm: [item.id for item in protocol.items_in_arm(arm)] for arm in ("a", "b", None)}
    by_id = {arm: list(protocol.items_by_id(arm)) for arm in ("a", "b", None)}
    assert in_arm == by_id == {"a": everything, "b": others, None: others}
    assert protocol.items_by_id("a")["drug-m2"] is protocol.items[0]
    assert (protocol.items_in_arm("c"), protocol.items_by_id("c")) == ((), {})
