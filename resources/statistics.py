"""The resources' figure for the statistics page (labo.core.statistics)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.core.statistics import Statistic, Table
from resources.models import ResourcePage

SHOWN = 10


def most_downloaded() -> Table:
    resources = (
        ResourcePage.objects.live()
        .filter(download_count__gt=0)
        .order_by("-download_count", "title")
        .values_list("title", "download_count")[:SHOWN]
    )
    return Table(
        columns=[_("Ressource"), _("Téléchargements")],
        rows=[[title, count] for title, count in resources],
    )


STATISTICS = [
    Statistic(
        "telechargements",
        60,
        gettext_lazy("Ressources les plus téléchargées"),
        gettext_lazy("Les dix ressources dont les fichiers ont été le plus téléchargés."),
        most_downloaded,
    ),
]
