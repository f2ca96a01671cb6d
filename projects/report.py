"""The projects' section of the activity report (labo.reports): the directory's profiles, where
they are, where they stand, their households and dwellings, the stages they reached."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.reports.counting import by_choice, by_departement, compared
from labo.reports.period import Period
from labo.reports.sections import ReportSection, SectionContent
from projects.choices import ProjectStage
from projects.models import ProjectMilestone
from projects.selectors import public_projects


def _published_by_end(period: Period):
    """The public profiles first published before the end of the period."""
    return public_projects().filter(first_published_at__lt=period.until)


def published(period: Period) -> int:
    return public_projects().filter(**period.moments("first_published_at")).count()


def total(period: Period) -> int:
    return _published_by_end(period).count()


def _summed(field: str):
    def count(period: Period) -> int:
        return _published_by_end(period).aggregate(total=Sum(field))["total"] or 0

    return count


def seeking(period: Period) -> int:
    return _published_by_end(period).filter(seeking_households=True).count()


def milestones(period: Period) -> int:
    return _milestones(period).count()


def _milestones(period: Period):
    return ProjectMilestone.objects.filter(
        page__in=public_projects().values("pk"), **period.days_filter("date")
    )


def per_departement(period: Period) -> dict[str, int]:
    return dict(
        _published_by_end(period).values_list("departement").annotate(n=Count("pk")).order_by()
    )


def per_stage(period: Period) -> dict[str, int]:
    return dict(_published_by_end(period).values_list("stage").annotate(n=Count("pk")).order_by())


def milestones_per_stage(period: Period) -> dict[str, int]:
    return dict(_milestones(period).values_list("stage").annotate(n=Count("pk")).order_by())


TODAY_NOTE = gettext_lazy("D'après les fiches telles qu'elles sont aujourd'hui.")


def build(period: Period) -> SectionContent:
    on_profiles = str(TODAY_NOTE)
    return SectionContent(
        figures=[
            compared(
                period,
                "fiches_publiees",
                _("Fiches de projet publiées"),
                _("Fiches de projet publiées pour la première fois pendant la période."),
                published,
            ),
            compared(
                period,
                "projets",
                _("Projets dans l'annuaire"),
                _("Fiches de projet publiques, publiées avant la fin de la période."),
                total,
            ),
            compared(
                period,
                "foyers",
                _("Foyers engagés"),
                _("Foyers déjà engagés dans ces projets. ") + on_profiles,
                _summed("households_now"),
            ),
            compared(
                period,
                "foyers_vises",
                _("Foyers visés"),
                _("Foyers que ces projets veulent réunir à terme. ") + on_profiles,
                _summed("households_target"),
            ),
            compared(
                period,
                "logements",
                _("Logements"),
                _("Logements prévus ou construits par ces projets. ") + on_profiles,
                _summed("dwellings"),
            ),
            compared(
                period,
                "projets_cherchant_foyers",
                _("Projets qui cherchent des foyers"),
                _("Parmi ces projets, ceux qui disent chercher de nouveaux foyers. ") + on_profiles,
                seeking,
            ),
            compared(
                period,
                "etapes_franchies",
                _("Étapes franchies"),
                _(
                    "Jalons datés dans la période sur les fiches publiques (groupe constitué, "
                    "foncier identifié, permis obtenu…)."
                ),  # fmt: skip
                milestones,
            ),
        ],
        tables=[
            by_departement(
                period,
                name="projets-departements",
                title=_("Projets par département"),
                definition=_(
                    "Fiches de projet publiques publiées avant la fin de la période, selon le "
                    "département de leur commune."
                ),
                counts=per_departement,
                label=_("Projets"),
            ),
            by_choice(
                period,
                name="projets-etapes",
                title=_("Projets par étape"),
                definition=_("Les mêmes projets, selon l'étape où chacun en est. ") + on_profiles,
                choices=ProjectStage.choices,
                counts=per_stage,
                label=_("Projets"),
                row_label=_("Étape"),
            ),
            by_choice(
                period,
                name="etapes-franchies",
                title=_("Étapes franchies pendant la période"),
                definition=_("Les jalons datés dans la période, par étape."),
                choices=ProjectStage.choices,
                counts=milestones_per_stage,
                label=_("Jalons"),
                row_label=_("Étape"),
            ),
        ],
        narrative=_(
            "Fin {periode}, l'annuaire du Labo présente {projets} projets d'habitat des "
            "communs, dont {fiches_publiees} publiés pendant l'année. Ils réunissent déjà "
            "{foyers} foyers et prévoient {logements} logements ; {projets_cherchant_foyers} "
            "d'entre eux cherchent de nouveaux foyers."
        ),
    )


SECTION = ReportSection(name="projets", order=10, title=gettext_lazy("Projets"), build=build)
