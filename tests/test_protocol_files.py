"""Protocol files: the shipped four load and trace to their sources; malformed ones are
refused with the file, the field and the reason (DESIGN §2, STYLE 2 and 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.protocols import (
    PROTOCOL_DIR,
    SOURCES_DIR,
    get_protocol,
    load_protocol_file,
    load_protocols,
    load_protocols_reporting,
)
from dosing.errors import InputError, ProtocolError
from dosing.protocol import Basis, Protocol, parse_protocol

FIXTURES = Path(__file__).parent / "fixtures" / "protocols"
BAD = FIXTURES / "bad"
SHIPPED = ("auto-hsct-ln", "msc-allogeneic", "msc-adipose", "ucmsc-vs-il2")


# ---------------------------------------------------------------- shipped protocols


def test_every_shipped_protocol_loads() -> None:
    """The four protocols of DESIGN §4 load from resources/protocols/."""
    protocols = load_protocols()
    assert set(protocols) == set(SHIPPED)
    for path in sorted(PROTOCOL_DIR.glob("*.toml")):
        assert load_protocol_file(path).id == path.stem


@pytest.mark.parametrize(
    ("protocol_id", "items"),
    [
        (
            "auto-hsct-ln",
            {
                "cy-mobilization",
                "gcsf-mobilization",
                "cy-conditioning",
                "atg",
                "methylprednisolone",
                "hydration",
                "sodium-bicarbonate",
                "anti-emetic",
                "uroprotection-mobilization",
                "uroprotection",
                "pbsc-reinfusion",
                "gcsf-engraftment",
            },
        ),
        ("msc-allogeneic", {"cy-pretreatment", "msc"}),
        ("msc-adipose", {"chlorpheniramine", "hydrocortisone", "acetaminophen", "msc"}),
        ("ucmsc-vs-il2", {"msc", "il2"}),
    ],
)
def test_shipped_item_ids(protocol_id: str, items: set[str]) -> None:
    """Item ids are those DESIGN §4 names (the CLI's --choose/--reduce use them)."""
    assert {item.id for item in load_protocols()[protocol_id].items} == items


def test_shipped_clinical_numbers() -> None:
    """The protocol numbers themselves, read from the files, match the seeds (DESIGN §4)."""
    hsct = load_protocols()["auto-hsct-ln"]
    expected = {
        "cy-mobilization": (Basis.G_PER_M2, "2.0", (1, 2)),
        "cy-conditioning": (Basis.MG_PER_KG, "40", (-5, -4, -3, -2)),
        "atg": (Basis.MG_PER_KG, "2.5", (-4, -3, -2)),
        "hydration": (Basis.ML_PER_KG, "50", (-5, -4, -3, -2)),
        "sodium-bicarbonate": (Basis.ML, "250", (-5, -4, -3, -2)),
        "gcsf-engraftment": (Basis.MCG_PER_KG, "0.5", (1,)),
    }
    for item_id, (basis, dose, days) in expected.items():
        item = hsct.item(item_id)
        assert (item.basis, str(item.dose), item.days) == (basis, dose, days), item_id
    mp = hsct.item("methylprednisolone").dose_range
    assert mp is not None and (mp.min, mp.max) == (80, 500)
    gcsf = hsct.item("gcsf-mobilization").dose_range
    assert gcsf is not None and (gcsf.min, gcsf.max) == (5, 10)
    assert {i.id for i in hsct.items if i.reducible} == {"cy-conditioning", "atg"}
    assert hsct.harvest is not None
    assert (hsct.harvest.cd34_per_kg_10e6, hsct.harvest.mnc_per_kg_10e8) == (2, 2)
    assert [(f.event, f.months, f.until_months) for f in hsct.follow_up] == [
        ("harvest", (), 60),
        ("day0", (), 60),
        (None, (3, 6, 12, 18, 24), 84),
    ]
    allo = load_protocols()["msc-allogeneic"]
    assert allo.item("msc").dose == 1_000_000
    assert allo.item("cy-pretreatment").prescriber_entered
    assert allo.eligibility is not None
    assert (allo.eligibility.min_age_years, allo.eligibility.max_age_years) == (15, 70)
    assert load_protocols()["msc-adipose"].item("msc").dose == 2_000_000
    il2 = load_protocols()["ucmsc-vs-il2"].item("il2")
    assert il2.dose == 1_000_000 and len(il2.days) == 21


def _quotes(protocol: Protocol) -> list[tuple[str, str, str]]:
    quotes = []
    for item in protocol.items:
        quotes.append((f"{item.id}.source", item.source.seed, item.source.quote))
        prep = item.preparation
        if prep.quote is not None:
            assert prep.seed is not None
            quotes.append((f"{item.id}.preparation", prep.seed, prep.quote))
    for name in ("harvest", "eligibility"):
        sourced = getattr(protocol, name)
        if sourced is not None:
            quotes.append((name, sourced.seed, sourced.quote))
    for index, schedule in enumerate(protocol.follow_up, start=1):
        quotes.append((f"follow_up[{index}]", schedule.seed, schedule.quote))
        end = schedule.until
        if end is not None and end.source == "seed":
            assert end.seed is not None and end.quote is not None
            quotes.append((f"follow_up[{index}].until", end.seed, end.quote))
    return quotes


@pytest.mark.parametrize("protocol_id", SHIPPED)
def test_every_quote_is_verbatim_in_its_seed(protocol_id: str) -> None:
    """Traceability: each quote appears word for word in resources/sources/<seed>."""
    protocol = load_protocols()[protocol_id]
    quotes = _quotes(protocol)
    assert len(quotes) >= len(protocol.items)
    for where, seed, quote in quotes:
        assert seed in protocol.seeds, where
        text = (SOURCES_DIR / seed).read_text(encoding="utf-8")
        assert quote in text, f"{protocol_id} {where}: quote not found in {seed}"


# ---------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    ("name", "field", "reason"),
    [
        ("bad-toml", "TOML syntax", "line 11"),
        ("negative-dose", "items[1] (drug).dose", "greater than 0"),
        ("unknown-unit", "items[1] (drug).dose_unit", "Input should be"),
        ("unknown-basis", "items[1] (drug).basis", "Input should be"),
        ("days-out-of-order", "items[1] (drug).days", "increasing order"),
        ("missing-field", "items[1] (drug).route", "Field required"),
        ("missing-quote", "items[1] (drug).source.quote", "Field required"),
        ("basis-unit-mismatch", "items[1] (drug)", "cannot be given in dose_unit 'cells'"),
    ],
)
def test_malformed_file_names_file_field_reason(name: str, field: str, reason: str) -> None:
    """Each defect is a ProtocolError with the file, the field and the reason."""
    path = BAD / f"{name}.toml"
    with pytest.raises(ProtocolError) as loaded:
        load_protocol_file(path)
    with pytest.raises(ProtocolError) as parsed:
        parse_protocol(path.read_text(encoding="utf-8"), path.name)
    for error in (loaded.value, parsed.value):
        assert error.source == path.name
        assert error.field == field
        assert reason in error.reason
        assert path.name in str(error) and field in str(error)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("unknown-phase", ("'drug'", "phase", "'conditioning'")),
        ("repeated-id", ("item id repeated", "drug")),
        ("not-before-unknown-item", ("'gcsf'", "starts after 'cyclophosphamide'", "'main'")),
    ],
)
def test_cross_reference_errors_name_file_and_item(name: str, words: tuple[str, ...]) -> None:
    """An item naming an unknown phase, or a repeated id: the file, the item and the reason."""
    path = BAD / f"{name}.toml"
    with pytest.raises(ProtocolError) as info:
        load_protocol_file(path)
    assert info.value.source == path.name
    for word in words:
        assert word in str(info.value)


def test_id_must_match_file_name() -> None:
    """A protocol whose id differs from its file name is refused."""
    with pytest.raises(ProtocolError) as info:
        load_protocol_file(BAD / "id-mismatch.toml")
    assert info.value.field == "id"
    assert "id-mismatch" in info.value.reason


def test_unreadable_file() -> None:
    """A missing file is a ProtocolError naming it, not an OSError."""
    path = BAD / "does-not-exist.toml"
    with pytest.raises(ProtocolError) as info:
        load_protocol_file(path)
    assert "does-not-exist.toml" in str(info.value)


def test_non_utf8_file(tmp_path: Path) -> None:
    """A file that is not UTF-8 is refused by name."""
    path = tmp_path / "latin.toml"
    path.write_bytes(b'title = "Cyclophosphamide \xe9"\n')
    with pytest.raises(ProtocolError) as info:
        load_protocol_file(path)
    assert "UTF-8" in info.value.reason


def test_one_broken_file_is_named_and_the_others_load(tmp_path: Path) -> None:
    """A folder with one broken file: the others load, the broken one is named (issue 11:
    before, the whole folder was refused and the window never became ready)."""
    (tmp_path / "tiny.toml").write_text((FIXTURES / "tiny.toml").read_text(encoding="utf-8"))
    # its quotes' source document, kept beside it as a site would
    (tmp_path / "fixture-seed.txt").write_text(
        (FIXTURES / "fixture-seed.txt").read_text(encoding="utf-8")
    )
    (tmp_path / "negative-dose.toml").write_text(
        (BAD / "negative-dose.toml").read_text(encoding="utf-8")
    )
    loaded, problems = load_protocols_reporting(tmp_path)
    assert list(loaded) == ["tiny"]
    assert [problem.source for problem in problems] == ["negative-dose.toml"]


def test_tiny_fixture_is_valid() -> None:
    """The fixture used by the engine tests loads."""
    protocol = load_protocol_file(FIXTURES / "tiny.toml")
    assert [item.id for item in protocol.items] == ["drug-m2", "ranged", "entered", "units"]


TINY_TEXT = (FIXTURES / "tiny.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ('dose = "750"', 'dose = "0"', "items[1] (drug-m2).dose", "greater than 0"),
        ('dose = "750"', 'dose = "abc"', "items[1] (drug-m2).dose", "valid decimal"),
        ('dose = "750"', 'dose = "NaN"', "items[1] (drug-m2).dose", "finite"),
        ('dose = "750"', 'dose = "inf"', "items[1] (drug-m2).dose", "finite"),
        ("days = [-3, -1]", "days = []", "items[1] (drug-m2).days", "at least 1"),
        ("days = [-3, -1]", "days = [-3, -3]", "items[1] (drug-m2).days", "without repeats"),
        # a misspelt field must not be ignored: the real one is then missing
        ('dose_unit = "g"', 'dose_unti = "g"', "items[1] (drug-m2).dose_unit", "required"),
        (
            'rounding_increment = "0.1"',
            'rounding_increment = "0"',
            "items[1] (drug-m2).preparation.rounding_increment",
            "greater than 0",
        ),
        (
            'min = "2", max = "4", default = "3"',
            'min = "4", max = "2"',
            "items[2] (ranged).dose_range",
            "above max",
        ),
        (
            'min = "2", max = "4", default = "3"',
            'min = "2", max = "4", default = "5"',
            "items[2] (ranged).dose_range",
            "outside",
        ),
        (
            'basis = "mg/m2"\ndose = "750"',
            'basis = "mg/m2"\ndose = "750"\ndose_range = { min = "1", max = "2" }',
            "items[1] (drug-m2)",
            "exactly one of dose",
        ),
    ],
)
def test_single_defect_in_tiny(old: str, new: str, field: str, reason: str) -> None:
    """One defect in an otherwise valid file: refused with the field and the reason."""
    assert TINY_TEXT.count(old) == 1
    with pytest.raises(ProtocolError) as info:
        parse_protocol(TINY_TEXT.replace(old, new), "tiny.toml")
    assert info.value.source == "tiny.toml"
    assert info.value.field == field
    assert reason in info.value.reason


def test_item_citing_unlisted_seed() -> None:
    """An item citing a seed the protocol does not list is refused, naming both."""
    text = TINY_TEXT.replace(
        'source.quote = "Ranged drug 2-4 mcg/kg."',
        'source.quote = "Ranged drug 2-4 mcg/kg."\n',
    ).replace(
        'source.seed = "fixture-seed.txt"\nsource.quote = "Ranged',
        'source.seed = "other.txt"\nsource.quote = "Ranged',
    )
    with pytest.raises(ProtocolError) as info:
        parse_protocol(text, "tiny.toml")
    assert "ranged" in str(info.value) and "other.txt" in str(info.value)


def test_empty_file() -> None:
    """An empty file is refused naming a missing field."""
    with pytest.raises(ProtocolError) as info:
        parse_protocol("", "empty.toml")
    assert info.value.source == "empty.toml"
    assert "required" in info.value.reason


def test_unknown_protocol_id_is_input_error() -> None:
    """Asking for a protocol that is not shipped names the field and the known ids."""
    with pytest.raises(InputError) as info:
        get_protocol("auto-hsct")
    assert info.value.field == "protocol"
    for known in SHIPPED:
        assert known in info.value.message
