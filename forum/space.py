"""The forum's sections of « Mon espace » (labo.core.space): the threads and categories I
follow, with a way to stop, and for moderators their queue."""

from django.utils.translation import gettext_lazy as _

from forum import permissions
from forum.selectors import moderation_waiting_count
from labo.core.space import SpaceSection

SHOWN = 30


def forum_follows(user) -> dict | None:
    # Only what this person may still read: a thread hidden or a category closed since they
    # followed it drops out of the list.
    threads = list(
        permissions.threads_visible_to(user)
        .filter(follows__user=user)
        .select_related("category")
        .order_by("-last_activity_at")[:SHOWN]
    )
    categories = list(
        permissions.categories_visible_to(user).filter(follows__user=user).order_by("name")
    )
    return {"threads": threads, "categories": categories, "count": len(threads) + len(categories)}


def moderation_waiting(user) -> dict | None:
    if not permissions.can_moderate(user):
        return None
    return {"count": moderation_waiting_count()}


def my_drafts(user) -> dict:
    """Forum drafts are kept by the browser that typed them (static/js/forum.js): the section
    is filled there, by static/js/drafts.js."""
    return {}


SECTIONS = [
    SpaceSection(
        name="moderation",
        order=5,
        title=_("Modération du forum"),
        context=moderation_waiting,
        template="forum/space/moderation.html",
        count_key="count",
    ),
    SpaceSection(
        name="forum-suivi",
        order=40,
        title=_("Ce que je suis au forum"),
        context=forum_follows,
        template="forum/space/follows.html",
        count_key="count",
    ),
    SpaceSection(
        name="brouillons",
        order=45,
        title=_("Mes brouillons"),
        context=my_drafts,
        template="forum/space/drafts.html",
    ),
]
