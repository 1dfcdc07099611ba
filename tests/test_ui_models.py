"""The window's table models, headless: rows, grouping, roles. No widget is shown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.services import compute
from dosing.models import (
    ApheresisYield,
    DailyCount,
    Patient,
    PlanInput,
    PlanOptions,
    Reduction,
)
from ui.alerts_model import AlertsModel
from ui.count_models import ApheresisModel, CountsModel
from ui.formatting import date_text
from ui.models import (
    ADJUSTED_BACKGROUND,
    ROW_ROLE,
    SORT_ROLE,
    ScheduleModel,
    schedule_rows,
)
from ui.text_wrap import WORD_JOINER
from ui.totals_model import TotalsModel

DAY0 = dt.date(2027, 4, 12)  # a Monday


def _plan(**changes: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "protocol_id": "auto-hsct-ln",
        "patient": Patient(
            age_years=35, sex="female", weight_kg=Decimal(60), height_cm=Decimal(165)
        ),
        "options": PlanOptions(day0_date=DAY0, mobilization_start_date=dt.date(2027, 3, 1)),
        "choices": {"methylprednisolone": Decimal(250), "gcsf-mobilization": Decimal(5)},
    }
    values.update(changes)
    return compute(PlanInput(**values))  # type: ignore[arg-type]


@pytest.fixture
def schedule(qapp):  # type: ignore[no-untyped-def]
    model = ScheduleModel()
    model.set_rows(schedule_rows(_plan()))
    return model


def test_date_text_names_weekday_day_month_year() -> None:
    """Dates read 'Wed 7 Apr 2027' whatever the locale."""
    assert date_text(dt.date(2027, 4, 7)) == "Wed 7 Apr 2027"
    assert date_text(None) == "date not set"


def test_schedule_groups_by_phase_and_day_with_dates(schedule: ScheduleModel) -> None:
    """Each day of each phase gets one heading with its day label and calendar date."""
    titles = [row.title for row in schedule.rows() if row.is_group]
    # day 0 is Mon 12 Apr 2027, so day −5 is 5 days earlier: Wed 7 Apr 2027.
    assert "Conditioning — day −5 · Wed 7 Apr 2027" in titles
    assert "Conditioning — day −2 · Sat 10 Apr 2027" in titles
    assert "Stem-cell reinfusion — day 0 · Mon 12 Apr 2027" in titles
    assert titles[0] == "Mobilization — mobilization day 1 · Mon 1 Mar 2027"
    assert len(titles) == len(set(titles))


def test_schedule_rows_under_a_heading_belong_to_that_day(schedule: ScheduleModel) -> None:
    """Every administration sits under the heading of its own phase and day."""
    heading = None
    for row in schedule.rows():
        if row.is_group:
            heading = row.title
        else:
            assert heading is not None
            assert heading.startswith(row.admin.phase_name)
            if row.admin.day is not None:
                assert row.admin.day_label in heading


def test_schedule_dose_column_shows_engine_display(schedule: ScheduleModel) -> None:
    """40 mg/kg × 60 kg = 2,400 mg, shown as the engine writes it, the volume to draw on the
    line beneath: 2,000 + 500 mg vials (20 mg/mL): 100 mL whole + (500 − 100) / 20 = 20 mL
    of the 500 mg vial = 120 mL; the cell says "draw 120 mL", the vials are in the tooltip."""
    rows = [r for r in schedule.rows() if r.admin and r.admin.item == "cy-conditioning"]
    assert len(rows) == 4
    for row in rows:
        index = schedule.index(schedule.rows().index(row), ScheduleModel.COL_DOSE)
        assert index.data() == "2,400 mg\ndraw 120 mL"
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith(
            "draw 120 mL: 1 × 2,000 mg/100 mL whole + 20 mL of 500 mg/25 mL — delivers 2,400 mg\n"
        )
        assert index.data(SORT_ROLE) == Decimal(2400)
        assert index.data(ROW_ROLE) is row


def test_schedule_headers_and_columns_agree(schedule: ScheduleModel) -> None:
    """One header per column, read through headerData."""
    assert schedule.columnCount() == len(ScheduleModel.headers) == 7
    assert schedule.headerData(ScheduleModel.COL_DOSE, Qt.Orientation.Horizontal) == "Dose"


def test_set_rows_resets_the_model(qtbot, schedule: ScheduleModel) -> None:  # type: ignore[no-untyped-def]
    """set_rows() happens inside one model reset."""
    with qtbot.waitSignal(schedule.modelReset):
        schedule.set_rows([])
    assert schedule.rowCount() == 0


def test_reduced_dose_is_highlighted(qapp) -> None:  # type: ignore[no-untyped-def]
    """A reduced dose reads against the protocol dose and has the adjusted background."""
    model = ScheduleModel()
    reduction = Reduction(percent=Decimal(75), reason="CrCl 35 mL/min")
    model.set_rows(schedule_rows(_plan(reductions={"cy-conditioning": reduction})))
    number = next(
        i for i, r in enumerate(model.rows()) if r.admin and r.admin.item == "cy-conditioning"
    )
    index = model.index(number, ScheduleModel.COL_DOSE)
    # 75% of 2,400 mg = 1,800 mg
    text = "1,800 mg (75% of protocol dose 2,400 mg — reason: CrCl 35 mL/min)"
    assert model.dose_text(index.data(ROW_ROLE)) == text
    # The cell breaks the same text into lines at word boundaries, the volume to draw
    # beneath it: 1,800 mg of a 2,000 mg/100 mL vial (20 mg/mL) = 90 mL.
    assert index.data().replace("\n", " ").replace(WORD_JOINER, "") == (
        f"{text} draw 90 mL of 2,000 mg/100 mL"
    )
    assert "\n" in index.data()
    # Drawn with an invisible word joiner after each '/' inside a word: Qt broke "mL/" over
    # "min)" in a narrow column.
    assert f"35 mL/{WORD_JOINER}min)" in index.data()
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == ADJUSTED_BACKGROUND


def test_choice_required_row_says_what_to_choose(qapp) -> None:  # type: ignore[no-untyped-def]
    """Without a chosen value the dose cell names the range, never a number."""
    model = ScheduleModel()
    model.set_rows(schedule_rows(_plan(choices={})))
    doses = {r.admin.item: model.dose_text(r) for r in model.rows() if r.admin}
    assert doses["methylprednisolone"] == "choose a value (80–500 mg/day)"


def test_totals_model_shows_course_totals(qapp) -> None:  # type: ignore[no-untyped-def]
    """Course total of conditioning cyclophosphamide: 4 days × 2,400 mg = 9,600 mg."""
    plan = _plan()
    model = TotalsModel()
    model.set_rows(i for i in plan.items if i.course_total is not None)
    row = next(i for i, r in enumerate(model.rows()) if r.item == "cy-conditioning")
    assert model.index(row, TotalsModel.COL_TOTAL).data() == "9,600 mg"
    assert model.index(row, TotalsModel.COL_DAYS).data() == "4 days"
    assert model.index(row, TotalsModel.COL_TOTAL).data(SORT_ROLE) == Decimal(9600)


def test_alerts_model_sorts_hard_first(qapp) -> None:  # type: ignore[no-untyped-def]
    """The sort role ranks hard before soft before info."""
    model = AlertsModel()
    model.set_rows(_plan(choices={}).alerts)
    ranks = [
        model.index(r, AlertsModel.COL_SEVERITY).data(SORT_ROLE) for r in range(model.rowCount())
    ]
    assert ranks == sorted(ranks)
    texts = [model.index(r, AlertsModel.COL_SEVERITY).data() for r in range(model.rowCount())]
    assert "Choose" in texts


def test_counts_and_apheresis_models_format_units(qapp) -> None:  # type: ignore[no-untyped-def]
    """Counts in × 10⁹/L, yields in × 10⁶ and × 10⁸ cells."""
    counts = CountsModel()
    counts.set_rows([DailyCount(date=DAY0, wbc_10e9_per_l=Decimal("0.8"))])
    assert counts.index(0, CountsModel.COL_WBC).data() == "0.8"  # the unit is in the header
    assert counts.index(0, CountsModel.COL_ANC).data() == ""
    yields = ApheresisModel()
    yields.set_rows([ApheresisYield(date=DAY0, cd34_10e6=Decimal(1500), mnc_10e8=Decimal("2.5"))])
    assert yields.index(0, ApheresisModel.COL_CD34).data() == "1,500"
    assert yields.index(0, ApheresisModel.COL_MNC).data(SORT_ROLE) == Decimal("2.5")


def test_update_rows_repaints_only_the_changed_doses(qtbot) -> None:  # type: ignore[no-untyped-def]
    """60 -> 70 kg: the cyclophosphamide dose cells change in place; no model reset."""
    model = ScheduleModel()
    model.set_rows(schedule_rows(_plan()))
    heavier = Patient(age_years=35, sex="female", weight_kg=Decimal(70), height_cm=Decimal(165))
    cells: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: cells.append((top.row(), top.column())))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    changed = model.update_rows(schedule_rows(_plan(patient=heavier)))
    assert resets == [] and changed
    rows = model.rows()
    cy = [i for i, r in enumerate(rows) if r.admin and r.admin.item == "cy-conditioning"]
    # 40 mg/kg × 70 kg = 2,800 mg, in the dose column of each of the four days.
    assert all((i, ScheduleModel.COL_DOSE) in cells for i in cy)
    assert {model.dose_text(rows[i]) for i in cy} == {"2,800 mg"}
    assert all(column != ScheduleModel.COL_DRUG for _, column in cells)  # names unchanged
    methylprednisolone = [
        i for i, r in enumerate(rows) if r.admin and r.admin.item == "methylprednisolone"
    ]
    assert not any(row in methylprednisolone for row, _ in cells)  # a fixed 250 mg dose


def test_update_rows_resets_when_the_rows_differ(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A different set of rows (another protocol) is a model reset."""
    model = ScheduleModel()
    model.set_rows(schedule_rows(_plan()))
    with qtbot.waitSignal(model.modelReset):
        model.update_rows(
            schedule_rows(_plan(choices={}, reductions={}, protocol_id="msc-adipose"))
        )
    assert all(r.admin is None or r.admin.item != "cy-conditioning" for r in model.rows())


def test_a_cell_read_before_a_weight_changes_shows_the_new_dose_after(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The model keeps what it answered, per row (and the texts a weight typed again brings
    back): after 60 -> 70 -> 60 kg every cell, read through Qt and read directly, is what a
    model given the 60 kg rows afresh shows — never the 70 kg dose kept from before.
    Cyclophosphamide 40 mg/kg: 70 kg × 40 = 2,800 mg, then 60 kg × 40 = 2,400 mg."""
    from ui.models import FONT_KEY_ROLE, MEASURE_ROLE, cell_value

    roles = [int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole), MEASURE_ROLE]
    model = ScheduleModel()
    model.set_rows(schedule_rows(_plan()))
    heavier = Patient(age_years=35, sex="female", weight_kg=Decimal(70), height_cm=Decimal(165))

    def every_cell(of: ScheduleModel) -> list[object]:
        return [
            of.index(r, c).data(role)
            for r in range(of.rowCount())
            for c in range(of.columnCount())
            for role in roles
        ]

    every_cell(model)  # every cell answered once at 60 kg, and kept
    model.update_rows(schedule_rows(_plan(patient=heavier)))
    cy = [i for i, r in enumerate(model.rows()) if r.admin and r.admin.item == "cy-conditioning"]
    dose = ScheduleModel.COL_DOSE
    assert {model.index(i, dose).data().split("\n")[0] for i in cy} == {"2,800 mg"}
    every_cell(model)
    model.update_rows(schedule_rows(_plan()))
    afresh = ScheduleModel()
    afresh.set_rows(schedule_rows(_plan()))
    assert every_cell(model) == every_cell(afresh)
    assert {cell_value(model, i, dose).split("\n")[0] for i in cy} == {"2,400 mg"}
    direct = [
        cell_value(model, r, c, role)
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in roles
    ]
    assert direct == every_cell(afresh)
    # A cell's font key is its font's: the reduced or dropped look, not a stale one.
    for r in range(model.rowCount()):
        font = afresh.index(r, dose).data(Qt.ItemDataRole.FontRole)
        assert cell_value(model, r, dose, FONT_KEY_ROLE) == (font.key() if font else "")
