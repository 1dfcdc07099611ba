"""An acknowledgement is for one alert as it was raised, not for its code.

A pharmacist who acknowledges "BMI 43.6 kg/m² is outside 17–35" at 126 kg has judged that
BMI, not whatever BMI the patient has later: once the weight becomes 160 kg the alert says
55.4 and must be judged again. So an acknowledgement records the values that raised the
alert — the numbers its message shows (a BMI, a weight, a date, a percentage) — and it
acknowledges only an alert with the same code, item and values. An acknowledgement typed
with the inputs it answers (the command line's ``--acknowledge``) has no values yet: the
engine binds it to the alert it acknowledges, and the plan it returns carries the bound one,
which is what the window keeps and the store saves.

The numbers rather than the whole message: a reworded message in a later txdose is the
same alert; a changed number is not.
"""

from __future__ import annotations

import re

from dosing.models import Acknowledgement

# A number as a message prints it: "43.6", "2,400", "+27%" (the sign), the parts of a date.
_NUMBER = re.compile(r"[+\-−]?[0-9]+(?:[.,][0-9]+)*")


def raised_values(message: str) -> tuple[str, ...]:
    """The numbers an alert's message shows, in order: what an acknowledgement is bound to."""
    return tuple(_NUMBER.findall(message))


def acknowledges(
    ack: Acknowledgement, code: str, item: str | None, values: tuple[str, ...]
) -> bool:
    """Whether ``ack`` acknowledges the alert ``code`` on ``item`` raised with ``values``."""
    if ack.code != code or ack.item not in (None, item):
        return False
    return ack.values is None or ack.values == values


def bound_to(ack: Acknowledgement, item: str | None, values: tuple[str, ...]) -> Acknowledgement:
    """``ack`` as it applies to one alert: that alert's item and the values that raised it."""
    return ack.model_copy(update={"item": item, "values": values})


def carried_over(
    given: tuple[Acknowledgement, ...], before: tuple[Acknowledgement, ...]
) -> tuple[Acknowledgement, ...]:
    """``given`` with each unbound acknowledgement that repeats a saved one (same code, item,
    reason and signer) taken as that saved one, values and all.

    An edit built from a saved plan's input keeps its acknowledgements; written without
    their values they would bind afresh to whatever the edit raises — a BMI acknowledged at
    126 kg silently covering 160 kg. Repeated, they stay bound to what was acknowledged.
    """
    carried: list[Acknowledgement] = []
    for ack in given:
        same = [
            saved
            for saved in before
            if ack.values is None
            and saved.values is not None
            and (saved.code, saved.reason, saved.by) == (ack.code, ack.reason, ack.by)
            # A bound acknowledgement names the item of the alert it answered.
            and ack.item in (None, saved.item)
        ]
        for kept in same or [ack]:
            if kept not in carried:
                carried.append(kept)
    return tuple(carried)
