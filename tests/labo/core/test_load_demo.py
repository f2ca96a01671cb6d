import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from announcements.models import Announcement
from labo.accounts.models import PartnerOrganisation, User
from labo.notifications.models import Notification
from projects.models import Application, ProjectPage

pytestmark = pytest.mark.django_db

# The pages every URL of the public contract hangs from.
SITE_SECTIONS = {
    "le-labo",
    "charte",
    "mentions-legales",
    "accessibilite",
    "donnees-personnelles",
    "projets",
    "ressources",
    "agenda",
}


def _counts():
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "images": get_image_model().objects.count(),
        "organisations": PartnerOrganisation.objects.count(),
        "notifications": Notification.objects.count(),
        "sites": Site.objects.count(),
        "projects": ProjectPage.objects.count(),
    }


def test_load_demo_twice_gives_the_same_site(demo):
    call_command("load_demo", "--skip-index", verbosity=0)
    first = _counts()
    call_command("load_demo", verbosity=0)
    assert _counts() == first
    # The seven accounts of the public contract, and one referent for each other project.
    assert first["users"] == 8 + 28
    assert first["projects"] == 30
    assert first["organisations"] == 2
    assert set(PartnerOrganisation.objects.values_list("name", flat=True)) == {
        "Région Occitanie – Direction de l'habitat",
        "France Active Airdie-Occitanie",
    }


def test_demo_site_is_the_default_site_rooted_at_the_home_page(demo):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.__class__.__name__ == "HomePage"
    assert {p.slug for p in site.root_page.get_children()} >= SITE_SECTIONS


@override_settings(DEMO_LOGIN_ENABLED=False)
def test_load_demo_refuses_to_run_where_demo_logins_are_disabled(db):
    with pytest.raises(CommandError, match="DEMO_LOGIN_ENABLED"):
        call_command("load_demo", verbosity=0)


def test_init_site_builds_the_page_tree_on_an_empty_site_without_any_account(demo):
    # Applications protect their projects from deletion: clear them to empty the site.
    Application.objects.all().delete()
    Page.objects.get(depth=2).delete()
    users_before = User.objects.count()
    call_command("init_site", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page
    assert home.specific.__class__.__name__ == "HomePage"
    assert set(home.get_children().values_list("slug", flat=True)) == SITE_SECTIONS
    counts = _counts()
    call_command("init_site", verbosity=0)
    assert _counts() == counts
    assert User.objects.count() == users_before


def test_load_demo_says_what_it_created_and_what_it_left_in_place(demo):
    """Output to a file (not a terminal): plain lines, one per step, then the summary."""
    Announcement.objects.all().delete()
    output = io.StringIO()
    call_command("load_demo", "--skip-index", stdout=output)
    text = output.getvalue()
    assert "Démo : pages et comptes : 0/10 (0\u202f%)" in text
    assert "\r" not in text
    assert "Créé : 1 annonce." in text
    assert re.search(r"Déjà en place, laissé tel quel : .*\b30 projets\b", text)
    assert re.search(r"Démo : contenu en place \(\d+,\d s\)", text)

    output = io.StringIO()
    call_command("load_demo", "--skip-index", stdout=output)
    assert "Rien de nouveau à créer." in output.getvalue()
    assert "Créé :" not in output.getvalue()
