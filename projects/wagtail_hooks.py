from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from labo.permissions import is_staff_member
from projects.admin_views import (
    ProjectPageListingViewSet,
    StaleProjectsReportView,
    stale_projects_remind,
)


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


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_reports_menu_item")
def register_stale_projects_report():
    return StaffMenuItem(
        _("Fiches à faire confirmer"),
        reverse("projects_stale_report"),
        icon_name="warning",
        order=700,
    )
