"""The counts and harvest charts (issue 14): their data (points, thresholds, G-CSF days,
cumulative yields against the targets), their text equivalent, the chart in the window and
on the protocol summary sheet (read back from the PDF)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from conftest import flat, open_window, pdf_pages
from PySide6.QtCore import Qt

from app import chart_data
from app.protocols import get_protocol
from app.services import PlanMeta, compute
from app.sheets import render_pdf
from dosing.models import ApheresisYield, ComputedPlan, DailyCount
from ui.screenshot import demo_input

D = Decimal
MARCH = [dt.date(2027, 2, 28), *(dt.date(2027, 3, day) for day in range(1, 32))]  # [5]: 5 March


def mobilization_input() -> Any:
    """The demo patient (60 kg; mobilization cyclophosphamide on 1–2 March): WBC 2.4 on
    3 March, 0.8 on 5 March (below 1.0: G-CSF starts), 3.5 on 7 March; apheresis 100 + 50
    × 10⁶ CD34+ (10 and 11 March) and 50 + 80 × 10⁸ mononuclear cells."""
    return demo_input().model_copy(
        update={
            "counts": (
                DailyCount(date=MARCH[3], wbc_10e9_per_l=D("2.4"), anc_10e9_per_l=D("1.6")),
                DailyCount(date=MARCH[5], wbc_10e9_per_l=D("0.8"), anc_10e9_per_l=D("0.3")),
                DailyCount(date=MARCH[7], wbc_10e9_per_l=D("3.5")),
            ),
            "apheresis": (
                ApheresisYield(date=MARCH[10], cd34_10e6=D(100), mnc_10e8=D(50)),
                ApheresisYield(date=MARCH[11], cd34_10e6=D(50), mnc_10e8=D(80)),
            ),
        }
    )


@pytest.fixture(scope="module")
def plan() -> ComputedPlan:
    return compute(mobilization_input())


def test_thresholds_come_from_the_protocol() -> None:
    """auto-hsct-ln: mobilization G-CSF starts when WBC is below 1.0; engraftment G-CSF
    stops once ANC is above 1.0 on 2 consecutive days."""
    thresholds = chart_data.count_thresholds(get_protocol("auto-hsct-ln"))
    assert [(t.count, t.value, t.label) for t in thresholds] == [
        ("WBC", D("1.0"), "G-CSF starts: WBC less than 1 × 10⁹/L"),
        ("ANC", D("1.0"), "G-CSF stops: ANC greater than 1 × 10⁹/L on 2 consecutive days"),
    ]
    assert chart_data.count_thresholds(get_protocol("msc-adipose")) == ()
    assert chart_data.count_thresholds(None) == ()


def test_counts_points_and_gcsf_days(plan: ComputedPlan) -> None:
    """One point a day from the first count (3 March) to the last G-CSF day that runs on
    from the counts: G-CSF daily from 5 March (WBC 0.8 < 1.0, and more than 24 h after
    cyclophosphamide on 2 March) until the collection that passes the CD34+ target
    (11 March: 100 + 50 = 150 > 2 × 10⁶/kg × 60 kg = 120). The engraftment G-CSF on
    13 April belongs to another episode and stays off the span."""
    chart = chart_data.counts_chart(
        plan, chart_data.count_thresholds(get_protocol(plan.protocol_id))
    )
    assert chart is not None
    assert [p.date for p in chart.points] == MARCH[3:12]
    assert chart.gcsf_days == tuple(MARCH[5:12])
    by_day = {p.date.day: (p.wbc, p.anc, p.gcsf) for p in chart.points}
    assert by_day[3] == (D("2.4"), D("1.6"), False)
    assert by_day[4] == (None, None, False)
    assert by_day[5] == (D("0.8"), D("0.3"), True)
    assert by_day[7] == (D("3.5"), None, True)
    # Highest value 3.5 → the axis runs to 5, in steps of 1.
    assert (chart.y_max, chart.y_ticks) == (D(5), (D(0), D(1), D(2), D(3), D(4), D(5)))
    assert [t.value for t in chart.thresholds] == [D("1.0"), D("1.0")]


def test_no_counts_no_chart() -> None:
    assert chart_data.counts_chart(compute(demo_input()), ()) is None
    assert chart_data.harvest_chart(compute(demo_input())) is None


def test_harvest_is_cumulative_against_the_targets(plan: ComputedPlan) -> None:
    """CD34+ 100 then 100 + 50 = 150 (× 10⁶) against 2 × 60 = 120; MNC 50 then 50 + 80 = 130
    (× 10⁸) against 120; both axes run to 200 (the round number above 150 and 130)."""
    chart = chart_data.harvest_chart(plan)
    assert chart is not None
    assert [(p.date, p.cd34_10e6, p.mnc_10e8) for p in chart.points] == [
        (MARCH[10], D(100), D(50)),
        (MARCH[11], D(150), D(130)),
    ]
    assert (chart.cd34_target_10e6, chart.mnc_target_10e8) == (D(120), D(120))
    assert (chart.cd34_max, chart.mnc_max) == (D(200), D(200))


@pytest.mark.parametrize(
    ("value", "top"),
    [
        ("0.8", "1"),
        ("1", "1"),
        ("1.1", "2"),
        ("2.2", "2.5"),
        ("3.5", "5"),
        ("11", "20"),
        ("150", "200"),
        ("0", "1"),
    ],
)
def test_axis_tops_are_round_numbers(value: str, top: str) -> None:
    assert chart_data.nice_ceiling(D(value)) == D(top)


def test_text_equivalent(plan: ComputedPlan) -> None:
    chart = chart_data.counts_chart(
        plan, chart_data.count_thresholds(get_protocol(plan.protocol_id))
    )
    assert chart is not None
    assert chart_data.counts_text(chart).splitlines() == [
        "WBC and ANC, × 10⁹/L, by day; shaded: G-CSF given.",
        "G-CSF starts: WBC less than 1 × 10⁹/L.",
        "G-CSF stops: ANC greater than 1 × 10⁹/L on 2 consecutive days.",
        "G-CSF given: 5 Mar – 11 Mar.",
        "3 Mar: WBC 2.4, ANC 1.6",
        "5 Mar: WBC 0.8, ANC 0.3 (G-CSF)",
        "7 Mar: WBC 3.5, ANC not measured (G-CSF)",
    ]
    harvest = chart_data.harvest_chart(plan)
    assert harvest is not None
    assert chart_data.harvest_text(harvest).splitlines()[1:] == [
        "10 Mar: CD34+ 100, MNC 50",
        "11 Mar: CD34+ 150, MNC 130",
    ]


# ---------------------------------------------------------------- in the window


def test_the_window_charts_the_plan_on_screen(qtbot: Any, isolated_qsettings: Any) -> None:
    """Loaded plan → the Charts tab holds its data and says it in words; an invalid weight
    (no plan) clears them."""
    from PySide6.QtCore import Qt

    window = open_window(qtbot, user="tester", today=lambda: MARCH[1])
    window.load_input(mobilization_input())
    charts = window.counts_panel.charts
    window.counts_panel.tabs.setCurrentWidget(charts)
    chart = charts.counts_chart.chart
    assert chart is not None and chart.gcsf_days == tuple(MARCH[5:12])
    assert "5 Mar: WBC 0.8, ANC 0.3 (G-CSF)" in charts.counts_chart.accessibleDescription()
    assert "11 Mar: CD34+ 150, MNC 130" in charts.harvest_chart.accessibleDescription()
    assert charts.counts_chart.toolTip() == charts.counts_chart.accessibleDescription()
    charts.grab()  # paints without error at its real size
    edit = window.patient_panel.weight.edit
    edit.selectAll()
    qtbot.keyClicks(edit, "abc")
    assert window.current_plan() is None
    assert charts.counts_chart.chart is None
    assert charts.harvest_chart.chart is None
    edit.selectAll()
    qtbot.keyClicks(edit, "60")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert charts.counts_chart.chart == chart


# ---------------------------------------------------------------- on the sheet


def _meta() -> PlanMeta:
    return PlanMeta(status="draft", printed_at=dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC))


def test_summary_sheet_draws_the_charts(plan: ComputedPlan) -> None:
    """The protocol summary carries both charts, with their axis labels and thresholds as
    text (reportlab's own graphics: the words are in the PDF)."""
    text = flat(" ".join(pdf_pages(render_pdf(plan, ["summary"], _meta()))))
    assert "Blood counts and G-CSF days" in text
    assert "WBC and ANC (× 10⁹/L)" in text
    assert "threshold 1 × 10⁹/L" in text
    assert "G-CSF given" in text
    assert "3 Mar" in text and "11 Mar" in text
    assert "Cumulative harvest" in text
    assert "CD34+ × 10⁶ (target 120)" in text
    assert "MNC × 10⁸ (target 120)" in text


def test_summary_sheet_without_counts_has_no_chart() -> None:
    text = flat(" ".join(pdf_pages(render_pdf(compute(demo_input()), ["summary"], _meta()))))
    assert "Blood counts and G-CSF days" not in text


# ---------------------------------------------------------------- the counts tables


def test_counts_tables_keep_each_unit_whole(qtbot: Any, isolated_qsettings: Any) -> None:
    """At 1280 × 800 the counts and yields tables (in the right-hand pane's fixed width) show
    every cell on one line, nothing elided, and "× 10⁹/L" whole in its header: the table
    used to wrap "2.4 ×" / "10⁹/L" and cut the date to "Wed 3 Mar …"."""
    window = open_window(qtbot, user="tester", today=lambda: MARCH[1])
    window.resize(1280, 800)
    window.load_input(mobilization_input())
    panel = window.counts_panel
    for tab, view in ((0, panel.counts_view), (1, panel.apheresis_view)):
        panel.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(view.isVisible)
        model, metrics = view.model(), view.fontMetrics()
        for column in range(model.columnCount()):
            width = view.columnWidth(column)
            header = model.headerData(column, Qt.Orientation.Horizontal)
            assert "×" not in header.splitlines()[0]  # the unit on a line of its own, whole
            for words in header.splitlines():
                assert metrics.horizontalAdvance(words) + 6 <= width, (words, width)
            for row in range(model.rowCount()):
                text = model.index(row, column).data()
                assert "\n" not in text and "×" not in text, text  # the unit is in the header
                # Qt draws a cell's text 3 px in from each side (focus-frame margin + 1)
                assert metrics.horizontalAdvance(text) + 6 <= width, (text, width)
    bar = panel.tabs.tabBar()  # Counts, Yields, Charts: all in sight, no scroll arrows
    shown = panel.tabs.width()
    assert [bar.tabRect(i).right() < shown for i in range(bar.count())] == [True] * 3, (
        [bar.tabRect(i) for i in range(3)],
        shown,
    )
    assert panel.counts_model.headerData(1, Qt.Orientation.Horizontal) == "WBC\n× 10⁹/L"
    assert panel.counts_model.index(0, 1).data() == "2.4"
    assert panel.counts_model.index(0, 0).data() == "Wed 3 Mar"
