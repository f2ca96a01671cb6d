"""The projects' figures for the statistics page (labo.core.statistics), and the figure of
applications that reached a stage for the home page's key figures."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.core.statistics import FigureSource, Statistic, Table
from labo.geography import Departement
from projects.applications.models import Application, Stage
from projects.choices import ProjectStage
from projects.selectors import public_projects


def _counted(field: str) -> dict:
    return dict(public_projects().values_list(field).annotate(count=Count("pk")).order_by())


def projects_per_stage() -> Table:
    counts = _counted("stage")
    return Table(
        columns=[_("Étape"), _("Projets")],
        rows=[[label, counts.get(value, 0)] for value, label in ProjectStage.choices],
    )


def projects_per_departement() -> Table:
    counts = _counted("departement")
    return Table(
        columns=[_("Département"), _("Projets")],
        rows=[[label, counts.get(code, 0)] for code, label in Departement.choices],
    )


def _stage_choices() -> list[tuple[str, str]]:
    return [
        (
            f"candidatures:{stage.pk}",
            _("Candidatures ayant atteint « %(stage)s » (%(programme)s)")
            % {"stage": stage.staff_name, "programme": stage.programme.name},
        )
        for stage in Stage.objects.select_related("programme").order_by(
            "programme__name", "sort_order"
        )
    ]


def applications_reached(key: str) -> int | None:
    """Applications at this stage now, or that passed through it (their timeline says so)."""
    stage_id = key.removeprefix("candidatures:")
    if not stage_id.isdecimal():
        return None
    stage_id = int(stage_id)
    return (
        Application.objects.filter(Q(stage_id=stage_id) | Q(events__to_stage_id=stage_id))
        .distinct()
        .count()
    )


STATISTICS = [
    Statistic(
        "projets-etapes",
        70,
        gettext_lazy("Projets par étape"),
        gettext_lazy("Les fiches de projet publiées, selon l'étape où chaque projet en est."),
        projects_per_stage,
    ),
    Statistic(
        "projets-departements",
        80,
        gettext_lazy("Projets par département"),
        gettext_lazy("Les fiches de projet publiées, selon le département de leur commune."),
        projects_per_departement,
    ),
]

FIGURE_SOURCES = [
    FigureSource("candidatures", 20, choices=_stage_choices, compute=applications_reached),
]
