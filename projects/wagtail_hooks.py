from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from labo.core.admin_menu import StaffMenuItem
from projects.admin_views import (
    ProjectPageListingViewSet,
    StaleProjectsReportView,
    stale_projects_remind,
)
from projects.models import Programme, Round, StageTransition


@hooks.register("register_admin_viewset")
def register_project_listing():
    return ProjectPageListingViewSet("projects_listing")


@hooks.register("register_admin_urls")
def register_project_admin_urls():
    return [
        path(
            "projets/a-confirmer/", StaleProjectsReportView.as_view(), name="projects_stale_report"
        ),
        path(
            "projets/a-confirmer/resultats/",
            StaleProjectsReportView.as_view(results_only=True),
            name="projects_stale_report_results",
        ),
        path("projets/a-confirmer/relancer/", stale_projects_remind, name="projects_stale_remind"),
    ]


@hooks.register("register_reports_menu_item")
def register_stale_projects_report():
    return StaffMenuItem(
        _("Fiches à faire confirmer"),
        reverse("projects_stale_report"),
        icon_name="warning",
        order=700,
    )


class ProgrammeViewSet(SnippetViewSet):
    """Programmes, their stages and required documents: editable data, not code."""

    model = Programme
    icon = "list-ol"
    menu_label = _("Programmes")
    list_display = ["name", "kind", "funder"]


class RoundViewSet(SnippetViewSet):
    model = Round
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["programme", "edition", "opens_on", "closes_on", "status"]
    list_filter = ["programme", "status"]


class StageTransitionViewSet(SnippetViewSet):
    model = StageTransition
    icon = "arrow-right"
    menu_label = _("Transitions autorisées")
    list_display = ["programme", "from_stage", "to_stage"]
    list_filter = ["programme"]


class ApplicationsAdminGroup(SnippetViewSetGroup):
    menu_label = _("Candidatures")
    menu_icon = "tasks"
    menu_order = 160
    items = (ProgrammeViewSet, RoundViewSet, StageTransitionViewSet)


register_snippet(ApplicationsAdminGroup)
