"""What a report is made of. Each app registers a `ReportSection` whose `build(period)` counts
what the app knows for that period and the one before: `Figure`s (a number with its
definition and the previous period's), `ReportTable`s (drawn as bars, a funnel or the map of
Occitanie, and always shown as a table), and the sentences proposed to start the section's
narrative. The base imports no app: it reads this registry."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format

from labo.registry import Registry
from labo.reports.period import Period

# A figure's unit, for its display and the CSV.
COUNT, EUROS, DAYS = "nombre", "euros", "jours"
# How a table is drawn beside itself.
BARS, COLUMNS, FUNNEL, MAP = "barres", "colonnes", "entonnoir", "carte"

Number = int | float | Decimal | None


@dataclass(frozen=True)
class Figure:
    name: str  # also its placeholder in the narrative: {name}
    label: str
    definition: str
    value: Number
    previous: Number
    unit: str = COUNT
    group: str = ""  # a programme's name, when a section counts several side by side

    @property
    def change(self) -> Number:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self) -> int | None:
        if self.change is None or not self.previous:
            return None
        return round(100 * self.change / self.previous)

    @property
    def shown_value(self) -> str:
        return format_number(self.value, self.unit)

    @property
    def shown_previous(self) -> str:
        return format_number(self.previous, self.unit)

    @property
    def shown_change(self) -> str:
        """« +3 (+20 %) », « −2 », « = », or « — » when a side is unknown."""
        if self.change is None:
            return "—"
        if not self.change:
            return "="
        sign = "+" if self.change > 0 else "−"
        text = sign + format_number(abs(self.change), self.unit)
        if self.change_percent is not None:
            text += f" ({sign}{abs(self.change_percent)} %)"
        return text


@dataclass(frozen=True)
class ReportTable:
    name: str
    title: str
    definition: str
    columns: list[str]  # the first names the rows, the others hold numbers
    rows: list[list]
    chart: str = ""  # BARS, COLUMNS (per month), FUNNEL, MAP or none
    charted: int | None = None  # how many series a bar chart draws (None: all)
    # For the map: each row's département code; for columns: each row's short axis label.
    keys: list[str] = field(default_factory=list)

    @property
    def series(self) -> list[str]:
        return self.columns[1:]


@dataclass(frozen=True)
class SectionContent:
    figures: list[Figure] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    # The sentences proposed to start the narrative, with {placeholders} (the figures' names,
    # `periode`, and any `facts`), when the team has not written its own template.
    narrative: str = ""
    facts: dict[str, str] = field(default_factory=dict)

    def placeholders(self, period: Period) -> dict[str, str]:
        values = {"periode": period.label, "periode_precedente": period.previous().label}
        for figure in self.figures:
            values[figure.name] = format_number(figure.value, figure.unit)
            values[f"{figure.name}_avant"] = format_number(figure.previous, figure.unit)
        values.update(self.facts)
        return values


@dataclass(frozen=True)
class ReportSection:
    name: str  # its anchor, and the key its narrative is saved under
    order: int
    title: str
    build: Callable[[Period], SectionContent]


report_sections: Registry[ReportSection] = Registry("report sections")


def register_report_section(section: ReportSection) -> None:
    """From an app's `AppConfig.ready()`."""
    report_sections.register(section)


def format_number(value, unit: str = COUNT) -> str:
    """A figure or a table's cell as the page and the files show it (French grouping)."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)  # a row's name (translated lazily, for some)
    if isinstance(value, Decimal | float) and value == int(value):
        value = int(value)
    text = number_format(
        value, decimal_pos=None if isinstance(value, int) else 1, force_grouping=True
    )
    if unit == EUROS:
        return f"{text} €"
    return text


PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def fill(template: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The template with each known {placeholder} replaced; the unknown ones stay as they are
    and are returned, so that the team sees a misspelt name rather than a silent gap. Plain
    substitution, never str.format: a template is typed by people."""
    unknown: list[str] = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        if name not in unknown:
            unknown.append(name)
        return match.group(0)

    return PLACEHOLDER.sub(replace, template), unknown
