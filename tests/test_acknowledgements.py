"""Issue 11: an acknowledgement is bound to the alert it acknowledged — its code, item and the
values that raised it — and is withdrawn when those values change (engine and store).

Patient: female, 35 y, 165 cm. BMI = weight / 1.65² = weight / 2.7225:
126 kg → 46.28 → 46.3 kg/m²; 160 kg → 58.77 → 58.8 kg/m²; 127 kg → 46.65 → 46.6 kg/m².
All three are above 35, so the soft bmi-extreme alert is raised each time.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from test_store_support import (
    ACK,
    READING_ACK,
    _isolated_user_dirs,
    db_url,
    plan_input,
    verify_confirming_all,
)

from app.protocols import get_protocol
from app.store import BlindEntry, PlanStateError
from app.store.service import Store, open_store
from dosing.acknowledgements import carried_over, raised_values
from dosing.engine import compute_plan
from dosing.models import Acknowledgement, Alert, ComputedPlan, PlanInput

__all__ = ["_isolated_user_dirs", "db_url"]

BMI_ACK = Acknowledgement(code="bmi-extreme", reason="weighed twice, obese", by="AB")


def compute(plan_input: PlanInput) -> ComputedPlan:
    return compute_plan(get_protocol("auto-hsct-ln"), plan_input)


def at(plan_input: PlanInput, weight: str) -> PlanInput:
    patient = plan_input.patient.model_copy(update={"weight_kg": Decimal(weight)})
    return plan_input.model_copy(update={"patient": patient})


def bmi_alert(plan: ComputedPlan) -> Alert:
    (alert,) = [a for a in plan.alerts if a.code == "bmi-extreme"]
    return alert


def with_bmi_ack(weight: str) -> PlanInput:
    return plan_input(weight=weight).model_copy(
        update={"acknowledgements": (ACK, READING_ACK, BMI_ACK)}
    )


# ---------------------------------------------------------------- the engine


def test_the_numbers_of_a_message_are_the_values_an_acknowledgement_binds() -> None:
    assert raised_values("BMI 46.3 kg/m² is outside 17–35: check") == ("46.3", "17", "35")
    assert raised_values("Weight changed by +27% (126 kg → 160 kg), 2,400 mg") == (
        "+27",
        "126",
        "160",
        "2,400",
    )
    assert raised_values("no numbers") == ()


def test_an_acknowledgement_is_bound_to_the_values_it_acknowledged() -> None:
    """Typed with the inputs (no values yet), it comes back bound to BMI 46.3 and its range."""
    plan = compute(with_bmi_ack("126"))
    alert = bmi_alert(plan)
    assert alert.acknowledged and alert.values == ("46.3", "17", "35")
    bound = {a.code: a for a in plan.input.acknowledgements}
    assert bound["bmi-extreme"].values == ("46.3", "17", "35")
    assert bound["bmi-extreme"].reason == "weighed twice, obese"
    # The same inputs again: still acknowledged, the bound acknowledgement unchanged.
    again = compute(plan.input)
    assert bmi_alert(again).acknowledged
    assert again.input.acknowledgements == plan.input.acknowledgements


def test_a_changed_weight_withdraws_the_bmi_acknowledgement() -> None:
    """Before: acknowledged at 126 kg (BMI 46.3), it still covered 160 kg (BMI 58.8)."""
    plan = compute(with_bmi_ack("126"))
    changed = compute(at(plan.input, "160"))
    alert = bmi_alert(changed)
    assert alert.values == ("58.8", "17", "35")
    assert not alert.acknowledged and alert.acknowledgement is None
    assert alert in changed.unacknowledged_soft_alerts
    # Withdrawn from the plan's input; the protocol's own alert (no numbers changed) stays.
    assert [a.code for a in changed.input.acknowledgements] == [
        "source-reading",
        "verify-local-protocol",
    ]
    # A one-kilogram change (BMI 46.6) is a different alert too.
    assert not bmi_alert(compute(at(plan.input, "127"))).acknowledged


def test_an_acknowledgement_for_every_item_binds_to_each_alert_it_acknowledged() -> None:
    """An acknowledgement of a code with no item answers each item's alert, bound per item."""
    given = plan_input(acknowledged=False, methylprednisolone="250")
    given = given.model_copy(
        update={
            "choices": {},
            "acknowledgements": (Acknowledgement(code="choice-required", reason="choose later"),),
        }
    )
    plan = compute(given)
    items = sorted(a.item or "" for a in plan.input.acknowledgements)
    assert items == ["gcsf-mobilization", "methylprednisolone"]
    assert all(a.values is not None for a in plan.input.acknowledgements)


def test_carried_over_keeps_a_repeated_acknowledgement_bound() -> None:
    bound = BMI_ACK.model_copy(update={"values": ("46.3", "17", "35")})
    assert carried_over((BMI_ACK,), (bound,)) == (bound,)
    # Another reason is a new acknowledgement: it stays unbound, to bind afresh.
    fresh = BMI_ACK.model_copy(update={"reason": "reweighed at 160 kg"})
    assert carried_over((fresh,), (bound,)) == (fresh,)


# ---------------------------------------------------------------- the store

BLIND_160 = BlindEntry(weight_kg=Decimal(160), height_cm=Decimal(165), protocol_id="auto-hsct-ln")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def test_the_store_saves_the_acknowledgement_bound_to_its_alert(store: Store) -> None:
    plan_id = store.save_new(with_bmi_ack("126"), user="alice").plan_id
    saved = {a.code: a for a in store.get(plan_id).plan_input.acknowledgements}
    assert saved["bmi-extreme"].values == ("46.3", "17", "35")


def test_a_plan_re_saved_with_a_changed_alert_is_not_acknowledged(store: Store) -> None:
    """Before: the 126 kg acknowledgement was saved again with the 160 kg plan, which
    verified. The edit is built from the saved input (as the window and the CLI do), and
    again from a fresh copy that repeats the acknowledgement without its values."""
    plan_id = store.save_new(with_bmi_ack("126"), user="alice").plan_id
    reopened = store.get(plan_id).plan_input
    store.save_version(plan_id, at(reopened, "160"), base_version=1, user="alice")
    codes = [a.code for a in store.get(plan_id).plan_input.acknowledgements]
    assert codes == ["source-reading", "verify-local-protocol"]
    with pytest.raises(PlanStateError, match="unacknowledged alerts: bmi-extreme"):
        verify_confirming_all(store, plan_id, BLIND_160, user="bob")

    other = store.save_new(with_bmi_ack("126"), user="alice").plan_id
    store.save_version(other, with_bmi_ack("160"), base_version=1, user="alice")
    codes = [a.code for a in store.get(other).plan_input.acknowledgements]
    assert codes == ["source-reading", "verify-local-protocol"]
    with pytest.raises(PlanStateError, match="unacknowledged alerts: bmi-extreme"):
        verify_confirming_all(store, other, BLIND_160, user="bob")


def test_a_new_acknowledgement_of_the_changed_alert_lets_it_verify(store: Store) -> None:
    """Acknowledged again, with its own reason, at 160 kg: bound to BMI 58.8, verifiable."""
    plan_id = store.save_new(with_bmi_ack("126"), user="alice").plan_id
    again = BMI_ACK.model_copy(update={"reason": "reweighed: 160 kg confirmed"})
    edit = at(store.get(plan_id).plan_input, "160")
    edit = edit.model_copy(update={"acknowledgements": (*edit.acknowledgements, again)})
    store.save_version(plan_id, edit, base_version=1, user="alice")
    saved = {a.code: a for a in store.get(plan_id).plan_input.acknowledgements}
    assert saved["bmi-extreme"].values == ("58.8", "17", "35")
    assert saved["bmi-extreme"].reason == "reweighed: 160 kg confirmed"
    assert verify_confirming_all(store, plan_id, BLIND_160, user="bob").status == "verified"
