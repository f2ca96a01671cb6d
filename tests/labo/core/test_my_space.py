"""« Mon espace » (/espace/): each person finds their own things there, one click from any
page, and nothing of anyone else's."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from forum.models import Thread
from forum.selectors import moderation_queue, moderation_waiting_count
from forum.services import thread_follow_set
from labo.notifications.models import Notification
from projects.models import Application, ProjectPage
from projects.services import project_follow
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _space(client, user) -> str:
    client.force_login(user)
    response = client.get("/espace/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


@pytest.mark.smoke
def test_a_carrier_reaches_their_space_from_any_page_and_finds_project_and_applications(
    demo, client
):
    carrier = demo["porteur.a@labo.test"]
    client.force_login(carrier)
    for path in ("/", "/projets/", "/forum/", "/agenda/"):
        assert 'href="/espace/"' in client.get(path).content.decode(), path

    html = _space(client, carrier)
    assert "Les Toits Partagés du Lauragais" in html
    assert f'href="/projets/{SLUG}/modifier/"' in html
    for application in Application.objects.filter(project__slug=SLUG):
        assert f'href="/candidatures/{application.pk}/"' in html
        assert application.stage.carrier_name in html
    # Sign-out lives in the account menu, not as the header's loudest button.
    assert 'class="account-menu"' in html
    assert "Se déconnecter" in html.split('class="account-menu__list"')[1].split("</ul>")[0]


def test_nobody_sees_anyone_elses_projects_or_applications(demo, client):
    html = _space(client, demo["porteur.b@labo.test"])
    assert "Les Toits Partagés du Lauragais" not in html
    assert "Habitat groupé du Grand Pic" in html

    member_html = _space(client, demo["membre@labo.test"])
    assert "Mes candidatures" not in member_html
    assert "/candidatures/" not in member_html.split('id="contenu"')[1].split("site-footer")[0]
    # Team and moderation sections are not theirs.
    for title in ("Modération du forum", "Relectures en attente", "Candidatures qui attendent"):
        assert title not in member_html
    # A member who carries nothing is invited to reference a project.
    assert "Référencer un projet" in member_html

    stranger = UserFactory(email="quelquun@exemple.fr")
    stranger_html = _space(client, stranger)
    assert "Candidatures partagées" not in stranger_html


def test_a_partner_sees_the_applications_shared_with_their_organisation_only(demo, client):
    partner = demo["partenaire@labo.test"]
    html = _space(client, partner)
    shared = Application.objects.filter(shared_with__memberships__user=partner).distinct()
    assert shared.exists()
    for application in shared:
        assert f'href="/candidatures/{application.pk}/"' in html
    for application in Application.objects.exclude(pk__in=shared):
        assert f'href="/candidatures/{application.pk}/"' not in html
    assert "Mes projets" not in html


def test_staff_and_moderators_find_their_queues(demo, client):
    staff_html = _space(client, demo["equipe@labo.test"])
    assert "Relectures en attente" in staff_html
    assert "Candidatures qui attendent" in staff_html
    assert reverse("forum:moderation") in staff_html

    moderator_html = _space(client, demo["moderation@labo.test"])
    assert "Modération du forum" in moderator_html
    # The figure counts what the queue lists (held, hidden, flagged), without loading it.
    queue = moderation_queue()
    waiting = len(queue["threads"]) + len(queue["replies"])
    assert waiting > 0 and moderation_waiting_count() == waiting
    assert f"{waiting} messages attendent une décision" in moderator_html
    assert "Relectures en attente" not in moderator_html


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get("/espace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_what_i_follow_can_be_dropped_from_my_space(demo, client):
    member = demo["membre@labo.test"]
    thread = Thread.objects.filter(category__members_only=False).exclude(author=member).first()
    thread_follow_set(user=member, thread=thread, follow=True)
    project = ProjectPage.objects.live().get(slug=SLUG)
    project_follow(user=member, project=project)
    html = _space(client, member)
    assert escape(thread.title) in html and "Projets suivis" in html
    assert escape(project.title) in html.split('id="projets-suivis"')[1]

    response = client.post(
        f"/forum/sujet/{thread.pk}/suivre/", {"suivre": "0", "next": "/espace/#forum-suivi"}
    )
    assert response["Location"] == "/espace/#forum-suivi"
    response = client.post(f"/projets/{SLUG}/suivre/", {"next": "/espace/#projets-suivis"})
    assert response["Location"] == "/espace/#projets-suivis"
    html = client.get("/espace/").content.decode()
    assert escape(thread.title) not in html.split('id="forum-suivi"')[1].split("</section>")[0]
    assert escape(project.title) not in html.split('id="projets-suivis"')[1].split("</section>")[0]


def test_a_followed_project_restricted_since_drops_out(demo, client):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from labo.roles import STAFF_GROUP

    member = demo["membre@labo.test"]
    project = ProjectPage.objects.live().get(slug=SLUG)
    project_follow(user=member, project=project)
    assert escape(project.title) in _space(client, member).split('id="projets-suivis"')[1]
    restriction = PageViewRestriction.objects.create(
        page=project, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=STAFF_GROUP))
    section = _space(client, member).split('id="projets-suivis"')[1].split("</section>")[0]
    assert escape(project.title) not in section


def test_an_outside_next_address_is_never_followed(demo, client):
    member = demo["membre@labo.test"]
    thread = Thread.objects.filter(category__members_only=False).first()
    client.force_login(member)
    for outside in ("https://ailleurs.example/", "//ailleurs.example/", "/\\ailleurs.example"):
        response = client.post(
            f"/forum/sujet/{thread.pk}/suivre/", {"suivre": "1", "next": outside}
        )
        assert response["Location"] == thread.get_absolute_url(), outside


def test_the_space_costs_the_same_queries_with_many_follows(
    demo, client, django_assert_max_num_queries
):
    member = demo["membre@labo.test"]
    client.force_login(member)
    client.get("/espace/")
    with django_assert_max_num_queries(30) as few:
        client.get("/espace/")
    for thread in Thread.objects.filter(category__members_only=False)[:12]:
        thread_follow_set(user=member, thread=thread, follow=True)
    for project in ProjectPage.objects.live()[:8]:
        project_follow(user=member, project=project)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/espace/")


def test_a_notification_opens_where_it_points_and_is_then_read(demo, client):
    member = demo["membre@labo.test"]
    notification = Notification.objects.create(
        recipient=member,
        kind="forum.reply",
        title="Nouvelle réponse",
        body="**Camille** a répondu : voir [la fiche](/ressources/).",
        url="/forum/",
    )
    client.force_login(member)
    listing = client.get("/compte/notifications/").content.decode()
    assert "Camille a répondu : voir la fiche." in listing
    assert "**" not in listing and "](/" not in listing
    assert "Camille a répondu" in client.get("/espace/").content.decode()

    response = client.get(f"/compte/notifications/{notification.pk}/ouvrir/")
    assert response["Location"] == "/forum/"
    notification.refresh_from_db()
    assert notification.read_at is not None

    # Someone else's notification does not exist for them; an outside link is not followed.
    client.force_login(demo["porteur.a@labo.test"])
    assert client.get(f"/compte/notifications/{notification.pk}/ouvrir/").status_code == 404
    client.force_login(member)
    for outside in ("https://ailleurs.example/", "//ailleurs.example/", "/\\ailleurs.example/"):
        Notification.objects.filter(pk=notification.pk).update(url=outside)
        response = client.get(f"/compte/notifications/{notification.pk}/ouvrir/")
        assert response["Location"] == "/compte/notifications/", outside
