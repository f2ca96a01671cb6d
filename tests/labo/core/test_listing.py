"""Who a listed page is listed for (labo.core.listing) follows every change of the truth —
publishing, unpublishing, view restrictions, moves — and the directories, the library, the
agenda and their counts show a person exactly what they may read."""

import pytest
from django.core.management import call_command
from django.utils.html import escape
from wagtail.models import Page, PageViewRestriction

from events.models import EventPage
from labo.core.listing import Listing, listing_mismatches, refresh_listing
from projects.models import ProjectIndexPage, ProjectPage
from resources.models import ResourcePage
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

MEMBERS_ONLY = "Modèle de statuts de coopérative d'habitants"
MEMBERS_ONLY_HTML = escape(MEMBERS_ONLY)
DRAFT = "Tableau de suivi des apports des foyers"
PROJECT = "Les Toits Partagés du Lauragais"
LAURAGAIS = "/projets/?departement=31"


def _login(client, user):
    client.login(email=user.email, password=DEMO_PASSWORD)


def _listed(model) -> dict[str, int]:
    return dict(model.objects.values_list("title", "listed_for"))


def test_the_demo_is_listed_as_its_pages_and_restrictions_say(demo):
    assert listing_mismatches() == []
    resources = _listed(ResourcePage)
    assert resources[MEMBERS_ONLY] == Listing.MEMBERS
    assert resources[DRAFT] == Listing.NOBODY
    assert _listed(ProjectPage)[PROJECT] == Listing.EVERYONE
    assert set(_listed(EventPage).values()) == {Listing.EVERYONE}


def test_the_library_shows_members_only_resources_to_members_only(demo, client):
    visitor = client.get("/ressources/?q=statuts").content.decode()
    assert MEMBERS_ONLY_HTML not in visitor
    assert DRAFT not in visitor
    _login(client, demo["membre@labo.test"])
    member = client.get("/ressources/?q=statuts").content.decode()
    assert MEMBERS_ONLY_HTML in member
    assert DRAFT not in member


def test_unpublishing_and_publishing_again_moves_the_listing(demo, client):
    resource = ResourcePage.objects.get(title=MEMBERS_ONLY)
    resource.unpublish()
    assert ResourcePage.objects.get(pk=resource.pk).listed_for == Listing.NOBODY
    project = ProjectPage.objects.get(title=PROJECT)
    project.unpublish()
    assert ProjectPage.objects.get(pk=project.pk).listed_for == Listing.NOBODY
    assert PROJECT not in client.get("/projets/").content.decode()
    project.get_latest_revision().publish()
    assert ProjectPage.objects.get(pk=project.pk).listed_for == Listing.EVERYONE
    assert PROJECT in client.get("/projets/").content.decode()


def test_a_subtree_unpublished_as_plain_pages_leaves_every_list(demo, client):
    # Wagtail's queryset unpublish() saves plain Page objects, not the projects themselves.
    index = ProjectIndexPage.objects.get()
    Page.objects.descendant_of(index).live().unpublish()
    assert set(_listed(ProjectPage).values()) == {Listing.NOBODY}
    assert PROJECT not in client.get(LAURAGAIS).content.decode()
    assert listing_mismatches() == []


def test_a_view_restriction_on_a_section_lists_it_for_members_then_for_everyone_again(demo, client):
    index = ProjectIndexPage.objects.get()
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    assert set(_listed(ProjectPage).values()) == {Listing.MEMBERS}
    assert PROJECT not in client.get(LAURAGAIS).content.decode()
    restriction.restriction_type = PageViewRestriction.PASSWORD
    restriction.password = "secret-du-comite"
    restriction.save()
    assert set(_listed(ProjectPage).values()) == {Listing.RESTRICTED}
    restriction.delete()
    assert set(_listed(ProjectPage).values()) == {Listing.EVERYONE}
    assert PROJECT in client.get(LAURAGAIS).content.decode()


def test_a_groups_restriction_hides_a_resource_from_members_but_not_from_the_team(demo, client):
    resource = ResourcePage.objects.get(title="Fiche n° 2 : financement")
    restriction = PageViewRestriction.objects.get(page=resource)
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    assert ResourcePage.objects.get(pk=resource.pk).listed_for == Listing.RESTRICTED
    _login(client, demo["membre@labo.test"])
    assert resource.title not in client.get("/ressources/?q=financement").content.decode()
    client.logout()
    _login(client, demo["equipe@labo.test"])
    assert resource.title in client.get("/ressources/?q=financement").content.decode()


def test_a_page_moved_under_a_restricted_section_follows_it(demo):
    resource = ResourcePage.objects.get(title="Fiche n° 9 : financement")
    public = ResourcePage.objects.filter(listed_for=Listing.EVERYONE).first()
    resource.move(public, pos="last-child")
    # Its own restriction still covers it; the page it moved under has none.
    assert ResourcePage.objects.get(pk=resource.pk).listed_for == Listing.MEMBERS
    PageViewRestriction.objects.filter(page=resource).delete()
    assert ResourcePage.objects.get(pk=resource.pk).listed_for == Listing.EVERYONE
    PageViewRestriction.objects.create(page=public, restriction_type=PageViewRestriction.LOGIN)
    assert ResourcePage.objects.get(pk=resource.pk).listed_for == Listing.MEMBERS


def test_the_counts_agree_with_the_lists_for_each_person(demo, client):
    visitor = client.get("/ressources/").context["facets"]
    _login(client, demo["membre@labo.test"])
    member = client.get("/ressources/").context["facets"]
    visible = ResourcePage.objects.filter(listed_for=Listing.EVERYONE).count()
    assert visitor["total"] == visible
    assert (
        member["total"] == visible + ResourcePage.objects.filter(listed_for=Listing.MEMBERS).count()
    )
    themes = {option["value"]: option["count"] for option in visitor["theme"]}
    for slug, count in themes.items():
        assert (
            count
            == ResourcePage.objects.filter(listed_for=Listing.EVERYONE, themes__slug=slug).count()
        )


def test_refresh_listing_repairs_rows_written_behind_its_back(demo):
    ResourcePage.objects.update(listed_for=Listing.NOBODY)
    assert len(listing_mismatches()) == ResourcePage.objects.filter(live=True).count()
    call_command("refresh_listing", verbosity=0)
    assert listing_mismatches() == []
    assert refresh_listing() == 0
