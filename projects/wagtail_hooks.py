from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from labo.core.admin_menu import StaffMenuItem
from projects.admin_views import (
    ProjectPageListingViewSet,
    StaleProjectsReportView,
    stale_projects_remind,
)
from projects.applications import admin as applications_admin  # noqa: F401 (registers)


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
