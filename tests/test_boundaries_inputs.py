"""Boundaries of what typed input is accepted (numbers, reasons, text), pinned on both sides."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from dosing import text, validation
from dosing.errors import InputError, MissingInput
from dosing.numbers import MAX_NUMBER_LENGTH, read_number, shown


def test_a_number_of_exactly_the_maximum_length_is_read_one_longer_is_refused() -> None:
    """24 characters is read, 25 is refused before any parsing."""
    assert MAX_NUMBER_LENGTH == 24
    assert read_number("1" * 24, "weight") == D("1" * 24)
    with pytest.raises(InputError, match="25 characters long"):
        read_number("1" * 25, "weight")


# ---------------------------------------------------------------- hard limits (DESIGN §3)


@pytest.mark.parametrize(
    ("check", "inside", "outside"),
    [
        (validation.check_weight_kg, ["20", "250"], ["19.99", "250.01"]),
        (validation.check_height_cm, ["120", "230"], ["119.99", "230.01"]),
    ],
)
def test_weight_and_height_are_accepted_at_their_limits_and_refused_just_past(
    check: Any, inside: list[str], outside: list[str]
) -> None:
    """Weight 20–250 kg and height 120–230 cm, both ends included: 0.01 past is refused."""
    for typed in inside:
        assert check(D(typed)) == D(typed)
    for typed in outside:
        with pytest.raises(InputError, match="outside the accepted range"):
            check(D(typed))


def test_a_weight_that_looks_like_pounds_says_so_up_to_250_times_2_2046() -> None:
    """250 × 2.2046 = 551.15: 251 and 551.15 get the pounds hint, 551.16 does not, and 250
    is accepted with no refusal at all."""
    for typed in ("250.01", "551.15"):
        with pytest.raises(InputError, match="pounds"):
            validation.check_weight_kg(D(typed))
    with pytest.raises(InputError) as refused:
        validation.check_weight_kg(D("551.16"))
    assert "pounds" not in str(refused.value)
    assert "20–250 kg" in str(refused.value)


def test_a_height_that_looks_like_metres_or_inches_says_so_at_its_edges() -> None:
    """Metres 1–2.5 (1.7 m = 170 cm); inches 47 cm up to 119.99; 0.99 and 2.51 and 46.99
    get no hint."""
    with pytest.raises(InputError, match=r"metres\? 1 m = 100 cm"):
        validation.check_height_cm(D(1))
    with pytest.raises(InputError, match=r"metres\? 2\.5 m = 250 cm"):
        validation.check_height_cm(D("2.5"))
    for typed in ("47", "119.99"):
        with pytest.raises(InputError, match="inches"):
            validation.check_height_cm(D(typed))
    for typed in ("0.99", "2.51", "46.99"):
        with pytest.raises(InputError) as refused:
            validation.check_height_cm(D(typed))
        assert "metres" not in str(refused.value) and "inches" not in str(refused.value)


def test_age_is_accepted_from_0_to_120_years() -> None:
    assert validation.check_age_years(0) == 0
    assert validation.check_age_years(120) == 120
    for age in (-1, 121):
        with pytest.raises(InputError, match=f"{age} years is outside the accepted range 0–120"):
            validation.check_age_years(age)


def test_a_missing_number_is_missing_input_naming_its_unit() -> None:
    with pytest.raises(MissingInput, match="enter a number in kg"):
        validation.parse_decimal("  ", "weight", "kg")
    with pytest.raises(MissingInput) as missing:
        validation.parse_decimal("", "count")
    assert str(missing.value).endswith("enter a number")


# ---------------------------------------------------------------- dosing.numbers


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("67", "67"),
        (" 67.5 ", "67.5"),
        ("1,234.5", "1234.5"),
        ("200,000", "200000"),
        ("-0.5", "-0.5"),
        ("+.5", "0.5"),
        ("5.", "5"),
        ("６７．５", "67.5"),  # full-width digits and point
        ("٦٧", "67"),  # Arabic-Indic
        ("۶۷", "67"),  # extended Arabic-Indic
        ("−2", "-2"),  # true minus sign
        ("＋2", "2"),
        ("－2", "-2"),
    ],
)
def test_a_typed_number_is_read_exactly(typed: str, read: str) -> None:
    assert read_number(typed, "weight") == D(read)


@pytest.mark.parametrize("typed", ["1,23", "12,34.5", "1,2345", ",123"])
def test_a_comma_not_between_thousands_is_refused_as_a_decimal_comma(typed: str) -> None:
    """ "1,23" read as thousands would be 123 for 1.23: a hundredfold error, so refused."""
    with pytest.raises(InputError, match=r"use a point for decimals \(67\.5\); commas only"):
        read_number(typed, "weight")


@pytest.mark.parametrize("typed", ["1e2", "6_0", "inf", "nan", "1.2.3", "--1", "."])
def test_anything_but_digits_and_one_point_is_refused(typed: str) -> None:
    with pytest.raises(InputError) as refused:
        read_number(typed, "weight", "kg")
    assert refused.value.field == "weight"
    assert refused.value.message == (
        f"'{typed}' is not a number: use digits with at most one decimal point "
        "(no exponent, no underscore); enter it in kg"
    )


def test_the_refusal_without_a_unit_adds_no_unit_hint() -> None:
    with pytest.raises(InputError) as refused:
        read_number("1e2", "count")
    assert refused.value.message.endswith("(no exponent, no underscore)")


def test_an_empty_number_names_its_unit_when_it_has_one() -> None:
    with pytest.raises(InputError) as refused:
        read_number("  ", "weight", "kg")
    assert refused.value.message == "is missing: enter a number in kg"
    with pytest.raises(InputError) as refused:
        read_number("", "count")
    assert refused.value.message == "is missing: enter a number"


def test_a_too_long_number_says_how_long_and_the_limit() -> None:
    with pytest.raises(InputError) as refused:
        read_number("1" * 1234, "weight")
    assert refused.value.message == (
        "is 1,234 characters long: not a number (at most 24 characters)"
    )


def test_a_decimal_passes_a_binary_float_or_int_is_refused_and_a_non_finite_decimal_too() -> None:
    assert read_number(D("67.1"), "weight") == D("67.1")
    for given, kind in ((67.1, "float"), (67, "int")):
        with pytest.raises(InputError) as refused:
            read_number(given, "weight")  # type: ignore[arg-type]
        assert refused.value.message == f"must be typed as text, not given as {kind}"
    for value in (D("Infinity"), D("NaN")):
        with pytest.raises(InputError) as refused:
            read_number(value, "weight")
        assert refused.value.message == "is not a finite number"


def test_an_echoed_value_is_cut_to_40_characters_with_an_ellipsis() -> None:
    """40 characters are shown whole; 41 become the first 39 and "…" (40 in all)."""
    assert shown("a" * 40) == "a" * 40
    assert shown("a" * 41) == "a" * 39 + "…"
    assert shown("abcdef", limit=5) == "abcd…"
    with pytest.raises(InputError) as refused:
        read_number("1" * 20 + "," + "2" * 3, "weight")
    assert "'" + "1" * 20 + ",222'" in refused.value.message


# ---------------------------------------------------------------- dosing.text


def test_a_reason_of_three_visible_characters_is_kept_two_are_refused() -> None:
    """MIN_REASON_VISIBLE = 3: "ok!" (3) is a reason; "ok" (2), padded or not, is not."""
    assert text.MIN_REASON_VISIBLE == 3
    assert text.read_reason("  ok! ", "reduce busulfan") == "ok!"
    with pytest.raises(InputError) as refused:
        text.read_reason(" ok ", "reduce busulfan")
    assert refused.value.field == "reduce busulfan"
    assert refused.value.message == ("a reason is required: at least 3 visible characters ('ok')")


def test_an_empty_reason_echoes_nothing() -> None:
    with pytest.raises(InputError) as refused:
        text.read_reason("   ", "drop G-CSF")
    assert refused.value.message == "a reason is required: at least 3 visible characters"


def test_zero_width_characters_are_not_a_reason_and_the_first_is_named() -> None:
    """U+200B zero-width space (category Cf) and U+FE0F variation selector (listed extra):
    "a\u200b\u200bb" has 2 visible characters; "\u200b\ufe0f" none, so U+200B is named."""
    assert text.visible_length("a\u200b\ufe0f\u3164 b") == 2
    assert text.visible_length("abc") == 3
    with pytest.raises(InputError, match=r"\('a\u200b\u200bb'\)"):
        text.read_reason("a\u200b\u200bb", "reason")
    with pytest.raises(InputError) as refused:
        text.read_reason(" \u200b\ufe0f", "reason")
    assert refused.value.message == (
        "a reason is required: at least 3 visible characters "
        "(only invisible characters, such as U+200B)"
    )


@pytest.mark.parametrize("hidden", ["\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164",
                                    "\uffa0", "\u180b", "\u180f", "\ufe00", "\ufe0f",
                                    "\U000e0100", "\U000e01ef"])  # fmt: skip
def test_every_listed_default_ignorable_code_point_is_invisible(hidden: str) -> None:
    """Each range's ends (U+180B–U+180F, U+FE00–U+FE0F, U+E0100–U+E01EF) count as nothing."""
    assert text.visible_length(f"ab{hidden}") == 2


def test_text_is_bounded_at_its_maximum_length() -> None:
    """max_length characters are kept (stripped); one more is refused with both numbers."""
    assert text.read_text(" " + "a" * 9, "name", 10) == "a" * 9
    with pytest.raises(InputError) as refused:
        text.read_text("a" * 1001, "name", 1000)
    assert refused.value.message == "is 1,001 characters long (at most 1000)"
    with pytest.raises(InputError) as refused:
        text.read_text(5, "name", 10)  # type: ignore[arg-type]
    assert refused.value.message == "must be text, not int"


@pytest.mark.parametrize(
    ("char", "says"),
    [
        ("\u202a", "a text-direction override (U+202A)"),
        ("\u202e", "a text-direction override (U+202E)"),
        ("\u2066", "a text-direction override (U+2066)"),
        ("\u2069", "a text-direction override (U+2069)"),
        ("\t", "a control character (U+0009)"),
        ("\x00", "a control character (U+0000)"),
        ("\x7f", "a control character (U+007F)"),
    ],
)
def test_overrides_and_control_characters_are_refused_by_code(char: str, says: str) -> None:
    with pytest.raises(InputError) as refused:
        text.read_text(f"Mr{char}X", "name", 120)
    assert refused.value.message == f"contains {says}"


def test_the_characters_next_to_the_override_ranges_are_kept() -> None:
    """U+202F (narrow no-break space) and U+206A sit just past the two override ranges."""
    for char in ("\u202f", "\u206a"):
        assert text.read_text(f"a{char}b", "name", 120) == f"a{char}b"
