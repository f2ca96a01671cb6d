"""/rapport/: the activity report for the CRESS team — figures of a year or any period, the
team's narratives, exports made in the background."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from labo.permissions import can_view_activity_report
from labo.reports import services
from labo.reports.forms import ExportForm, NarrativeForm, PeriodForm, TemplateForm
from labo.reports.models import ReportExport
from labo.reports.period import FIRST_YEAR, Period
from labo.reports.sections import report_sections
from labo.reports.selectors import latest_exports, report_for


def _team_only(request) -> None:
    if not can_view_activity_report(request.user):
        raise PermissionDenied


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _years() -> list[int]:
    return list(range(FIRST_YEAR, timezone.localdate().year + 1))


@login_required
@require_safe
def report_latest(request):
    """The last complete year: the one the team writes its annual report about."""
    _team_only(request)
    return redirect("reports:year", year=timezone.localdate().year - 1)


@login_required
def report_year(request, year: int):
    _team_only(request)
    if year not in _years():
        raise Http404
    return _report_page(request, Period.year(year), PeriodForm())


@login_required
def report_period(request):
    _team_only(request)
    form = PeriodForm(request.GET or None)
    if not form.is_valid():
        # Nothing lost: the dates stay in the form, with what is wrong with them.
        year = timezone.localdate().year - 1
        return _report_page(request, Period.year(year), form, status=400 if request.GET else 200)
    return _report_page(request, form.period, form)


def _page_url(request, period: Period) -> str:
    if period.is_year:
        return reverse("reports:year", args=[period.start.year])
    return f"{reverse('reports:period')}?du={period.start:%Y-%m-%d}&au={period.end:%Y-%m-%d}"


def _report_page(request, period: Period, period_form: PeriodForm, status: int = 200):
    edited: dict = {}
    refused = False
    if request.method == "POST":
        response, edited = _post(request, period)
        if response is not None:
            return response
        if edited is None:  # not one of the page's forms
            edited, status, refused = {}, 400, True
        elif any(form.errors for form in edited.values()):
            status = 400
    report = report_for(period)
    for section in report.sections:
        section.narrative_form = edited.get(("texte", section.name)) or NarrativeForm(
            initial={"texte": section.narrative}, prefix=section.name
        )
        section.template_form = edited.get(("modele", section.name)) or TemplateForm(
            initial={"modele": section.template}, prefix=f"{section.name}-modele"
        )
    return _private(
        render(
            request,
            "reports/report.html",
            {
                "report": report,
                "period": period,
                "previous": period.previous(),
                "years": _years(),
                "period_form": period_form,
                "exports": latest_exports(period),
                "export_form": ExportForm(),
                "page_url": _page_url(request, period),
                "refused": refused,
            },
            status=status,
        )
    )


def _post(request, period: Period):
    """One of the page's forms: (a response to send, or None and the forms to show again;
    None and None for a request none of them sends)."""
    action = request.POST.get("action", "")
    if action == "exporter":
        form = ExportForm(request.POST)
        if not form.is_valid():
            return None, None
        services.report_export_request(
            period=period, format=form.cleaned_data["format"], by=request.user
        )
        messages.success(
            request,
            _("L'export est en préparation : il sera proposé au téléchargement ici même."),
        )
        return redirect(_page_url(request, period) + "#exports"), {}
    section = request.POST.get("section", "")
    if report_sections.get(section) is None:
        return None, None
    if action in ("enregistrer", "proposer"):
        form = NarrativeForm(request.POST, prefix=section)
        if not form.is_valid():
            return None, {("texte", section): form}
        if action == "proposer":
            # The sentences with this period's figures, in the box, not saved yet.
            proposal = next(s.proposal for s in report_for(period).sections if s.name == section)
            form = NarrativeForm(initial={"texte": proposal}, prefix=section)
            messages.info(
                request, _("Proposition insérée dans le texte : relisez-la, puis enregistrez.")
            )
            return None, {("texte", section): form}
        services.narrative_save(
            period=period, section=section, text=form.cleaned_data["texte"], by=request.user
        )
        messages.success(request, _("Texte de la section enregistré."))
        return redirect(_page_url(request, period) + f"#{section}"), {}
    if action == "modele":
        form = TemplateForm(request.POST, prefix=f"{section}-modele")
        if not form.is_valid():
            return None, {("modele", section): form}
        saved = services.narrative_template_save(
            section=section, text=form.cleaned_data["modele"], by=request.user
        )
        messages.success(
            request,
            _("Modèle enregistré pour toutes les périodes.")
            if saved
            else _("Modèle d'origine rétabli."),
        )
        return redirect(_page_url(request, period) + f"#{section}"), {}
    return None, None


@login_required
@require_safe
def export_status(request, pk: int):
    """Where an export is: htmx asks again every second while it is being made."""
    _team_only(request)
    export = get_object_or_404(ReportExport, pk=pk)
    template = (
        "reports/components/export.html"
        if request.headers.get("HX-Request")
        else "reports/export.html"
    )
    report_url = _page_url(request, Period(export.starts_on, export.ends_on))
    return _private(render(request, template, {"export": export, "report_url": report_url}))


@login_required
@require_safe
def export_download(request, pk: int):
    _team_only(request)
    export = get_object_or_404(ReportExport, pk=pk)
    if not export.file:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"rapport-activite-labo-{Period(export.starts_on, export.ends_on).slug}"
        f".{export.format}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
