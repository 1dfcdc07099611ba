"""The hard ceiling's words and edges (``dosing.ceiling``), read back exactly: which limit is
the lowest and how it is written, the protocol-file refusals, and the field a person is told
to look at. Also the small display, text and error contracts these refusals are built from."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from dosing.ceiling import Ceiling, check_ceiling, field_location
from dosing.display import signed_percent
from dosing.errors import DosingError, InputError, LimitError
from dosing.protocol import Basis, DoseRange
from dosing.text import read_text

# ---------------------------------------------------------------- Ceiling.limit


def _ceiling(admin: str, per_kg: str | None = None, per_m2: str | None = None) -> Ceiling:
    return Ceiling(
        source="site",
        max_per_administration=D(admin),
        max_per_kg=None if per_kg is None else D(per_kg),
        max_per_m2=None if per_m2 is None else D(per_m2),
    )


def test_the_absolute_limit_is_written_as_the_amount_alone() -> None:
    """4,000 mg, or 60 mg/kg × 70 kg = 4,200 mg: 4,000 < 4,200, so the absolute limit, written
    "4,000 mg"."""
    assert _ceiling("4000", per_kg="60").limit("mg", D(70), D("1.85")) == (D(4000), "4,000 mg")


def test_the_per_kg_limit_shows_its_arithmetic() -> None:
    """4,000 mg, or 60 mg/kg × 65 kg = 3,900 mg: 3,900 < 4,000."""
    assert _ceiling("4000", per_kg="60").limit("mg", D(65), D("1.75")) == (
        D(3900),
        "60 mg/kg × 65 kg = 3,900 mg",
    )


def test_the_per_m2_limit_shows_its_arithmetic() -> None:
    """16,000 mg, or 4,000 mg/m² × 1.85 m² = 7,400 mg: 7,400 < 16,000. The weight (70 kg)
    plays no part."""
    assert _ceiling("16000", per_m2="4000").limit("mg", D(70), D("1.85")) == (
        D(7400),
        "4,000 mg/m² × 1.85 m² = 7,400 mg",
    )


def test_a_tie_of_the_absolute_and_the_per_kg_limit_is_written_as_the_absolute() -> None:
    """600 mg, or 10 mg/kg × 60 kg = 600 mg: a tie; the first listed (the absolute) is named.
    Compared as text, "10 mg/kg …" sorts before "600 mg" and would be named instead."""
    assert _ceiling("600", per_kg="10").limit("mg", D(60), D("1.7")) == (D(600), "600 mg")


def test_a_tie_of_the_per_kg_and_the_per_m2_limit_is_written_as_the_per_kg() -> None:
    """5,000 mg; 50 mg/kg × 20 kg = 1,000 mg; 400 mg/m² × 2.5 m² = 1,000 mg: the per-kg and
    per-m² limits tie below 5,000; the per-kg (listed first) is named. As text "400 …"
    sorts before "50 …"."""
    value, words = _ceiling("5000", per_kg="50", per_m2="400").limit("mg", D(20), D("2.5"))
    assert value == D(1000)
    assert words == "50 mg/kg × 20 kg = 1,000 mg"


# ---------------------------------------------------------------- check_ceiling


@pytest.mark.parametrize("basis", [Basis.LOCAL_PROTOCOL, Basis.COLLECTED_CD34])
def test_an_undosed_basis_with_a_ceiling_is_refused_by_name(basis: Basis) -> None:
    """An item given per local protocol, or the collected graft, is never dosed here: a
    ceiling on it is a mistake in the file."""
    with pytest.raises(ValueError) as refused:
        check_ceiling(_ceiling("100"), {"basis": basis}, None)
    assert str(refused.value) == f"basis '{basis.value}' is never dosed here and takes no ceiling"


@pytest.mark.parametrize("basis", [Basis.LOCAL_PROTOCOL, Basis.COLLECTED_CD34, None])
def test_an_undosed_basis_or_no_basis_without_a_ceiling_passes(basis: Basis | None) -> None:
    assert check_ceiling(None, {"basis": basis}, None) is None


def test_an_item_whose_basis_failed_validation_is_not_judged_on_its_ceiling() -> None:
    """No basis (it failed its own validation, reported there): a ceiling is not refused."""
    assert check_ceiling(_ceiling("100"), {"dose": D(5)}, D(1)) is None


def test_a_dosed_item_without_a_ceiling_is_told_what_to_add() -> None:
    with pytest.raises(ValueError) as refused:
        check_ceiling(None, {"basis": Basis.MG, "dose": D(5), "dose_unit": "mg"}, D(1))
    assert str(refused.value) == (
        'every dosed item needs a hard ceiling: add [items.ceiling] with source = "site" '
        "and max_per_administration in the dose unit"
    )


def test_a_per_m2_dose_is_converted_before_it_meets_its_ceiling() -> None:
    """4 g/m² × 1,000 = 4,000 mg/m², at the ceiling of 4,000 mg/m²: accepted. 4.001 g/m² ×
    1,000 = 4,001 mg/m² > 4,000: refused in mg/m² (divided instead, 0.004001 would pass)."""
    ceiling = _ceiling("16000", per_m2="4000")
    item = {"basis": Basis.G_PER_M2, "dose_unit": "mg"}
    assert check_ceiling(ceiling, {**item, "dose": D(4)}, D(1000)) is None
    with pytest.raises(ValueError) as refused:
        check_ceiling(ceiling, {**item, "dose": D("4.001")}, D(1000))
    assert str(refused.value) == (
        "the protocol dose 4,001 mg/m² is above its hard ceiling of 4,000 mg/m²"
    )


def test_a_per_m2_item_is_judged_on_its_per_m2_line_not_its_absolute_one() -> None:
    """3 mg/m² against a per-m² line of 2 mg/m² (the absolute 10 mg is another line):
    3 > 2, refused in mg/m²."""
    with pytest.raises(ValueError) as refused:
        check_ceiling(
            _ceiling("10", per_m2="2"),
            {"basis": Basis.MG_PER_M2, "dose_unit": "mg", "dose": D(3)},
            D(1),
        )
    assert str(refused.value) == "the protocol dose 3 mg/m² is above its hard ceiling of 2 mg/m²"


def test_a_range_is_judged_by_its_maximum() -> None:
    """Range 80–1,000 mg against 1,000 mg: the maximum is at the ceiling, accepted; 80–1,000.5
    is above it by 0.5 mg, refused."""
    ceiling = _ceiling("1000")
    item = {"basis": Basis.MG, "dose_unit": "mg"}
    ok = DoseRange(min=D(80), max=D(1000))
    assert check_ceiling(ceiling, {**item, "dose_range": ok}, D(1)) is None
    with pytest.raises(ValueError) as refused:
        check_ceiling(ceiling, {**item, "dose_range": DoseRange(min=D(80), max=D("1000.5"))}, D(1))
    assert (
        str(refused.value) == "the protocol dose 1,000.5 mg is above its hard ceiling of 1,000 mg"
    )


# ---------------------------------------------------------------- field_location


def test_a_field_inside_a_listed_item_names_its_position_and_id() -> None:
    data = {"items": [{"id": "mesna"}, {"id": "cy-conditioning"}]}
    assert field_location(data, ("items", 1, "dose")) == "items[2] (cy-conditioning).dose"
    assert field_location(data, ()) == "(file)"


def test_an_index_one_past_the_list_is_named_without_an_id() -> None:
    """Two items, index 2 (the third, missing): "items[3].dose"; the list is not indexed."""
    data = {"items": [{"id": "a"}, {"id": "b"}]}
    assert field_location(data, ("items", 2, "dose")) == "items[3].dose"


def test_an_index_into_something_that_is_not_a_list_is_still_named() -> None:
    """``items`` written as a table, or not at all: the index is named as given (0 → [1])."""
    assert field_location({"items": {"a": 1}}, ("items", 0, "dose")) == "items[1].dose"
    assert field_location({}, ("items", 0, "dose")) == "items[1].dose"
    assert field_location({"items": "x"}, ("items", "dose", "unit")) == "items.dose.unit"


# ---------------------------------------------------------------- display, text, errors


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("5.9", "+5.9%"),
        ("0.5", "+0.5%"),
        ("0.01", "+0.01%"),
        ("0", "0%"),
        ("0.00", "0%"),
        ("-0.01", "−0.01%"),
        ("-0.5", "−0.5%"),
        ("-1.2", "−1.2%"),
        ("-12.50", "−12.5%"),
    ],
)
def test_signed_percent_either_side_of_zero(value: str, shown: str) -> None:
    """A true minus sign (U+2212) below zero, a plus above, neither at zero."""
    assert signed_percent(D(value)) == shown


def test_text_given_as_a_number_is_refused_naming_the_field() -> None:
    with pytest.raises(InputError) as refused:
        read_text(42, "MRN", 40)  # type: ignore[arg-type]
    assert refused.value.field == "MRN"
    assert str(refused.value) == "MRN: must be text, not int"


def test_a_limit_error_keeps_its_code_item_and_message() -> None:
    """The error a hard limit raises: a ``DosingError`` whose ``str()`` is the message alone."""
    error = LimitError("dose-above-ceiling", "4,200 mg is above 4,000 mg", "cy-pretreatment")
    assert isinstance(error, DosingError)
    assert (error.code, error.item, error.message) == (
        "dose-above-ceiling",
        "cy-pretreatment",
        "4,200 mg is above 4,000 mg",
    )
    assert str(error) == "4,200 mg is above 4,000 mg"
    assert LimitError("x", "y").item is None
