"""/statistiques/: the CRESS team's figures, each a chart, its table and its CSV."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from labo.core.charts import bar_chart
from labo.core.statistics import statistics
from labo.permissions import can_view_statistics
from labo.spreadsheets import csv_response


def _staff_only(request) -> None:
    if not can_view_statistics(request.user):
        raise PermissionDenied


@login_required
def statistics_page(request):
    _staff_only(request)
    shown = []
    for entry in statistics:
        table = entry.compute()
        shown.append({"statistic": entry, "table": table, "chart": bar_chart(table, entry.charted)})
    response = render(request, "core/statistics.html", {"shown": shown})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def statistic_csv(request, name):
    _staff_only(request)
    entry = statistics.get(name)
    if entry is None:
        raise Http404
    table = entry.compute()
    return csv_response(
        filename=f"statistiques-{entry.name}.csv", header=table.columns, rows=table.rows
    )
