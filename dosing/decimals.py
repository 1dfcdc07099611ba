"""Decimal rounding used by every dose: halves away from zero, and no exponent form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_ONE = Decimal(1)


def round_half_up(value: Decimal, increment: Decimal) -> Decimal:
    """Round to the nearest multiple of ``increment``, halves away from zero (never Python's
    built-in rounding, which rounds half to even)."""
    steps = (value / increment).quantize(_ONE, rounding=ROUND_HALF_UP)
    return plain(steps * increment)


def plain(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent form (``2.69E+3`` -> ``2690``)."""
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return value.normalize()


HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.01")  # percentages and g/m²
RATE_PLACES = Decimal("0.1")  # mL/h, mg/kg
KG_PLACES = Decimal("0.01")  # kg, cells/kg
