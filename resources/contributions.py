"""What the library adds to the base's registries (called from ResourcesConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from labo.core.demo.registry import DemoStep, SectionPage, register_demo_step, register_section_page
from labo.core.home import HomeSection, register_home_section
from labo.core.page_context import register_page_context
from labo.core.statistics import register_statistic
from labo.reports.sections import register_report_section
from resources.demo import demo_proposals, demo_resources
from resources.models import ResourceIndexPage
from resources.report import SECTION as report_section
from resources.selectors import newest_resources, resource_library, resource_page_context
from resources.statistics import STATISTICS as statistics


def _demo(site) -> list:
    resources = demo_resources()
    demo_proposals(site.users)
    return resources


def register() -> None:
    register_report_section(report_section)
    for statistic in statistics:
        register_statistic(statistic)
    register_page_context(
        "resources.ResourceIndexPage", lambda request, page: resource_library(request=request)
    )
    register_page_context(
        "resources.ResourcePage",
        lambda request, page: resource_page_context(request=request, resource=page),
    )
    register_home_section(
        HomeSection(
            name="resources",
            order=30,
            title=_("Dernières ressources"),
            items=lambda request: newest_resources(request.user),
            card_template="resources/components/home_card.html",
            index_model=ResourceIndexPage,
            link_label=_("Toutes les ressources"),
            empty_title=_("La bibliothèque se constitue"),
            empty_text=_(
                "Guides, modèles de documents, études et retours d'expérience sur le montage "
                "juridique, le financement ou le foncier y seront partagés."
            ),
            empty_link_label=_("Voir les ressources"),
        )
    )
    register_section_page(
        SectionPage(
            name="ressources",
            order=20,
            model=ResourceIndexPage,
            title="Ressources",
            intro="Guides, modèles de documents, études et retours d'expérience pour monter "
            "votre projet.",
        )
    )
    register_demo_step(DemoStep("resources", 30, _demo))
