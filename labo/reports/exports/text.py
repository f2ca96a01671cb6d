"""What every file writes the same way: the cover's lines, a figure's change, a cell."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from labo.reports.sections import Figure, format_number


def title(report) -> str:
    return _("Labo de l'habitat des communs — rapport d'activité %(period)s") % {
        "period": report.period.label
    }


def subtitle(report) -> str:
    return _(
        "Chiffres calculés par la plateforme le %(date)s, comparés à la période précédente "
        "(%(previous)s). Des nombres seulement : aucune personne n'est nommée."
    ) % {
        "date": date_format(timezone.localdate(), "j F Y"),
        "previous": report.period.previous().label,
    }


def figure_row(figure: Figure) -> list[str]:
    return [
        figure.label,
        figure.shown_value,
        figure.shown_previous,
        figure.shown_change,
    ]


def figure_rows(figures: list[Figure]) -> list[list[str]]:
    """The figures' rows, a programme's name before its own (a row of its own)."""
    rows, group = [], ""
    for figure in figures:
        if figure.group and figure.group != group:
            rows.append([figure.group])  # one cell across the table
        group = figure.group
        rows.append(figure_row(figure))
    return rows


def definitions(figures: list[Figure]) -> list[str]:
    """« Label : definition », once each (a programme's figures share theirs)."""
    return list(dict.fromkeys(f"{figure.label} : {figure.definition}" for figure in figures))


def is_group(row: list[str], header: list[str]) -> bool:
    """A programme's name over its figures: one cell meant to span a wider table (a table of
    one column, such as the projects retained, has only such rows and no group)."""
    return len(row) == 1 < len(header)


def figure_header(report) -> list[str]:
    return [
        _("Indicateur"),
        report.period.short_label,
        report.period.previous().short_label,
        _("Évolution"),
    ]


def cell(value) -> str:
    return format_number(value)
