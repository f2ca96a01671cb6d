"""RGPD: a member downloads all their data and deletes their account; forum posts stay as
« membre supprimé », personal data goes, projects keep a referent, seats go to the next
person waiting."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from events import services as event_services
from events.models import Registration
from forum import services as forum_services
from forum.models import Reply, Thread
from labo.accounts.models import MemberProfile
from projects.models import Application, ProjectMembership, ProjectRole
from tests.events.factories import make_event
from tests.forum.factories import make_thread
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_downloads_their_data_and_nobody_elses(demo, client):
    member = demo["membre@labo.test"]
    make_thread(member, title="Ma question à moi", body="Le texte de ma question.")
    make_thread(demo["porteur.b@labo.test"], title="La question d'un autre")
    client.force_login(member)
    response = client.get("/compte/mes-donnees.json")
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-labo.json"'
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["compte"]["adresse_email"] == "membre@labo.test"
    assert "Ma question à moi" in [t["titre"] for t in data["forum"]["sujets"]]
    assert "La question d'un autre" not in response.content.decode()
    assert "porteur.b@labo.test" not in response.content.decode()
    client.logout()
    assert client.get("/compte/mes-donnees.json").status_code == 302


def test_deleting_keeps_forum_posts_as_a_deleted_member(demo, client):
    member = UserFactory(display_name="Jeanne Partante")
    MemberProfile.objects.create(user=member, organisation="Collectif des Prés")
    thread = make_thread(member, title="Question de Jeanne")
    reply = forum_services.reply_create(
        thread=Thread.objects.get(title__startswith="SCIA ou coopérative"),
        user=member,
        text="Ma réponse.",
    )
    client.force_login(member)
    refused = client.post("/compte/supprimer-mon-compte/", {"password": "faux", "confirm": "on"})
    assert (
        refused.status_code == 400
        and "Ce n'est pas votre mot de passe" in refused.content.decode().replace("&#x27;", "'")
    )
    assert get_user_model().objects.filter(pk=member.pk).exists()

    response = client.post(
        "/compte/supprimer-mon-compte/", {"password": "mot-de-passe-solide-42", "confirm": "on"}
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email=member.email).exists()
    assert not MemberProfile.objects.filter(organisation="Collectif des Prés").exists()
    thread.refresh_from_db()
    assert thread.author is None
    assert Reply.objects.get(pk=reply.pk).comment == "Ma réponse."
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "membre supprimé" in html and "Jeanne Partante" not in html
    assert client.get("/compte/profil/").status_code == 302  # signed out


def test_a_sole_referent_hands_the_project_and_its_applications_over(demo, client):
    referent = demo["porteur.a@labo.test"]
    membership = ProjectMembership.objects.get(user=referent, role=ProjectRole.REFERENT)
    project = membership.project
    teammate = UserFactory(display_name="Nouvelle référente")
    ProjectMembership.objects.create(project=project, user=teammate, role=ProjectRole.MEMBER)
    application = Application.objects.filter(project=project).first()
    assert application is not None

    from labo.accounts.personal_data import member_account_delete

    member_account_delete(user=referent)
    assert (
        ProjectMembership.objects.get(project=project, user=teammate).role == ProjectRole.REFERENT
    )
    client.force_login(teammate)
    assert client.get(f"/candidatures/{application.pk}/").status_code == 200


def test_a_deleted_members_seat_goes_to_the_next_person_waiting(demo):
    event = make_event("Atelier complet", capacity=1)
    leaving, waiting = UserFactory(), UserFactory()
    event_services.registration_create(event=event, user=leaving)
    event_services.registration_create(event=event, user=waiting)

    from labo.accounts.personal_data import member_account_delete

    leaving_id = leaving.pk  # None once the account is deleted
    member_account_delete(user=leaving)
    assert Registration.objects.get(event=event, user=waiting).is_confirmed
    assert not Registration.objects.filter(user_id=leaving_id).exists()


def test_a_jury_member_s_download_holds_their_reviews_and_meetings_and_no_one_else(demo, client):
    jury = demo["jury@labo.test"]
    client.force_login(jury)
    data = json.loads(client.get("/compte/mes-donnees.json").content)
    part = data["candidatures"]
    assert len(part["evaluations"]) == jury.application_reviews.count() > 0
    assert part["rendez_vous"] == []  # a jury member is invited to no meeting
    client.force_login(demo["porteur.a@labo.test"])
    data = json.loads(client.get("/compte/mes-donnees.json").content)
    part = data["candidatures"]
    kinds = {meeting["type"] for meeting in part["rendez_vous"]}
    assert {"Entretien préalable", "Pré-audition"} <= kinds
    assert part["evaluations"] == []
