"""Independent verification: the verifier's blind entries against the prepared plan."""

from __future__ import annotations

from app.store.diff import flatten_doses
from app.store.records import BlindEntry
from dosing.models import ComputedPlan, PlanInput


def entry_mismatches(recorded: PlanInput, entry: BlindEntry) -> list[str]:
    """The fields whose re-entered value differs from the recorded one.

    Measurements compare as numbers (60 = 60.0) with no tolerance: the verifier re-reads the
    recorded measurement from the chart, so any difference is a transcription error in one
    of the two entries.
    """
    fields: list[str] = []
    if entry.protocol_id.strip() != recorded.protocol_id:
        fields.append("protocol")
    if (entry.arm or "").strip() != (recorded.options.arm or ""):
        fields.append("arm")
    if entry.weight_kg != recorded.patient.weight_kg:
        fields.append("weight")
    if entry.height_cm != recorded.patient.height_cm:
        fields.append("height")
    return fields


def with_entry(recorded: PlanInput, entry: BlindEntry) -> PlanInput:
    """The prepared inputs with the verifier's values in place of the preparer's."""
    patient = recorded.patient.model_copy(
        update={"weight_kg": entry.weight_kg, "height_cm": entry.height_cm}
    )
    options = recorded.options.model_copy(update={"arm": (entry.arm or "").strip() or None})
    return recorded.model_copy(
        update={"protocol_id": entry.protocol_id.strip(), "patient": patient, "options": options}
    )


def dose_differences(prepared: ComputedPlan, verifier: ComputedPlan) -> list[str]:
    """Each dose, BSA or total that differs, named but without either value (blind)."""
    a, b = flatten_doses(prepared), flatten_doses(verifier)
    return [key for key in dict.fromkeys([*a, *b]) if a.get(key) != b.get(key)]
