from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from labo.core.page_cache import public


def _first_live_url(model, request):
    page = public(model.objects.live()).first()
    return page.get_url(request) if page else None


def home_sections(*, request, home: Page) -> dict:
    """What the home page shows below its header: the latest projects, the next events, the
    newest resources and the liveliest threads this person may see; each section has an empty
    state that invites people in while it has nothing to show."""
    from events.models import EventIndexPage
    from events.selectors import upcoming_events
    from forum.permissions import threads_visible_to
    from labo.facets import five_minutes
    from projects.models import ProjectIndexPage
    from projects.selectors import public_projects, with_card_data
    from resources.models import ResourceIndexPage
    from resources.selectors import resources_visible_to

    # Lazy: the home page's body is a cached fragment (labo.core.fragments), and these are
    # built and read only when it is rendered (building a query costs a millisecond or two).
    user = request.user
    return {
        "featured_projects": SimpleLazyObject(
            lambda: with_card_data(public_projects()).order_by("-last_published_at", "pk")[:3]
        ),
        "upcoming_events": SimpleLazyObject(
            lambda: upcoming_events().select_related("commune")[:3]
        ),
        "latest_resources": SimpleLazyObject(
            lambda: resources_visible_to(user).order_by("-first_published_at")[:3]
        ),
        "active_threads": SimpleLazyObject(
            lambda: (
                threads_visible_to(user)
                .select_related("category")
                .order_by("-last_activity_at")[:3]
            )
        ),
        "projects_url": SimpleLazyObject(lambda: _first_live_url(ProjectIndexPage, request)),
        "events_url": SimpleLazyObject(lambda: _first_live_url(EventIndexPage, request)),
        "resources_url": SimpleLazyObject(lambda: _first_live_url(ResourceIndexPage, request)),
        # The next events change with the clock, not only with content.
        "moment": five_minutes(),
    }
