"""« Ressources proches » under a resource: up to three others, those sharing the most themes
first; never the resource itself, never one this person may not see; read in one query."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from resources.models import ResourcePage, ResourceTheme
from resources.selectors import related_resources

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "modele-de-statuts-de-cooperative-dhabitants"


def _section(html: str) -> str:
    return html.split('id="related-title"', 1)[1].split("</section>", 1)[0]


def _with_themes(title: str, themes: list[ResourceTheme]) -> ResourcePage:
    page = ResourcePage.objects.live().get(title=title)
    page.themes.set(themes)
    page.save_revision().publish()
    return page


def test_the_resources_sharing_most_themes_come_first(demo, client):
    # Themes of the test's own, so that no demo resource shares them.
    a, b, c = (
        ResourceTheme.objects.create(name=f"Thème d'essai {n}", slug=f"theme-essai-{n}")
        for n in range(3)
    )
    shown, two, one = ResourcePage.objects.live().public().exclude(slug=MEMBERS_ONLY)[:3]
    _with_themes(shown.title, [a, b, c])
    _with_themes(two.title, [a, b])
    _with_themes(one.title, [c])
    section = _section(client.get(shown.url).content.decode())
    assert section.index(two.title) < section.index(one.title)
    assert shown.title not in section
    assert [r.pk for r in related_resources(AnonymousUser(), shown)] == [two.pk, one.pk]


def test_members_only_resources_are_proposed_to_members_only(demo, client):
    theme = ResourceTheme.objects.create(name="Statuts rares", slug="statuts-rares")
    hidden = _with_themes(ResourcePage.objects.get(slug=MEMBERS_ONLY).title, [theme])
    public = ResourcePage.objects.live().public().exclude(pk=hidden.pk).first()
    public = _with_themes(public.title, [theme])
    assert related_resources(AnonymousUser(), public) == []
    assert 'id="related-title"' not in client.get(public.url).content.decode()
    client.force_login(demo["membre@labo.test"])
    assert escape(hidden.title) in _section(client.get(public.url).content.decode())


def test_at_most_three_in_one_query(demo):
    resource = ResourcePage.objects.live().public().filter(themes__isnull=False).first()
    with CaptureQueriesContext(connection) as queries:
        shown = related_resources(AnonymousUser(), resource)
    assert len(queries.captured_queries) == 1
    assert 0 < len(shown) <= 3 and resource not in shown
