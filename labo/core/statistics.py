"""Statistics for the CRESS team (/statistiques/, staff only): each app registers the figures it
knows as a `Statistic` — a table whose first column names the rows — which the page draws as a
server-rendered SVG chart, shows as a table and offers as CSV. Nothing is kept: the page is
read by a few people, and each table is one grouped query or two."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from labo.registry import Registry


@dataclass(frozen=True)
class Table:
    columns: list[str]  # the first names the rows, the others are the series (numbers)
    rows: list[list] = field(default_factory=list)

    @property
    def series(self) -> list[str]:
        return self.columns[1:]

    @property
    def largest(self) -> int:
        return max((value for row in self.rows for value in row[1:]), default=0)


@dataclass(frozen=True)
class Statistic:
    name: str  # its anchor and its CSV's name
    order: int
    title: str
    definition: str  # what is counted, shown under the title
    compute: Callable[[], Table]
    # How many series the chart draws (None: all); the others, on another scale, stay in the
    # table and the CSV.
    charted: int | None = None


statistics: Registry[Statistic] = Registry("statistics")


def register_statistic(entry: Statistic) -> None:
    """From an app's `AppConfig.ready()`."""
    statistics.register(entry)


def last_months(count: int = 12, today: date | None = None) -> list[date]:
    """The first day of the last `count` months, the oldest first, this month included."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _index in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def month_label(month: date) -> str:
    return date_format(month, "M Y")


def per_month(queryset, field_name: str, months: list[date]) -> list[int]:
    """How many rows of `queryset` fall in each month (one grouped query)."""
    since = months[0]
    counts = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["count"]
        for row in queryset.filter(**{f"{field_name}__date__gte": since})
        .annotate(month=TruncMonth(field_name))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return [counts.get(month, 0) for month in months]


def monthly_table(label: str, series: dict[str, Callable[[list[date]], list[int]]]) -> Table:
    """A table of the last twelve months, one column per series."""
    months = last_months()
    columns = {name: compute(months) for name, compute in series.items()}
    return Table(
        columns=[label, *columns],
        rows=[
            [month_label(month), *(values[index] for values in columns.values())]
            for index, month in enumerate(months)
        ],
    )


# The home page's key figures: computed from the data where it exists ------------------------


@dataclass(frozen=True)
class FigureSource:
    """What a key figure of the home page may be computed from: `choices()` lists the keys an
    editor picks from (« evenement:12 » → « Présent·es à « Lancement du Labo » »), and
    `compute(key)` gives the number (None when the key no longer means anything)."""

    name: str  # the keys' prefix
    order: int
    choices: Callable[[], list[tuple[str, str]]]
    compute: Callable[[str], int | None]


figure_sources: Registry[FigureSource] = Registry("figure sources")


def register_figure_source(entry: FigureSource) -> None:
    figure_sources.register(entry)


def figure_source_choices() -> list[tuple[str, str]]:
    """For the figure block's « calculé à partir de » (read when the editor opens the form)."""
    return [choice for source in figure_sources for choice in source.choices()]


def figure_value(key: str) -> int | None:
    source = figure_sources.get(key.split(":", 1)[0])
    return source.compute(key) if source is not None else None
