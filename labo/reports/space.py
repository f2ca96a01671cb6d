"""« Mon espace » for the CRESS team: the activity report, its years and its latest files."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labo.core.space import SpaceSection
from labo.permissions import can_view_activity_report
from labo.reports.models import ExportStatus, ReportExport
from labo.reports.period import FIRST_YEAR


def report_links(user) -> dict | None:
    if not can_view_activity_report(user):
        return None
    this_year = timezone.localdate().year
    return {
        "years": list(range(this_year, FIRST_YEAR - 1, -1)),
        "last_year": this_year - 1,
        "exports": list(
            ReportExport.objects.filter(status=ExportStatus.DONE).order_by("-finished_at")[:3]
        ),
    }


SECTION = SpaceSection(
    name="rapport",
    order=7,
    title=_("Rapport d'activité"),
    context=report_links,
    template="reports/space/report.html",
)
