"""Which alert an acknowledgement acknowledges: code, item and raised values, each both ways."""

from __future__ import annotations

from dosing.acknowledgements import acknowledges, bound_to, carried_over, raised_values
from dosing.models import Acknowledgement

BMI = Acknowledgement(code="bmi-extreme", reason="weighed twice", by="alice")
VALUES = ("46.3", "17", "35")


def test_raised_values_reads_signs_true_minus_and_grouped_numbers() -> None:
    """ "−5" with U+2212 is one value; "1.234,5" stays one number; "3-4" is "3" and "-4"."""
    assert raised_values("day −5, 1.234,5 mg, 3-4") == ("−5", "1.234,5", "3", "-4")
    assert raised_values("+27% and 0.5") == ("+27", "0.5")


def test_an_unbound_acknowledgement_answers_its_code_on_any_item() -> None:
    assert acknowledges(BMI, "bmi-extreme", None, VALUES)
    assert acknowledges(BMI, "bmi-extreme", "busulfan", VALUES)
    assert not acknowledges(BMI, "bmi-low", None, VALUES)


def test_an_acknowledgement_of_one_item_does_not_answer_another() -> None:
    on_busulfan = BMI.model_copy(update={"item": "busulfan"})
    assert acknowledges(on_busulfan, "bmi-extreme", "busulfan", VALUES)
    assert not acknowledges(on_busulfan, "bmi-extreme", "melphalan", VALUES)
    assert not acknowledges(on_busulfan, "bmi-extreme", None, VALUES)


def test_a_bound_acknowledgement_answers_only_the_same_values() -> None:
    """Bound at BMI 46.3 it answers 46.3, not 46.6 (127 kg), nor the values in another order."""
    bound = bound_to(BMI, None, VALUES)
    assert bound.values == VALUES and bound.item is None and bound.reason == BMI.reason
    assert acknowledges(bound, "bmi-extreme", None, VALUES)
    assert not acknowledges(bound, "bmi-extreme", None, ("46.6", "17", "35"))
    assert not acknowledges(bound, "bmi-extreme", None, ())
    on_item = bound_to(BMI, "busulfan", VALUES)
    assert on_item.item == "busulfan"
    assert not acknowledges(on_item, "bmi-extreme", "melphalan", VALUES)


def test_carried_over_matches_code_reason_and_signer_and_only_unbound_ones() -> None:
    saved = bound_to(BMI, None, VALUES)
    assert carried_over((BMI,), (saved,)) == (saved,)
    # Another signer, another code: not the saved one.
    by_bob = BMI.model_copy(update={"by": "bob"})
    assert carried_over((by_bob,), (saved,)) == (by_bob,)
    other = BMI.model_copy(update={"code": "bmi-low"})
    assert carried_over((other,), (saved,)) == (other,)
    # Given already bound: kept as given, never swapped for the saved values.
    given_bound = bound_to(BMI, None, ("58.8", "17", "35"))
    assert carried_over((given_bound,), (saved,)) == (given_bound,)
    # A saved one that was never bound is not carried over.
    assert carried_over((BMI,), (BMI.model_copy(update={"by": "alice"}),)) == (BMI,)


def test_carried_over_keeps_each_item_once_and_respects_the_item() -> None:
    """One unbound acknowledgement for every item repeats two saved, one per item: both kept,
    in order, each once even when the same acknowledgement is given twice."""
    saved_a = bound_to(BMI, "busulfan", VALUES)
    saved_b = bound_to(BMI, "melphalan", VALUES)
    assert carried_over((BMI, BMI), (saved_a, saved_b)) == (saved_a, saved_b)
    on_melphalan = BMI.model_copy(update={"item": "melphalan"})
    assert carried_over((on_melphalan,), (saved_a, saved_b)) == (saved_b,)
    assert carried_over((), (saved_a,)) == ()
