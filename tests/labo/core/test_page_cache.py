"""The facts kept in the shared cache (private sections, menu, footer) follow every change at
once: a page made private leaves the lists, an edited menu or footer shows on the next page."""

import pytest
from wagtail.models import PageViewRestriction

from labo.core.models import NavigationSettings, SiteSettings
from projects.models import ProjectPage

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def test_a_section_made_private_leaves_the_lists_at_once(demo, client):
    project = ProjectPage.objects.get(slug=SLUG)
    listing = "/projets/export.geojson"  # every public project, on one page

    def listed() -> bool:
        return project.title in client.get(listing).content.decode()

    assert listed()  # and the cache is warm
    restriction = PageViewRestriction.objects.create(
        page=project, restriction_type=PageViewRestriction.LOGIN
    )
    assert not listed()
    restriction.delete()
    assert listed()


def test_the_menu_and_the_footer_follow_their_settings(demo, client):
    home = client.get("/").content.decode()
    assert ">Projets<" in home
    navigation = NavigationSettings.objects.get()
    links = [(block.block_type, dict(block.value)) for block in navigation.main_menu]
    links[0][1]["label"] = "Les projets d'Occitanie"
    navigation.main_menu = links
    navigation.save()
    site_settings = SiteSettings.objects.get()
    site_settings.contact_email = "bonjour@labo.example"
    site_settings.save()
    home = client.get("/").content.decode()
    assert "Les projets d&#x27;Occitanie" in home
    assert "bonjour@labo.example" in home


def test_a_published_page_appears_in_the_menu_links_with_its_new_address(demo, client):
    client.get("/")  # warm
    projects_index = ProjectPage.objects.get(slug=SLUG).get_parent().specific
    projects_index.slug = "les-projets"
    projects_index.save_revision().publish()
    assert 'href="/les-projets/"' in client.get("/").content.decode()
