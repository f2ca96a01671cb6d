"""Writes of the report: the team's narratives and templates, and the exports made in the
background."""

from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from labo.reports.models import NarrativeTemplate, ReportExport, ReportNarrative
from labo.reports.period import Period
from labo.reports.tasks import build_report_export


def narrative_save(*, period: Period, section: str, text: str, by) -> ReportNarrative:
    narrative, _created = ReportNarrative.objects.update_or_create(
        starts_on=period.start,
        ends_on=period.end,
        section=section,
        defaults={"text": text.strip(), "updated_by": by},
    )
    return narrative


def narrative_template_save(*, section: str, text: str, by) -> NarrativeTemplate | None:
    """The team's own sentences for a section; an empty text goes back to the section's."""
    if not text.strip():
        NarrativeTemplate.objects.filter(section=section).delete()
        return None
    template, _created = NarrativeTemplate.objects.update_or_create(
        section=section, defaults={"text": text.strip(), "updated_by": by}
    )
    return template


def report_export_request(*, period: Period, format: str, by) -> ReportExport:
    """Queue an export; the worker makes it (labo.reports.tasks)."""
    export = ReportExport.objects.create(
        starts_on=period.start,
        ends_on=period.end,
        format=format,
        requested_by=by,
        step=_("En attente d'un moment libre du serveur…"),
    )
    transaction.on_commit(partial(build_report_export.enqueue, export_id=export.pk))
    return export
