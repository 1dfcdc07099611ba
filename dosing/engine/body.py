"""Body measurements for this plan, and the weight each per-kg item is dosed on."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dosing import anthropometrics as anthro
from dosing.decimals import HUNDRED, KG_PLACES, plain
from dosing.display import format_number
from dosing.engine.context import Context
from dosing.models import Anthropometrics, PlanInput
from dosing.protocol import DosingWeightRule, Item

_BSA_PLACES = {places: Decimal(1).scaleb(-places) for places in range(5)}
DEFAULT_ADJBW_FACTOR = Decimal("0.4")


def compute_anthropometrics(ctx_input: PlanInput) -> Anthropometrics:
    patient = ctx_input.patient
    options = ctx_input.options
    unrounded = anthro.bsa_m2(options.bsa_formula, patient.height_cm, patient.weight_kg)
    places = _BSA_PLACES[options.bsa_decimals]  # validation refuses decimals outside 0–4
    bsa = unrounded.quantize(places, ROUND_HALF_UP)
    capped = options.bsa_cap_m2 is not None and bsa > options.bsa_cap_m2
    if capped and options.bsa_cap_m2 is not None:
        bsa = options.bsa_cap_m2
    ibw = anthro.devine_ibw_kg(patient.sex, patient.height_cm)
    crcl = egfr = creatinine = None
    if patient.serum_creatinine is not None:
        creatinine = anthro.creatinine_mg_dl(patient.serum_creatinine)
        crcl = anthro.cockcroft_gault_ml_min(
            patient.sex, patient.age_years, patient.weight_kg, creatinine
        )
        egfr = anthro.ckd_epi_2021_egfr(patient.sex, patient.age_years, creatinine)
        creatinine = creatinine.quantize(KG_PLACES, ROUND_HALF_UP)
    return Anthropometrics(
        weight_kg=patient.weight_kg,
        height_cm=patient.height_cm,
        bsa_m2=plain(bsa),
        bsa_unrounded_m2=unrounded,
        bsa_formula=options.bsa_formula,
        bsa_capped=capped,
        ibw_kg=ibw,
        adjbw_kg=anthro.adjusted_bw_kg(ibw, patient.weight_kg, DEFAULT_ADJBW_FACTOR),
        adjbw_factor=DEFAULT_ADJBW_FACTOR,
        bmi=anthro.bmi(patient.weight_kg, patient.height_cm),
        crcl_ml_min=crcl,
        egfr_ml_min_173m2=egfr,
        creatinine_mg_dl=creatinine,
    )


def dosing_weight(ctx: Context, item: Item) -> tuple[Decimal, DosingWeightRule, str]:
    """The weight this item is dosed on, its rule, and "67 kg (actual weight)" for the
    trace. Items sharing a rule and its factors share one answer per plan."""
    wanted = ctx.plan_input.options.dosing_weight_rule
    preparation = item.preparation
    rule = (
        wanted
        if wanted is not None and wanted in preparation.allowed_dosing_weights
        else item.dosing_weight
    )
    key = (
        (rule,)
        if rule is DosingWeightRule.ACTUAL
        else (rule, preparation.adjusted_weight_factor, preparation.adjusted_threshold_percent)
    )
    known = ctx.dosing_weights.get(key)
    if known is None:
        weight_kg, rule, words = weigh(ctx, item, rule)
        known = ctx.dosing_weights[key] = (
            weight_kg,
            rule,
            f"{format_number(weight_kg)} kg ({words})",
        )
    return known


def weigh(
    ctx: Context, item: Item, rule: DosingWeightRule
) -> tuple[Decimal, DosingWeightRule, str]:
    actual = ctx.weight_kg
    if rule is DosingWeightRule.ACTUAL:
        return actual, rule, "actual weight"
    ibw = ctx.ibw_kg
    factor = item.preparation.adjusted_weight_factor
    adjusted = anthro.adjusted_bw_kg(ibw, actual, factor)
    adjusted_words = (
        f"adjusted body weight (IBW {format_number(ibw)} kg + {format_number(factor)} × "
        f"(actual {format_number(actual)} kg − IBW))"
    )
    if rule is DosingWeightRule.IDEAL:
        return ibw, rule, "ideal body weight (Devine)"
    if rule is DosingWeightRule.ADJUSTED:
        return adjusted, rule, adjusted_words
    if rule is DosingWeightRule.ADJUSTED_IF_OVER:
        threshold = item.preparation.adjusted_threshold_percent
        if actual * HUNDRED > ibw * threshold:
            return (
                adjusted,
                rule,
                adjusted_words + f", actual above {format_number(threshold)}% of IBW",
            )
        return actual, rule, f"actual weight (not above {format_number(threshold)}% of IBW)"
    # The last rule there is: a new one must be weighed here, never fall back to actual.
    assert rule is DosingWeightRule.LESSER_ACTUAL_IDEAL, rule
    if ibw < actual:
        return ibw, rule, "ideal body weight (less than actual)"
    return actual, rule, "actual weight (not more than ideal)"
