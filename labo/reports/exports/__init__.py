"""The report's files: PDF for print, DOCX and ODT for the team's own document, CSV of every
figure. Each writer reads the same `Report` (labo.reports.selectors) and returns bytes; only
counts, the team's narratives and the names of the projects retained (public) go in."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from labo.reports.exports import csv_file, docx_file, odt_file, pdf_file
from labo.reports.exports.pictures import chart_picture
from labo.reports.selectors import Report

WRITERS = {
    "pdf": pdf_file.write,
    "docx": docx_file.write,
    "odt": odt_file.write,
    "csv": csv_file.write,
}


def pictures_of(report: Report, on_step: Callable[[int, str], None]) -> dict[str, bytes]:
    """Table name → its chart as a PNG."""
    charted = [shown for section in report.sections for shown in section.tables if shown.chart]
    pictures = {}
    for index, shown in enumerate(charted, start=1):
        pictures[shown.table.name] = chart_picture(shown.chart)
        on_step(
            60 + 25 * index // len(charted),
            _("Dessin des graphiques : %(done)d sur %(total)d")
            % {"done": index, "total": len(charted)},
        )
    return pictures


def write_export(report: Report, format: str, on_step: Callable[[int, str], None]) -> bytes:
    pictures = pictures_of(report, on_step) if format != "csv" else {}
    on_step(90, _("Écriture du fichier…"))
    return WRITERS[format](report, pictures)
