"""The frame of every page — main menu and footer — is built by the writes that change it
(labo.core.layout), so that a page reads it in one query with every cache empty."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from labo.core.models import SiteLayout, SiteSettings
from projects.models import ProjectIndexPage, ProjectPage
from tests.caches import NO_CACHES

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    return html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


def _footer(html: str) -> str:
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def test_a_page_linked_from_the_menu_renamed_and_published_shows_its_new_title(demo, client):
    assert ">Projets</a>" in _menu(client.get("/").content.decode())
    index = ProjectIndexPage.objects.get()
    index.title = "Les projets"
    index.save_revision().publish()
    # The menu's label is the editor's; its address follows the page: move the page's slug.
    index.slug = "les-projets"
    index.save_revision().publish()
    menu = _menu(client.get("/").content.decode())
    assert 'href="/les-projets/"' in menu
    assert 'href="/projets/"' not in menu


def test_the_footer_follows_the_site_settings(demo, client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "ecrire@labo.test"
    settings.save()
    footer = _footer(client.get("/").content.decode())
    assert 'href="mailto:ecrire@labo.test"' in footer
    assert "labo-habitat@cressoccitanie.org" not in footer


def test_with_every_cache_empty_the_frame_comes_with_the_sites(demo):
    with override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0):
        client = Client()
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/").content.decode()
    tables = [query["sql"] for query in queries.captured_queries]
    assert sum('FROM "core_sitelayout"' in sql for sql in tables) == 1
    # In the very query that finds the request's site: no query of its own.
    assert sum('FROM "wagtailcore_site"' in sql for sql in tables) == 1
    assert any(
        'FROM "core_sitelayout"' in sql and 'FROM "wagtailcore_site"' in sql for sql in tables
    )
    assert not any('FROM "core_navigationsettings"' in sql for sql in tables)
    assert not any('FROM "core_sitesettings"' in sql for sql in tables)
    # The private sections come with the frame too.
    assert not any('FROM "wagtailcore_pageviewrestriction"' in sql for sql in tables)
    assert ">Projets</a>" in _menu(html) and "Région Occitanie" in _footer(html)


def test_a_site_without_its_row_still_shows_its_frame(demo, client):
    SiteLayout.objects.all().delete()
    with override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0):
        html = Client().get("/").content.decode()
    assert ">Projets</a>" in _menu(html) and "Région Occitanie" in _footer(html)


def _crumbs(html: str) -> str:
    return html.split('aria-label="Fil d', 1)[1].split("</nav>", 1)[0]


def test_breadcrumbs_come_with_the_frame_and_follow_a_renamed_section(demo, client):
    project = ProjectPage.objects.live().order_by("pk").first()
    index = ProjectIndexPage.objects.get()
    index.title = "Annuaire des projets"
    index.save_revision().publish()
    with override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0):
        client.get(project.url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(project.url).content.decode()
    crumbs = _crumbs(html)
    assert ">Accueil</a>" in crumbs and 'href="/projets/">Annuaire des projets</a>' in crumbs
    # The ancestors were not read from the tree.
    assert not any('"wagtailcore_page"."path" IN' in q["sql"] for q in queries.captured_queries)


def test_a_section_made_private_leaves_visitors_at_once_with_every_cache_empty(demo):
    from wagtail.models import PageViewRestriction

    project = ProjectPage.objects.live().order_by("pk").first()
    with override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0):
        assert Client().get(project.url).status_code == 200
        restriction = PageViewRestriction.objects.create(
            page=project.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
        assert Client().get(project.url).status_code == 302
        restriction.delete()
        assert Client().get(project.url).status_code == 200


def _home_with_every_cache_empty() -> tuple[str, list[str]]:
    with override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0):
        client = Client()
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/").content.decode()
    return html, [query["sql"] for query in queries.captured_queries]


def _reads_directories(sqls: list[str]) -> bool:
    # The query the frame spares: the addresses of Wagtail's pages of some types.
    spared = (
        'SELECT "wagtailcore_page"."id", "wagtailcore_page"."path", '
        '"wagtailcore_page"."content_type_id", "wagtailcore_page"."url_path" FROM'
    )
    return any(sql.startswith(spared) for sql in sqls)


def test_the_home_page_finds_its_directories_in_the_frame(demo):
    html, sqls = _home_with_every_cache_empty()
    assert 'href="/projets/">Tous les projets' in html
    assert 'href="/agenda/">Tout l&#x27;agenda' in html or 'href="/agenda/">Tout l\'agenda' in html
    assert 'href="/ressources/">Toutes les ressources' in html
    assert not _reads_directories(sqls)
    # Moved, the directory is linked at its new address by the next page.
    index = ProjectIndexPage.objects.get()
    index.slug = "annuaire"
    index.save_revision().publish()
    html, sqls = _home_with_every_cache_empty()
    assert 'href="/annuaire/">Tous les projets' in html and not _reads_directories(sqls)


def test_a_private_directory_is_not_linked_from_the_home_page(demo):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=ProjectIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN
    )
    html, _ = _home_with_every_cache_empty()
    assert "Tous les projets" not in html
    assert 'href="/agenda/">' in html


def test_a_frame_built_before_it_named_page_types_still_links_the_directories(demo):
    # Rows written by an earlier version name no page type until `migrate` builds them again.
    for layout in SiteLayout.objects.all():
        for section in layout.sections.values():
            section.pop("type", None)
        layout.save()
    html, sqls = _home_with_every_cache_empty()
    assert 'href="/projets/">Tous les projets' in html and _reads_directories(sqls)
