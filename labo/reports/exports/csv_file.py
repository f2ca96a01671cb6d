"""Every figure and every table's cell, one per line, with its definition: for a spreadsheet."""

import csv
import io

from django.utils.translation import gettext as _

from labo.spreadsheets import spreadsheet_safe


def write(report, pictures) -> bytes:
    buffer = io.StringIO()
    writer = _SafeWriter(csv.writer(buffer))
    writer.writerow(
        [
            _("Section"),
            _("Indicateur"),
            _("Ligne"),
            _("Période"),
            _("Valeur"),
            _("Période précédente"),
            _("Valeur précédente"),
            _("Unité"),
            _("Définition"),
        ]
    )
    period, previous = report.period.short_label, report.period.previous().short_label
    for section in report.sections:
        for figure in section.content.figures:
            writer.writerow(
                [
                    section.section.title,
                    f"{figure.group} — {figure.label}" if figure.group else figure.label,
                    "",
                    period,
                    _plain(figure.value),
                    previous,
                    _plain(figure.previous),
                    figure.unit,
                    figure.definition,
                ]
            )
        for shown in section.tables:
            table = shown.table
            for row in table.rows:
                for column, value in zip(table.columns[1:], row[1:], strict=False):
                    writer.writerow(
                        [
                            section.section.title,
                            f"{table.title} — {column}",
                            row[0],
                            period,
                            _plain(value),
                            "",
                            "",
                            "",
                            table.definition,
                        ]  # fmt: skip
                    )
                if len(row) == 1:  # a list of names (the projects retained)
                    writer.writerow(
                        [
                            section.section.title,
                            table.title,
                            row[0],
                            period,
                            "",
                            "",
                            "",
                            "",
                            table.definition,
                        ]  # fmt: skip
                    )
    # A byte-order mark, so that a spreadsheet opened by a double click reads the accents.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _plain(value) -> str:
    """A number as a spreadsheet reads it: no grouping, a decimal point."""
    return "" if value is None else str(value)


class _SafeWriter:
    """Texts that start like a formula are neutralised (labo.spreadsheets)."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row) -> None:
        self.writer.writerow([spreadsheet_safe(cell) for cell in row])
