"""What the forum adds to the base's registries (called from ForumConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.demo import demo_forum
from forum.permissions import can_see_sanctions
from forum.personal_data import forum_before_deletion, forum_export
from forum.report import SECTION as report_section
from forum.selectors import (
    keep_unread_thread_count,
    kept_unread_thread_count,
    liveliest_threads,
    unread_thread_count_expression,
)
from forum.services import thread_views_add
from forum.space import SECTIONS as space_sections
from forum.statistics import STATISTICS as statistics
from labo.accounts.personal_data import PersonalData, register_personal_data
from labo.accounts.profile_actions import ProfileAction, register_profile_action
from labo.core import counters
from labo.core.demo.registry import DemoStep, register_demo_step
from labo.core.home import HomeSection, register_home_section
from labo.core.menu import PersonalCount, register_personal_count
from labo.core.space import register_space_section
from labo.core.statistics import register_statistic
from labo.reports.sections import register_report_section


def _moderation_page(request, member):
    if not can_see_sanctions(request.user):
        return None
    return {"label": _("Fiche de modération"), "url": reverse("forum:member", args=[member.pk])}


def register() -> None:
    register_report_section(report_section)
    for statistic in statistics:
        register_statistic(statistic)
    register_profile_action(ProfileAction("moderation", 95, _moderation_page))
    for section in space_sections:
        register_space_section(section)
    register_home_section(
        HomeSection(
            name="forum",
            order=40,
            title=_("Discussions actives"),
            items=lambda request: liveliest_threads(request.user),
            card_template="forum/components/home_card.html",
            index_url=lambda request: reverse("forum:index"),
            link_label=_("Le forum"),
            empty_title=_("Le forum ouvre bientôt"),
            empty_text=_(
                "Un espace pour poser vos questions aux projets qui sont passés par là, et à "
                "l'équipe du Labo."
            ),
            empty_link_label=_("Découvrir le forum"),
        )
    )
    register_personal_data(
        PersonalData("forum", 40, export=forum_export, before_deletion=forum_before_deletion)
    )
    register_personal_count(
        PersonalCount(
            "forum",
            20,
            kept=kept_unread_thread_count,
            expression=unread_thread_count_expression,
            keep=keep_unread_thread_count,
            menu_url="/forum/",
        )
    )
    counters.register_counter(
        counters.Counter(
            "thread-views",
            10,
            key=counters.THREAD_VIEWS,
            apply=lambda views: thread_views_add(views=views),
            summary=_("%(count)s vues de sujets"),
        )
    )
    register_demo_step(DemoStep("forum", 50, lambda site: demo_forum()))
