"""An export of the report, made by the worker (labo.reports.tasks): the figures, the
pictures, the file, with its progress written on the export's row for the page to show."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from labo.reports.exports import write_export
from labo.reports.models import ExportStatus, ReportExport
from labo.reports.period import Period
from labo.reports.selectors import report_for

logger = logging.getLogger(__name__)


def _progress(export: ReportExport, percent: int, step: str) -> None:
    ReportExport.objects.filter(pk=export.pk).update(progress=percent, step=step)


def report_export_build(*, export_id: int) -> bool:
    """Compute the period's report, draw its charts and write the file, saying how far it
    has gone on the export's row as it goes."""
    export = ReportExport.objects.filter(pk=export_id).first()
    if export is None or export.status == ExportStatus.DONE:
        return False
    ReportExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING, progress=1, step=_("Calcul des chiffres…")
    )
    period = Period(export.starts_on, export.ends_on)
    try:
        report = report_for(
            period,
            with_charts=export.format != "csv",
            on_section=lambda done, total: _progress(
                export,
                5 + 55 * done // total,
                _("Calcul des chiffres : %(done)d sections sur %(total)d")
                % {"done": done, "total": total},
            ),
        )
        content = write_export(
            report, export.format, on_step=lambda percent, step: _progress(export, percent, step)
        )
    except Exception:
        logger.exception("The report export %s failed", export.pk)
        ReportExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED,
            step=_("L'export n'a pas pu être fait ; l'équipe technique est prévenue."),
            finished_at=timezone.now(),
        )
        return False
    export.file.save(
        f"rapport-activite-labo-{period.slug}.{export.format}", ContentFile(content), save=False
    )
    ReportExport.objects.filter(pk=export.pk).update(
        file=export.file.name,
        status=ExportStatus.DONE,
        progress=100,
        step=_("Prêt."),
        finished_at=timezone.now(),
    )
    return True
