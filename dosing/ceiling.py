"""The hard ceiling of one protocol item: the most a single administration may be.

A ceiling is a site pharmacy value (``source = "site"``), not trial data: it is the line above
which the engine refuses a dose, whoever wrote it — a prescriber's ``--choose``, a value chosen
in a range, a protocol file's own dose, or a dose moved up by rounding to a presentation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dosing.display import format_number

# Bases whose items are never dosed here (listed per local protocol, or the whole collected
# graft reinfused): a ceiling would have nothing to refuse.
UNDOSED_BASES = frozenset({"local-protocol", "collected-cd34"})


class Ceiling(BaseModel):
    """``max_per_administration`` in the item's dose unit, and where a per-kg or per-m² limit
    makes sense, ``max_per_kg`` / ``max_per_m2`` in the dose unit per kg or per m²."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    source: Literal["site"]
    max_per_administration: Decimal = Field(gt=0)
    max_per_kg: Decimal | None = Field(default=None, gt=0)
    max_per_m2: Decimal | None = Field(default=None, gt=0)

    def limit(self, unit: str, weight_kg: Decimal, bsa_m2: Decimal) -> tuple[Decimal, str]:
        """The lowest of the ceilings for this patient, with how it was reached in words.
        ``weight_kg`` is the dosing weight of an item dosed per kg (the ceiling is in the
        dose's own terms) and the actual weight for any other item."""
        limits = [
            (self.max_per_administration, f"{format_number(self.max_per_administration)} {unit}")
        ]
        if self.max_per_kg is not None:
            value = self.max_per_kg * weight_kg
            limits.append(
                (value, f"{format_number(self.max_per_kg)} {unit}/kg × "
                 f"{format_number(weight_kg)} kg = {format_number(value)} {unit}")
            )  # fmt: skip
        if self.max_per_m2 is not None:
            value = self.max_per_m2 * bsa_m2
            limits.append(
                (value, f"{format_number(self.max_per_m2)} {unit}/m² × "
                 f"{format_number(bsa_m2)} m² = {format_number(value)} {unit}")
            )  # fmt: skip
        return min(limits, key=lambda limit: limit[0])


def check_ceiling(
    ceiling: Ceiling | None, item: dict[str, Any], conversion: Decimal | None
) -> None:
    """Refuse an item without a ceiling, and a protocol dose (the maximum of a range) above
    its own ceiling where the two are in the same terms. ``item`` holds the item's fields
    already validated; ``conversion`` turns one basis amount unit into the dose unit."""
    basis = item.get("basis")
    if basis is None or str(basis) in UNDOSED_BASES:
        if ceiling is not None and basis is not None:
            raise ValueError(f"basis '{basis}' is never dosed here and takes no ceiling")
        return
    if ceiling is None:
        raise ValueError(
            'every dosed item needs a hard ceiling: add [items.ceiling] with source = "site" '
            "and max_per_administration in the dose unit"
        )
    dose_range = item.get("dose_range")
    top = item.get("dose") if dose_range is None else dose_range.max
    if top is None or conversion is None:
        return
    amount = top * conversion
    unit = str(item.get("dose_unit"))
    basis_text = str(basis)
    if basis_text.endswith("/kg"):
        line, per = ceiling.max_per_kg, "/kg"
    elif basis_text.endswith("/m2"):
        line, per = ceiling.max_per_m2, "/m²"
    else:
        line, per = ceiling.max_per_administration, ""
    if line is not None and amount > line:
        raise ValueError(
            f"the protocol dose {format_number(amount)} {unit}{per} is above its hard ceiling "
            f"of {format_number(line)} {unit}{per}"
        )


def field_location(data: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """``('items', 3, 'dose')`` -> ``items[3] (cy-conditioning).dose`` for a person to find."""
    parts: list[str] = []
    node: Any = data
    for step in loc:
        if isinstance(step, int):
            label = f"[{step + 1}]"
            if isinstance(node, list) and step < len(node):
                node = node[step]
                if isinstance(node, dict) and "id" in node:
                    label += f" ({node['id']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + step)
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts) or "(file)"
