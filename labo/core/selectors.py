from wagtail.models import Page


def _first_live_url(model, request):
    page = model.objects.live().public().first()
    return page.get_url(request) if page else None


def home_sections(*, request, home: Page) -> dict:
    """What the home page shows below its header. Each section has an empty state that invites
    people in until its app has content (projects, events, resources, forum)."""
    from labo.events.models import EventIndexPage
    from projects.models import ProjectIndexPage
    from projects.selectors import public_projects, with_card_data
    from resources.models import ResourceIndexPage

    featured = with_card_data(public_projects()).order_by("-last_published_at", "pk")[:3]
    return {
        "featured_projects": list(featured),
        "upcoming_events": [],
        "latest_resources": [],
        "active_threads": [],
        "projects_url": _first_live_url(ProjectIndexPage, request),
        "events_url": _first_live_url(EventIndexPage, request),
        "resources_url": _first_live_url(ResourceIndexPage, request),
    }
