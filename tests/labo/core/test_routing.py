"""With every cache empty, a page is found by its address in one indexed query
(labo.core.routing), and what Wagtail decides after routing still holds: unpublished pages
are not found, private ones ask to sign in, sub-routes and unknown addresses go to Wagtail."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from projects.models import ProjectPage
from tests.caches import NO_CACHES

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


@pytest.fixture
def no_caches():
    with override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0):
        yield


def test_a_page_is_found_by_its_address_without_walking_the_tree(demo, no_caches):
    project = ProjectPage.objects.get(slug=SLUG)
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(project.url)
    assert response.status_code == 200 and project.title in response.content.decode()
    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('"wagtailcore_page"."url_path" =' in statement for statement in sql) == 1
    # Wagtail's routing asks for each level's children by depth: none of that.
    assert not any('"wagtailcore_page"."depth" =' in statement for statement in sql)


def test_an_unpublished_page_is_not_found(demo, no_caches):
    project = ProjectPage.objects.get(slug=SLUG)
    url = project.url
    project.unpublish()
    assert Client().get(url).status_code == 404
    assert Client().get("/projets/aucun-projet-de-ce-nom/").status_code == 404


def test_a_private_page_found_by_its_address_still_asks_to_sign_in(demo, no_caches):
    project = ProjectPage.objects.get(slug=SLUG)
    PageViewRestriction.objects.create(
        page=project.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    refused = Client().get(project.url)
    assert refused.status_code == 302 and "/compte/login/" in refused["Location"]


def test_the_home_page_is_the_sites_root(demo, no_caches):
    response = Client().get("/")
    assert response.status_code == 200
    assert "Habiter ensemble" in response.content.decode()
