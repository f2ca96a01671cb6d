"""The resources' section of the activity report (labo.reports): published, downloaded, the
most downloaded of the period."""

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.reports.counting import compared
from labo.reports.period import Period
from labo.reports.sections import BARS, ReportSection, ReportTable, SectionContent
from resources.models import ResourceDownloadDay, ResourcePage

SHOWN = 10


def published(period: Period) -> int:
    return ResourcePage.objects.live().filter(**period.moments("first_published_at")).count()


def total(period: Period) -> int:
    return ResourcePage.objects.live().filter(first_published_at__lt=period.until).count()


def _downloads(period: Period):
    return ResourceDownloadDay.objects.filter(resource__live=True, **period.days_filter("day"))


def downloads(period: Period) -> int:
    return _downloads(period).aggregate(total=Sum("count"))["total"] or 0


def most_downloaded(period: Period) -> list[tuple[str, int]]:
    return list(
        _downloads(period)
        .values_list("resource__title")
        .annotate(total=Sum("count"))
        .order_by("-total", "resource__title")[:SHOWN]
    )


def build(period: Period) -> SectionContent:
    top = most_downloaded(period)
    tables = []
    if top:
        tables.append(
            ReportTable(
                name="ressources-plus-telechargees",
                title=_("Les dix ressources les plus téléchargées"),
                definition=_(
                    "Téléchargements des fichiers de chaque ressource pendant la période."
                ),
                columns=[_("Ressource"), _("Téléchargements")],
                rows=[[title, count] for title, count in top],
                chart=BARS,
            )
        )
    return SectionContent(
        figures=[
            compared(
                period,
                "ressources_publiees",
                _("Ressources publiées"),
                _("Ressources publiées pour la première fois pendant la période."),
                published,
            ),
            compared(
                period,
                "ressources",
                _("Ressources en ligne"),
                _("Ressources en ligne publiées avant la fin de la période."),
                total,
            ),
            compared(
                period,
                "telechargements",
                _("Téléchargements"),
                _(
                    "Fichiers de ressources téléchargés pendant la période (les robots ne sont "
                    "pas comptés)."
                ),
                downloads,
            ),
        ],
        tables=tables,
        facts={"ressource_la_plus_telechargee": top[0][0] if top else "—"},
        narrative=_(
            "La bibliothèque du Labo propose {ressources} ressources, dont "
            "{ressources_publiees} publiées en {periode} ; leurs fichiers ont été téléchargés "
            "{telechargements} fois. La plus demandée : « {ressource_la_plus_telechargee} »."
        ),
    )


SECTION = ReportSection(name="ressources", order=40, title=gettext_lazy("Ressources"), build=build)
