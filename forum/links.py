"""What a thread may be linked to — a project, a resource, an event — described once: the
thread's field, the new-thread form's parameter (`?projet=…`), the page type, what the
thread's page says of it, and the pages of that kind a person may link to and read. The form,
the thread's page and « Au forum » on the linked pages all read this list."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from events.selectors import events_visible_to
from projects.selectors import public_projects
from resources.selectors import resources_visible_to


@dataclass(frozen=True)
class ThreadLink:
    field: str
    param: str
    page_type: str
    label: str
    refusal: str
    # pages(user): the live pages of this kind the person may see.
    pages: Callable


THREAD_LINKS = (
    ThreadLink(
        "related_project",
        "projet",
        "projects.ProjectPage",
        _("Projet lié :"),
        _("Ce projet n'existe pas ou n'est pas publié."),
        lambda user: public_projects(),
    ),
    ThreadLink(
        "related_resource",
        "ressource",
        "resources.ResourcePage",
        _("Ressource liée :"),
        _("Cette ressource n'existe pas ou ne vous est pas accessible."),
        resources_visible_to,
    ),
    ThreadLink(
        "related_event",
        "evenement",
        "events.EventPage",
        _("Événement lié :"),
        _("Cet événement n'existe pas ou ne vous est pas accessible."),
        events_visible_to,
    ),
)


def link_for(page) -> ThreadLink:
    """The link a thread makes to a page of this type."""
    return next(link for link in THREAD_LINKS if link.page_type == page._meta.label)
