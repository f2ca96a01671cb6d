"""What the agenda adds to the base's registries (called from EventsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from events.demo import demo_events
from events.models import EventIndexPage
from events.personal_data import registrations_export, registrations_release
from events.report import SECTION as report_section
from events.selectors import NEXT_EVENTS, event_listing, event_page_context
from events.space import SECTIONS as space_sections
from events.statistics import FIGURE_SOURCES as figure_sources
from events.statistics import STATISTICS as statistics
from labo.accounts.personal_data import PersonalData, register_personal_data
from labo.core.demo.registry import DemoStep, SectionPage, register_demo_step, register_section_page
from labo.core.home import HomeSection, register_home_section
from labo.core.page_context import register_page_context
from labo.core.space import register_space_section
from labo.core.statistics import register_figure_source, register_statistic
from labo.reports.sections import register_report_section


def register() -> None:
    register_report_section(report_section)
    for statistic in statistics:
        register_statistic(statistic)
    for source in figure_sources:
        register_figure_source(source)
    for section in space_sections:
        register_space_section(section)
    register_page_context(
        "events.EventIndexPage", lambda request, page: event_listing(request=request, index=page)
    )
    register_page_context(
        "events.EventPage", lambda request, page: event_page_context(request=request, event=page)
    )
    register_home_section(
        HomeSection(
            name="events",
            order=20,
            title=_("Prochains rendez-vous"),
            items=lambda request: NEXT_EVENTS.rows(),
            card_template="events/components/home_card.html",
            index_model=EventIndexPage,
            link_label=_("Tout l'agenda"),
            empty_title=_("Les prochains rendez-vous arrivent"),
            empty_text=_(
                "Webinaires, agoras et rencontres locales : l'agenda du Labo sera publié ici."
            ),
            empty_link_label=_("Voir l'agenda"),
        )
    )
    register_personal_data(
        PersonalData(
            "evenements", 30, export=registrations_export, before_deletion=registrations_release
        )
    )
    register_section_page(
        SectionPage(
            name="agenda",
            order=30,
            model=EventIndexPage,
            title="Agenda",
            intro="Webinaires, agoras et rencontres locales : les rendez-vous du Labo.",
        )
    )
    # After the resources: events link to the resources shared after them.
    register_demo_step(
        DemoStep("events", 40, lambda site: demo_events(site.users, site.illustration))
    )
