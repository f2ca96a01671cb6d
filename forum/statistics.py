"""The forum's figures for the statistics page (labo.core.statistics)."""

from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.models import PostStatus, Reply, Thread
from labo.core.statistics import (
    Statistic,
    Table,
    last_months,
    month_label,
    monthly_table,
    per_month,
)


def posts_per_month() -> Table:
    return monthly_table(
        _("Mois"),
        {
            _("Sujets"): lambda months: per_month(
                Thread.objects.filter(status=PostStatus.PUBLISHED), "created_at", months
            ),
            _("Réponses"): lambda months: per_month(
                Reply.objects.filter(status=PostStatus.PUBLISHED), "submit_date", months
            ),
        },
    )


def active_members_per_month() -> Table:
    """Members who opened a thread or replied, each counted once a month (two queries)."""
    months = last_months()
    since = months[0]
    writers: dict = {}
    for rows in (
        Thread.objects.filter(created_at__date__gte=since, author__isnull=False)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "author_id")
        .distinct(),
        Reply.objects.filter(submit_date__date__gte=since, user__isnull=False)
        .annotate(month=TruncMonth("submit_date"))
        .values_list("month", "user_id")
        .distinct(),
    ):
        for month, user_id in rows:
            day = month.date() if hasattr(month, "date") else month
            writers.setdefault(day, set()).add(user_id)
    return Table(
        columns=[_("Mois"), _("Membres actifs au forum")],
        rows=[[month_label(month), len(writers.get(month, ()))] for month in months],
    )


STATISTICS = [
    Statistic(
        "membres-actifs",
        30,
        gettext_lazy("Membres actifs par mois"),
        gettext_lazy(
            "Membres qui ont ouvert un sujet ou répondu au forum dans le mois, chacun compté "
            "une fois."
        ),
        active_members_per_month,
    ),
    Statistic(
        "forum",
        40,
        gettext_lazy("Sujets et réponses du forum par mois"),
        gettext_lazy("Sujets et réponses publiés (ni en attente, ni masqués, ni supprimés)."),
        posts_per_month,
    ),
]
