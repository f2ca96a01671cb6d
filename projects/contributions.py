"""What the projects app adds to the base's registries (called from ProjectsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from labo import access
from labo.accounts.personal_data import PersonalData, register_personal_data
from labo.core.demo.registry import DemoStep, SectionPage, register_demo_step, register_section_page
from labo.core.home import HomeSection, register_home_section
from labo.core.page_context import register_page_context
from labo.core.space import register_space_section
from labo.core.statistics import register_figure_source, register_statistic
from labo.reports.sections import register_report_section
from projects.applications.demo import demo_applications
from projects.applications.personal_data import applications_export
from projects.applications.report import SECTION as applications_report_section
from projects.applications.space import SECTIONS as application_space_sections
from projects.demo import demo_projects
from projects.models import ProjectIndexPage
from projects.personal_data import projects_export, referents_replace
from projects.report import SECTION as report_section
from projects.selectors import (
    NEWEST_PROJECTS,
    memberships_of,
    project_directory,
    project_page_context,
)
from projects.space import SECTIONS as space_sections
from projects.statistics import FIGURE_SOURCES as figure_sources
from projects.statistics import STATISTICS as statistics


def register() -> None:
    register_report_section(report_section)
    register_report_section(applications_report_section)
    for statistic in statistics:
        register_statistic(statistic)
    for source in figure_sources:
        register_figure_source(source)
    for section in [*space_sections, *application_space_sections]:
        register_space_section(section)
    register_page_context(
        "projects.ProjectIndexPage",
        lambda request, page: project_directory(request=request, index=page),
    )
    register_page_context(
        "projects.ProjectPage",
        lambda request, page: project_page_context(request=request, project=page),
    )
    access.register_project_roles_reader(memberships_of)
    register_home_section(
        HomeSection(
            name="projects",
            order=10,
            title=_("Projets à la une"),
            items=lambda request: NEWEST_PROJECTS.rows(),
            card_template="projects/components/home_card.html",
            index_model=ProjectIndexPage,
            link_label=_("Tous les projets"),
            empty_title=_("L'annuaire des projets se remplit"),
            empty_text=_(
                "Coopératives d'habitants, habitats partagés et inclusifs : les projets "
                "d'Occitanie y présenteront bientôt leur démarche. Vous portez un projet ? "
                "Créez votre compte pour être prêt à le référencer."
            ),
            empty_link_label=_("Voir l'annuaire"),
            hero_label=_("Découvrir les projets"),
        )
    )
    register_personal_data(
        PersonalData("projets", 10, export=projects_export, before_deletion=referents_replace)
    )
    register_personal_data(PersonalData("candidatures", 20, export=applications_export))
    register_section_page(
        SectionPage(
            name="projets",
            order=10,
            model=ProjectIndexPage,
            title="Projets",
            intro="Les projets d'habitat des communs en Occitanie, présentés par celles et "
            "ceux qui les portent.",
        )
    )
    register_demo_step(DemoStep("projects", 10, lambda site: demo_projects(site.users)))
    register_demo_step(
        DemoStep(
            "applications",
            20,
            lambda site: [demo_applications(site.made["projects"], site.users)],
        )
    )
