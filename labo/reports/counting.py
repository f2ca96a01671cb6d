"""Helpers the apps' report sections share: a figure counted for a period and the one
before, and the tables by département that the map draws."""

from collections.abc import Callable

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from labo.core.statistics import per_month
from labo.geography import Departement
from labo.reports.period import Period
from labo.reports.sections import BARS, COLUMNS, COUNT, MAP, Figure, Number, ReportTable


def compared(
    period: Period,
    name: str,
    label: str,
    definition: str,
    count: Callable[[Period], Number],
    unit: str = COUNT,
) -> Figure:
    """The figure for the period, beside the same count for the period before."""
    return Figure(name, label, definition, count(period), count(period.previous()), unit)


def by_departement(
    period: Period,
    *,
    name: str,
    title: str,
    definition: str,
    counts: Callable[[Period], dict[str, int]],
    label: str,
    unknown: bool = False,
) -> ReportTable:
    """One row per département of Occitanie (and « Non renseigné » when asked): the period's
    count and the previous one's. Drawn on the map, the period's count."""
    now, before = counts(period), counts(period.previous())
    rows = [[name_, now.get(code, 0), before.get(code, 0)] for code, name_ in Departement.choices]
    keys = [code for code, _name in Departement.choices]
    if unknown:
        rows.append([_("Non renseigné"), now.get("", 0), before.get("", 0)])
        keys.append("")
    return ReportTable(
        name=name,
        title=title,
        definition=definition,
        columns=[
            _("Département"),
            f"{label} ({period.short_label})",
            period.previous().short_label,
        ],
        rows=rows,
        chart=MAP,
        keys=keys,
    )


def by_choice(
    period: Period,
    *,
    name: str,
    title: str,
    definition: str,
    choices: list[tuple[str, str]],
    counts: Callable[[Period], dict[str, int]],
    label: str,
    row_label: str,
    chart: str = BARS,
) -> ReportTable:
    """One row per choice (a stage, a format): the period's count beside the previous one's."""
    now, before = counts(period), counts(period.previous())
    return ReportTable(
        name=name,
        title=title,
        definition=definition,
        columns=[row_label, f"{label} ({period.short_label})", period.previous().short_label],
        rows=[[text, now.get(value, 0), before.get(value, 0)] for value, text in choices],
        chart=chart,
        charted=2,
    )


def by_month(
    period: Period,
    *,
    name: str,
    title: str,
    definition: str,
    queryset,
    field: str,
) -> ReportTable:
    """One row per month of the period, beside the same month of the period before."""
    earlier = period.previous()
    months = period.months()
    now = per_month(queryset.filter(**period.moments(field)), field, months)
    before = per_month(queryset.filter(**earlier.moments(field)), field, earlier.months())
    rows, keys = [], []
    for index, month in enumerate(months):
        keys.append(date_format(month, "N Y"))  # « jan. 2025 », the columns' axis
        previous = before[index] if index < len(before) else 0
        rows.append([date_format(month, "F Y").capitalize(), now[index], previous])
    return ReportTable(
        name=name,
        title=title,
        definition=definition,
        columns=[_("Mois"), period.short_label, earlier.short_label],
        rows=rows,
        chart=COLUMNS,
        charted=2,
        keys=keys,
    )
