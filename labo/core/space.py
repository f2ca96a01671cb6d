"""« Mon espace » (/espace/): each app contributes the sections that concern a signed-in
person (my projects, my applications, my registrations, what I follow, the moderation queue…),
registered from its `contributions.register()`, as the home page's sections are. The base
shows them in order and imports no app."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from labo.notifications.selectors import latest_groups
from labo.permissions import is_staff_member
from labo.registry import Registry


@dataclass(frozen=True)
class SpaceSection:
    name: str  # also the section's anchor: /espace/#<name>
    order: int
    title: str
    # What the section shows this person, or None when it does not concern them (a member who
    # carries no project has no « Mes projets »; only moderators have the queue).
    context: Callable[..., dict | None]
    template: str
    # The figure beside the title in the page's summary: context[count_key], if any.
    count_key: str = ""


space_sections: Registry[SpaceSection] = Registry("my space sections")


def register_space_section(section: SpaceSection) -> None:
    space_sections.register(section)


@dataclass(frozen=True)
class ShownSpaceSection:
    section: SpaceSection
    data: dict

    @property
    def count(self) -> int | None:
        return self.data.get(self.section.count_key) if self.section.count_key else None


def space_for(user) -> list[ShownSpaceSection]:
    """The sections of this person's space, in order, each with what it shows them."""
    shown = []
    for section in space_sections:
        data = section.context(user)
        if data is not None:
            shown.append(ShownSpaceSection(section, data))
    return shown


def latest_notifications(user) -> dict:
    groups = latest_groups(user, limit=5)
    return {"groups": groups, "unread": sum(group.unread for group in groups)}


# The base's own section (registered by labo.core.apps): the apps add theirs.
NOTIFICATIONS_SECTION = SpaceSection(
    name="notifications",
    order=60,
    title=_("Dernières notifications"),
    context=latest_notifications,
    template="notifications/space/latest.html",
    count_key="unread",
)


SHOWN_REVIEWS = 10


def reviews_waiting(user) -> dict | None:
    """For the CRESS team: the contributions waiting in « Relecture » (project profiles,
    resource proposals, events), oldest first, as Wagtail's own dashboard lists them."""
    if not is_staff_member(user):
        return None
    waiting = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    states = list(
        waiting.select_related("current_task_state__task", "requested_by")
        .prefetch_related("content_object")
        .order_by("created_at")[: SHOWN_REVIEWS + 1]
    )
    # Counted apart only when there are more than are shown.
    count = len(states) if len(states) <= SHOWN_REVIEWS else waiting.count()
    states = states[:SHOWN_REVIEWS]
    for state in states:
        # Every contribution under review is a page today; anything else opens from the admin.
        page = state.content_object
        state.edit_url = (
            reverse("wagtailadmin_pages:edit", args=[page.pk]) if isinstance(page, Page) else ""
        )
    return {"states": states, "count": count}


REVIEWS_SECTION = SpaceSection(
    name="relectures",
    order=6,
    title=_("Relectures en attente"),
    context=reviews_waiting,
    template="core/space/reviews.html",
    count_key="count",
)
