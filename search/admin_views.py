"""Rapports › Recherches: what people search most, and what they search without finding
anything, so the team can add content or a promoted result (Wagtail's search promotions)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from labo.permissions import is_staff_member
from search.models import UnansweredQuery


class StaffReportMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FrequentQueriesReportView(StaffReportMixin, ReportView):
    page_title = _("Recherches les plus fréquentes (30 jours)")
    header_icon = "search"
    index_url_name = "search_frequent_queries"
    index_results_url_name = "search_frequent_queries_results"
    columns = [
        Column("query_string", label=_("Recherche")),
        NumberColumn("_hits", label=_("Nombre de fois")),
    ]
    list_export = ["query_string", "_hits"]
    export_headings = {"query_string": _("Recherche"), "_hits": _("Nombre de fois")}

    def get_queryset(self):
        return Query.get_most_popular()


class UnansweredQueriesReportView(StaffReportMixin, ReportView):
    page_title = _("Recherches sans résultat")
    header_icon = "warning"
    index_url_name = "search_unanswered_queries"
    index_results_url_name = "search_unanswered_queries_results"
    columns = [
        Column("query_string", label=_("Recherche")),
        NumberColumn("hits", label=_("Nombre de fois")),
        Column("last_seen_at", label=_("Dernière fois")),
    ]
    list_export = ["query_string", "hits", "last_seen_at"]

    def get_queryset(self):
        return UnansweredQuery.objects.order_by("-hits", "-last_seen_at")
