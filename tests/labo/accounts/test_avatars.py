"""Members' photos where their avatar appears (the header, forum posts, « Qui vient ? »): shown
to whoever may see their profile, initials otherwise, and never a query per avatar."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from labo.accounts.models import MemberProfile
from tests.caches import NO_CACHES
from tests.forum.factories import make_replies, make_thread

pytestmark = pytest.mark.django_db


def _photo_of(email: str) -> str:
    return MemberProfile.objects.get(user__email=email).avatar.url


def _shows_photo(html: str, email: str) -> bool:
    return f'src="{_photo_of(email)}"' in html


def test_the_demo_members_with_a_photo_show_it_where_their_profile_may_be_seen(demo):
    # Inès's profile is public, Camille's for members (labo.core.demo.accounts).
    thread = make_thread(demo["porteur.a@labo.test"], title="Un fil avec des visages")
    make_replies(thread, [demo["equipe@labo.test"]], 1)
    visitor = Client().get(thread.get_absolute_url()).content.decode()
    assert _shows_photo(visitor, "equipe@labo.test")
    assert not _shows_photo(visitor, "porteur.a@labo.test")
    assert 'aria-hidden="true">CR</span>' in visitor  # Camille's initials instead
    member = Client()
    member.force_login(demo["porteur.b@labo.test"])
    html = member.get(thread.get_absolute_url()).content.decode()
    assert _shows_photo(html, "porteur.a@labo.test") and _shows_photo(html, "equipe@labo.test")


def test_a_photo_is_an_image_hidden_from_screen_readers_beside_the_name(demo):
    thread = make_thread(demo["equipe@labo.test"], title="Un fil pour la photo")
    html = Client().get(thread.get_absolute_url()).content.decode()
    tag = re.search(r'<img class="avatar avatar--photo[^>]*>', html).group(0)
    assert 'alt=""' in tag and 'width="256" height="256"' in tag
    assert "Inès Garcia" in html.split(tag, 1)[1][:200]


def test_the_header_shows_the_signed_in_members_photo_without_a_query_of_its_own(demo, client):
    client.force_login(demo["membre@labo.test"])
    client.get("/forum/")
    with CaptureQueriesContext(connection) as with_photo:
        html = client.get("/forum/").content.decode()
    account_menu = html.split('class="account-menu"', 1)[1][:600]
    assert _shows_photo(account_menu, "membre@labo.test")
    MemberProfile.objects.filter(user__email="membre@labo.test").update(avatar="")
    client.get("/forum/")
    with CaptureQueriesContext(connection) as without_photo:
        client.get("/forum/")
    assert len(with_photo) == len(without_photo)


@override_settings(CACHES=NO_CACHES, PAGE_CACHE_SECONDS=0)
def test_replies_with_photos_cost_no_query_per_avatar(demo, client):
    thread = make_thread(demo["porteur.a@labo.test"], title="Beaucoup de visages")
    people = [demo[email] for email in ("membre@labo.test", "equipe@labo.test")]
    make_replies(thread, people, 2)

    def queries() -> int:
        client.get(thread.get_absolute_url())
        with CaptureQueriesContext(connection) as captured:
            client.get(thread.get_absolute_url())
        return len(captured)

    few = queries()
    make_replies(thread, people, 20)
    assert queries() == few


def test_who_is_coming_shows_the_photos_to_members(demo, client):
    from events.models import EventPage, Registration, RegistrationStatus

    event = EventPage.objects.filter(registration_enabled=True).first()
    Registration.objects.filter(event=event).delete()
    for email in ("porteur.a@labo.test", "membre@labo.test"):
        Registration.objects.create(
            event=event, user=demo[email], status=RegistrationStatus.CONFIRMED, name_shown=True
        )
    client.force_login(demo["porteur.b@labo.test"])
    html = client.get(event.url).content.decode()
    coming = html.split('id="coming-title"', 1)[1].split("</section>", 1)[0]
    assert _shows_photo(coming, "porteur.a@labo.test") and _shows_photo(coming, "membre@labo.test")


def test_a_project_team_shows_its_members_photos(demo, client):
    from projects.models import ProjectMembership

    membership = ProjectMembership.objects.filter(user__email="porteur.a@labo.test").first()
    client.force_login(demo["membre@labo.test"])
    html = client.get(membership.project.url).content.decode()
    team = html.split("L'équipe", 1)[1].split("</ul>", 1)[0]
    assert _shows_photo(team, "porteur.a@labo.test")
    # Camille's profile is for members: a visitor sees her initials in the team.
    team = Client().get(membership.project.url).content.decode().split("L'équipe", 1)[1]
    assert not _shows_photo(team.split("</ul>", 1)[0], "porteur.a@labo.test")
