"""Server-rendered SVG bar charts (components/chart.html): one group of horizontal bars per
row of a statistics table, one bar per series, the value written at the end of each bar. No
script, no library; the table under each chart carries the same figures for everyone."""

from dataclasses import dataclass

from labo.core.statistics import Table

WIDTH = 560
VALUE_ROOM = 50
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
BAR_GAP = 2
ROW_GAP = 12
LABEL_CHARACTERS = 70


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    series: int
    value: int
    value_x: int
    text_y: int


@dataclass(frozen=True)
class Label:
    x: int
    y: int
    text: str


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(table: Table, series: int | None = None) -> dict:
    """The geometry of the chart: each row's name on a line of its own, then one bar per
    series (the first `series` only, when the others are on another scale)."""
    shown = len(table.series) if series is None else series
    area = WIDTH - VALUE_ROOM
    largest = max((value or 0 for row in table.rows for value in row[1 : shown + 1]), default=0)
    largest = largest or 1
    bars, labels = [], []
    y = 0
    for row in table.rows:
        labels.append(Label(x=0, y=y + LABEL_HEIGHT - 4, text=_short(str(row[0]))))
        y += LABEL_HEIGHT
        for index, value in enumerate(row[1 : shown + 1]):
            width = round(area * (value or 0) / largest)
            bars.append(
                Bar(
                    x=0,
                    y=y,
                    width=max(width, 1 if value else 0),
                    height=BAR_HEIGHT,
                    series=index,
                    value=value or 0,
                    value_x=width + 4,
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    return {
        "width": WIDTH,
        "height": max(y, 40),
        "bars": bars,
        "labels": labels,
        "legend": table.series[:shown] if shown > 1 else [],
    }
