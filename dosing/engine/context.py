"""The plan being computed: its inputs, the patient's per-plan numbers, and the alerts
raised so far (each acknowledged or not as it is raised)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dosing.acknowledgements import acknowledges, bound_to, raised_values
from dosing.models import Acknowledgement, Alert, PlanInput, Severity
from dosing.protocol import DosingWeightRule, Protocol


@dataclass
class Context:
    protocol: Protocol
    plan_input: PlanInput
    bsa_m2: Decimal
    ibw_kg: Decimal
    alerts: list[Alert] = field(default_factory=list)
    # The last date a mobilization dose may be given: the day before conditioning starts.
    mobilization_last_date: dt.date | None = None
    # (item, day) dropped because the item it is given with is dropped that day → its name.
    dropped_with: dict[tuple[str, int], str] = field(default_factory=dict)
    # Per plan, written once: "1.83 m² (Mosteller)" and each dosing weight with its words.
    bsa_trace: str = ""
    dosing_weights: dict[tuple[Any, ...], tuple[Decimal, DosingWeightRule, str]] = field(
        default_factory=dict
    )
    # Each acknowledgement that acknowledged an alert, bound to that alert's item and values
    # (the plan's input carries these; one bound to values no longer raised is withdrawn).
    acknowledged: dict[tuple[str, str | None], Acknowledgement] = field(default_factory=dict)

    @property
    def weight_kg(self) -> Decimal:
        return self.plan_input.patient.weight_kg

    def alert(
        self,
        severity: Severity,
        code: str,  # an AlertCode, or a protocol file's own code
        message: str,
        item: str | None = None,
        field_name: str | None = None,
        params: dict[str, str] | None = None,  # the message's facts by name (Alert.params)
    ) -> None:
        values = raised_values(message)
        acknowledgement = None
        if severity == "soft":
            for ack in self.plan_input.acknowledgements:
                if acknowledges(ack, code, item, values):
                    acknowledgement = ack.reason + (f" ({ack.by})" if ack.by else "")
                    self.acknowledged.setdefault((code, item), bound_to(ack, item, values))
                    break
        self.alerts.append(
            Alert(
                severity=severity,
                code=code,
                message=message,
                item=item,
                field=field_name,
                acknowledged=acknowledgement is not None,
                acknowledgement=acknowledgement,
                values=values,
                params=params or {},
            )
        )
