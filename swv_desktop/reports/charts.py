"""Small ReportLab charts for the evaluation reports: horizontal bars with Dutch labels.

Values arrive as integers (counts or cents); the axis is formatted in Dutch (``€ 10.000``).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.shapes import String
from reportlab.lib import colors
from reportlab.lib.units import mm

from swv_desktop.formatting import money_whole
from swv_desktop.reports.styles import ACCENT
from swv_desktop.reports.styles import FONT
from swv_desktop.reports.styles import FONT_BOLD
from swv_desktop.reports.styles import GREY
from swv_desktop.reports.styles import register_fonts

SERIES_COLOURS = [ACCENT, colors.HexColor("#E39B2D"), colors.HexColor("#6C9A5B")]
BAR_HEIGHT_MM = 5.0
LABEL_WIDTH_MM = 55.0


def euro_axis(cents: float) -> str:
    """Axis label for an amount in cents: ``€ 10.000``."""
    return money_whole(cents)


def money_label(cents: float) -> str:
    """A value on a bar: ``€ 12.500``, whole euros (the tables hold the cents)."""
    return euro_axis(cents)


def count_axis(value: float) -> str:
    """Axis label for a count: whole numbers only."""
    return str(int(value)) if float(value).is_integer() else ""


LABEL_LINE_CHARS = 30
TOP_N = 10
REST_LABEL = "overige"


def _wrapped_label(label: str) -> str:
    """A category label on at most two lines of about 30 characters, so long school names are
    not cut off; only a name longer than two lines ends in "…" (the table shows it whole)."""
    words, lines, current = label.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) > LABEL_LINE_CHARS and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    if len(lines) > 2:
        second = " ".join(lines[1:])
        lines = [lines[0], second[: LABEL_LINE_CHARS - 1] + "…"]
    return "\n".join(lines)


def top_with_rest(
    labels: Sequence[str], values: Sequence[int], n: int = TOP_N
) -> tuple[list[str], list[int]]:
    """The ``n`` largest values with their labels, and the rest summed as "overige (k)"."""
    pairs = sorted(zip(labels, values, strict=True), key=lambda p: (-p[1], p[0]))
    if len(pairs) <= n + 1:
        return [p[0] for p in pairs], [p[1] for p in pairs]
    top, rest = pairs[:n], pairs[n:]
    return (
        [p[0] for p in top] + [f"{REST_LABEL} ({len(rest)})"],
        [p[1] for p in top] + [sum(p[1] for p in rest)],
    )


MAX_HEIGHT_MM = 200.0
"""A chart is never taller than this, so it always fits in the body of a page."""


def _fit_on_page(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """At most as many label groups as fit in ``MAX_HEIGHT_MM``: the largest are kept (in their
    order) and the rest is added up in one last group ``Overige (n)``, so the totals stay right."""
    per_row = max(1, len(series)) * BAR_HEIGHT_MM + 2.5
    fits = max(2, int((MAX_HEIGHT_MM - 22) // per_row))
    labels = list(labels)
    values = [(name, [int(v) for v in vals]) for name, vals in series]
    if len(labels) <= fits:
        return labels, values
    size = [sum(vals[i] for _n, vals in values) for i in range(len(labels))]
    largest = sorted(range(len(labels)), key=lambda i: (-size[i], i))[: fits - 1]
    keep = sorted(largest)
    rest = [i for i in range(len(labels)) if i not in set(keep)]
    return (
        [*(labels[i] for i in keep), f"Overige ({len(rest)})"],
        [(name, [*(vals[i] for i in keep), sum(vals[i] for i in rest)]) for name, vals in values],
    )


def hbar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    width_mm: float = 160.0,
    money: bool = False,
) -> Drawing:
    """A horizontal bar chart: one group of bars per label, one bar per series, with a legend."""
    register_fonts()
    labels, series = _fit_on_page(labels, series)
    rows = max(1, len(labels))
    two_line = any("\n" in _wrapped_label(lab) for lab in labels)
    group_gap = 4.5 if two_line else 2.5
    plot_height = rows * len(series) * BAR_HEIGHT_MM + rows * group_gap
    legend_height = 8.0 if len(series) > 1 else 0.0
    height = plot_height + 14 + legend_height
    drawing = Drawing(width_mm * mm, height * mm)
    drawing.add(
        String(0, (height - 4) * mm, title, fontName=FONT_BOLD, fontSize=8.5, fillColor=ACCENT)
    )
    chart: Any = HorizontalBarChart()  # the stubs type its geometry as int; it takes floats
    chart.x = LABEL_WIDTH_MM * mm
    chart.y = (8 + legend_height) * mm
    chart.width = (width_mm - LABEL_WIDTH_MM - 6) * mm
    chart.height = plot_height * mm
    # reversed, so the first label is on top
    chart.data = [list(reversed([int(v) for v in values])) or [0] for _name, values in series]
    chart.categoryAxis.categoryNames = list(reversed([_wrapped_label(lab) for lab in labels])) or [
        ""
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -2
    chart.categoryAxis.strokeColor = GREY
    chart.valueAxis.valueMin = 0
    top = max([int(v) for _n, values in series for v in values] or [0])
    # room to the right of the longest bar for its value label
    chart.valueAxis.valueMax = max(top * 1.3, 10000 if money else 4)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    formatter: Callable[[float], str] = euro_axis if money else count_axis
    chart.valueAxis.labelTextFormat = formatter
    chart.valueAxis.strokeColor = GREY
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E0E0E0")
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.barSpacing = 0.5
    chart.groupSpacing = group_gap * mm
    chart.barLabelFormat = (lambda v: money_label(v)) if money else (lambda v: str(int(v)))
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.barLabels.fillColor = GREY
    for index in range(len(series)):
        chart.bars[index].fillColor = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        legend: Any = Legend()  # as the chart: float geometry
        legend.x = LABEL_WIDTH_MM * mm
        legend.y = 4 * mm
        legend.fontName = FONT
        legend.fontSize = 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 45 * mm
        legend.boxAnchor = "sw"
        legend.colorNamePairs = [
            (SERIES_COLOURS[i % len(SERIES_COLOURS)], name) for i, (name, _v) in enumerate(series)
        ]
        drawing.add(legend)
    return drawing
