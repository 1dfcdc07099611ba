"""Properties of every dose, over random patients (hypothesis, deterministic, 200 examples)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.protocols import get_protocol
from dosing import validation
from dosing.display import format_dose
from dosing.engine import compute_plan
from dosing.errors import InputError
from dosing.models import (
    ApheresisYield,
    BsaFormula,
    ComputedPlan,
    CreatinineUnit,
    DailyCount,
    DroppedDay,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
    SerumCreatinine,
    Sex,
)
from dosing.protocol import DosingWeightRule

PROPERTY = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

weights = st.decimals(min_value=20, max_value=250, places=2)
heights = st.decimals(min_value=120, max_value=230, places=1)
ages = st.integers(min_value=0, max_value=120)
sexes = st.sampled_from(list(Sex))
formulas = st.sampled_from(list(BsaFormula))
rules = st.one_of(st.none(), st.sampled_from(list(DosingWeightRule)))
percents = st.decimals(min_value=1, max_value=100, places=2)
mp_choice = st.decimals(min_value=80, max_value=500, places=0)
gcsf_choice = st.decimals(min_value=5, max_value=10, places=1)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31))

PROTOCOL_ARMS = [
    ("auto-hsct-ln", None),
    ("msc-allogeneic", None),
    ("msc-adipose", None),
    ("ucmsc-vs-il2", "ucmsc"),
    ("ucmsc-vs-il2", "il2"),
]


def hsct(
    weight: D,
    height: D,
    sex: Sex = Sex.FEMALE,
    age: int = 40,
    *,
    formula: BsaFormula = BsaFormula.MOSTELLER,
    rule: DosingWeightRule | None = None,
    **extra: Any,
) -> ComputedPlan:
    extra.setdefault("choices", {"methylprednisolone": D(250), "gcsf-mobilization": D(5)})
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=age, sex=sex, weight_kg=weight, height_cm=height),
        options=PlanOptions(bsa_formula=formula, dosing_weight_rule=rule),
        **extra,
    )
    return compute_plan(get_protocol("auto-hsct-ln"), plan_input)


def dose_value(plan: ComputedPlan, item: str) -> D:
    admin = next(a for a in plan.administrations if a.item == item and a.dose is not None)
    assert admin.dose is not None
    return admin.dose.value


def unrounded(plan: ComputedPlan, item: str) -> D:
    admin = next(a for a in plan.administrations if a.item == item and a.dose is not None)
    assert admin.dose is not None
    return admin.dose.unrounded


@PROPERTY
@given(weight=weights, height=heights)
def test_per_kg_doses_scale_with_actual_weight(weight: D, height: D) -> None:
    """Unrounded per-kg doses are exactly the protocol dose × actual weight."""
    plan = hsct(weight, height)
    assert unrounded(plan, "cy-conditioning") == 40 * weight
    assert unrounded(plan, "atg") == D("2.5") * weight
    assert unrounded(plan, "hydration") == 50 * weight
    assert unrounded(plan, "gcsf-engraftment") == D("0.5") * weight
    assert unrounded(plan, "gcsf-mobilization") == 5 * weight


@PROPERTY
@given(weight=weights, height=heights, formula=formulas)
def test_per_m2_doses_scale_with_rounded_bsa(weight: D, height: D, formula: BsaFormula) -> None:
    """Mobilization cyclophosphamide is 2,000 mg × the BSA rounded to 2 decimals."""
    plan = hsct(weight, height, formula=formula)
    bsa = plan.anthropometrics.bsa_m2
    assert bsa == plan.anthropometrics.bsa_unrounded_m2.quantize(D("0.01"), ROUND_HALF_UP)
    assert unrounded(plan, "cy-mobilization") == 2000 * bsa


@PROPERTY
@given(weight=weights, height=heights, factor=st.decimals(min_value=1, max_value=2, places=2))
def test_heavier_patient_never_gets_less(weight: D, height: D, factor: D) -> None:
    """A heavier patient (same height) gets at least as much of every weight-based item."""
    heavier = min(weight * factor, D(250)).quantize(D("0.01"))
    light, heavy = hsct(weight, height), hsct(heavier, height)
    for item in ("cy-conditioning", "atg", "hydration", "gcsf-engraftment", "cy-mobilization"):
        assert dose_value(heavy, item) >= dose_value(light, item), item


@PROPERTY
@given(weight=weights, height=heights, percent=percents, rule=rules)
def test_reduction_never_raises_a_dose(
    weight: D, height: D, percent: D, rule: DosingWeightRule | None
) -> None:
    """A reduction to 1–100% never gives more than the unreduced dose or the protocol dose."""
    full = hsct(weight, height, rule=rule)
    reduced = hsct(
        weight,
        height,
        rule=rule,
        reductions={
            "cy-conditioning": Reduction(percent=percent, reason="test"),
            "atg": Reduction(percent=percent, reason="test"),
        },
    )
    for item in ("cy-conditioning", "atg"):
        admin = next(a for a in reduced.administrations if a.item == item)
        if admin.dose is None:
            # Only a dose that rounds to 0 may be refused, and never silently.
            codes = [a.code for a in reduced.alerts if a.item == item and a.severity == "hard"]
            assert codes == ["dose-rounds-to-zero"]
            continue
        assert admin.dose.value <= dose_value(full, item)
        assert admin.dose.value <= admin.dose.protocol_value
        assert admin.dose.protocol_value == dose_value(full, item)


@PROPERTY
@given(
    weight=weights,
    height=heights,
    sex=sexes,
    rule=rules,
    percent=st.one_of(st.none(), percents),
    mp=mp_choice,
    gcsf=gcsf_choice,
)
def test_rounding_moves_at_most_half_an_increment(
    weight: D,
    height: D,
    sex: Sex,
    rule: DosingWeightRule | None,
    percent: D | None,
    mp: D,
    gcsf: D,
) -> None:
    """Without presentation rounding, |dose − unrounded| ≤ half the item's increment; with
    it (mobilization G-CSF), within the item's ±10% window."""
    reductions = {} if percent is None else {"atg": Reduction(percent=percent, reason="trial")}
    plan = hsct(
        weight,
        height,
        sex,
        rule=rule,
        reductions=reductions,
        choices={"methylprednisolone": mp, "gcsf-mobilization": gcsf},
    )
    protocol = get_protocol("auto-hsct-ln")
    for item in plan.items:
        if item.dose is None:
            continue
        prep = protocol.item(item.item).preparation
        moved = abs(item.dose.value - item.dose.unrounded)
        if prep.round_to_presentation_percent is None:
            # the unrounded value is kept to 4 decimals: allow that much
            assert moved <= prep.rounding_increment / 2 + D("0.0001"), item.item
        else:
            limit = item.dose.unrounded * prep.round_to_presentation_percent / 100
            assert moved <= max(limit, prep.rounding_increment / 2), item.item


@PROPERTY
@given(
    weight=weights,
    height=heights,
    sex=sexes,
    percent=st.one_of(st.none(), percents),
    prior=st.decimals(min_value=0, max_value=20000, places=0),
    drop=st.sampled_from([None, -5, -4, -3, -2]),
)
def test_totals_equal_sum_of_days(
    weight: D, height: D, sex: Sex, percent: D | None, prior: D, drop: int | None
) -> None:
    """Every item total is the sum of its scheduled doses; the cyclophosphamide total is
    mobilization + conditioning (in mg) + prior."""
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(
            age_years=40,
            sex=sex,
            weight_kg=weight,
            height_cm=height,
            prior_cyclophosphamide_mg=prior,
        ),
        choices={"methylprednisolone": D(250), "gcsf-mobilization": D(5)},
        reductions={}
        if percent is None
        else {"cy-conditioning": Reduction(percent=percent, reason="trial")},
        dropped_days=()
        if drop is None
        else (DroppedDay(item="cy-conditioning", day=drop, reason="toxicity"),),
    )
    plan = compute_plan(get_protocol("auto-hsct-ln"), plan_input)
    for total in plan.totals:
        days = [
            a.dose.value
            for a in plan.administrations
            if a.item == total.item and a.status == "scheduled" and a.dose is not None
        ]
        assert total.value == sum(days, D(0)), total.item
    cy = [
        a.dose.value
        for a in plan.administrations
        if a.drug == "cyclophosphamide" and a.status == "scheduled" and a.dose is not None
    ]
    (cyclo,) = [d for d in plan.drug_totals if d.drug == "cyclophosphamide"]
    assert cyclo.plan_mg == sum(cy, D(0))
    assert cyclo.cumulative_mg == sum(cy, D(0)) + prior
    assert len(cy) == 6 - (drop is not None)


@st.composite
def _extras(
    draw: st.DrawFn, protocol_id: str, arm: str | None, day0: dt.date | None
) -> dict[str, Any]:
    """Random reductions (1–100%), dropped days, counts and apheresis yields in range."""
    protocol = get_protocol(protocol_id)
    items = [i for i in protocol.items if i.arm is None or i.arm == arm]
    reducible = [i.id for i in items if i.reducible]
    reductions = (
        {
            item: Reduction(percent=draw(percents), reason="test")
            for item in draw(st.lists(st.sampled_from(reducible), unique=True))
        }
        if reducible
        else {}
    )
    fixed = [i for i in items if i.start_condition is None and i.stop_condition is None]
    dropped = []
    for item in draw(st.lists(st.sampled_from(fixed), max_size=3, unique_by=lambda i: i.id)):
        dropped.append(
            DroppedDay(item=item.id, day=draw(st.sampled_from(item.days)), reason="toxicity")
        )
    base = day0 or dt.date(2027, 1, 1)
    near = st.integers(min_value=-60, max_value=60).map(lambda d: base + dt.timedelta(days=d))
    count_value = st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=2))
    counts = draw(
        st.lists(
            st.builds(
                DailyCount, date=near, wbc_10e9_per_l=count_value, anc_10e9_per_l=count_value
            ),
            max_size=30,
        )
    )
    apheresis = draw(
        st.lists(
            st.builds(
                ApheresisYield,
                date=near,
                cd34_10e6=st.decimals(min_value=0, max_value=1000, places=1),
                mnc_10e8=st.decimals(min_value=0, max_value=1000, places=1),
            ),
            max_size=4,
        )
    )
    return {
        "reductions": reductions,
        "dropped_days": tuple(dropped),
        "counts": tuple(counts),
        "apheresis": tuple(apheresis),
    }


@PROPERTY
@given(
    data=st.data(),
    weight=weights,
    height=heights,
    sex=sexes,
    age=ages,
    formula=formulas,
    rule=rules,
    day0=st.one_of(st.none(), dates),
    creatinine=st.one_of(
        st.none(),
        st.builds(
            SerumCreatinine,
            value=st.decimals(min_value=D("0.1"), max_value=20, places=2),
            unit=st.just(CreatinineUnit.MG_DL),
        ),
        st.builds(
            SerumCreatinine,
            value=st.decimals(min_value=D("8.8"), max_value=1768, places=1),
            unit=st.just(CreatinineUnit.UMOL_L),
        ),
    ),
    cap=st.one_of(st.none(), st.decimals(min_value=D("0.5"), max_value=D("3.5"), places=2)),
)
def test_any_accepted_input_gives_a_plan(
    data: st.DataObject,
    weight: D,
    height: D,
    sex: Sex,
    age: int,
    formula: BsaFormula,
    rule: DosingWeightRule | None,
    day0: dt.date | None,
    creatinine: SerumCreatinine | None,
    cap: D | None,
) -> None:
    """Every input inside the accepted ranges, for every protocol and arm, gives a plan."""
    protocol_id, arm = data.draw(st.sampled_from(PROTOCOL_ARMS))
    choices: dict[str, D] = {}
    if protocol_id == "auto-hsct-ln":
        choices = {
            "methylprednisolone": data.draw(mp_choice),
            "gcsf-mobilization": data.draw(gcsf_choice),
        }
    elif protocol_id == "msc-allogeneic" and data.draw(st.booleans()):
        choices = {"cy-pretreatment": data.draw(st.decimals(min_value=1, max_value=5000, places=0))}
    plan_input = PlanInput(
        protocol_id=protocol_id,
        patient=Patient(
            age_years=age, sex=sex, weight_kg=weight, height_cm=height, serum_creatinine=creatinine
        ),
        options=PlanOptions(
            bsa_formula=formula,
            bsa_cap_m2=cap,
            dosing_weight_rule=rule,
            day0_date=day0,
            mobilization_start_date=day0 - dt.timedelta(days=40) if day0 else None,
            treatment_start_date=day0,
            arm=arm,
        ),
        choices=choices,
        **data.draw(_extras(protocol_id, arm, day0)),
    )
    plan = compute_plan(get_protocol(protocol_id), plan_input)
    assert plan.administrations
    for admin in plan.administrations:
        if admin.dose is not None:
            assert admin.dose.value >= 0
            assert "E" not in str(admin.dose.value)
            assert "E+" not in admin.dose.display and "e+" not in admin.dose.display
            # every dose carries its calculation in words, ending in the dose given
            assert admin.trace
            if admin.dose.unit != "cells":
                assert admin.dose.amount_display in admin.trace
        if day0 is not None and admin.day is not None:
            assert admin.date is not None


# ---------------------------------------------------------------- refused inputs


def _construct_plan(**patient: Any) -> PlanInput:
    """A PlanInput built without pydantic's own checks, to reach the engine's guard."""
    fields: dict[str, Any] = {
        "age_years": 40,
        "sex": Sex.FEMALE,
        "weight_kg": D(60),
        "height_cm": D(165),
        **patient,
    }
    return PlanInput.model_construct(
        protocol_id="auto-hsct-ln",
        patient=Patient.model_construct(**fields),
        options=PlanOptions(),
        choices={},
        reductions={},
        dropped_days=(),
        counts=(),
        apheresis=(),
        acknowledgements=(),
    )


bad_weights = st.one_of(
    st.decimals(max_value=D("19.99"), places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=D("250.01"), places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([D(0), D(-60), D("NaN"), D("Infinity"), D("-Infinity"), D("600")]),
)
bad_heights = st.one_of(
    st.decimals(max_value=D("119.9"), places=1, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=D("230.1"), places=1, allow_nan=False, allow_infinity=False),
    st.sampled_from([D(0), D(-165), D("NaN"), D("Infinity"), D("1.65")]),
)


@PROPERTY
@given(weight=bad_weights)
def test_weight_outside_range_is_input_error(weight: D) -> None:
    """Weight outside 20–250 kg (or not finite) is an InputError naming 'weight'."""
    with pytest.raises(InputError) as info:
        compute_plan(get_protocol("auto-hsct-ln"), _construct_plan(weight_kg=weight))
    assert info.value.field == "weight"


@PROPERTY
@given(height=bad_heights)
def test_height_outside_range_is_input_error(height: D) -> None:
    """Height outside 120–230 cm (or not finite) is an InputError naming 'height'."""
    with pytest.raises(InputError) as info:
        compute_plan(get_protocol("auto-hsct-ln"), _construct_plan(height_cm=height))
    assert info.value.field == "height"


@pytest.mark.parametrize(
    ("patient", "field"),
    [
        ({"age_years": -1}, "age"),
        ({"age_years": 121}, "age"),
        ({"serum_creatinine": SerumCreatinine(value=D(0))}, "creatinine"),
        ({"serum_creatinine": SerumCreatinine(value=D(25))}, "creatinine"),
        ({"prior_cyclophosphamide_mg": D(-1)}, "prior cyclophosphamide"),
        ({"prior_cyclophosphamide_mg": D("NaN")}, "prior cyclophosphamide"),
    ],
)
def test_other_patient_fields_refused(patient: dict[str, Any], field: str) -> None:
    """Age, creatinine and prior cyclophosphamide outside their ranges are named."""
    with pytest.raises(InputError) as info:
        compute_plan(get_protocol("auto-hsct-ln"), _construct_plan(**patient))
    assert info.value.field == field


def test_height_in_metres_hint() -> None:
    """1.65 (metres) is refused with a hint that names the unit."""
    with pytest.raises(InputError) as info:
        hsct(D(60), D("1.65"))
    assert info.value.field == "height"
    assert "metres" in info.value.message
    assert "120–230 cm" in info.value.message


def test_bsa_cap_outside_range() -> None:
    """A BSA cap of 5 m² is refused by name."""
    plan_input = PlanInput(
        protocol_id="auto-hsct-ln",
        patient=Patient(age_years=40, sex=Sex.FEMALE, weight_kg=D(60), height_cm=D(165)),
        options=PlanOptions(bsa_cap_m2=D(5)),
    )
    with pytest.raises(InputError) as info:
        compute_plan(get_protocol("auto-hsct-ln"), plan_input)
    assert info.value.field == "BSA cap"


@pytest.mark.parametrize(
    "text",
    # "1,5" / "67,5" are decimal commas: read as 15 / 675 they would be a tenfold error
    ["", "  ", "abc", "nan", "NaN", "inf", "-Infinity", "6O", "1e", "1,5", "67,5", "1,65", "1,2,3"],
)
def test_parse_decimal_refuses_text(text: str) -> None:
    """Typed text that is not a finite number is an InputError naming the field."""
    with pytest.raises(InputError) as info:
        validation.parse_decimal(text, "weight", "kg")
    assert info.value.field == "weight"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("67", "67"),
        (" 67.5 ", "67.5"),
        ("1,234", "1234"),
        ("12,345.5", "12345.5"),
        ("６７.５", "67.5"),
    ],
)
def test_parse_decimal_reads_numbers(text: str, expected: str) -> None:
    """Ordinary typed numbers are read exactly, full-width digits as the digits they are (a
    float is refused: tests/test_boundaries_anthropometrics.py)."""
    assert validation.parse_decimal(text, "weight") == D(expected)


# ---------------------------------------------------------------- vial and syringe counts


def _least_waste(amount: D, sizes: list[D]) -> list[tuple[int, D]]:
    """Brute force: the covering combination with least waste, then fewest units."""
    best: tuple[D, int, tuple[int, ...]] | None = None
    ranges = [range(int(amount // size) + 2) for size in sizes]
    for counts in itertools.product(*ranges):
        total = sum((c * s for c, s in zip(counts, sizes, strict=True)), D(0))
        if total >= amount and (best is None or (total, sum(counts)) < best[:2]):
            best = (total, sum(counts), counts)
    assert best is not None
    return [(c, s) for c, s in zip(best[2], sizes, strict=True) if c]


def _words(combination: list[tuple[int, D]], unit: str, form: str) -> str:
    return " + ".join(
        f"{count} × {format_dose(size, unit)} {form}{'s' if count > 1 else ''}"
        for count, size in combination
    )


@PROPERTY
@given(weight=weights, height=heights, mp=mp_choice)
def test_vial_counts_least_waste(weight: D, height: D, mp: D) -> None:
    """Vials for each conditioning dose are the covering combination with least waste, then
    fewest vials (checked against a brute-force search) — less the smallest unit used when
    the rest drawn from it is too small to measure (methylprednisolone 81 mg: 2 × 40 mg
    whole, 1 mg = 0.025 mL → 0 mL at 0.1 mL; the third vial is not opened)."""
    plan = hsct(weight, height, choices={"methylprednisolone": mp, "gcsf-mobilization": D(5)})
    cases = {
        "cy-conditioning": ([D(2000), D(1000), D(500)], "vial"),
        "cy-mobilization": ([D(2000), D(1000), D(500)], "vial"),
        "atg": ([D(25)], "vial"),
        "methylprednisolone": ([D(500), D(125), D(40)], "vial"),
        "gcsf-engraftment": ([D(480), D(300)], "prefilled syringe"),
    }
    for item, (sizes, form) in cases.items():
        admin = next(a for a in plan.administrations if a.item == item and a.dose is not None)
        assert admin.dose is not None
        combination = _least_waste(admin.dose.value, sizes)
        expected = _words(combination, admin.dose.unit, form)
        if admin.presentation != expected:
            count, size = combination[-1]
            fewer = combination[:-1] + ([(count - 1, size)] if count > 1 else [])
            assert admin.presentation == _words(fewer, admin.dose.unit, form), item
            assert admin.draw is not None and " mL of " not in admin.draw, item
            assert admin.draw_delivered is not None
            assert admin.draw_delivered.value < admin.dose.value, item


def _syringe_rounding(amount: D, ceiling: D) -> D:
    """Brute force: the nearest total of 300/480 mcg syringes within ±10% of the unrounded
    dose (the lower on a tie) and not above ``ceiling`` (the range's 10 mcg/kg × weight),
    else the dose rounded half up to 1 mcg."""
    totals = {D(300 * a + 480 * b) for a in range(12) for b in range(8) if a or b}
    near = [t for t in totals if abs(t - amount) * 100 <= amount * 10 and t <= ceiling]
    if near:
        return min(near, key=lambda t: (abs(t - amount), t))
    return amount.quantize(D(1), rounding=ROUND_HALF_UP)


@PROPERTY
@given(weight=weights, height=heights, gcsf=gcsf_choice)
def test_mobilization_gcsf_rounds_to_nearest_syringes(weight: D, height: D, gcsf: D) -> None:
    """Mobilization G-CSF: chosen mcg/kg × weight, then the nearest syringe total within
    ±10% (HOPA) that is not above the range's maximum (10 mcg/kg), else to the nearest 1 mcg."""
    plan = hsct(weight, height, choices={"methylprednisolone": D(250), "gcsf-mobilization": gcsf})
    amount = gcsf * weight
    assert dose_value(plan, "gcsf-mobilization") == _syringe_rounding(amount, 10 * weight)
