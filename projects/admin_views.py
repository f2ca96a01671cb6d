"""Staff screens in the Wagtail admin: the project listing with its filters, and the report of
profiles nobody confirmed for a year, with a one-click reminder to their referents."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import WorkflowState

from labo.geography import Departement
from labo.permissions import is_staff_member
from projects.choices import ProjectStage
from projects.models import ProjectPage
from projects.selectors import stale_projects
from projects.services import project_confirmation_reminders_send


def _pending_ids():
    return WorkflowState.objects.filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        base_content_type__model="page",
    ).values("object_id")


class ProjectPageFilterSet(PageFilterSet):
    departement = django_filters.ChoiceFilter(
        label=gettext_lazy("Département"), choices=Departement.choices
    )
    stage = django_filters.ChoiceFilter(label=gettext_lazy("Étape"), choices=ProjectStage.choices)
    pending_moderation = django_filters.BooleanFilter(
        label=gettext_lazy("En attente de validation"), method="filter_pending"
    )

    class Meta:
        model = ProjectPage
        fields = []

    def filter_pending(self, queryset, name, value):
        if value is None:
            return queryset
        # object_id is text in Wagtail's workflow states: compare as text.
        pending = [int(pk) for pk in _pending_ids().values_list("object_id", flat=True)]
        return queryset.filter(pk__in=pending) if value else queryset.exclude(pk__in=pending)


class ProjectPageListingViewSet(PageListingViewSet):
    icon = "home"
    menu_label = gettext_lazy("Projets")
    menu_order = 150
    add_to_admin_menu = True
    model = ProjectPage
    filterset_class = ProjectPageFilterSet


class StaleProjectsFilterSet(WagtailFilterSet):
    departement = django_filters.ChoiceFilter(
        label=gettext_lazy("Département"), choices=Departement.choices
    )

    class Meta:
        model = ProjectPage
        fields = ["departement"]


class StaleProjectsReportView(PageReportView):
    page_title = gettext_lazy("Fiches à faire confirmer")
    header_icon = "warning"
    template_name = "projects/admin/stale_projects.html"
    filterset_class = StaleProjectsFilterSet
    index_url_name = "projects_stale_report"
    index_results_url_name = "projects_stale_report_results"
    any_permission_required = ["change"]
    list_export = PageReportView.list_export + ["last_confirmed_at"]

    def get_queryset(self):
        self.queryset = stale_projects()
        return super().get_queryset()


@require_POST
def stale_projects_remind(request):
    if not is_staff_member(request.user):
        raise PermissionDenied
    count = project_confirmation_reminders_send(by=request.user)
    messages.success(
        request,
        _("Relance envoyée aux référent·es de %(count)d projet(s).") % {"count": count},
    )
    return redirect("projects_stale_report")
