import pytest
from defusedxml import ElementTree as ET
from django.core import mail

from labo.notifications.models import Notification
from projects.models import ProjectPage, ProjectUpdate
from projects.services import CONTACT_LIMIT_PER_HOUR

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_team_posts_in_the_journal_and_followers_are_told(
    demo, client, django_capture_on_commit_callbacks
):
    client.force_login(demo["porteur.a@labo.test"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/projets/{SLUG}/journal/nouveau/",
            {
                "title": "Le permis est affiché !",
                "text": "Les travaux commencent en mars.",
            },
        )
    assert response.status_code == 302
    assert "Le permis est affiché !" in client.get(f"/projets/{SLUG}/").content.decode()
    # membre@labo.test follows this project in the demo.
    notification = Notification.objects.get(
        recipient=demo["membre@labo.test"], kind="projects.update"
    )
    assert "Le permis est affiché" in notification.title
    assert any("Le permis est affiché" in m.subject for m in mail.outbox)
    assert not Notification.objects.filter(
        recipient=demo["porteur.a@labo.test"], kind="projects.update"
    ).exists()


def test_only_the_team_posts_in_the_journal(demo, client):
    client.force_login(demo["porteur.b@labo.test"])
    response = client.post(f"/projets/{SLUG}/journal/nouveau/", {"title": "x", "text": "y"})
    assert response.status_code == 403
    assert not ProjectUpdate.objects.filter(title="x").exists()


def test_follow_and_unfollow(demo, client):
    user = demo["porteur.b@labo.test"]
    client.force_login(user)
    client.post(f"/projets/{SLUG}/suivre/")
    assert ProjectPage.objects.get(slug=SLUG).follows.filter(user=user).exists()
    assert "Ne plus suivre" in client.get(f"/projets/{SLUG}/").content.decode()
    client.post(f"/projets/{SLUG}/suivre/")
    assert not ProjectPage.objects.get(slug=SLUG).follows.filter(user=user).exists()
    client.logout()
    assert client.post(f"/projets/{SLUG}/suivre/").status_code == 302


def test_followers_hear_when_a_project_starts_seeking_households(demo):
    project = ProjectPage.objects.get(slug="la-maison-des-quatre-saisons")
    project.follows.create(user=demo["membre@labo.test"])
    draft = project.get_latest_revision_as_object()
    draft.seeking_households = True
    draft.households_profile_sought = "Une famille avec de jeunes enfants."
    draft.save_revision().publish()
    notification = Notification.objects.get(
        recipient=demo["membre@labo.test"], kind="projects.seeking_households"
    )
    assert "cherche de nouveaux foyers" in notification.title


def test_atom_feeds_of_one_project_and_of_all_projects(demo, client):
    for url in (f"/projets/{SLUG}/flux.atom", "/projets/flux.atom"):
        response = client.get(url)
        assert response.status_code == 200
        feed = ET.fromstring(response.content)
        titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
        assert any("Réunion publique réussie" in title for title in titles)


def test_a_draft_project_has_no_feed(demo, client):
    project = ProjectPage.objects.get(slug=SLUG)
    project.unpublish()
    assert client.get(f"/projets/{SLUG}/flux.atom").status_code == 404


def test_contact_reaches_the_referents_without_showing_their_address(
    demo, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/projets/{SLUG}/contact/",
            {
                "name": "Julie Martin",
                "email": "julie@exemple.fr",
                "message": "Bonjour, votre prochaine réunion est-elle ouverte à tous ?",
            },
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.bcc == ["porteur.a@labo.test"]
    assert message.to == []
    assert message.reply_to == ["Julie Martin <julie@exemple.fr>"]
    assert "votre prochaine réunion" in message.body
    assert "porteur.a@labo.test" not in client.get(f"/projets/{SLUG}/").content.decode()


def test_contact_is_rate_limited_and_keeps_the_text(demo, client):
    data = {"name": "Robot", "email": "r@exemple.fr", "message": "Message n° 42"}
    for _ in range(CONTACT_LIMIT_PER_HOUR):
        assert client.post(f"/projets/{SLUG}/contact/", data).status_code == 302
    response = client.post(f"/projets/{SLUG}/contact/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Réessayez dans une heure" in html
    assert "Message n° 42" in html


def test_the_honeypot_stops_robots(demo, client):
    response = client.post(
        f"/projets/{SLUG}/contact/",
        {
            "name": "Robot",
            "email": "r@exemple.fr",
            "message": "Spam",
            "website": "http://x",
        },
    )
    assert response.status_code == 400
