"""What the speed work keeps in the cache (docs/performance.md) follows every change at once
and never widens what anyone may see: routes to pages, sites, view restrictions, facet counts
and list totals, the forum's unread count."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from forum import services as forum_services
from projects.models import ProjectIndexPage, ProjectPage
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _warm(client, address: str):
    client.get(address)
    return client.get(address)


def test_a_remembered_route_follows_unpublishing_moving_and_republishing(demo):
    visitor = Client()
    project = ProjectPage.objects.get(slug=SLUG)
    address = project.url
    assert _warm(visitor, address).status_code == 200
    project.unpublish()
    assert visitor.get(address).status_code == 404
    project.save_revision().publish()
    assert visitor.get(address).status_code == 200
    project.slug = "toits-partages-lauragais"
    project.save_revision().publish()
    assert visitor.get(address).status_code == 404
    assert visitor.get("/projets/toits-partages-lauragais/").status_code == 200


def test_a_restriction_added_after_the_route_was_remembered_applies_at_once(demo, client):
    project = ProjectPage.objects.get(slug=SLUG)
    assert _warm(Client(), project.url).status_code == 200
    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.LOGIN)
    refused = Client().get(project.url)
    assert refused.status_code == 302 and "/compte/login/" in refused["Location"]
    # A section made private covers the pages below it too.
    PageViewRestriction.objects.all().delete()
    assert Client().get(project.url).status_code == 200
    PageViewRestriction.objects.create(
        page=project.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert Client().get(project.url).status_code == 302
    client.force_login(demo["membre@labo.test"])
    assert client.get(project.url).status_code == 200


def test_each_site_routes_to_its_own_root_whatever_the_cache_holds(demo):
    visitor = Client()
    assert "Référencer mon projet" not in _warm(visitor, "/").content.decode()
    projects_index = ProjectIndexPage.objects.get()
    Site.objects.create(hostname="projets.example", port=80, root_page=projects_index)
    other = visitor.get("/", HTTP_HOST="projets.example")
    assert "Référencer mon projet" in other.content.decode()
    assert "Référencer mon projet" not in visitor.get("/").content.decode()


def _resource_total(html: str) -> int:
    return int(re.search(r'id="results-title">(\d+) ressources?<', html)[1])


def test_list_totals_and_facets_are_kept_per_audience(demo, client):
    visitor_total = _resource_total(_warm(Client(), "/ressources/").content.decode())
    client.force_login(demo["membre@labo.test"])
    member_page = client.get("/ressources/").content.decode()
    assert _resource_total(member_page) > visitor_total  # the members-only resources
    # And the visitor's count is still theirs once the member's is in the cache.
    visitor_page = Client().get("/ressources/").content.decode()
    assert _resource_total(visitor_page) == visitor_total


def test_list_totals_follow_a_publication(demo):
    visitor = Client()
    total = int(re.search(r"(\d+) projets?</h2>", _warm(visitor, "/projets/").content.decode())[1])
    ProjectPage.objects.get(slug=SLUG).unpublish()
    after = re.search(r"(\d+) projets?</h2>", visitor.get("/projets/").content.decode())[1]
    assert int(after) == total - 1


def _unread_in_navigation(html: str) -> int:
    found = re.search(r'badge--count">(\d+)<span class="visually-hidden"> sujets avec', html)
    return int(found[1]) if found else 0


def test_the_unread_count_in_the_navigation_follows_reading_and_new_posts(demo, client):
    reader, writer = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    client.force_login(reader)
    before = _unread_in_navigation(client.get("/agenda/").content.decode())
    thread = make_thread(writer, title="Une question toute neuve", category_slug="foncier")
    assert _unread_in_navigation(client.get("/agenda/").content.decode()) == before + 1
    client.get(thread.get_absolute_url())
    assert _unread_in_navigation(client.get("/agenda/").content.decode()) == before
    forum_services.reply_create(thread=thread, user=writer, text="Une précision.")
    assert _unread_in_navigation(client.get("/agenda/").content.decode()) == before + 1
    # Reading an already read thread again changes nothing and keeps the count.
    client.get(thread.get_absolute_url())
    client.get(thread.get_absolute_url())
    assert _unread_in_navigation(client.get("/agenda/").content.decode()) == before


def _queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@override_settings(PAGE_CACHE_SECONDS=0)
def test_every_event_and_project_page_makes_the_same_number_of_queries(demo):
    """What a page shows of its foreign keys comes with it (labo.core.routing): an event with
    or without a commune or a programme, a project with or without images, cost the same."""
    from events.models import EventPage

    for model in (EventPage, ProjectPage):
        counts = {}
        for page in model.objects.live().public():
            visitor = Client()
            visitor.get(page.url)  # the route is remembered, renditions made…
            visitor.get(page.url)
            # The fewest of two: an event's kept parts are keyed by the five minutes they were
            # made in (labo.facets.five_minutes), and a run may cross into the next ones.
            counts[page.slug] = min(_queries_of(visitor, page.url) for _ in range(2))
        assert len(set(counts.values())) == 1, counts


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_page_is_served_whole_from_the_cache_from_its_second_request(demo):
    # The first request remembers the route and the page itself: the second costs what all
    # the later ones cost (make bench counts the queries of the second).
    from django.core.cache import cache

    cache.clear()
    client = Client()
    url = ProjectPage.objects.live().order_by("pk").first().url

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    queries()
    assert queries() == queries() == 0
