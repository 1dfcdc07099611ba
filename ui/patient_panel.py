"""The patient: who, and the measurements every dose depends on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.text_support import check_printable
from dosing import validation as check
from dosing.display import format_number
from dosing.errors import InputError, MissingInput
from ui.fields import (
    IN_TO_CM,
    LB_TO_KG,
    OptionalDateEdit,
    UnitField,
    cm_to_in,
    decimal_text,
    in_to_cm,
    kg_to_lb,
    lb_to_kg,
)
from ui.i18n import translate
from ui.number_box import NumberBox

if TYPE_CHECKING:
    from dosing.models import Patient

UMOL_PER_MG_DL = Decimal("88.4")
CREATININE_UNITS = {"mg/dL": "mg/dL", "µmol/L": "umol/L"}


def _weight_to_kg(value: Decimal, unit: str) -> Decimal:
    return lb_to_kg(value) if unit == "lb" else value


def _weight_from_kg(value: Decimal, unit: str) -> Decimal:
    return kg_to_lb(value) if unit == "lb" else value


def _explain_weight(value: Decimal, unit: str) -> str:
    if unit != "lb":
        return f"= {format_number(kg_to_lb(value))} lb"
    return f"{format_number(value)} lb × {LB_TO_KG} kg/lb = {format_number(lb_to_kg(value))} kg"


def _height_to_cm(value: Decimal, unit: str) -> Decimal:
    return in_to_cm(value) if unit == "in" else value


def _height_from_cm(value: Decimal, unit: str) -> Decimal:
    return cm_to_in(value) if unit == "in" else value


def _explain_height(value: Decimal, unit: str) -> str:
    if unit != "in":
        return f"= {format_number(cm_to_in(value))} in"
    return f"{format_number(value)} in × {IN_TO_CM} cm/in = {format_number(in_to_cm(value))} cm"


def _creatinine_same(value: Decimal, unit: str) -> Decimal:
    # The engine takes either unit; the field keeps what was typed and only explains it.
    return value


def _explain_creatinine(value: Decimal, unit: str) -> str:
    if unit == "mg/dL":
        return f"= {format_number((value * UMOL_PER_MG_DL).quantize(Decimal('0.1')))} µmol/L"
    return f"= {format_number((value / UMOL_PER_MG_DL).quantize(Decimal('0.01')))} mg/dL"


def _out_of_range_converted(
    field: UnitField, value: Decimal, bounds: tuple[Decimal, Decimal], base_unit: str
) -> InputError:
    """Refuse a value typed in lb or in with both units in the message (a hint to switch
    to the unit already chosen would mislead)."""
    unit = field.unit.currentText()
    typed = field.edit.text().strip()
    low, high = (field.from_base(b, unit) for b in bounds)
    return InputError(
        field.field,
        translate(
            "PatientPanel",
            "{typed} {unit} (= {value} {base_unit}) is outside the accepted range "
            "{low}–{high} {base_unit} ({low_typed}–{high_typed} {unit})",
        ).format(
            typed=typed,
            unit=unit,
            value=format_number(value),
            base_unit=base_unit,
            low=format_number(bounds[0]),
            high=format_number(bounds[1]),
            low_typed=format_number(low),
            high_typed=format_number(high),
        ),
    )


def age_on(birth: dt.date, today: dt.date) -> int:
    """Completed years of age on ``today``."""
    before_birthday = (today.month, today.day) < (birth.month, birth.day)
    return today.year - birth.year - (1 if before_birthday else 0)


@dataclass(frozen=True)
class PanelField:
    """One field of the patient panel."""

    field: str  # the name an InputError gives it ("weight"): which widget to mark
    label: str  # the form label, with its Alt mnemonic
    accessible: str  # what a screen reader says
    row: QWidget | QHBoxLayout | None  # what the form shows (None: inside another row)
    tab: tuple[QWidget, ...]  # in tab order; the first takes the label, the mark and focus


def _changed_signal(widget: QWidget) -> SignalInstance:
    if isinstance(widget, OptionalDateEdit):
        return widget.dateChanged
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    raise TypeError(f"no change signal for {type(widget).__name__}")


def _reset(widget: QWidget) -> None:
    """A field as for a patient not yet entered."""
    if isinstance(widget, UnitField):
        widget.set_base_value(None)
    elif isinstance(widget, OptionalDateEdit):
        widget.set_value(None)
    elif isinstance(widget, QLineEdit):
        widget.clear()
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(0)


class PatientPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Patient"), parent)
        self.setObjectName("patientPanel")
        self.name_edit = QLineEdit()
        self.mrn_edit = QLineEdit()
        self.dob_edit = OptionalDateEdit(field="date of birth")
        # Read as typed (a spin box cut a typed 150 to 15); the arrows step within 0–120.
        low, high = check.AGE_YEARS
        self.age_box = NumberBox(
            lambda: self.tr("years"), Decimal(1), (Decimal(low), Decimal(high))
        )
        self.age_box.setPlaceholderText(self.tr("not set"))
        self.sex_combo = QComboBox()
        self.sex_combo.addItem(self.tr("choose…"), None)
        self.sex_combo.addItem(self.tr("female"), "female")
        self.sex_combo.addItem(self.tr("male"), "male")
        self.weight = UnitField(
            "weight", ("kg", "lb"), _weight_to_kg, _weight_from_kg, _explain_weight,
            lambda kg: check.WEIGHT_KG[0] <= kg <= check.WEIGHT_KG[1],
        )  # fmt: skip
        self.height = UnitField(
            "height", ("cm", "in"), _height_to_cm, _height_from_cm, _explain_height,
            lambda cm: check.HEIGHT_CM[0] <= cm <= check.HEIGHT_CM[1],
        )  # fmt: skip
        self.weigh_date_edit = OptionalDateEdit(field="weigh date")
        self.creatinine = UnitField(
            "creatinine",
            tuple(CREATININE_UNITS),
            _creatinine_same,
            _creatinine_same,
            _explain_creatinine,
        )
        self.creatinine.edit.setPlaceholderText(self.tr("optional"))
        self.prior_cy_edit = QLineEdit()
        self.prior_cy_edit.setPlaceholderText("0")
        self.fields = self._field_table()
        self._build_form()
        for entry in self.fields:
            # A number with its unit says "changed" once, after converting between units.
            if isinstance(entry.row, UnitField):
                entry.row.changed.connect(self.changed)
            else:
                for widget in entry.tab:
                    _changed_signal(widget).connect(self.changed)
        self.dob_edit.dateChanged.connect(self._dob_changed)

    def _field_table(self) -> list[PanelField]:
        """Every field of the panel, once: the form, the marking of a refused field, the tab
        order, the change signal and File → New read this table (a new field is a row here,
        its widget above, and its reading in ``read``/``load``)."""
        age_row = QHBoxLayout()
        age_row.addWidget(self.dob_edit, 1)
        age_row.addWidget(QLabel(self.tr("age")))
        age_row.addWidget(self.age_box)
        prior_row = QHBoxLayout()
        prior_row.addWidget(self.prior_cy_edit, 1)
        prior_row.addWidget(QLabel("mg"))
        weight, height, creatinine = self.weight, self.height, self.creatinine
        return [
            PanelField(
                "name", self.tr("&Name"), self.tr("patient name"), self.name_edit, (self.name_edit,)
            ),
            PanelField(
                "MRN",
                self.tr("&MRN"),
                self.tr("medical record number"),
                self.mrn_edit,
                (self.mrn_edit,),
            ),
            PanelField(
                "date of birth",
                self.tr("Date of &birth"),
                self.tr("date of birth"),
                age_row,
                (self.dob_edit,),
            ),
            PanelField("age", "", self.tr("age in years"), None, (self.age_box,)),
            PanelField("sex", self.tr("&Sex"), self.tr("sex"), self.sex_combo, (self.sex_combo,)),
            PanelField(
                "weight", self.tr("&Weight"), self.tr("weight"), weight, (weight.edit, weight.unit)
            ),
            PanelField(
                "height", self.tr("He&ight"), self.tr("height"), height, (height.edit, height.unit)
            ),
            PanelField(
                "weigh date",
                self.tr("Wei&gh date"),
                self.tr("weigh date"),
                self.weigh_date_edit,
                (self.weigh_date_edit,),
            ),
            PanelField(
                "creatinine",
                self.tr("&Creatinine"),
                self.tr("serum creatinine"),
                creatinine,
                (creatinine.edit, creatinine.unit),
            ),
            PanelField(
                "prior cyclophosphamide",
                self.tr("Prior c&yclophosphamide"),
                self.tr("prior cumulative cyclophosphamide in mg"),
                prior_row,
                (self.prior_cy_edit,),
            ),
        ]

    def _build_form(self) -> None:
        form = QFormLayout(self)
        for entry in self.fields:
            entry.tab[0].setAccessibleName(entry.accessible)
            if entry.row is None:  # shown inside another field's row
                continue
            label = QLabel(entry.label)
            label.setBuddy(entry.tab[0])
            form.addRow(label, entry.row)

    def tab_chain(self) -> list[QWidget]:
        return [widget for entry in self.fields for widget in entry.tab]

    def _dob_changed(self) -> None:
        self.age_box.setEnabled(self.dob_edit.value() is None)

    def field_widgets(self) -> dict[str, QWidget]:
        """Engine field names -> the widget to mark when that field is refused."""
        return {entry.field: entry.tab[0] for entry in self.fields}

    def read(self, today: dt.date, errors: list[InputError]) -> dict[str, Any]:
        """The ``Patient`` fields, each checked; a refusal is added to ``errors``."""
        values: dict[str, Any] = {
            "name": self.name_edit.text().strip(),
            "mrn": self.mrn_edit.text().strip(),
        }
        for field, key in (("name", "name"), ("MRN", "mrn")):
            try:
                check_printable(field, values[key])
            except InputError as exc:
                errors.append(exc)
        # A date typed and refused keeps the field's old date: the refusal stops the plan.
        for edit in (self.dob_edit, self.weigh_date_edit):
            if edit.typing_error is not None:
                errors.append(edit.typing_error)
        birth = self.dob_edit.value()
        values["date_of_birth"] = birth
        try:
            if birth is not None:
                if birth > today:
                    raise InputError("date of birth", self.tr("is in the future"))
                age = age_on(birth, today)
                self.age_box.blockSignals(True)
                self.age_box.set_number(Decimal(age))  # unchanged, it is not set again
                self.age_box.blockSignals(False)
            elif not self.age_box.text().strip():
                raise MissingInput(
                    "date of birth",
                    self.tr("pick the date of birth (or type the age in years)"),
                )
            else:
                age = check.read_age_years(self.age_box.text())
            values["age_years"] = check.check_age_years(age)
        except InputError as exc:
            errors.append(exc)
        sex = self.sex_combo.currentData()
        if sex is None:
            errors.append(MissingInput("sex", self.tr("choose female or male")))
        values["sex"] = sex
        for key, field, checker, bounds, base_unit in (
            ("weight_kg", self.weight, check.check_weight_kg, check.WEIGHT_KG, "kg"),
            ("height_cm", self.height, check.check_height_cm, check.HEIGHT_CM, "cm"),
        ):
            try:
                try:
                    value = field.base_value()
                except InputError as refused:  # not a number: say the range too, as the CLI
                    raise check.with_range(refused, bounds, base_unit) from None
                if value is None:
                    raise MissingInput(
                        field.field,
                        self.tr("enter a number in {unit} (or choose the other unit)").format(
                            unit=base_unit
                        ),
                    )
                if field.unit.currentText() != base_unit and not bounds[0] <= value <= bounds[1]:
                    raise _out_of_range_converted(field, value, bounds, base_unit)
                values[key] = checker(value)
            except InputError as exc:
                errors.append(exc)
        weigh_date = self.weigh_date_edit.value()
        if weigh_date is not None and weigh_date > today:
            errors.append(InputError("weigh date", self.tr("is in the future")))
        values["weigh_date"] = weigh_date
        try:
            unit = CREATININE_UNITS[self.creatinine.unit.currentText()]
            bounds = check.CREATININE_MG_DL if unit == "mg/dL" else check.CREATININE_UMOL_L
            try:
                creatinine = self.creatinine.base_value()
            except InputError as refused:
                unit_typed = self.creatinine.unit.currentText()
                raise check.with_range(refused, bounds, unit_typed) from None
            if creatinine is not None:
                check.check_range(
                    creatinine, "creatinine", bounds, self.creatinine.unit.currentText()
                )
                values["serum_creatinine"] = {"value": creatinine, "unit": unit}
        except InputError as exc:
            errors.append(exc)
        try:
            text = self.prior_cy_edit.text().strip()
            name = "prior cyclophosphamide"
            bounds = check.PRIOR_CYCLOPHOSPHAMIDE_MG
            prior = check.read_in_range(text, name, "mg", bounds) if text else Decimal(0)
            values["prior_cyclophosphamide_mg"] = check.check_range(
                prior, "prior cyclophosphamide", check.PRIOR_CYCLOPHOSPHAMIDE_MG, "mg"
            )
        except InputError as exc:
            errors.append(exc)
        return values

    def clear(self) -> None:
        """Empty every field, as for a patient not yet entered."""
        for entry in self.fields:
            _reset(entry.row if isinstance(entry.row, UnitField) else entry.tab[0])

    def load(self, patient: Patient) -> None:
        """Fill every field from a saved patient (weights in kg, heights in cm)."""
        self.name_edit.setText(patient.name)
        self.mrn_edit.setText(patient.mrn)
        self.dob_edit.set_value(patient.date_of_birth)
        self.age_box.set_number(Decimal(patient.age_years))
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(patient.sex.value)))
        self.weight.set_base_value(patient.weight_kg, "kg")
        self.height.set_base_value(patient.height_cm, "cm")
        self.weigh_date_edit.set_value(patient.weigh_date)
        creatinine = patient.serum_creatinine
        if creatinine is None:
            self.creatinine.set_base_value(None)
        else:
            label = "mg/dL" if creatinine.unit.value == "mg/dL" else "µmol/L"
            self.creatinine.set_base_value(creatinine.value, label)
        prior = patient.prior_cyclophosphamide_mg
        self.prior_cy_edit.setText("" if prior == 0 else decimal_text(prior))
