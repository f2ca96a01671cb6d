"""The geometry of a report table's chart, drawn in SVG by the page (templates/reports/) and
as a picture by the exports (labo.reports.exports.pictures): horizontal bars (the base's bar
chart), columns per month, a funnel of stages, or the map of Occitanie shaded by département."""

from math import ceil

from labo.core.charts import bar_chart
from labo.core.statistics import Table
from labo.geography import departement_outlines, map_shade
from labo.reports.sections import BARS, COLUMNS, FUNNEL, MAP, ReportTable

FUNNEL_WIDTH, FUNNEL_LABEL, FUNNEL_ROW, FUNNEL_BAR = 640, 230, 30, 22
FUNNEL_LABEL_CHARACTERS = 32
COLUMNS_WIDTH, COLUMNS_TOP, COLUMNS_PLOT, COLUMNS_AXIS = 480, 16, 140, 32
COLUMNS_SHOWN_MONTHS = 12  # beyond, one month label in every few, so they never overlap
COLUMNS_VALUE_ROOM = 30  # narrower slots leave the values to the table


def _value(cell) -> int:
    return cell if isinstance(cell, int | float) else 0


def funnel_chart(table: ReportTable) -> dict:
    """One bar per stage, its width the share of the largest, the value after it."""
    top = max((_value(row[1]) for row in table.rows), default=0) or 1
    room = FUNNEL_WIDTH - FUNNEL_LABEL - 40
    bars = []
    for index, row in enumerate(table.rows):
        value = _value(row[1])
        width = round(room * value / top)
        label = str(row[0])
        if len(label) > FUNNEL_LABEL_CHARACTERS:
            label = label[: FUNNEL_LABEL_CHARACTERS - 1] + "…"
        bars.append(
            {
                "label": label,
                "value": value,
                "y": index * FUNNEL_ROW + 4,
                "width": max(width, 2 if value else 0),
                "text_y": index * FUNNEL_ROW + 19,
                "value_x": FUNNEL_LABEL + width + 6,
            }
        )
    return {
        "width": FUNNEL_WIDTH,
        "height": max(len(bars) * FUNNEL_ROW, FUNNEL_ROW),
        "label_width": FUNNEL_LABEL,
        "bar_height": FUNNEL_BAR,
        "bars": bars,
    }


def columns_chart(table: ReportTable) -> dict:
    """One slot per month, left to right, a column per series (this period, then the same
    month of the previous one); the month under its slot, the year under its first month."""
    shown = table.charted or len(table.series)
    values = [[_value(cell) for cell in row[1 : shown + 1]] for row in table.rows]
    top = max((value for row in values for value in row), default=0) or 1
    slot = COLUMNS_WIDTH / len(values)
    gap = slot * 0.25
    column = (slot - gap) / shown
    every = ceil(len(values) / COLUMNS_SHOWN_MONTHS)
    baseline = COLUMNS_TOP + COLUMNS_PLOT
    bars, labels, year = [], [], ""
    for index, row in enumerate(values):
        left = index * slot + gap / 2
        for series, value in enumerate(row):
            height = round(COLUMNS_PLOT * value / top, 1)
            height = max(height, 1 if value else 0)
            bars.append(
                {
                    "x": round(left + series * column, 1),
                    "y": round(baseline - height, 1),
                    "width": round(column - 1, 1),
                    "height": height,
                    "series": series,
                    "value": value,
                    # This period's value over its column; the earlier one is in the table.
                    "labelled": bool(value) and series == 0 and slot >= COLUMNS_VALUE_ROOM,
                    "text_x": round(left + series * column + (column - 1) / 2, 1),
                    "text_y": round(baseline - height - 3, 1),
                }
            )
        month, _space, month_year = table.keys[index].rpartition(" ")
        centre = round(index * slot + slot / 2, 1)
        if index % every == 0:
            labels.append({"x": centre, "y": baseline + 13, "text": month})
        if month_year != year:
            labels.append({"x": centre, "y": baseline + 27, "text": month_year})
            year = month_year
    return {
        "width": COLUMNS_WIDTH,
        "height": baseline + COLUMNS_AXIS,
        "baseline": baseline,
        "bars": bars,
        "labels": labels,
        "legend": table.series[:shown] if shown > 1 else [],
    }


def map_chart(table: ReportTable) -> dict:
    """Each département's outline, shaded by the table's first series."""
    outlines = departement_outlines()
    counts = {key: _value(row[1]) for key, row in zip(table.keys, table.rows, strict=True) if key}
    top = max(counts.values(), default=0) or 1
    labels = {key: str(row[0]) for key, row in zip(table.keys, table.rows, strict=True)}
    return {
        "view_box": outlines["viewBox"],
        "departements": [
            {
                "code": code,
                "label": labels.get(code, code),
                "path": path,
                "count": counts.get(code, 0),
                "shade": map_shade(counts.get(code, 0), top),
            }
            for code, path in sorted(outlines["departements"].items())
        ],
    }


def chart_of(table: ReportTable) -> dict | None:
    """{"kind": …, …geometry} for a table that is drawn, else None."""
    if not table.rows:
        return None
    if table.chart == BARS:
        rows = [[row[0], *(_value(cell) for cell in row[1:])] for row in table.rows]
        return {"kind": BARS, **bar_chart(Table(table.columns, rows), table.charted)}
    if table.chart == COLUMNS:
        return {"kind": COLUMNS, **columns_chart(table)}
    if table.chart == FUNNEL:
        return {"kind": FUNNEL, **funnel_chart(table)}
    if table.chart == MAP:
        return {"kind": MAP, **map_chart(table)}
    return None
