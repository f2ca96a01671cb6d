from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from labo.core.admin_menu import StaffMenuItem
from search.admin_views import FrequentQueriesReportView, UnansweredQueriesReportView


@hooks.register("register_admin_urls")
def register_search_reports():
    return [
        path("recherches/frequentes/", FrequentQueriesReportView.as_view(),
             name="search_frequent_queries"),
        path("recherches/frequentes/resultats/",
             FrequentQueriesReportView.as_view(results_only=True),
             name="search_frequent_queries_results"),
        path("recherches/sans-resultat/", UnansweredQueriesReportView.as_view(),
             name="search_unanswered_queries"),
        path("recherches/sans-resultat/resultats/",
             UnansweredQueriesReportView.as_view(results_only=True),
             name="search_unanswered_queries_results"),
    ]  # fmt: skip


@hooks.register("register_reports_menu_item")
def register_frequent_queries():
    return StaffMenuItem(
        _("Recherches fréquentes"),
        reverse("search_frequent_queries"),
        icon_name="search",
        order=710,
    )


@hooks.register("register_reports_menu_item")
def register_unanswered_queries():
    return StaffMenuItem(
        _("Recherches sans résultat"),
        reverse("search_unanswered_queries"),
        icon_name="warning",
        order=720,
    )
